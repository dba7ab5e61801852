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

EDUCATION_LEVELS = (  # (rank, label, pattern): highest found wins
    (6, "Doctoral or professional degree", r"ph\.?\s?d|doctorate|doctoral|\bj\.?d\b|\bm\.?d\b|pharm\.?\s?d"),
    (5, "Master's degree", r"master'?s|\bm\.?b\.?a\b|\bm\.?s\.?c?\b|\bm\.?a\b|m\.?\s?tech|\bmca\b|\bm\.?e\b|\bllm\b"),
    (
        4,
        "Bachelor's degree",
        r"bachelor'?s?|\bb\.?s\.?c?\b|\bb\.?a\b|b\.?\s?tech|\bb\.?e\b|\bbca\b|\bb\.?com\b"
        r"|\bllb\b|college degree|university degree|four[- ]year degree",
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
CREDENTIALS = (
    ("Commercial driver's license (CDL)", r"\bcdl\b|commercial driver'?s? licen[cs]e"),
    ("Driver's license", r"driver'?s? licen[cs]e|valid license"),
    ("Forklift certification", r"forklift (?:certified|certification|license)|certified forklift"),
    ("Certified nursing assistant (CNA)", r"\bcna\b|certified nursing assistant"),
    ("Registered nurse (RN) license", r"\brn\b|registered nurse"),
    ("OSHA safety card", r"osha[- ]?(?:10|30)|osha (?:certified|certification|card)"),
    ("Food handler / ServSafe", r"servsafe|food handler"),
    ("CPR / First aid", r"\bcpr\b|first aid"),
    ("Security guard license", r"guard card|security (?:license|licence)"),
    ("Professional certification", r"\bpmp\b|\bcpa\b|\bpe\b licen|aws certified|cisco certified|\bccna\b|scrum master"),
)


# Lines about schooling say what someone studied, not what work they did; matching leaves them out.
_SCHOOLING = re.compile(
    r"\b(?:education(?:al)? details|education|university|college|school|matriculation|hsc|ssc|sslc|cgpa|gpa"
    r"|percentage|board of|b\.?\s?tech|m\.?\s?tech|b\.?e\b|bachelor|master'?s|diploma|degree|graduat\w*)\b",
    re.IGNORECASE,
)


def work_text(text: str) -> str:
    """The text without the lines about schooling."""
    kept = [line for line in re.split(r"\n|(?<=[.!?])\s+", text) if not _SCHOOLING.search(line)]
    return "\n".join(kept) or text


@dataclass
class PersonProfile:
    """Evidence about a person, each item with the words it came from."""

    text: str
    sentences: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    education: tuple[int, str] | None = None
    credentials: list[str] = field(default_factory=list)
    years_experience: float | None = None


def split_sentences(text: str, limit: int = 250) -> list[str]:
    pieces = re.split(r"[\n•▪●◦·;]|(?<=[.!?])\s+|\s\*\s|\s-\s(?=[A-Z])", text)
    sentences = [re.sub(r"\s+", " ", p).strip(" -*:,.") for p in pieces]
    return [s for s in sentences if len(s) >= 3][:limit]


def _is_heading(sentence: str) -> bool:
    """A line that is only resume headings ("Company Details", "Skill Details"): no evidence of work."""
    return not _HEADING.sub(" ", sentence).strip(" -:*,.&/")


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


def read_profile(text: str) -> PersonProfile:
    """Pull titles, sentences, education, credentials and years of experience out of a person's text."""
    sentences = [s for s in split_sentences(work_text(text)) if not _is_heading(s)]
    lowered = text.lower()
    education = None
    for rank, label, pattern in EDUCATION_LEVELS:
        if re.search(pattern, lowered):
            education = (rank, label)
            break
    credentials = [label for label, pattern in CREDENTIALS if re.search(pattern, lowered)]
    return PersonProfile(
        text=text,
        sentences=sentences,
        titles=_titles(work_text(text), sentences),
        education=education,
        credentials=credentials,
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
