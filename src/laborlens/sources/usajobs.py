"""USAJOBS Search API (`laborlens ingest usajobs --keyword ...`): needs a key and the e-mail it was issued to.

USAJOBS asks clients to send that e-mail as the User-Agent and the key as Authorization-Key.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx

from laborlens.errors import LaborLensError
from laborlens.http import make_client
from laborlens.settings import Settings
from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time
from laborlens.sources.polite import keep_raw

SEARCH = "https://data.usajobs.gov/api/search?{query}"
PAGE_SIZE = 500
_INTERVALS = {"PH": "per hour", "PA": "per year", "PD": "per day", "PW": "per week", "PM": "per month"}


def _posting(item: dict, raw: str) -> NormalizedPosting:
    job = item.get("MatchedObjectDescriptor") or {}
    details = ((job.get("UserArea") or {}).get("Details")) or {}
    duties = details.get("MajorDuties") or []
    description = "\n".join([details.get("JobSummary") or "", *(duties if isinstance(duties, list) else [duties])])
    locations = job.get("PositionLocation") or [{}]
    first = locations[0] if locations else {}
    pay = (job.get("PositionRemuneration") or [{}])[0]
    pay_text = None
    if pay.get("MinimumRange"):
        pay_text = (
            f"${pay['MinimumRange']} - ${pay.get('MaximumRange') or pay['MinimumRange']} "
            f"{_INTERVALS.get(pay.get('RateIntervalCode'), 'per year')}"
        )
    city, region = first.get("CityName") or first.get("LocationName"), first.get("CountrySubDivisionCode")
    place = city if not region or (city and city.endswith(region)) else f"{city}, {region}"
    return NormalizedPosting(
        source="usajobs",
        source_id=str(item.get("MatchedObjectId") or job.get("PositionID")),
        title=clean_text(job.get("PositionTitle"), 500),
        description=clean_text(description),
        url=job.get("PositionURI"),
        employer=job.get("OrganizationName") or job.get("DepartmentName"),
        employment_type=((job.get("PositionSchedule") or [{}])[0]).get("Name"),
        posted_at=parse_time(job.get("PublicationStartDate")),
        expires_at=parse_time(job.get("ApplicationCloseDate")),
        location_text=place,
        latitude=first.get("Latitude"),
        longitude=first.get("Longitude"),
        pay_text=pay_text,
        raw_path=raw,
    )


def usajobs_postings(settings: Settings, keyword: str, *, max_pages: int = 10) -> list[NormalizedPosting]:
    """Current federal postings matching ``keyword``, page by page."""
    if not settings.usajobs_key or not settings.usajobs_email:
        raise LaborLensError(
            "USAJOBS needs LABORLENS_USAJOBS_KEY and LABORLENS_USAJOBS_EMAIL (free at developer.usajobs.gov)."
        )
    headers = {"User-Agent": settings.usajobs_email, "Authorization-Key": settings.usajobs_key}
    postings: list[NormalizedPosting] = []
    with make_client(settings, timeout=30.0) as client:
        for page in range(1, max_pages + 1):
            url = SEARCH.format(query=urlencode({"Keyword": keyword, "ResultsPerPage": PAGE_SIZE, "Page": page}))
            try:
                response = client.get(url, headers=headers)
            except httpx.HTTPError as exc:
                raise LaborLensError(f"USAJOBS did not answer ({exc.__class__.__name__}).") from exc
            if response.status_code in (401, 403):
                raise LaborLensError(
                    "USAJOBS refused the key: check LABORLENS_USAJOBS_KEY and LABORLENS_USAJOBS_EMAIL."
                )
            if response.status_code != 200:
                raise LaborLensError(f"USAJOBS answered {response.status_code}.")
            try:
                result = response.json()["SearchResult"]
            except (json.JSONDecodeError, KeyError) as exc:
                raise LaborLensError("USAJOBS answered something that is not a search result.") from exc
            raw = keep_raw(settings, "usajobs", url, response.content)
            items = result.get("SearchResultItems") or []
            postings += [_posting(item, raw) for item in items]
            if len(items) < PAGE_SIZE:
                break
    return [p for p in postings if p.title]
