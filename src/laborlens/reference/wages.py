"""OEWS wages and employment by SOC code and area, with the fallbacks a user needs stated plainly."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from laborlens.codes import parse_code
from laborlens.reference.areas import NATIONAL, Area, resolve_area
from laborlens.store import Store
from laborlens.store.models import OewsArea, OewsWage

WAGE_FIELDS = (
    "employment",
    "hourly_median",
    "hourly_p10",
    "hourly_p25",
    "hourly_p75",
    "hourly_p90",
    "annual_median",
    "annual_mean",
    "annual_p10",
    "annual_p25",
    "annual_p75",
    "annual_p90",
    "jobs_per_1000",
    "location_quotient",
)


@dataclass(frozen=True)
class Wages:
    """OEWS estimates for one occupation in one area. ``area_used`` says which area's figures these are."""

    soc_code: str
    area_requested: str
    area_used: str
    area_name: str
    area_level: str  # "metro", "state" or "national"
    employment: float | None
    hourly_median: float | None
    hourly_p10: float | None
    hourly_p25: float | None
    hourly_p75: float | None
    hourly_p90: float | None
    annual_median: float | None
    annual_mean: float | None
    annual_p10: float | None
    annual_p25: float | None
    annual_p75: float | None
    annual_p90: float | None
    jobs_per_1000: float | None
    location_quotient: float | None
    note: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _oews_areas(store: Store, area: Area) -> list[OewsArea]:
    """Candidate OEWS areas for a place, nearest first: its metro, its state, the nation (kept per store)."""

    def build() -> list[OewsArea]:
        with store.session() as session:
            candidates = []
            if area.kind == "cbsa":
                candidates += session.execute(select(OewsArea).where(OewsArea.cbsa_code == area.code)).scalars().all()
            if area.state_fips:
                candidates += (
                    session.execute(
                        select(OewsArea).where(OewsArea.kind == "state", OewsArea.state_fips == area.state_fips)
                    )
                    .scalars()
                    .all()
                )
            national = session.get(OewsArea, NATIONAL)
            if national:
                candidates.append(national)
        return candidates

    return store.cached(f"oews_areas:{area.key}:{area.state_fips}", build)


def _area_wages(store: Store, area_code: str) -> dict[str, OewsWage]:
    """Every OEWS estimate of one area by SOC code (a few hundred rows, kept per store)."""

    def build() -> dict[str, OewsWage]:
        with store.session() as session:
            rows = session.execute(select(OewsWage).where(OewsWage.area_code == area_code)).scalars().all()
        return {row.soc_code: row for row in rows}

    return store.cached(f"oews_wages:{area_code}", build)


def wages_for(store: Store, code: str, area: str | Area = "national") -> Wages | None:
    """Median and percentile wages and employment for an occupation (SOC or O*NET-SOC code).

    Falls back from metro to state to national when an area publishes no estimate, and from a
    detailed SOC code to its broad group when OEWS publishes only the group.
    """
    soc = parse_code(code).soc
    place = area if isinstance(area, Area) else resolve_area(store, area)
    socs = [soc, soc[:6] + "0"]
    for oews_area in _oews_areas(store, place):
        wages = _area_wages(store, oews_area.area_code)
        for candidate in socs:
            row = wages.get(candidate)
            if row is None or row.annual_median is None and row.hourly_median is None:
                continue
            notes = []
            if oews_area.kind != ("metro" if place.kind == "cbsa" else place.kind):
                notes.append(f"No OEWS estimate for {place.name}; showing {oews_area.name}.")
            if candidate != soc:
                notes.append(f"OEWS publishes {soc} only as part of group {candidate}.")
            return Wages(
                soc_code=candidate,
                area_requested=place.key,
                area_used=oews_area.area_code,
                area_name=oews_area.name,
                area_level="metro" if oews_area.kind in ("metro", "nonmetro") else oews_area.kind,
                **{name: getattr(row, name) for name in WAGE_FIELDS},
                note=" ".join(notes) or None,
            )
    return None
