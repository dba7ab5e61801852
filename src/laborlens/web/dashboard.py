"""The analysts' dashboard: demand by area, occupation and skill, with charts, tables and CSV downloads.

Every chart has a table with the same numbers, and every table a CSV download of the same query.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, render_template, request

from laborlens import demand
from laborlens.demand.export import rows_to_csv
from laborlens.demand.forecast import ForecastError
from laborlens.errors import LaborLensError
from laborlens.web.charts import forecast_chart, trend_chart
from laborlens.web.extensions import heavy_limit, limiter, services

bp = Blueprint("dashboard", __name__)


def _query() -> dict:
    args = request.args
    return {
        "area": (args.get("area") or "").strip() or "national",
        "occupation": (args.get("occupation") or "").strip() or None,
        "skill": (args.get("skill") or "").strip() or None,
        "period": args.get("period") if args.get("period") in ("month", "week") else "month",
    }


def _tables(q: dict) -> dict:
    """Every table the dashboard shows, by name (the CSV downloads serve the same)."""
    store = services().store
    series = demand.series(store, q["area"], occupation=q["occupation"], skill=q["skill"], period=q["period"])
    growth = demand.growth(store, q["area"], period=q["period"])
    growth.sort(key=lambda row: -row["new"])
    movers = demand.top(store, q["area"], period=q["period"])
    skills = demand.top(store, q["area"], by="skill", period=q["period"])
    return {"series": series, "growth": growth[:50], "movers": movers, "skills": skills}


def _forecast(q: dict) -> tuple[dict | None, str | None]:
    try:
        return demand.forecast(
            services().store, q["area"], occupation=q["occupation"], skill=q["skill"], period=q["period"]
        ), None
    except (ForecastError, demand.DemandError) as error:
        return None, str(error)


@bp.get("/demand")
@limiter.limit(heavy_limit)
def dashboard():
    q = _query()
    built = demand.ensure_current(services().store)
    max_age = f"{current_app.config['DEMAND_MAX_AGE_MINUTES']:g}"
    try:
        tables = _tables(q)
    except LaborLensError as error:
        return render_template(
            "demand.html", q=q, error=str(error), limits=demand.LIMITS, built=built, max_age=max_age
        ), 400
    result, forecast_note = _forecast(q) if tables["series"] else (None, None)
    subject = q["occupation"] or q["skill"] or "all postings"
    return render_template(
        "demand.html",
        q=q,
        built=built,
        max_age=max_age,
        subject=subject,
        limits=demand.LIMITS,
        min_base=demand.MIN_BASE,
        trend=trend_chart(tables["series"], f"New and active postings: {subject}"),
        forecast=result,
        forecast_note=forecast_note,
        forecast_image=forecast_chart(tables["series"], result["forecast"], f"Forecast: {subject}") if result else None,
        **tables,
    )


@bp.get("/demand/<name>.csv")
@limiter.limit(heavy_limit)
def download(name: str):
    q = _query()
    if name == "forecast":
        result, note = _forecast(q)
        if result is None:
            abort(400, note)
        rows = result["forecast"]
    elif name in ("series", "growth", "movers", "skills"):
        table = _tables(q)[name]
        if name in ("movers", "skills"):
            rows = [r | {"direction": "growing"} for r in table["growing"]]
            rows += [r | {"direction": "shrinking"} for r in table["shrinking"]]
        else:
            rows = table
    else:
        abort(404, "Tables: series, growth, forecast, movers, skills.")
    place = re.sub(r"[^A-Za-z0-9]+", "-", q["area"]).strip("-")[:40] or "area"  # safe in a header
    filename = f"laborlens-{name}-{place}.csv"
    return Response(
        rows_to_csv(rows), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
