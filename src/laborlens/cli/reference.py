"""Reference data commands: data fetch/load/status, occupation, occupations search, wages."""

from __future__ import annotations

import json
import textwrap

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from laborlens.cli import FORMAT, Context, _fail, friendly_errors, main
from laborlens.reference.catalogue import onet_attribution


@main.group()
def data():
    """Reference data: fetch, load and inspect."""


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@data.command("fetch")
@click.option(
    "--from",
    "source",
    metavar="PATH_OR_URL",
    help="A folder or URL laid out like shared/data (default: $LABORLENS_DATA_MIRROR, else the official sources).",
)
@click.option("--force", is_flag=True, help="Reload the store even if it already holds the same data.")
@click.pass_obj
@friendly_errors
def data_fetch(obj: Context, source, force):
    """Download (or copy) the reference files, check them and load the store."""
    from laborlens.reference import update_reference_data

    with _progress() as bars:
        tasks: dict[str, int] = {}

        def on_bytes(label, done, total):
            if label not in tasks:
                tasks[label] = bars.add_task(f"download {label}", total=total)
            bars.update(tasks[label], completed=done)

        def on_step(label):
            bars.console.print(f"[dim]… {label}[/dim]")

        report = update_reference_data(obj.settings, obj.store, source, force=force, progress=on_bytes, step=on_step)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    manifest = report.manifest
    verb = "Loaded" if report.loaded else "Already up to date:"
    files = len(manifest["files"])
    click.echo(
        f"{verb} O*NET {manifest['onet_version']}, {files} reference files and OEWS "
        f"{manifest['oews']['release']} from {manifest['origin']} into {obj.store!r}."
    )


@data.command("load")
@click.pass_obj
@friendly_errors
def data_load(obj: Context):
    """Load the already fetched files into the store (e.g. after setting DATABASE_URL)."""
    from laborlens.reference import reload_reference_data

    report = reload_reference_data(obj.settings, obj.store)
    click.echo(f"Loaded O*NET {report.manifest['onet_version']} into {obj.store!r}.")


@data.command("status")
@FORMAT
@click.pass_obj
@friendly_errors
def data_status(obj: Context, fmt):
    """What reference data is loaded: versions, sources and row counts."""
    from laborlens.reference import reference_status

    status = reference_status(obj.settings, obj.store)
    if fmt == "json":
        click.echo(json.dumps(status, indent=2, default=str))
        return
    click.echo(f"Store:      {status['store']}")
    click.echo(f"Data dir:   {status['data_dir']}")
    if not status["loaded"]:
        click.echo("No reference data loaded: run `laborlens data fetch`.")
        return
    click.echo(f"O*NET:      {status['onet_version']}   OEWS: {status['oews_release']}")
    click.echo(f"Loaded:     {status['created']} from {status['loaded_from']}")
    click.echo("Tables:")
    for name, count in status["tables"].items():
        click.echo(f"  {name:<24} {count:>9,}")
    for name, count in status["optional_tables"].items():
        note = "" if count else "   (optional: placing postings by latitude/longitude is off until fetched)"
        click.echo(f"  {name:<24} {count:>9,}{note}")
    click.echo(f"\n{onet_attribution(status['onet_version'])}")


def _money(value) -> str:
    return "n/a" if value is None else f"${value:,.0f}"


def _occupation_text(p: dict, onet_version: str | None) -> str:
    out = [f"{p['code']}  {p['title']}"]
    if p["resolution"]["note"]:
        out.append(f"Note: {p['resolution']['note']}")
    out.append("")
    out += textwrap.wrap(p["description"], 96)
    zone = p["job_zone"]
    out.append("")
    out.append(f"Job zone:   {zone} ({p['job_zone_name']})" if zone else "Job zone:   not rated")
    edu = p["education"]
    out.append(
        f"Education:  BLS typical entry: {edu['bls_entry'] or 'n/a'}; O*NET most common: {edu['onet_typical'] or 'n/a'}"
    )
    wages = p["wages"]
    if wages:
        out.append(
            f"Wages:      median {_money(wages['annual_median'])} a year "
            f"(${wages['hourly_median'] or 0:,.2f}/hr); 25th-75th percentile "
            f"{_money(wages['annual_p25'])}-{_money(wages['annual_p75'])}; {wages['area_name']}, OEWS May 2025"
        )
        if wages["note"]:
            out.append(f"            {wages['note']}")
    outlook = p["outlook"]
    if outlook:
        out.append(
            f"Outlook:    {outlook['change_percent']:+.1f}% employment change 2024-34; "
            f"{outlook['openings_annual']:,.0f} openings a year (BLS)"
        )
    for label, items, key in (
        ("Top tasks", p["tasks"], "statement"),
        ("Top skills", p["skills"], "name"),
        ("Technologies", p["technologies"], "name"),
        ("Tools", p["tools"], "name"),
    ):
        if items:
            out.append(f"\n{label}:")
            out += [f"  - {item[key]}" + (" (hot)" if item.get("hot") else "") for item in items]
    if p["related"]:
        out.append("\nRelated occupations:")
        out += [f"  {r['code']}  {r['title']}" for r in p["related"][:10]]
    out.append("\nLinks:")
    out += [f"  {url}" for url in p["links"].values()]
    out.append(f"\n{onet_attribution(onet_version)}")
    return "\n".join(out)


@main.command("occupation")
@click.argument("code")
@click.option("--area", default="national", show_default=True, help="Area for wages: national, TX, cbsa:35620, ZIP.")
@click.option("--top", default=10, show_default=True, help="How many tasks, skills and technologies to show.")
@FORMAT
@click.pass_obj
@friendly_errors
def occupation(obj: Context, code, area, top, fmt):
    """Show an occupation by O*NET-SOC 2019, SOC 2018 or O*NET-SOC 2010 code."""
    from laborlens.reference import loaded_manifest, occupation_profile

    profile = occupation_profile(obj.store, code, top=top, area=area)
    if fmt == "json":
        click.echo(json.dumps(profile, indent=2, default=str))
        return
    click.echo(_occupation_text(profile, (loaded_manifest(obj.store) or {}).get("onet_version")))


@main.group()
def occupations():
    """Find occupations."""


@occupations.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True)
@FORMAT
@click.pass_obj
@friendly_errors
def occupations_search(obj: Context, words, limit, fmt):
    """Occupations whose titles or alternate titles match WORDS, best first."""
    from laborlens.reference import search_occupations

    results = search_occupations(obj.store, " ".join(words), limit=limit)
    if fmt == "json":
        click.echo(json.dumps(results, indent=2))
        return
    if not results:
        _fail(f"No occupation title matches {' '.join(words)!r}; try fewer or more common words.")
    for r in results:
        extra = "" if r["matched_title"] == r["title"] else f"  (matched: {r['matched_title']})"
        click.echo(f"{r['code']}  {r['title']}{extra}")


@main.command("wages")
@click.argument("code")
@click.option("--area", default="national", show_default=True, help="national, TX, state:48, cbsa:35620 or a ZIP.")
@FORMAT
@click.pass_obj
@friendly_errors
def wages(obj: Context, code, area, fmt):
    """OEWS May 2025 wages and employment for an occupation in an area."""
    from laborlens.reference import resolve, wages_for

    target = resolve(obj.store, code).codes[0]
    result = wages_for(obj.store, target, area)
    if result is None:
        _fail(f"OEWS publishes no wages for {code} in {area} or its state or the nation.")
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(f"{result.soc_code} in {result.area_name} (OEWS May 2025)")
    if result.note:
        click.echo(f"Note: {result.note}")
    click.echo(f"Employment: {result.employment or 0:,.0f}")
    for label, prefix in (("Annual", "annual"), ("Hourly", "hourly")):
        values = [getattr(result, f"{prefix}_{p}") for p in ("p10", "p25", "median", "p75", "p90")]
        shown = "  ".join("n/a" if v is None else f"{v:,.2f}" for v in values)
        click.echo(f"{label:<7} p10 / p25 / median / p75 / p90: {shown}")
