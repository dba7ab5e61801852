"""What the coder learns from: O*NET and BLS text per occupation, read from the store.

Titles (occupation, alternate, short, reported, SOC direct-match) form the title inventory; task
statements, DWAs, descriptions, technologies and tools form each occupation's description profile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from laborlens.reference.update import loaded_manifest
from laborlens.store import Store
from laborlens.store.models import (
    AlternateTitle,
    DetailedWorkActivity,
    Occupation,
    OewsWage,
    Projection,
    RelatedOccupation,
    ReportedTitle,
    SocDirectMatchTitle,
    Task,
    TaskDWA,
    Technology,
)

# How much a title source is trusted. O*NET's own titles most; then the titles workers and employers use
# today: reported titles (O*NET's incumbent surveys) and alternate titles from any source but classification
# indexes alone. Alternate titles known only from the SOC and Census indexes, BLS lists and ETA's files (the
# DOT; O*NET source codes 04, 06, 07, 08) are often dated or generic ("Captain"), so they weigh a little less.
# Measured on the re-ranker's held-out folds (bench/bench_ablation.py, BENCHMARKS.md).
TITLE_SOURCE_WEIGHT = {
    "occupation": 1.0,
    "alternate": 0.97,
    "reported": 0.97,
    "short": 0.95,
    "direct_match": 0.95,
    "alternate_index": 0.94,
}
_INDEX_SOURCES = {"04", "06", "07", "08"}  # O*NET's Alternate Titles source codes of classification indexes


def _alternate_kind(sources: str | None) -> str:
    """'alternate_index' for a title known only from classification indexes, else 'alternate' (unknown too)."""
    codes = {part.strip() for part in (sources or "").split(",") if part.strip()}
    return "alternate_index" if codes and codes <= _INDEX_SOURCES else "alternate"


@dataclass
class Inventory:
    """Reference text per O*NET-SOC code, in the order of ``codes``."""

    codes: list[str]
    titles: dict[str, str]
    descriptions: dict[str, str]
    title_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (title, code, source)
    tasks: dict[str, list[str]] = field(default_factory=dict)
    dwas: dict[str, list[str]] = field(default_factory=dict)
    technologies: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)  # (name, kind, hot)
    employment: dict[str, float] = field(default_factory=dict)  # national jobs, split across O*NET codes
    related: dict[str, list[str]] = field(default_factory=dict)  # O*NET related occupations, best first
    manifest_fingerprint: str | None = None


def _inverted(title: str) -> list[str]:
    """O*NET writes "Cooks, Restaurant"; postings say "Restaurant Cook"."""
    if ", " not in title or " and " in title.split(", ", 1)[1]:
        return []
    head, tail = title.split(", ", 1)
    if tail.lower().startswith(("except", "all other")):
        return []
    return [f"{tail} {head}"]


def load_inventory(store: Store) -> Inventory:
    """Read every title, task, DWA and technology of every occupation from the store."""
    with store.session() as session:
        occupations = session.execute(select(Occupation).order_by(Occupation.code)).scalars().all()
        codes = [o.code for o in occupations]
        known = set(codes)
        inventory = Inventory(
            codes=codes,
            titles={o.code: o.title for o in occupations},
            descriptions={o.code: o.description for o in occupations},
        )
        rows = inventory.title_rows
        for o in occupations:
            rows.append((o.title, o.code, "occupation"))
            rows.extend((t, o.code, "occupation") for t in _inverted(o.title))
        for code, title, short, sources in session.execute(
            select(AlternateTitle.code, AlternateTitle.title, AlternateTitle.short_title, AlternateTitle.sources)
        ):
            rows.append((title, code, _alternate_kind(sources)))
            if short:
                rows.append((short, code, "short"))
        for code, title in session.execute(select(ReportedTitle.code, ReportedTitle.title)):
            rows.append((title, code, "reported"))
        by_soc = defaultdict(list)
        for code in codes:
            by_soc[code[:7]].append(code)
        for soc, title in session.execute(select(SocDirectMatchTitle.soc_code, SocDirectMatchTitle.title)):
            targets = [c for c in by_soc.get(soc, []) if c.endswith(".00")] or by_soc.get(soc, [])
            rows.extend((title, code, "direct_match") for code in targets)

        tasks = defaultdict(list)
        for code, statement in session.execute(select(Task.code, Task.statement).order_by(Task.task_id)):
            tasks[code].append(statement)
        dwas = defaultdict(list)
        for code, title in session.execute(
            select(TaskDWA.code, DetailedWorkActivity.title)
            .join(DetailedWorkActivity, DetailedWorkActivity.dwa_id == TaskDWA.dwa_id)
            .distinct()
        ):
            dwas[code].append(title)
        technologies = defaultdict(list)
        for code, name, kind, hot in session.execute(
            select(Technology.code, Technology.name, Technology.kind, Technology.hot)
        ):
            technologies[code].append((name, kind, hot))
        related = defaultdict(list)
        for code, other in session.execute(
            select(RelatedOccupation.code, RelatedOccupation.related_code).order_by(
                RelatedOccupation.code, RelatedOccupation.rank
            )
        ):
            related[code].append(other)
        oews = dict(
            session.execute(select(OewsWage.soc_code, OewsWage.employment).where(OewsWage.area_code == "0000000")).all()
        )
        projected = dict(session.execute(select(Projection.soc_code, Projection.employment_base)).all())
    inventory.tasks = {c: tasks[c] for c in codes if c in known}
    inventory.dwas = {c: sorted(set(dwas[c])) for c in codes}
    inventory.technologies = {c: technologies[c] for c in codes}
    inventory.employment = _employment(codes, oews, projected)
    inventory.related = {c: related[c] for c in codes}
    manifest = loaded_manifest(store)
    inventory.manifest_fingerprint = manifest.get("fingerprint") if manifest else None
    return inventory


def _employment(codes: list[str], oews: dict, projected: dict) -> dict[str, float]:
    """National employment per O*NET code: OEWS (else BLS EP) for its SOC, shared among the SOC's O*NET codes.

    Codes whose SOC has no estimate get a small floor, so the prior never rules an occupation out.
    """
    per_soc = defaultdict(int)
    for code in codes:
        per_soc[code[:7]] += 1
    result = {}
    for code in codes:
        soc = code[:7]
        broad = soc[:6] + "0"
        jobs = oews.get(soc) or projected.get(soc) or oews.get(broad) or projected.get(broad) or 1000.0
        result[code] = max(float(jobs), 100.0) / per_soc[soc]
    return result
