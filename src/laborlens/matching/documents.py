"""A person's input, as text: typed words, or a PDF, DOCX or TXT file whose type is sniffed, never trusted.

Limits: 5 MB and 50 pages a file; English only. Every refusal is a :class:`PersonInputError` whose
message says what to do.
"""

from __future__ import annotations

import io
import re
import zipfile

import ftfy

from laborlens.errors import LaborLensError

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 50
MAX_TEXT_CHARS = 200_000
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # a DOCX that unpacks beyond this is a zip bomb
MAX_ZIP_RATIO = 200

_ENGLISH = {
    "the",
    "and",
    "of",
    "to",
    "in",
    "a",
    "for",
    "with",
    "on",
    "at",
    "as",
    "i",
    "my",
    "was",
    "is",
    "by",
    "from",
    "an",
    "or",
    "have",
    "worked",
    "work",
    "years",
    "experience",
    "responsible",
    "skills",
}
_OTHER = {
    "Spanish": {
        "el",
        "la",
        "de",
        "y",
        "en",
        "los",
        "las",
        "con",
        "por",
        "para",
        "una",
        "experiencia",
        "trabajo",
        "que",
        "del",
        "años",
        "como",
    },
    "French": {"le", "la", "les", "et", "des", "du", "une", "pour", "avec", "dans", "expérience", "travail", "est"},
    "German": {"der", "die", "und", "das", "mit", "für", "von", "ich", "ein", "eine", "erfahrung", "arbeit", "ist"},
    "Portuguese": {"o", "os", "e", "do", "da", "em", "um", "uma", "com", "para", "experiência", "trabalho", "não"},
}


class PersonInputError(LaborLensError, ValueError):
    """Input that cannot be read as an English description of someone's work."""


def sniff(data: bytes) -> str:
    """'pdf', 'docx' or 'text' from the bytes themselves; PersonInputError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as bundle:
                if "word/document.xml" in bundle.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise PersonInputError("The file looks like a damaged ZIP or DOCX file; save it again and retry.") from exc
        raise PersonInputError("The file is a ZIP archive, not a Word (.docx) document; upload a PDF, DOCX or TXT.")
    sample = data[:4096]
    if b"\x00" in sample:
        raise PersonInputError("The file is not text, a PDF or a Word (.docx) document; upload one of those.")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # a cut multi-byte character at the end is fine
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                raise PersonInputError("The file is not readable text; save it as UTF-8 text, PDF or DOCX.") from exc
    return "text"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PersonInputError("The PDF is password-protected; save an unprotected copy and retry.")
        if len(reader.pages) > MAX_PAGES:
            raise PersonInputError(f"The PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}.")
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except PersonInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise PersonInputError("The PDF is damaged and cannot be read; save it again or paste the text.") from exc


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        infos = bundle.infolist()
        unpacked = sum(info.file_size for info in infos)
        packed = sum(info.compress_size for info in infos) or 1
        if unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
            raise PersonInputError("The Word file unpacks to far more than it should (a zip bomb); it was refused.")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PersonInputError("The Word file is damaged and cannot be read; save it again or paste the text.") from exc
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    if len(parts) > MAX_PAGES * 80:
        raise PersonInputError(f"The Word file is longer than about {MAX_PAGES} pages; send a shorter one.")
    return "\n".join(parts)


def text_from_file(data: bytes) -> str:
    """The text of an uploaded file (PDF, DOCX or TXT, by content), checked for size and language."""
    if len(data) > MAX_BYTES:
        raise PersonInputError(f"The file is {len(data) / 2**20:.1f} MB; the limit is 5 MB.")
    if not data.strip():
        raise PersonInputError("The file is empty; upload a resume or type a few words about your work.")
    kind = sniff(data)
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return clean_person_text(text)


def clean_person_text(text: str) -> str:
    """Fix mojibake, normalize spaces, and check there is English text to work with."""
    if not isinstance(text, str):
        raise PersonInputError("Send text, or a PDF, DOCX or TXT file.")
    text = ftfy.fix_text(text[: MAX_TEXT_CHARS * 2])[:MAX_TEXT_CHARS]
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n", text).strip()
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        raise PersonInputError("There is no text to read; type a few words about the work you have done.")
    _check_english(words)
    return text


def _check_english(words: list[str]) -> None:
    if len(words) < 4:
        return
    english = sum(w in _ENGLISH for w in words)
    for language, vocabulary in _OTHER.items():
        other = sum(w in vocabulary for w in words)
        if other >= 3 and other > 2 * english:
            raise PersonInputError(
                f"This looks like {language}. LaborLens understands English only for now; "
                "please describe your work in English."
            )
    letters = sum(len(w) for w in words)
    if letters > 200 and english == 0:
        raise PersonInputError("This does not look like English. LaborLens understands English only for now.")
