"""What a person's words say about them: job titles held, duties described, tools named, education, years."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
# Plain words use the past tense; O*NET task statements use the present.
_IRREGULAR = {
    "drove": "drive",
    "driven": "drive",
    "ran": "run",
    "made": "make",
    "took": "take",
    "taught": "teach",
    "built": "build",
    "kept": "keep",
    "sold": "sell",
    "bought": "buy",
    "led": "lead",
    "fed": "feed",
    "held": "hold",
    "wrote": "write",
    "written": "write",
    "did": "do",
    "done": "do",
    "gave": "give",
    "brought": "bring",
    "fought": "fight",
    "cut": "cut",
    "put": "put",
    "set": "set",
    "dug": "dig",
    "swept": "sweep",
    "hung": "hang",
    "paid": "pay",
    "met": "meet",
    "spoke": "speak",
    "froze": "freeze",
    "lifted": "lift",
    "unloaded": "unload",
    "watched": "watch",
    "babysat": "babysit",
    "mowed": "mow",
}
_WORD = re.compile(r"[a-z][a-z+#.]*[a-z+#]|[a-z]")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(_IRREGULAR.get(word, word))


def stemmed_words(text: str) -> list[str]:
    """Lower-cased, stemmed words: "I drove a forklift and counted stock" -> drive, forklift, count, stock."""
    return [_stem(w) for w in _WORD.findall(text.lower())]


_TITLE_CUES = re.compile(
    r"(?:worked|work|working|employed|hired|job|position|experience)\s+as\s+(?:an?\s+|the\s+)?([a-z][a-z /&-]{2,60})"
    r"|\bi\s+(?:was|am|have been|used to be)\s+(?:an?\s+)?([a-z][a-z /&-]{2,50})"
    r"|(?:title|position|role)\s*[:\-]\s*([a-z][a-z /&-]{2,60})",
    re.IGNORECASE,
)
# Resume headings and boilerplate that are not job titles.
_HEADING = re.compile(
    r"\d{4}|@|\b(?:skills?|education|summary|contact|company|description|details?|experience|projects?|profile"
    r"|objective|responsibilit\w*|achievements?|languages?|hobbies|interests|references|personal|declaration"
    r"|address|phone|email|name|date|strengths?|certifications?|training|qualifications?|months?|years?)\b",
    re.IGNORECASE,
)
_TITLE_STOP = re.compile(r"\b(?:for|at|in|with|from|and i|where|since|during|who|which)\b.*$", re.IGNORECASE)

# Short degree names that are also English words ("be", "me", "ma") count only with dots, or in capitals before a
# field of study ("BE Mechanical"; not "ABOUT ME", "Portland, ME" or "I WANT TO BE A COOK").
_FIELD = r"(?-i:(?=[ \t]+(?:in[ \t]+)?[A-Z][a-z]{2,}|[ \t]*[(\-/][ \t]*[A-Z]))"
EDUCATION_LEVELS = (  # (rank, label, pattern): highest found wins
    (
        6,
        "Doctoral or professional degree",
        r"\bph\.?\s?d\b|doctorate|doctoral|juris doctor|\bj\.d\.|\bm\.d\.|\bpharm\.?\s?d\b",
    ),
    (
        5,
        "Master's degree",
        r"master'?s|master of|\bm\.?b\.?a\b|\bm\.s\.|\bm\.?sc\b|\bm\.a\.|\bm\.?\s?tech\b|\bmca\b|\bm\.e\b|\bll\.\s?m\b"
        r"|(?-i:\bME\b)" + _FIELD,
    ),
    (
        4,
        "Bachelor's degree",
        r"bachelor'?s?|\bb\.?s\.?c?\b|\bb\.?a\b|\bb\.?\s?tech\b|\bb\.e\b|\bbca\b|\bb\.?com\b"
        r"|\bll\.?\s?b\b|college degree|university degree|four[- ]year degree|(?-i:\bBE\b)" + _FIELD,
    ),
    (3, "Associate's degree", r"associate'?s? degree|\ba\.?a\.?s?\b|community college degree|two[- ]year degree"),
    (
        2,
        "Postsecondary certificate or some college",
        r"some college|certificate program|vocational|trade school"
        r"|diploma in|postsecondary",
    ),
    (1, "High school diploma or equivalent", r"high school|\bged\b|\bhsc\b|\bssc\b|12th|secondary school"),
)
# (label, pattern, occupations that cannot be entered without it). A licence or professional degree is
# evidence for the occupations that require it, wherever it is written, schooling lines included: an
# "Advocate" with an LLB is a lawyer, not a social-service advocate. Broad credentials (a driver's
# licence, CPR) point to no occupation.
CREDENTIALS = (
    ("Commercial driver's license (CDL)", r"\bcdl\b|commercial driver'?s? licen[cs]e", ("53-3032.00",)),
    ("Driver's license", r"driver'?s? licen[cs]e|valid license", ()),
    ("Forklift certification", r"forklift (?:certified|certification|license)|certified forklift", ("53-7051.00",)),
    ("Certified nursing assistant (CNA)", r"\bcna\b|certified nursing assistant", ("31-1131.00",)),
    # "rn" in lower case is "right now"
    ("Registered nurse (RN) license", r"(?-i:\bRN\b)|registered nurse", ("29-1141.00",)),
    ("Licensed practical nurse (LPN/LVN)", r"\bl[pv]n\b|licensed (?:practical|vocational) nurse", ("29-2061.00",)),
    (
        "EMT / paramedic certification",
        r"\bemt\b|emergency medical technician|\bparamedic\b",
        ("29-2042.00", "29-2043.00"),
    ),
    (
        "Law degree or bar admission",
        # "LLM" without dots is a large language model
        r"\bll\.?\s?b\b|\bll\.\s?m\b|\b(?:bachelor|master)(?:'?s)?(?: of| in)? laws?\b(?!\s+enforcement)"
        r"|juris doctor|\bj\.d\."
        r"|bar council|admitted to the bar|bar admission",
        ("23-1011.00",),
    ),
    ("Medical degree (MBBS)", r"\bmbbs\b|doctor of medicine", ("29-1215.00", "29-1229.00")),
    ("Dental degree (BDS, DDS)", r"\bb\.d\.s\b|\bd\.d\.s\b|(?:bachelor|doctor) of dental", ("29-1021.00",)),
    ("Pharmacy degree or licence", r"pharm\.?\s?d\b|registered pharmacist|licensed pharmacist", ("29-1051.00",)),
    (
        "Teaching certificate (B.Ed.)",
        r"\bb\.\s?ed\b|bachelor of education|teaching (?:certificate|credential|licen[cs]e)",
        ("25-2021.00", "25-2031.00"),
    ),
    ("Cosmetology licence", r"cosmetology licen[cs]e|licensed cosmetologist", ("39-5012.00",)),
    ("Barber licence", r"barber licen[cs]e|licensed barber", ("39-5011.00",)),
    ("Electrician licence", r"(?:licensed|journeyman|master) electrician", ("47-2111.00",)),
    ("Plumber licence", r"(?:licensed|journeyman|master) plumber", ("47-2152.00",)),
    ("EPA 608 (HVAC) certification", r"\bepa (?:section )?608\b", ("49-9021.00",)),
    (
        "Chartered / certified public accountant",
        r"\bcpa\b|certified public accountant|chartered accountant",
        ("13-2011.00",),
    ),
    ("OSHA safety card", r"osha[- ]?(?:10|30)|osha (?:certified|certification|card)", ()),
    ("Food handler / ServSafe", r"servsafe|food handler", ()),
    ("CPR / First aid", r"\bcpr\b|first aid", ()),
    ("Security guard license", r"guard card|security (?:license|licence)", ("33-9032.00",)),
    ("Professional certification", r"\bpmp\b|\bpe\b licen|aws certified|cisco certified|\bccna\b|scrum master", ()),
)
CREDENTIAL_OCCUPATIONS = {label: codes for label, _, codes in CREDENTIALS}
_CREDENTIAL_PATTERNS = tuple((label, re.compile(pattern, re.IGNORECASE)) for label, pattern, _ in CREDENTIALS)
# "I don't have a CDL", "I want to become a registered nurse": a credential named, not held.
_NOT_HELD = re.compile(
    r"\b(?:no|not|don'?t|do not|without|never|want(?:s|ed)? to|hope to|plan(?:ning)? to|become|becoming"
    r"|working toward|studying for|aspiring)\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)


def _credentials_held(text: str) -> dict[str, str]:
    """Credential label -> the words that showed it, for each credential the text says the person holds."""
    held = {}
    for label, pattern in _CREDENTIAL_PATTERNS:
        for match in pattern.finditer(text):
            if not _NOT_HELD.search(text, max(0, match.start() - 60), match.start()):
                held[label] = match.group(0)
                break
    return held


# Lines about schooling say what someone studied, not what work they did; matching leaves them out.
_SCHOOLING = re.compile(
    r"\b(?:education(?:al)? details|education|matriculation|hsc|ssc|sslc|cgpa|gpa"
    r"|percentage|board of|b\.?\s?tech|m\.?\s?tech|b\.e\b|bachelor|master'?s|master of|diploma|degree|graduat\w*"
    r"|(?:finished|completed) (?:high )?school)\b"
    r"|(?-i:\bBE\b)" + _FIELD,  # the degree in capitals; "be" is a verb
    re.IGNORECASE,
)
# A school named in a line about work is a workplace: "I drove a school bus", "I worked as a janitor at a school".
_INSTITUTION = re.compile(r"\b(?:university|college|school)\b", re.IGNORECASE)
_WORK_VERB = r"\b(?:worked|work|employed|taught|drove)\b"
_WORK_STATEMENT = re.compile(
    r"(?-i:\bI(?:'m|'ve)?\s+(?!studied|graduated|completed|finished|attended|passed|earned|am studying|am pursuing"
    r"|(?:(?:was|am) )?(?:an? )?(?:student|freshman|sophomore|junior|senior)\b|have an? (?:degree|diploma))[a-z])|"
    + _WORK_VERB,
    re.IGNORECASE,
)
_WORK_CLAUSE = re.compile(_WORK_VERB, re.IGNORECASE)  # where the work part of a schooling line starts


def _is_schooling(line: str) -> bool:
    return bool(_SCHOOLING.search(line) or (_INSTITUTION.search(line) and not _WORK_STATEMENT.search(line)))


def _work_part(line: str) -> str:
    """The line, its part from the first work statement on when it also names schooling, or '' when it is all
    schooling: "I graduated from high school and worked at McDonalds" -> "worked at McDonalds"."""
    if not _is_schooling(line):
        return line
    work = _WORK_CLAUSE.search(line) if _SCHOOLING.search(line) else None
    return line[work.start() :] if work else ""


def work_text(text: str) -> str:
    """The text without the lines, or parts of lines, about schooling."""
    kept = [part for line in re.split(r"\n|(?<=[.!?])\s+", text) if (part := _work_part(line))]
    return "\n".join(kept) or text


@dataclass
class PersonProfile:
    """Evidence about a person, each item with the words it came from."""

    text: str
    work: str = ""  # the text without schooling, abbreviations spelled out: what the work evidence is read from
    sentences: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    education: tuple[int, str] | None = None
    credentials: list[str] = field(default_factory=list)
    credential_words: dict[str, str] = field(default_factory=dict)  # credential -> the words that showed it
    years_experience: float | None = None


def split_sentences(text: str, limit: int = 250) -> list[str]:
    pieces = re.split(r"[\n•▪●◦·;]|(?<=[.!?])\s+|\s\*\s|\s-\s(?=[A-Z])", text)
    sentences = [re.sub(r"\s+", " ", p).strip(" -*:,.") for p in pieces]
    return [s for s in sentences if len(s) >= 3][:limit]


def _is_heading(sentence: str) -> bool:
    """A line that is only resume headings ("Company Details", "Skill Details"): no evidence of work."""
    return not _HEADING.sub(" ", sentence).strip(" -:*,.&/")


# An employer's name ("GOQii Technologies Ltd", "Intelux Electronics Pvt Ltd") says where someone worked,
# not what they did: read as words it would match "Technologist" or an electronics job.
# Not "PLC" (also a programmable logic controller), nor a bare "CO" (Colorado) or "limited" (plain English).
_EMPLOYER = re.compile(
    r"\b(?:pvt|ltd|llc|llp|gmbh)\b|(?-i:\b(?:Limited|Inc|Corp|Corporation)\b)\.?\s*$|(?-i:\bCo\.)\s*$",
    re.IGNORECASE,
)


def _is_employer(sentence: str) -> bool:
    return len(sentence.split()) <= 8 and bool(_EMPLOYER.search(sentence))


def _titles(text: str, sentences: list[str]) -> list[str]:
    found = []
    for match in _TITLE_CUES.finditer(text):
        phrase = next(g for g in match.groups() if g)
        phrase = _TITLE_STOP.sub("", phrase).strip(" .,-")
        if 2 < len(phrase) <= 60:
            found.append(phrase)
    for sentence in sentences:  # resume headings: short lines that are job titles ("Supervisor: Prof. X" is a label)
        words = sentence.split()
        if 1 <= len(words) <= 6 and not _HEADING.search(sentence) and ":" not in sentence:
            found.append(sentence)
    return list(dict.fromkeys(found))[:40]


def _years(text: str) -> float | None:
    lowered = text.lower()
    stated = [
        float(n)
        for n in re.findall(
            r"(\d{1,2}(?:\.\d)?)\+?\s*(?:years?|yrs?)\b(?:\s+of)?\s+(?:\w+\s+){0,3}"
            r"experience",
            lowered,
        )
    ]
    if stated:
        return max(stated)
    spans = re.findall(
        r"\b(19[6-9]\d|20[0-3]\d)\s*(?:-|–|to)\s*(19[6-9]\d|20[0-3]\d|present|current|now|date)\b", lowered
    )
    total = 0.0
    for start, end in spans:
        end_year = 2026 if not end.isdigit() else int(end)
        if end_year >= int(start):
            total += end_year - int(start)
    return round(total, 1) if total else None


# Job abbreviations, spelled out so the coder and the O*NET tasks can read them: in capitals on a short,
# title-like line ("HR Executive"), in any case only as a whole line ("Hr"). Not after a number, "$", "/" or
# a comma ("$15/HR", "24 HR Fitness", "Montreal, QC"), and not in longer lines ("DBA": "doing business as").
TITLE_ABBREVIATIONS = {
    "HR": "Human Resources",
    "QA": "Quality Assurance",
    "QC": "Quality Control",
    "PMO": "Project Management Office",
    "DBA": "Database Administrator",
    "RN": "Registered Nurse",
    "LPN": "Licensed Practical Nurse",
    "CNA": "Certified Nursing Assistant",
}
_ABBREVIATION = re.compile(r"(?<![\d$/,]\s)(?<![\d$/])\b(?:" + "|".join(TITLE_ABBREVIATIONS) + r")\b")
_ABBREVIATION_LINE = re.compile(r"^[ \t]*(" + "|".join(TITLE_ABBREVIATIONS) + r")[ \t]*$", re.IGNORECASE)
_TITLE_LINE_WORDS = 6


def _expand_line(line: str) -> str:
    if whole := _ABBREVIATION_LINE.match(line):
        return TITLE_ABBREVIATIONS[whole.group(1).upper()]
    if len(line.split()) > _TITLE_LINE_WORDS:
        return line
    return _ABBREVIATION.sub(lambda m: TITLE_ABBREVIATIONS[m.group(0)], line)


# Texting's "rn" is "right now" ("I need a job rn."): lower case, at the end of a clause, in a text that says
# nothing of nursing ("travel rn", "rn, bsn", "icu rn 3 years" are nurses).
_RIGHT_NOW = re.compile(r"(?<![\w/(])(?<!(?:an|as|my) )(?<!a )rn(?=[ \t]*(?:[.!?]|$))", re.MULTILINE)
_NURSING = re.compile(
    r"\b(?:nurs\w*|patients?|hospitals?|clinics?|icu|er|bsn|lpn|cna|travel|charge|float|grad|licen[cs]e)\b",
    re.IGNORECASE,
)


def _texting_rn(text: str) -> str:
    return text if _NURSING.search(text) else _RIGHT_NOW.sub("right now", text)


def expand_abbreviations(text: str) -> str:
    """ "HR" -> "Human Resources" on title-like lines.

    >>> expand_abbreviations("HR Executive\nPaid $15/HR at 24 HR Fitness")
    'Human Resources Executive\nPaid $15/HR at 24 HR Fitness'
    """
    return "\n".join(_expand_line(line) for line in _texting_rn(text).split("\n"))


def read_profile(text: str) -> PersonProfile:
    """Pull titles, sentences, education, credentials and years of experience out of a person's text."""
    work = work_text(expand_abbreviations(text))
    sentences = [s for s in split_sentences(work) if not _is_heading(s) and not _is_employer(s)]
    education = None
    for rank, label, pattern in EDUCATION_LEVELS:
        if re.search(pattern, text, re.IGNORECASE):
            education = (rank, label)
            break
    credential_words = _credentials_held(text)
    return PersonProfile(
        text=text,
        work=work,
        sentences=sentences,
        titles=_titles(work, sentences),
        education=education,
        credentials=list(credential_words),
        credential_words=credential_words,
        years_experience=_years(text),
    )


# BLS "typical education needed for entry" -> the rank used above.
BLS_EDUCATION_RANK = {
    "No formal educational credential": 0,
    "High school diploma or equivalent": 1,
    "Postsecondary nondegree award": 2,
    "Some college, no degree": 2,
    "Associate's degree": 3,
    "Bachelor's degree": 4,
    "Master's degree": 5,
    "Doctoral or professional degree": 6,
}
