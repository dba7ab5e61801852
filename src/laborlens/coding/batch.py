"""The `laborlens classify` contract: JSONL postings in, one JSONL result per line out, in input order."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator

from laborlens.codes import major_group_of
from laborlens.coding.model import OccupationCoder, field_problem
from laborlens.parallel import ordered_map

BATCH = 256


def posting_problem(record) -> str | None:
    """What is wrong with a posting record, or None when it can be coded."""
    if not isinstance(record, dict):
        return "a posting must be a JSON object"
    if problem := field_problem(record):
        return problem
    if isinstance(record.get("id"), (dict, list)):
        return "field 'id' must be a string or a number"
    if not (record.get("title") or "").strip() and not (record.get("description") or "").strip():
        return "a posting needs a 'title' or a 'description'"
    return None


def parse_line(line: str, number: int) -> tuple[dict | None, dict | None]:
    """(posting, None) for a usable line, or (None, error record) saying what to fix."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"id": None, "line": number, "error": f"line {number} is not JSON ({exc.msg})"}
    problem = posting_problem(record)
    if problem:
        identifier = (
            record.get("id") if isinstance(record, dict) and not isinstance(record.get("id"), (dict, list)) else None
        )
        return None, {"id": identifier, "line": number, "error": problem}
    return record, None


def _enrich(result: dict) -> dict:
    for occupation in result["occupations"]:
        occupation["soc_code"] = occupation["code"][:7]
        occupation["major_group"] = major_group_of(occupation["code"])
    return result


def _batches(lines: Iterable[str]) -> Iterator[list[tuple[dict | None, dict | None]]]:
    batch = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        batch.append(parse_line(line, number))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def code_postings(coder: OccupationCoder, postings: list[dict], top: int = 5, model_version: str | None = None):
    """Code valid postings; each result is {"id", "occupations", "not_a_job", ...} as in `laborlens classify`."""
    return _code_batch(coder, [(p, None) for p in postings], top, model_version)


def _code_batch(coder: OccupationCoder, batch, top: int, model_version: str | None) -> list[dict]:
    postings = [posting for posting, _ in batch if posting is not None]
    results = iter(coder.code(postings, k=top)) if postings else iter(())
    records = []
    for posting, error in batch:
        if error is not None:
            records.append(error)
            continue
        output = {"id": posting.get("id"), **_enrich(next(results))}
        if model_version:
            output["model_version"] = model_version
        records.append(output)
    return records


def classify_lines(
    lines: Iterable[str], coder: OccupationCoder, top: int = 5, model_version: str | None = None, jobs: int = 1
) -> Iterator[dict]:
    """Yield one output record per non-blank input line, in order; bad lines become error records.

    ``jobs`` > 1 codes batches in that many forked worker processes (see :func:`laborlens.parallel.ordered_map`).
    """
    code = functools.partial(_code_batch, coder, top=top, model_version=model_version)
    for records in ordered_map(code, _batches(lines), jobs):
        yield from records
