"""People matching: a resume or a few plain words -> related occupations, the reasons and the gaps.

>>> matcher = load_matcher(settings)                            # doctest: +SKIP
>>> matcher.match(store, "I drove a forklift and counted stock")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import json
from functools import lru_cache
from pathlib import Path

import joblib

from laborlens.coding.artifact import MODEL_VERSION, ModelError, dump_atomically, load_model
from laborlens.coding.inventory import load_inventory
from laborlens.errors import LaborLensError
from laborlens.matching.documents import PersonInputError, clean_person_text, text_from_file
from laborlens.matching.index import MatchingIndex, build_index
from laborlens.matching.match import PersonMatcher
from laborlens.parallel import ordered_map
from laborlens.settings import Settings
from laborlens.store import Store

__all__ = [
    "MatchingIndex",
    "PersonInputError",
    "PersonMatcher",
    "build_matcher",
    "clean_person_text",
    "load_matcher",
    "match_lines",
    "matcher_path",
    "text_from_file",
]


def _match_line(matcher: PersonMatcher, store: Store, options: dict, numbered: tuple[int, str]) -> dict:
    number, line = numbered
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"line {number} is not JSON ({exc.msg})"}
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        identifier = record.get("id") if isinstance(record, dict) else None
        return {"id": identifier, "line": number, "error": "each line needs a 'text' field holding text"}
    try:
        result = matcher.match(store, clean_person_text(record["text"]), **options)
    except LaborLensError as exc:
        return {"id": record.get("id"), "line": number, "error": str(exc)}
    return {"id": record.get("id"), **result}


def match_lines(lines, matcher: PersonMatcher, store: Store, jobs: int = 1, **options):
    """Batch contract: for each line {"id", "text"}, yield {"id", "occupations", ...} or {"id", "error"}.

    Results come in input order; ``jobs`` > 1 matches in that many forked processes.
    """
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    if jobs > 1:
        store.dispose()  # each worker opens its own database connections
    yield from ordered_map(functools.partial(_match_line, matcher, store, options), numbered, jobs)


def matcher_path(settings: Settings) -> Path:
    return settings.home / "models" / "person-matcher.joblib"


def build_matcher(settings: Settings, store: Store) -> Path:
    """Build the matching index from the store (after the coder) and save it beside the coder."""
    index = build_index(store, load_inventory(store))
    target = matcher_path(settings)
    dump_atomically({"model_version": MODEL_VERSION, "index": index}, target)
    _load.cache_clear()
    return target


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> MatchingIndex:
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # a damaged file: say so, never a traceback
        raise ModelError(f"Cannot read the matching index at {path}; rebuild it with `laborlens model build`.") from exc
    if bundle.get("model_version") != MODEL_VERSION:
        raise ModelError(f"The matching index at {path} is out of date; rebuild it with `laborlens model build`.")
    return bundle["index"]


def load_matcher(settings: Settings) -> PersonMatcher:
    """The saved matching index with the saved coder."""
    path = matcher_path(settings)
    if not path.exists():
        raise ModelError(f"No matching index at {path}: run `laborlens model build` first.")
    coder, _ = load_model(settings)
    return PersonMatcher(_load(str(path), path.stat().st_mtime), coder)
