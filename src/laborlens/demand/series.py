"""Series, growth, movers and forecasts of posting demand for an area, from the demand tables.

Growth is measured on **new** postings (deduplicated clusters first seen in a period): new counts in
different periods are independent, so a ratio of two of them has an exact interval (the conditional
binomial method: given a + b, a is binomial with p = rate_a / (rate_a + rate_b)). Active counts overlap
from period to period and are shown beside, not tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import beta
from sqlalchemy import select, text

from laborlens.codes import parse_code
from laborlens.demand.aggregate import area_filter, ensure_current, flows, span
from laborlens.demand.forecast import forecast_counts
from laborlens.demand.periods import check_kind, label, parse_label, per_year
from laborlens.errors import LaborLensError
from laborlens.reference.areas import NATIONAL, Area, resolve_area
from laborlens.reference.occupations import resolve
from laborlens.store import Store
from laborlens.store.models import Occupation, OewsArea, OewsWage, Projection, SocGroup

MIN_BASE = 30  # growth from a base smaller than this is flagged low_sample and never ranked
CONFIDENCE = 0.95
LIMITS = (
    "Postings are a proxy for openings, not a count of them: one posting may hire many, some jobs are filled "
    "without one, and online postings under-represent the skilled trades and small employers.",
    "Counts are deduplicated clusters of postings; a cluster's occupation is the coder's first choice for "
    "its first posting (or the code an agency gave).",
    f"Growth is measured on new postings; growth from fewer than {MIN_BASE} postings is flagged low_sample, "
    "and such rows are not ranked.",
    "Months differ in length (28-31 days), so part of a month-over-month change can be the calendar; "
    "year-over-year growth avoids that and seasonality.",
    "The latest period may be incomplete if collection is still running in it.",
)


class DemandError(LaborLensError, ValueError):
    """A demand question that cannot be answered as asked."""


@dataclass(frozen=True)
class Subject:
    """What is counted: all postings, an occupation at one level, or a skill."""

    dimension: str  # "all", "onet", "soc", "major", "skill"
    key: str
    title: str


def subject_for(store: Store, occupation: str | None = None, skill: str | None = None) -> Subject:
    if occupation and skill:
        raise DemandError("Give an occupation or a skill, not both.")
    if skill:
        return Subject("skill", skill.strip(), skill.strip())
    if not occupation:
        return Subject("all", "", "All postings")
    parsed = parse_code(occupation)
    with store.session() as session:
        if parsed.onet:
            code = resolve(store, occupation).codes[0]
            return Subject("onet", code, session.get(Occupation, code).title)
        level = "major" if parsed.soc.endswith("-0000") else "soc"
        if level == "soc" and parsed.soc.endswith("0"):  # SOC minor (53-7000) and broad (53-7060) groups
            raise DemandError(
                f"{parsed.soc} is a SOC minor or broad group: give a detailed SOC code (53-7062), an O*NET-SOC "
                "code (53-7062.00) or a major group (53-0000)."
            )
        group = session.get(SocGroup, parsed.soc)
        if group is None:
            title = session.execute(
                select(Occupation.title).where(Occupation.soc_code == parsed.soc).order_by(Occupation.code)
            ).scalar()
            if title is None:
                resolve(store, occupation)  # raises with the closest codes
                raise DemandError(f"No occupation has SOC code {parsed.soc}.")
        return Subject(level, parsed.soc, group.title if group else title)


def rollup(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """Flows keyed by O*NET-SOC code ("" for uncoded) rolled up to ``onet``, ``soc``, ``major`` or ``all``."""
    if level == "all":
        keys = pd.Series("", index=frame.index)
    else:
        frame = frame[frame.key != ""]
        keys = {"onet": frame.key, "soc": frame.key.str[:7], "major": frame.key.str[:2] + "-0000"}[level]
    return (
        frame.assign(key=keys).groupby(["key", "period"], as_index=False)[["starts", "ends"]].sum()
        if len(frame)
        else frame
    )


def _matrices(frame: pd.DataFrame, first: int, last: int, keys=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """New and active counts, keys x periods, over first..last."""
    columns = range(first, last + 1)
    if frame.empty:
        empty = pd.DataFrame(0, index=pd.Index(keys or [], name="key"), columns=columns)
        return empty, empty.copy()
    starts = frame.pivot_table(index="key", columns="period", values="starts", aggfunc="sum", fill_value=0)
    ends = frame.pivot_table(index="key", columns="period", values="ends", aggfunc="sum", fill_value=0)
    every = range(min(first, int(frame.period.min())), last + 1)
    starts = starts.reindex(columns=every, fill_value=0)
    ends = ends.reindex(columns=every, fill_value=0)
    active = starts.cumsum(axis=1) - ends.cumsum(axis=1).shift(1, axis=1, fill_value=0)
    if keys is not None:
        starts, active = starts.reindex(keys, fill_value=0), active.reindex(keys, fill_value=0)
    return starts.loc[:, columns].astype(int), active.loc[:, columns].astype(int)


def ratio_interval(current, base, confidence: float = CONFIDENCE):
    """Growth ``current / base - 1`` and its exact interval, elementwise; NaN where base is 0."""
    a, b = np.asarray(current, dtype=float), np.asarray(base, dtype=float)
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(b > 0, a / b - 1, np.nan)
        p_low = np.where(a > 0, beta.ppf(alpha / 2, np.maximum(a, 1e-9), b + 1), 0.0)
        p_high = np.where(b > 0, beta.ppf(1 - alpha / 2, a + 1, np.maximum(b, 1e-9)), 1.0)
        low = np.where(b > 0, p_low / (1 - p_low) - 1, np.nan)
        high = np.where((b > 0) & (p_high < 1), p_high / (1 - p_high) - 1, np.nan)
    return growth, low, high


def _window_sums(matrix: np.ndarray, width: int) -> np.ndarray:
    """Sum of each period and the width - 1 before it (NaN until a full window is in)."""
    sums = np.full(matrix.shape, np.nan)
    if matrix.shape[1] >= width:
        cumulative = np.cumsum(np.pad(matrix, ((0, 0), (1, 0))), axis=1)
        sums[:, width - 1 :] = cumulative[:, width:] - cumulative[:, :-width]
    return sums


def _lagged(matrix: np.ndarray, lag: int) -> np.ndarray:
    out = np.full(matrix.shape, np.nan)
    if matrix.shape[1] > lag:
        out[:, lag:] = matrix[:, :-lag]
    return out


def _num(value, digits: int = 4):
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def _interval(low, high) -> list | None:
    if not np.isfinite(low):
        return None
    return [_num(low), _num(high)]


def series(
    store: Store, area: str, *, occupation: str | None = None, skill: str | None = None, period: str = "month"
) -> list[dict]:
    """``[{"period": "2025-03", "new": n, "active": n}, ...]`` for one area and subject."""
    return _series(store, check_kind(period), resolve_area(store, area), subject_for(store, occupation, skill))


def _series(store: Store, kind: str, place: Area, subject: Subject) -> list[dict]:
    ensure_current(store)
    bounds = span(store, kind)
    if bounds is None:
        return []
    new, active = _matrices(flows(store, kind, place, subject.dimension, subject.key), *bounds, [subject.key])
    return [
        {
            "period": label(kind, p),
            "new": int(new.at[subject.key, p]),
            "active": int(active.at[subject.key, p]),
        }
        for p in new.columns
    ]


def _titles(store: Store, dimension: str, keys) -> dict[str, str]:
    keys = list(keys)
    if dimension == "skill" or not keys:
        return {key: key for key in keys}
    with store.session() as session:
        if dimension == "onet":
            rows = session.execute(select(Occupation.code, Occupation.title).where(Occupation.code.in_(keys)))
        else:
            rows = session.execute(select(SocGroup.code, SocGroup.title).where(SocGroup.code.in_(keys)))
        found = dict(rows.all())
    return {key: found.get(key, "") for key in keys}


def _oews(store: Store, place: Area) -> dict[str, tuple[float | None, float | None]]:
    """SOC -> (employment, annual median wage) in the area's own OEWS area ({} when it publishes none)."""
    with store.session() as session:
        if place.kind == "national":
            codes = [NATIONAL]
        elif place.kind == "state":
            codes = session.execute(
                select(OewsArea.area_code).where(OewsArea.kind == "state", OewsArea.state_fips == place.code)
            ).scalars()
        else:
            codes = session.execute(select(OewsArea.area_code).where(OewsArea.cbsa_code == place.code)).scalars()
        codes = list(codes)
        if not codes:
            return {}
        rows = session.execute(
            select(OewsWage.soc_code, OewsWage.employment, OewsWage.annual_median).where(OewsWage.area_code == codes[0])
        ).all()
    return {soc: (employment, median) for soc, employment, median in rows}


def _projections(store: Store) -> dict[str, float | None]:
    """BLS 2024-34 percent change by SOC code, for every occupation and group BLS projects."""
    with store.session() as session:
        return dict(session.execute(select(Projection.soc_code, Projection.change_percent)).all())


def _projected(projections: dict, soc: str) -> float | None:
    """The projection of a SOC code, or of the nearest group BLS projects it in."""
    for candidate in (soc, soc[:6] + "0", soc[:5] + "00"):
        if projections.get(candidate) is not None:
            return projections[candidate]
    return None


def _annual_rate(percent: float | None) -> float | None:
    if percent is None:
        return None
    return (1 + percent / 100) ** (1 / 10) - 1


def growth(
    store: Store,
    area: str,
    *,
    occupation: str | None = None,
    level: str = "onet",
    period: str = "month",
    last: int | None = None,
) -> list[dict]:
    """Growth rows for an area: one occupation over every period, or every occupation at ``level``.

    ``last`` keeps the latest N periods (default: all for one occupation, the latest for all of them).
    Each row has the counts, month-over-month (``mom``), year-over-year (``yoy``) and 3-month rolling
    growth (the latest 3 months over the 3 before; 13 weeks for weekly series), each with its interval and
    base and a ``low_sample`` flag, plus context: the occupation's share of the area's new postings,
    active postings per 1,000 employed (OEWS, at the SOC level), the area's OEWS median wage and the BLS
    2024-34 projection (annualized), with ``diverges_from_projection`` for national rows.
    """
    kind = check_kind(period)
    if level not in ("onet", "soc", "major"):
        raise DemandError(f"Unknown level {level!r}: use onet, soc or major.")
    place = resolve_area(store, area)
    subject = subject_for(store, occupation) if occupation else None
    dimension = subject.dimension if subject else level
    ensure_current(store)
    bounds = span(store, kind)
    if bounds is None:
        return []
    if subject:
        frame = flows(store, kind, place, dimension, subject.key)
        all_frame = flows(store, kind, place, "all")
        soc_frame = flows(store, kind, place, "soc", subject.key[:7]) if dimension in ("onet", "soc") else None
    else:  # one query at the finest level, rolled up here: the occupations, the totals and the SOC context
        onet = flows(store, kind, place, "onet", include_uncoded=True)
        frame, all_frame, soc_frame = rollup(onet, level), rollup(onet, "all"), rollup(onet, "soc")
    keys = [subject.key] if subject else None
    new, active = _matrices(frame, *bounds, keys)
    totals, _ = _matrices(all_frame, *bounds, [""])
    soc_active = None
    if dimension in ("onet", "soc"):
        socs = sorted({key[:7] for key in new.index})
        _, soc_active = _matrices(soc_frame[soc_frame.key.isin(socs)], *bounds, socs)
    values = new.to_numpy(dtype=float)
    year, window = per_year(kind), 3 if kind == "month" else 13
    measures = {
        "mom": (values, _lagged(values, 1)),
        "yoy": (values, _lagged(values, year)),
        "rolling_3m": (_window_sums(values, window), _lagged(_window_sums(values, window), window)),
    }
    computed = {name: (cur, base, *ratio_interval(cur, base)) for name, (cur, base) in measures.items()}
    oews = _oews(store, place)
    projections = _projections(store) if place.kind == "national" else {}
    titles = _titles(store, dimension, new.index)
    periods = list(new.columns)
    chosen = periods[-(last or (len(periods) if subject else 1)) :]
    rows = []
    for i, key in enumerate(new.index):
        soc = key[:7] if dimension in ("onet", "soc") else None
        employment, median = oews.get(soc, (None, None)) if soc else (None, None)
        ep_rate = _annual_rate(_projected(projections, soc)) if soc and place.kind == "national" else None
        for p in chosen:
            j = periods.index(p)
            row = {
                "occupation": key,
                "title": titles.get(key, ""),
                "area": place.key,
                "area_name": place.name,
                "period": label(kind, p),
                "new": int(new.iat[i, j]),
                "active": int(active.iat[i, j]),
            }
            for name, (_current, base, point, low, high) in computed.items():
                row[name] = _num(point[i, j])
                row[f"{name}_interval"] = _interval(low[i, j], high[i, j])
                row[f"{name}_base"] = None if np.isnan(base[i, j]) else int(base[i, j])
                flag = "low_sample" if name == "mom" else f"{name}_low_sample"
                row[flag] = bool(np.isnan(base[i, j]) or base[i, j] < MIN_BASE)
            total = int(totals.iat[0, j])
            row["share"] = _num(row["new"] / total) if total else None
            soc_count = int(soc_active.at[soc, p]) if soc_active is not None else None
            row["postings_per_1000_employed"] = (
                _num(1000 * soc_count / employment, 3) if employment and soc_count is not None else None
            )
            row["oews_employment"] = employment
            row["oews_annual_median"] = median
            row["projected_annual_growth_2024_34"] = _num(ep_rate)
            row["diverges_from_projection"] = (
                None
                if ep_rate is None or row["yoy_interval"] is None or row["yoy_low_sample"]
                else not (
                    row["yoy_interval"][0]
                    <= ep_rate
                    <= (np.inf if row["yoy_interval"][1] is None else row["yoy_interval"][1])
                )
            )
            rows.append(row)
    return rows


def top(
    store: Store,
    area: str,
    *,
    by: str = "occupation",
    window: int = 3,
    period: str = "month",
    level: str = "onet",
    limit: int = 10,
    min_support: int = MIN_BASE,
) -> dict:
    """Fastest-growing and fastest-shrinking occupations or skills in an area: new postings in the latest
    ``window`` periods over the ``window`` before. Keys with fewer than ``min_support`` postings in the
    earlier window are counted in ``too_few`` and not ranked."""
    kind = check_kind(period)
    if by not in ("occupation", "skill"):
        raise DemandError(f"Unknown --by {by!r}: use occupation or skill.")
    if window < 1:
        raise DemandError("The window must be at least one period.")
    place = resolve_area(store, area)
    dimension = "skill" if by == "skill" else level
    ensure_current(store)
    bounds = span(store, kind)
    empty = {"area": place.key, "area_name": place.name, "growing": [], "shrinking": [], "too_few": 0}
    if bounds is None or bounds[1] - bounds[0] + 1 < 2 * window:
        return empty | {"note": f"Fewer than {2 * window} periods of postings: nothing to compare yet."}
    new, _ = _matrices(flows(store, kind, place, dimension), *bounds)
    values = new.to_numpy(dtype=float)
    current, earlier = values[:, -window:].sum(axis=1), values[:, -2 * window : -window].sum(axis=1)
    point, low, high = ratio_interval(current, earlier)
    supported = earlier >= min_support
    titles = _titles(store, dimension, new.index[supported])
    ranked = [
        {
            by: key,
            "title": titles[key],
            "new": int(current[i]),
            "new_before": int(earlier[i]),
            "growth": _num(point[i]),
            "growth_interval": _interval(low[i], high[i]),
        }
        for i, key in enumerate(new.index)
        if supported[i]
    ]
    periods = list(new.columns)
    return {
        "area": place.key,
        "area_name": place.name,
        "window": [label(kind, periods[-window]), label(kind, periods[-1])],
        "compared_with": [label(kind, periods[-2 * window]), label(kind, periods[-window - 1])],
        "growing": sorted((r for r in ranked if r["growth"] > 0), key=lambda r: (-r["growth"], r[by]))[:limit],
        "shrinking": sorted((r for r in ranked if r["growth"] < 0), key=lambda r: (r["growth"], r[by]))[:limit],
        "too_few": int((~supported & ((earlier + current) > 0)).sum()),
        "min_support": min_support,
    }


def forecast(
    store: Store,
    area: str,
    *,
    occupation: str | None = None,
    skill: str | None = None,
    horizon: int = 6,
    period: str = "month",
    model: str = "auto",
) -> dict:
    """New postings ``horizon`` periods ahead with 80% and 95% prediction intervals and the backtest."""
    kind = check_kind(period)
    place, subject = resolve_area(store, area), subject_for(store, occupation, skill)
    history = _series(store, kind, place, subject)
    if not history:
        raise DemandError("No postings are stored yet: nothing to forecast.")
    result = forecast_counts([row["new"] for row in history], horizon, per_year(kind), model=model)
    first_ahead = parse_label(kind, history[-1]["period"]) + 1
    return {
        "area": place.key,
        "subject": subject.key or "all",
        "title": subject.title,
        "model": result.model,
        "backtest": result.backtest,
        "history_periods": len(history),
        "notes": result.notes,
        "forecast": [
            {
                "period": label(kind, first_ahead + h),
                "new": round(result.point[h], 1),
                "interval_80": [round(v, 1) for v in result.intervals[0.8][h]],
                "interval_95": [round(v, 1) for v in result.intervals[0.95][h]],
            }
            for h in range(horizon)
        ],
    }


def recent_trend(store: Store, area: str | Area, codes: list[str], *, window: int = 3) -> dict[str, dict]:
    """New postings for each O*NET-SOC code in the latest ``window`` months against the ``window`` before,
    in plain words, as the demand tables last built them (this never triggers a rebuild: it serves pages
    that must stay fast). Codes with no postings in either window are left out; {} before any build."""
    place = area if isinstance(area, Area) else resolve_area(store, area)
    bounds = span(store, "month") if codes else None
    if bounds is None:
        return {}
    last = bounds[1]
    first = last - 2 * window + 1
    where, params = area_filter(place, "demand_cluster")
    names = {f"c{i}": code for i, code in enumerate(codes)}
    sql = text(
        f"""SELECT code, start_month, COUNT(*) FROM demand_cluster
        WHERE code IN ({", ".join(":" + name for name in names)}) AND start_month >= :first AND {where}
        GROUP BY code, start_month"""
    )
    current: dict[str, int] = {}
    earlier: dict[str, int] = {}
    with store.session() as session:
        for code, month, count in session.execute(sql, params | names | {"first": first}):
            target = current if month > last - window else earlier
            target[code] = target.get(code, 0) + int(count)
    trends = {}
    for code in codes:
        now, before = current.get(code, 0), earlier.get(code, 0)
        if not now and not before:
            continue
        point, low, high = (float(v[0]) for v in ratio_interval([now], [before]))
        low_sample = before < MIN_BASE
        if low_sample:
            words = "too few job posts here to tell a trend"
        elif np.isfinite(low) and low > 0:
            words = f"rising: {now} job posts in the last {window} months, up from {before}"
        elif np.isfinite(high) and high < 0:
            words = f"falling: {now} job posts in the last {window} months, down from {before}"
        else:
            words = f"steady: {now} job posts in the last {window} months, {before} the {window} before"
        trends[code] = {
            "window": [label("month", last - window + 1), label("month", last)],
            "new": now,
            "new_before": before,
            "growth": _num(point),
            "growth_interval": _interval(low, high),
            "low_sample": low_sample,
            "words": words,
        }
    return trends
