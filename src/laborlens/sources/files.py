"""Postings from JSONL or CSV files (`laborlens ingest file`).

Fields: ``id, title, description, employer, location, posted, url, source``, plus an optional ``code``
(an O*NET-SOC or SOC code given by an agency or employer) and ``category``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from laborlens.errors import LaborLensError
from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time, stable_id, zip_in

FIELDS = ("id", "title", "description", "employer", "location", "posted", "url", "source", "code", "category")


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
                posted_at=parse_time(record.get("posted")),
                location_text=location,
                zip=zip_in(location),
                trusted_code=str(record["code"]).strip() if record.get("code") not in (None, "") else None,
            ),
            None,
        )
