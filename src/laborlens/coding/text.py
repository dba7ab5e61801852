"""Cleaning posting text: the noise of Craigslist titles and bodies, removed before matching.

Handles case, emoji, repeated punctuation, pay in the title ("$15/hr cash", "18$ an hour"),
location suffixes ("- Dayton, OH"), dates and times, and filler words ("NEEDED!!!", "hiring now").
"""

from __future__ import annotations

import re
import unicodedata

_PAY = re.compile(
    r"""(?ix)
    (?:\$\s?\d[\d,.]*\s*(?:k\b)?(?:\s*(?:-|to|–)\s*\$?\s?\d[\d,.]*\s*(?:k\b)?)?   # $15, $60k - $70k
     |\b\d[\d,.]*\s?\$)                                               # 18$
    (?:\s*(?:/|per|an?|p)\s*(?:hr|hour|hours|h|day|daily|week|wk|month|mo|year|yr|job|project))?
    (?:\s*(?:cash|doe|obo|plus|\+))*
    """
)
_DATE = re.compile(r"(?i)\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b")
_STATE_SUFFIX = re.compile(r"\s[-–|@(]\s*[A-Za-z .'-]+,\s*[A-Z]{2}\)?\s*$")
_FILLER = re.compile(
    r"(?i)\b(?:needed|wanted|hiring|hire|now|asap|immediately|immediate|urgent(?:ly)?|today|tomorrow|tonight|"
    r"position|positions|opening|openings|opportunity|opportunities|available|job|jobs|looking\s+for|seeking|"
    r"apply|join\s+our\s+team|great\s+pay|weekly\s+pay|daily\s+pay|cash|per|hour|hours|hr|hrs|"
    r"full[\s-]?time|part[\s-]?time|ft|pt|temp|temporary|remote|new|start|"
    # seniority and praise words: "Junior Structural Engineer" is a structural engineer
    r"junior|jr|senior|sr|entry[\s-]?level|experienced|motivated|reliable|dependable|hard[\s-]?working)\b"
)
_SPACES = re.compile(r"\s+")
_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_REPEATS = re.compile(r"([!?.*~=_+#-])\1+")


def normalize_text(text: str | None) -> str:
    """Unicode-normalize, drop emoji and control characters, collapse repeated punctuation and spaces."""
    if not text:
        return ""
    if text.isascii():  # the common case: only control characters to drop
        text = _ASCII_CONTROL.sub(" ", text)
    else:
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch if unicodedata.category(ch)[0] not in {"S", "C"} or ch in "$%&+/\n" else " " for ch in text)
    text = _REPEATS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _denoise(title: str | None) -> str:
    """Title with emoji, location suffix, pay and dates removed, original case kept."""
    text = normalize_text(title)
    text = _STATE_SUFFIX.sub("", text)
    text = _PAY.sub(" ", text)
    return _DATE.sub(" ", text)


def _plain(text: str) -> str:
    text = strip_accents(text).lower()
    text = re.sub(r"[^a-z0-9&+#/ ]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def clean_title(title: str | None) -> str:
    """A posting title reduced to the words that name the job.

    >>> clean_title("Loading box truck need movers 18$ an hour minimum 3hour")
    'loading box truck need movers minimum 3hour'
    >>> clean_title("Customer Service Representative - Independence, OH")
    'customer service representative'
    """
    return _plain(_denoise(title))


def title_segments(title: str | None) -> list[str]:
    """The whole cleaned title, then its parts split at ' - ', '|', '/', ':', 'or', 'and' and the like."""
    text = _denoise(title)
    whole = _plain(text)
    parts = [_plain(p) for p in re.split(r"\s[-–—|:]\s|[|/•·]|\s[-–]|[-–]\s|\bor\b|&|\band\b", text)]
    segments = [whole] if whole else []
    for part in parts:
        if part and part not in segments and len(part) > 2:
            segments.append(part)
    return segments


def without_filler(text: str) -> str:
    """Drop words that say nothing about the job ('needed', 'now', 'hiring', 'part-time')."""
    return _SPACES.sub(" ", _FILLER.sub(" ", text)).strip()


def clean_description(text: str | None, limit: int = 6000) -> str:
    """Posting body for matching: normalized line by line (its line breaks kept: they end a list's items, which
    have no full stops), emails/URLs/phones removed, trimmed to ``limit`` chars."""
    lines = (normalize_text(line) for line in (text or "")[: limit * 2].splitlines())
    text = "\n".join(line for line in lines if line)
    text = re.sub(r"\S+@\S+|https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}", " ", text)
    return text[:limit]


def locate(phrase: str, text: str, near: int = 0) -> tuple[int, int] | None:
    """Where ``phrase``, taken from the cleaned copy of ``text``, is written in ``text`` itself, or None.

    Cleaning collapses spaces and line breaks and drops symbols, so a gap between the phrase's words matches any
    run of non-word characters; the search starts a little before ``near`` (the offset in the cleaned copy,
    which is never far after the original's) so that a phrase written twice is placed right.

    >>> locate("Microsoft Excel", "Duties:\\n- use Microsoft  Excel daily", near=14)
    (14, 30)
    """
    parts = [re.escape(part) for part in phrase.split()]
    if not parts:
        return None
    pattern = re.compile(r"\W+".join(parts))
    match = pattern.search(text, max(0, near - 64)) or pattern.search(text)
    return (match.start(), match.end()) if match else None


# Sentences every employer writes whatever the job: equal-opportunity statements, benefits lists, how to
# apply, schedules and pay lines. They say nothing about the occupation but pull the description signal
# toward occupations whose O*NET text uses the same words (EEO officers, benefits managers, recruiters).
_BOILERPLATE = re.compile(
    r"""(?ix)
    equal\s+(?:employment\s+)?opportunit | \be\.?o\.?e\b | affirmative\s+action | without\s+regard\s+to
    | national\s+origin | sexual\s+orientation | gender\s+identity | veteran\s+status
    | pass\s+(?:a\s+)?(?:pre-?employment\s+)?(?:drug|background) | \be-?verify\b
    | competitive\s+(?:salary|pay|wages?|compensation) | benefits?\s+package
    | \b(?:job\s+type|salary|compensation|schedule|benefits|work\s+location)\s*:
    | \b(?:apply\s+(?:now|today|online|in\s+person|here)|to\s+apply|send\s+(?:your\s+|a\s+)?resume
       |click\s+(?:here|to\s+apply)|reply\s+(?:to\s+this\s+ad|with))\b
    """
)
# A benefits list names two or more of these; one alone may be the job ("dental", "health insurance").
_BENEFIT = re.compile(
    r"(?i)\b(?:401\s?\(?k\)?|pto|paid\s+time\s+off|paid\s+holidays|medical|dental|vision|life\s+insurance"
    r"|health\s+insurance|employee\s+discounts?|tuition\s+reimbursement|bonus(?:es)?|retirement\s+plan)\b"
)
_KEPT_BEFORE_BOILERPLATE = 60  # characters; "We are an equal opportunity employer" keeps nothing
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|\s*[•·]\s*")


def without_boilerplate(text: str) -> str:
    """The description minus sentences any employer would write (EEO, benefits, how to apply).

    >>> without_boilerplate("Design site plans. We are an equal opportunity employer. Job Type: Full-time")
    'Design site plans.'
    >>> without_boilerplate("Duties: review and redline drawings, perform code and zoning analyses Benefits: dental")
    'Duties: review and redline drawings, perform code and zoning analyses'
    """
    kept = []
    for sentence in _SENTENCE_SPLIT.split(text):
        if marker := _BOILERPLATE.search(sentence):
            # A list written without line breaks or full stops reads as one long "sentence" ("Responsibilities: ...
            # Requirements: ... Benefits: ..."): what comes before the boilerplate is the job, kept when it says enough.
            sentence = sentence[: marker.start()] if marker.start() >= _KEPT_BEFORE_BOILERPLATE else ""
        if sentence.strip() and len(_BENEFIT.findall(sentence)) < 2:
            kept.append(sentence.strip())
    return " ".join(kept)
