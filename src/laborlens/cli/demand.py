"""`laborlens demand series|growth|forecast|top|rebuild`: posting demand by place, in table, JSON or CSV."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from laborlens.cli import Context, friendly_errors, main
from laborlens.demand.export import rows_to_csv

OUTPUT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
AREA = click.option(
    "--area", required=True, help="national, a state (TX or state:48), a CBSA (cbsa:35620) or a ZIP code."
)
PERIOD = click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    return str(value)


def _pct(value) -> str:
    return "" if value is None else f"{value:+.1%}"


def _emit(rows: list[dict], fmt: str, columns: dict[str, str], *, title: str, limits: bool = True) -> None:
    """Rows as a table (the chosen columns), JSON (every field) or CSV (every field, lists as JSON)."""
    from laborlens.demand import LIMITS

    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        click.echo(rows_to_csv(rows), nl=False)
        return
    table = Table(title=escape(title), title_justify="left")
    for header in columns.values():
        table.add_column(header, overflow="fold")
    for row in rows:  # names from postings may hold [brackets]: shown as written, never read as markup
        table.add_row(*[escape(_format(name, row.get(name))) for name in columns])
    console = Console()
    console.print(table)
    if limits:
        for line in LIMITS:
            console.print(f"[dim]- {line}[/dim]", highlight=False)


def _format(name: str, value) -> str:
    if name == "share":
        return "" if value is None else f"{value:.1%}"
    if name in ("mom", "yoy", "rolling_3m", "growth", "projected_annual_growth_2024_34"):
        return _pct(value)
    if name.endswith("_interval") and value:
        return f"{_pct(value[0])} to {_pct(value[1]) if value[1] is not None else 'no bound'}"
    if isinstance(value, bool):
        return "yes" if value else ""
    return _cell(value)


@main.group()
def demand():
    """Posting demand by place: counts, growth, forecasts and movers, from deduplicated coded postings."""


def _progress(step: str) -> None:
    click.echo(f"Updating the demand tables: {step}...", err=True)


def _ready(obj: Context) -> None:
    from laborlens.demand import ensure_current

    ensure_current(obj.store, _progress)


@demand.command("rebuild")
@click.pass_obj
@friendly_errors
def demand_rebuild(obj: Context):
    """Rebuild the demand tables from the stored postings (other demand commands do it when stale)."""
    from laborlens.demand import rebuild

    build = rebuild(obj.store, _progress)
    click.echo(f"Rebuilt demand from {build.clusters} deduplicated postings in {build.seconds:.1f} s.")


@demand.command("series")
@AREA
@click.option("--occupation", help="An O*NET-SOC (53-7062.00), SOC (53-7062) or major group (53-0000) code.")
@click.option("--skill", help="A skill or technology name, as stored (e.g. 'Microsoft Excel').")
@PERIOD
@OUTPUT
@click.pass_obj
@friendly_errors
def demand_series(obj: Context, area, occupation, skill, period, fmt):
    """New and active postings per period for an occupation or a skill (all postings without either)."""
    from laborlens.demand import series

    _ready(obj)
    rows = series(obj.store, area, occupation=occupation, skill=skill, period=period)
    what = occupation or skill or "all postings"
    _emit(rows, fmt, {"period": "Period", "new": "New", "active": "Active"}, title=f"{what} in {area}")


@demand.command("growth")
@AREA
@click.option("--occupation", help="One occupation (every occupation at --level without it).")
@click.option("--level", type=click.Choice(["onet", "soc", "major"]), default="onet", show_default=True)
@PERIOD
@click.option("--last", type=click.IntRange(1), help="Latest N periods (default: all for one occupation, else 1).")
@OUTPUT
@click.pass_obj
@friendly_errors
def demand_growth(obj: Context, area, occupation, level, period, last, fmt):
    """Growth of new postings (month over month, year over year, 3-month rolling) with intervals and context."""
    from laborlens.demand import growth

    _ready(obj)
    rows = growth(obj.store, area, occupation=occupation, level=level, period=period, last=last)
    if fmt == "table" and not occupation:
        rows.sort(key=lambda row: -row["new"])
    columns = {
        "occupation": "Occupation",
        "title": "Title",
        "period": "Period",
        "new": "New",
        "active": "Active",
        "mom": "MoM",
        "mom_interval": "MoM 95%",
        "yoy": "YoY",
        "rolling_3m": "3-month",
        "low_sample": "Low sample",
        "share": "Share",
        "postings_per_1000_employed": "Per 1k employed",
    }
    if rows and rows[0]["area"] == "national":
        columns |= {"projected_annual_growth_2024_34": "BLS 2024-34/yr", "diverges_from_projection": "Diverges"}
    _emit(rows, fmt, columns, title=f"Growth of new postings in {area}")


@demand.command("forecast")
@AREA
@click.option("--occupation", help="An occupation code (all postings without it or --skill).")
@click.option("--skill", help="A skill name.")
@click.option("--horizon", type=click.IntRange(1, 60), default=6, show_default=True)
@PERIOD
@click.option("--model", type=click.Choice(["auto", "negbin", "ets"]), default="auto", show_default=True)
@OUTPUT
@click.pass_obj
@friendly_errors
def demand_forecast(obj: Context, area, occupation, skill, horizon, period, model, fmt):
    """New postings HORIZON periods ahead with 80% and 95% prediction intervals, and the model's backtest."""
    from laborlens.demand import forecast

    _ready(obj)
    result = forecast(obj.store, area, occupation=occupation, skill=skill, horizon=horizon, period=period, model=model)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = [row | {"model": result["model"]} for row in result["forecast"]]
    _emit(
        rows,
        fmt,
        {"period": "Period", "new": "Forecast", "interval_80": "80% interval", "interval_95": "95% interval"},
        title=f"{result['title']} in {result['area']}",
        limits=False,
    )
    if fmt == "table":
        test = result["backtest"]
        click.echo(
            f"Model: {result['model']}; backtest MASE {test['mase']} "
            f"(seasonal naive: {test['seasonal_naive_mase']}) over {test['origins']} origins."
        )
        for note in result["notes"]:
            click.echo(f"Note: {note}")


@demand.command("top")
@AREA
@click.option("--by", type=click.Choice(["occupation", "skill"]), default="occupation", show_default=True)
@click.option("--window", type=click.IntRange(1, 24), default=3, show_default=True, help="Periods compared.")
@click.option("--level", type=click.Choice(["onet", "soc", "major"]), default="onet", show_default=True)
@PERIOD
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--min-support", type=click.IntRange(1), default=None, help="Fewest earlier postings to rank.")
@OUTPUT
@click.pass_obj
@friendly_errors
def demand_top(obj: Context, area, by, window, level, period, limit, min_support, fmt):
    """Fastest-growing and fastest-shrinking occupations or skills: the latest WINDOW periods over the ones before."""
    from laborlens.demand import MIN_BASE, top

    _ready(obj)
    result = top(
        obj.store,
        area,
        by=by,
        window=window,
        period=period,
        level=level,
        limit=limit,
        min_support=min_support or MIN_BASE,
    )
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    rows = [row | {"direction": "growing"} for row in result["growing"]]
    rows += [row | {"direction": "shrinking"} for row in result["shrinking"]]
    columns = {
        "direction": "",
        by: by.title(),
        "title": "Title",
        "new_before": "Before",
        "new": "Latest",
        "growth": "Growth",
        "growth_interval": "95% interval",
    }
    window_text = " to ".join(result.get("window", [])) or "no window yet"
    _emit(rows, fmt, columns, title=f"Movers in {result['area_name']}, {window_text}", limits=fmt == "table")
    if fmt == "table":
        click.echo(
            result.get("note")
            or f"{result['too_few']} with fewer than {result['min_support']} earlier postings are not ranked."
        )
