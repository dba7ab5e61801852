"""schema.org JobPosting JSON-LD in any HTML page (`laborlens ingest jsonld URL_OR_FILE`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from bs4 import BeautifulSoup

from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time, stable_id


def _walk(node) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            yield node
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in node:
                yield from _walk(node[key])


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("value") or value.get("@value"))
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t) or None
    return str(value).strip() or None


def _place(posting: dict) -> tuple[str | None, str | None, float | None, float | None]:
    locations = posting.get("jobLocation")
    location = (locations[0] if isinstance(locations, list) and locations else locations) or {}
    address = location.get("address") if isinstance(location, dict) else None
    geo = location.get("geo") if isinstance(location, dict) else None
    text = zip_code = None
    if isinstance(address, dict):
        city, region = _text(address.get("addressLocality")), _text(address.get("addressRegion"))
        text = ", ".join(p for p in (city, region) if p) or None
        zip_code = (_text(address.get("postalCode")) or "")[:5] or None
    elif address:
        text = _text(address)
    lat = lon = None
    if isinstance(geo, dict):
        try:
            lat, lon = float(geo.get("latitude")), float(geo.get("longitude"))
        except (TypeError, ValueError):
            lat = lon = None
    return text, zip_code, lat, lon


def _pay(posting: dict) -> str | None:
    salary = posting.get("baseSalary") or posting.get("estimatedSalary")
    if isinstance(salary, list):
        salary = salary[0] if salary else None
    if not isinstance(salary, dict):
        return _text(salary)
    value = salary.get("value")
    unit = (value.get("unitText") if isinstance(value, dict) else None) or salary.get("unitText") or ""
    if isinstance(value, dict):
        low, high = value.get("minValue", value.get("value")), value.get("maxValue", value.get("value"))
    else:
        low = high = value
    if low is None:
        return None
    return f"${low}" + (f" - ${high}" if high not in (None, low) else "") + f" per {str(unit).lower() or 'year'}"


def postings_from_html(
    html: str, page_url: str | None = None, source: str = "jsonld", raw_path: str | None = None
) -> Iterator[NormalizedPosting]:
    """Every JobPosting in the page's JSON-LD blocks (malformed blocks are skipped)."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except json.JSONDecodeError:
            continue
        for posting in _walk(data):
            title = clean_text(_text(posting.get("title")) or "", 500)
            description = clean_text(_text(posting.get("description")) or "")
            if not title and not description:
                continue
            identifier = posting.get("identifier")
            identifier = _text(identifier.get("value") if isinstance(identifier, dict) else identifier)
            url = _text(posting.get("url")) or page_url
            location, zip_code, lat, lon = _place(posting)
            employer = posting.get("hiringOrganization")
            yield NormalizedPosting(
                source=source,
                source_id=(identifier or stable_id(url, title, description))[:128],
                title=title or "(no title)",
                description=description,
                url=url,
                employer=_text(employer),
                employment_type=_text(posting.get("employmentType")),
                pay_text=_pay(posting) or f"{title}\n{description}",
                posted_at=parse_time(_text(posting.get("datePosted"))),
                expires_at=parse_time(_text(posting.get("validThrough"))),
                location_text=location,
                zip=zip_code,
                latitude=lat,
                longitude=lon,
                employer_code=_text(posting.get("occupationalCategory")),
                raw_path=raw_path,
            )
