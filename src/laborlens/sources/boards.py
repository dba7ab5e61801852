"""Public job-board APIs of named employers: Greenhouse, Lever and Ashby (`laborlens ingest board KIND:NAME`)."""

from __future__ import annotations

import json
from urllib.parse import quote

from laborlens.errors import LaborLensError
from laborlens.settings import Settings
from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time, zip_in
from laborlens.sources.polite import PoliteClient, keep_raw

URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{name}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{name}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true",
}


def _greenhouse(data: dict, name: str) -> list[NormalizedPosting]:
    postings = []
    for job in data.get("jobs", []):
        location = (job.get("location") or {}).get("name")
        postings.append(
            NormalizedPosting(
                source="greenhouse",
                source_id=f"{name}:{job['id']}",
                title=clean_text(job.get("title"), 500),
                description=clean_text(clean_text(job.get("content"), 40_000)),  # content is escaped HTML
                url=job.get("absolute_url"),
                employer=name,
                posted_at=parse_time(job.get("first_published")),
                updated_at=parse_time(job.get("updated_at")),
                location_text=location,
                zip=zip_in(location),
                pay_text=clean_text(job.get("content"), 40_000),
            )
        )
    return postings


def _lever(data: list, name: str) -> list[NormalizedPosting]:
    postings = []
    for job in data:
        categories = job.get("categories") or {}
        lists = "\n".join(
            f"{item.get('text', '')}\n{clean_text(item.get('content'))}" for item in job.get("lists") or []
        )
        description = "\n".join(p for p in (job.get("descriptionPlain"), lists, job.get("additionalPlain")) if p)
        salary = job.get("salaryRange") or {}
        pay = (
            f"${salary['min']} - ${salary['max']} per {str(salary.get('interval', '')).replace('per-', '')}"
            if salary.get("min") is not None
            else description
        )
        created = job.get("createdAt")
        postings.append(
            NormalizedPosting(
                source="lever",
                source_id=f"{name}:{job['id']}",
                title=clean_text(job.get("text"), 500),
                description=clean_text(description),
                url=job.get("hostedUrl"),
                employer=name,
                employment_type=categories.get("commitment"),
                location_text=categories.get("location"),
                posted_at=parse_time(created / 1000 if isinstance(created, (int, float)) else created),
                pay_text=pay,
            )
        )
    return postings


def _ashby(data: dict, name: str) -> list[NormalizedPosting]:
    postings = []
    for job in data.get("jobs", []):
        address = ((job.get("address") or {}).get("postalAddress")) or {}
        place = ", ".join(p for p in (address.get("addressLocality"), address.get("addressRegion")) if p)
        compensation = (job.get("compensation") or {}).get("compensationTierSummary")
        postings.append(
            NormalizedPosting(
                source="ashby",
                source_id=f"{name}:{job['id']}",
                title=clean_text(job.get("title"), 500),
                description=clean_text(job.get("descriptionPlain") or job.get("descriptionHtml")),
                url=job.get("jobUrl"),
                employer=name,
                employment_type=job.get("employmentType"),
                posted_at=parse_time(job.get("publishedAt")),
                location_text=place or job.get("location"),
                zip=(address.get("postalCode") or "")[:5] or None,
                pay_text=compensation or job.get("descriptionPlain"),
            )
        )
    return postings


PARSERS = {"greenhouse": _greenhouse, "lever": _lever, "ashby": _ashby}


def board_postings(settings: Settings, spec: str, *, delay: float = 2.0) -> list[NormalizedPosting]:
    """Postings of one employer's board; ``spec`` is 'greenhouse:TOKEN', 'lever:COMPANY' or 'ashby:BOARD'."""
    kind, _, name = spec.partition(":")
    if kind not in URLS or not name.strip():
        raise LaborLensError(f"Unknown board {spec!r}: use greenhouse:TOKEN, lever:COMPANY or ashby:BOARD.")
    url = URLS[kind].format(name=quote(name.strip()))
    with PoliteClient(settings, delay=delay) as client:
        response = client.get(url, expect="json")
    if response.status_code == 404:
        raise LaborLensError(f"No {kind} board named {name!r} ({url} answered 404).")
    if response.status_code != 200:
        raise LaborLensError(f"{url} answered {response.status_code}.")
    try:
        data = response.json()
    except json.JSONDecodeError as exc:
        raise LaborLensError(f"{url} did not answer JSON; the board may have moved.") from exc
    raw = keep_raw(settings, kind, url, response.content)
    postings = [p for p in PARSERS[kind](data, name.strip()) if p.title or p.description]
    for posting in postings:
        posting.raw_path = raw
    return postings
