"""Postings from JSONL or CSV files (`laborlens ingest file`).

Fields: ``id, title, description, employer, location, posted, expires, url, source``, plus an optional
``code`` (an O*NET-SOC or SOC code given by an agency or employer), ``skills`` (a list, or text separated by
semicolons, kept with a trusted code) and ``category``.

A record with a posting date but no closing date is taken to stay open :data:`DEFAULT_LIFETIME_DAYS`
days (the life of a Craigslist job ad), or until it was last seen if that is sooner; demand counts use
this life to tell active postings from new ones.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from laborlens.errors import LaborLensError
from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time, stable_id, zip_in

FIELDS = (
    "id",
    "title",
    "description",
    "employer",
    "location",
    "posted",
    "expires",
    "url",
    "source",
    "code",
    "category",
)
DEFAULT_LIFETIME_DAYS = 30


def _skills(value) -> list[str] | None:
    if value in (None, "", []):
        return None
    items = value if isinstance(value, list) else str(value).split(";")
    names = [str(item).strip()[:200] for item in items if isinstance(item, (str, int, float)) and str(item).strip()]
    return names or None


def _records(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LaborLensError(f"Cannot read {path}: {exc.strerror}.") from exc
    with handle:
        try:
            if path.suffix.lower() == ".csv":
                reader = csv.DictReader(handle)
                missing = {"title"} - set(reader.fieldnames or [])
                if missing:
                    raise LaborLensError(f"{path}: the CSV needs a 'title' column (found {reader.fieldnames}).")
                for number, row in enumerate(reader, start=2):
                    yield number, row, None
                return
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, None, f"line {number} is not JSON ({exc.msg})"
                    continue
                if not isinstance(record, dict):
                    yield number, None, f"line {number} is not a JSON object"
                    continue
                yield number, record, None
        except UnicodeDecodeError as exc:
            raise LaborLensError(f"{path} is not UTF-8 text ({exc.reason}).") from exc


def read_postings(
    path: Path, default_source: str = "file"
) -> Iterator[tuple[int, NormalizedPosting | None, str | None]]:
    """(line number, posting or None, error or None) for each record of a JSONL or CSV file."""
    for number, record, error in _records(path):
        if error:
            yield number, None, error
            continue
        bad = [
            name for name in FIELDS if record.get(name) is not None and not isinstance(record[name], (str, int, float))
        ]
        if bad:
            yield number, None, f"line {number}: field '{bad[0]}' must be text"
            continue
        if record.get("skills") is not None and not isinstance(record["skills"], (str, list)):
            yield number, None, f"line {number}: field 'skills' must be a list of names or text separated by ';'"
            continue
        posted, expires = parse_time(record.get("posted")), parse_time(record.get("expires"))
        if record.get("posted") not in (None, "") and posted is None:
            yield number, None, f"line {number}: 'posted' is not a date (use ISO 8601, like 2025-03-14)"
            continue
        if record.get("expires") not in (None, "") and expires is None:
            yield number, None, f"line {number}: 'expires' is not a date (use ISO 8601, like 2025-04-13)"
            continue
        if posted and expires and expires < posted:
            yield (
                number,
                None,
                f"line {number}: 'expires' ({record['expires']}) is before 'posted' ({record['posted']})",
            )
            continue
        if posted and not expires:
            expires = posted + timedelta(days=DEFAULT_LIFETIME_DAYS)
        title = str(record.get("title") or "").strip()
        description = str(record.get("description") or "")
        if not title and not description.strip():
            yield number, None, f"line {number}: a posting needs a 'title' or a 'description'"
            continue
        source = str(record.get("source") or default_source).strip()[:32]
        identifier = record.get("id")
        source_id = (
            str(identifier)
            if identifier not in (None, "")
            else stable_id(title, description, str(record.get("employer") or ""), str(record.get("url") or ""))
        )
        location = str(record.get("location") or "").strip() or None
        yield (
            number,
            NormalizedPosting(
                source=source,
                source_id=source_id[:128],
                title=clean_text(title, 500) or "(no title)",
                description=clean_text(description),
                url=record.get("url") or None,
                employer=(str(record["employer"]).strip() or None) if record.get("employer") else None,
                category=(str(record["category"]).strip().lower() or None) if record.get("category") else None,
                pay_text=f"{title}\n{description}",
                posted_at=posted,
                expires_at=expires,
                location_text=location,
                zip=zip_in(location),
                trusted_code=str(record["code"]).strip() if record.get("code") not in (None, "") else None,
                trusted_skills=_skills(record.get("skills")),
            ),
            None,
        )
