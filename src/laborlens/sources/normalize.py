"""Postings from any source, normalised: clean text without contact details, pay, place, and a content key."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import phonenumbers
from bs4 import BeautifulSoup

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class NormalizedPosting:
    """One posting as every source hands it to the store."""

    source: str
    source_id: str
    title: str
    description: str = ""
    url: str | None = None
    employer: str | None = None
    category: str | None = None
    employment_type: str | None = None
    pay_text: str | None = None
    posted_at: datetime | None = None
    updated_at: datetime | None = None
    expires_at: datetime | None = None
    location_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    zip: str | None = None
    employer_code: str | None = None
    trusted_code: str | None = None
    trusted_skills: list[str] | None = None
    dedupe_keys: list[str] = field(default_factory=list)
    raw_path: str | None = None


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment, with line breaks kept where the markup had blocks."""
    if not html:
        return ""
    if "<" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup.get_text("\n")


def scrub_contacts(text: str) -> str:
    """Remove e-mail addresses and phone numbers (they identify people; they are not labor-market data)."""
    if not text:
        return ""
    text = _EMAIL.sub("[email removed]", text)
    pieces, position = [], 0
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        pieces.append(text[position : match.start])
        pieces.append("[phone removed]")
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def clean_text(text: str | None, limit: int = 20_000) -> str:
    text = html_to_text(text)[: limit * 2]
    text = scrub_contacts(text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()[:limit]


_PAY_RANGE = re.compile(
    r"""(?ix)
    \$?\s?(?P<low>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<lk>k)?\s?\$?
    (?:\s*(?:-|–|to)\s*\$?\s?(?P<high>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<hk>k)?\s?\$?)?
    \s*(?P<per>/|per|an?|p)?\s*(?P<unit>hr|hour|hourly|h|day|daily|wk|week|weekly|mo|month|monthly|yr|year|yearly|annual(?:ly)?|job|project|total|flat)?\b
    """
)
_UNITS = {
    "hr": "hour",
    "hour": "hour",
    "hourly": "hour",
    "h": "hour",
    "day": "day",
    "daily": "day",
    "wk": "week",
    "week": "week",
    "weekly": "week",
    "mo": "month",
    "month": "month",
    "monthly": "month",
    "yr": "year",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "job": "job",
    "project": "job",
    "total": "job",
    "flat": "job",
}


def parse_pay(text: str | None) -> tuple[float | None, float | None, str | None]:
    """(min, max, unit) from text such as "$18-22/hr", "$60k - $70k DOE", "18$ an hour", "$200 per day".

    Only amounts written with a dollar sign, a 'k', or a pay unit count; a unit is guessed from the size
    of the amount when none is written (under 200 an hour, over 15,000 a year).
    """
    if not text:
        return None, None, None
    for match in _PAY_RANGE.finditer(text):
        raw = match.group(0)
        # Without "$" or "k", only a rate counts ("25 per hour"), not a duration ("2 hr").
        if "$" not in raw and not match.group("lk") and not (match.group("unit") and match.group("per")):
            continue
        low = float(match.group("low").replace(",", "")) * (1000 if match.group("lk") else 1)
        high_text = match.group("high")
        high = (
            float(high_text.replace(",", "")) * (1000 if (match.group("hk") or match.group("lk")) else 1)
            if high_text
            else low
        )
        if match.group("lk") is None and match.group("hk") and high_text and low < 1000:
            low *= 1000  # "$60 - $70k"
        if low <= 0 or high < low:
            continue
        unit = _UNITS.get((match.group("unit") or "").lower())
        if unit is None:
            unit = "hour" if high < 200 else "year" if high >= 15_000 else None
        if unit is None:
            continue
        return low, high, unit
    return None, None, None


_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


def content_hash(title: str, description: str) -> str:
    """Same title and body (ignoring case, spacing and punctuation) -> same key."""
    normalized = re.sub(r"[^a-z0-9]+", " ", f"{title}\n{description}".lower()).strip()
    return hashlib.sha256(normalized.encode()).hexdigest()


def stable_id(*parts: str | None) -> str:
    """An id for records that come without one: a digest of what identifies them."""
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:32]


def parse_time(value) -> datetime | None:
    """ISO 8601 text, a date, or epoch seconds -> an aware UTC datetime; None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, UTC)
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    # Stored in UTC: SQLite keeps no offset, so every time must mean the same zone.
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def zip_in(text: str | None) -> str | None:
    match = _ZIP.search(text or "")
    return match.group(1) if match else None
