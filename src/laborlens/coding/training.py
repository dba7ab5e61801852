"""Real coded postings to learn from and to cross-validate on: reading them, scoring by source, intervals.

Two kinds of labelled data (``../shared/train``; see its README):

- coded postings (JSONL): ``title``, ``description``, ``category``, ``source``, ``code`` (O*NET-SOC 2019, or
  ``NONE`` for a posting that is no codable job) and up to two ``alternates`` a careful coder could also defend;
- employer job titles with the SOC 2010 code of their DOL H-2A/H-2B filings (JSONL: ``title``, ``soc_code``,
  ``n_cases``), mapped to O*NET-SOC 2019 through O*NET's 2010 -> 2019 crosswalk.

Each record read is a posting dict the coder accepts, with ``code``, ``alternates`` and ``source`` added.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from laborlens.codes import CodeIndex
from laborlens.errors import LaborLensError

NOT_A_JOB = "NONE"
# Craigslist section names as some scrapes wrote them, to the section code the coder's section priors use.
_SECTION_ALIASES = {"craigslist education (edu)": "edu"}


def json_records(path: Path) -> Iterable[tuple[int, dict]]:
    """(line number, object) for each non-blank line of a JSONL file; a clear error naming the first bad line."""
    try:
        handle = Path(path).open("rb")
    except OSError as exc:
        raise LaborLensError(f"Cannot read {path}: {exc.strerror}.") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise LaborLensError(f"{path}: line {number} is not UTF-8 text; save the file as UTF-8.") from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                raise LaborLensError(f"{path}: line {number} is not JSON ({why}).") from None
            if not isinstance(row, dict):
                raise LaborLensError(f"{path}: line {number} must be a JSON object.")
            yield number, row


def read_coded_postings(path: Path, known_codes: Iterable[str] | None = None) -> list[dict]:
    """Coded postings: each a posting dict with ``code``, ``alternates`` and ``source``.

    With ``known_codes``, a code outside them is an error that names the line (a file coded to another O*NET
    version must be translated first)."""
    known = set(known_codes) if known_codes is not None else None
    rows = []
    for number, row in json_records(path):
        code, title = row.get("code"), row.get("title")
        if not isinstance(code, str) or not isinstance(title, str):
            raise LaborLensError(f"{path}: line {number} needs a text 'title' and a 'code' (O*NET-SOC or NONE).")
        if known is not None and code != NOT_A_JOB and code not in known:
            raise LaborLensError(f"{path}: line {number} has code {code!r}, which is no O*NET-SOC 2019 occupation.")
        alternates = row.get("alternates") or []
        if not isinstance(alternates, list) or not all(isinstance(c, str) for c in alternates):
            raise LaborLensError(f"{path}: line {number} needs 'alternates' as a list of codes.")
        alternates = [c for c in alternates if c != code]
        category = row.get("category")
        if isinstance(category, str):
            category = _SECTION_ALIASES.get(category.strip().lower(), category)
        rows.append(
            {
                "id": row.get("id", f"line-{number}"),
                "title": title,
                "description": row.get("description") if isinstance(row.get("description"), str) else "",
                "category": category if isinstance(category, str) else None,
                "source": str(row.get("source") or "unknown"),
                "code": code,
                "alternates": alternates,
            }
        )
    if not rows:
        raise LaborLensError(f"{path} holds no coded postings.")
    return rows


def soc_2010_to_onet(soc: str, index: CodeIndex) -> list[str]:
    """The O*NET-SOC 2019 codes a SOC 2010 (or O*NET-SOC 2010) code became, the crosswalk's first first.

    SOC 2010 codes are read through the 2010 crosswalk before the 2018 code list: some six-digit codes were reused
    for other work in 2018 (2010's 39-9021 Personal Care Aides is 31-1122 today)."""
    soc = soc.strip()
    old = [soc] if soc in index.crosswalk_2010 else sorted(c for c in index.crosswalk_2010 if c[:7] == soc[:7])
    new = list(dict.fromkeys(code for o in old for code, _ in index.crosswalk_2010[o] if code in index.titles))
    return new or sorted(code for code in index.titles if code[:7] == soc[:7])


def read_h2_titles(path: Path, index: CodeIndex) -> tuple[list[dict], list[str]]:
    """(title-only postings with their O*NET-SOC 2019 code, the SOC codes that map to none)."""
    rows, unmapped = [], []
    for number, row in json_records(path):
        title, soc = row.get("title"), row.get("soc_code")
        if not isinstance(title, str) or not isinstance(soc, str):
            raise LaborLensError(f"{path}: line {number} needs a text 'title' and 'soc_code'.")
        codes = soc_2010_to_onet(soc, index)
        if not codes:
            unmapped.append(soc)
            continue
        rows.append(
            {
                "id": f"h2-{number}",
                "title": title,
                "source": "h2",
                "code": codes[0],
                "alternates": codes[1:],
                "n_cases": int(row.get("n_cases") or 1),
            }
        )
    return rows, unmapped


def wilson_interval(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (sound at small n and near 0 or 1, unlike p ± 2 se)."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def score_by_source(records: Sequence[dict], rankings: Sequence[Sequence[str]]) -> dict[str, dict]:
    """Top-1, top-5, lenient (the code or an alternate first) and major-group accuracy per source and overall,
    each as {"n", "hits", "rate", "low", "high"}; not-a-job records are left out (a detection task of their own)."""
    hits: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for record, ranked in zip(records, rankings, strict=True):
        if record["code"] == NOT_A_JOB or not ranked:
            continue
        code = record["code"]
        outcome = {
            "top1": ranked[0] == code,
            "top5": code in ranked[:5],
            "lenient": ranked[0] in {code, *record.get("alternates", [])},
            "major": ranked[0][:2] == code[:2],
        }
        for group in (record.get("source", "unknown"), "all"):
            for metric, ok in outcome.items():
                hits[group][metric].append(ok)
    table = {}
    for group, metrics in hits.items():
        table[group] = {}
        for metric, values in metrics.items():
            k, n = sum(values), len(values)
            low, high = wilson_interval(k, n)
            table[group][metric] = {"n": n, "hits": k, "rate": k / n, "low": low, "high": high}
    return table
