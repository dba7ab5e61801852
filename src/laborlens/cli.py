"""The ``laborlens`` command: a thin layer over the library. Errors become one line and exit status 1."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from functools import wraps

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from laborlens import __version__
from laborlens.errors import CodeError, LaborLensError
from laborlens.reference.catalogue import onet_attribution
from laborlens.settings import load_settings
from laborlens.store import open_store

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def friendly_errors(command):
    """Turn library errors into one line on stderr and exit status 1; Ctrl-C into status 130."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CodeError as exc:
            lines = [str(exc)]
            if exc.suggestions:
                lines.append("Closest matches: " + "; ".join(f"{c} {t}" for c, t in exc.suggestions))
            _fail("\n".join(lines))
        except LaborLensError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was changed.", err=True)
            sys.exit(130)

    return wrapper


class Context:
    def __init__(self, home, database_url, base_url=None):
        self.settings = load_settings(home=home, database_url=database_url, base_url=base_url)
        self._store = None

    @property
    def store(self):
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    def close(self):
        if self._store is not None:
            self._store.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="laborlens")
@click.option(
    "--home",
    envvar="LABORLENS_HOME",
    type=click.Path(file_okay=False),
    help="Data directory (default: the platform's user data directory).",
)
@click.option("--database-url", envvar="DATABASE_URL", help="Store URL (default: SQLite in the data directory).")
@click.option(
    "--base-url",
    envvar="LABORLENS_BASE_URL",
    hidden=True,
    help="Test hook: send requests for https://HOST/PATH to BASE_URL/HOST/PATH.",
)
@click.pass_context
def main(ctx, home, database_url, base_url):
    """LaborLens: job postings coded to occupations, people matched to work, demand by place."""
    ctx.obj = Context(home, database_url, base_url)
    ctx.call_on_close(ctx.obj.close)


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


@main.group()
def model():
    """The occupation-coding model."""


@model.command("build")
@click.option("--if-stale", is_flag=True, help="Do nothing when the saved model already fits the loaded data.")
@click.pass_obj
@friendly_errors
def model_build(obj: Context, if_stale):
    """Learn the coder from the loaded reference data (no labelled postings needed) and save it."""
    from laborlens.coding import build_model, model_is_current, model_path

    if if_stale and model_is_current(obj.settings, obj.store):
        click.echo(f"The model at {model_path(obj.settings)} is current.")
        return
    from laborlens.matching import build_matcher

    click.echo("Building the occupation coder from the reference data...", err=True)
    metadata = build_model(obj.settings, obj.store)
    click.echo("Building the matching index...", err=True)
    build_matcher(obj.settings, obj.store)
    click.echo(
        f"Built {metadata['model_version']} from {metadata['titles']:,} titles of {metadata['occupations']:,} "
        f"occupations in {metadata['build_seconds']} s: {model_path(obj.settings)}"
    )


@model.command("status")
@FORMAT
@click.pass_obj
@friendly_errors
def model_status(obj: Context, fmt):
    """Which model is saved, when it was built, and whether the reference data changed since."""
    from laborlens.coding import load_model, model_path
    from laborlens.reference import loaded_manifest

    _, metadata = load_model(obj.settings)
    current = (loaded_manifest(obj.store) or {}).get("fingerprint")
    status = {
        **metadata,
        "path": str(model_path(obj.settings)),
        "data_current": metadata.get("data_fingerprint") == current,
    }
    if fmt == "json":
        click.echo(json.dumps(status, indent=2, default=str))
        return
    click.echo(f"Model:   {status['model_version']} built {status['built_at']} ({status['path']})")
    click.echo(
        "Data:    "
        + (
            "same reference data as the store"
            if status["data_current"]
            else "the store's reference data changed since; run `laborlens model build`"
        )
    )


def _open_input(path: str):
    if path == "-":
        return sys.stdin, None
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise LaborLensError(f"Cannot read {path}: {exc.strerror}.") from exc
    with open(path, "rb") as raw:
        total = sum(1 for _ in raw)
    return handle, total


@main.command("classify")
@click.option(
    "--input", "input_path", required=True, metavar="IN.jsonl", help="Postings, one JSON object a line; - for stdin."
)
@click.option("--output", "output_path", required=True, metavar="OUT.jsonl", help="Results; - for stdout.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="Codes per posting.")
@click.option(
    "--jobs",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes (default: all cores for inputs over 2,000 lines, else 1).",
)
@click.pass_obj
@friendly_errors
def classify(obj: Context, input_path, output_path, top, jobs):
    """Code postings to O*NET-SOC 2019: top codes with scores, evidence, skills and a not-a-job flag.

    Input lines: {"id", "title", "description"?, "category"?, "employer"?}. A bad line gives
    {"id", "error"} and the rest go on.
    """
    from laborlens.coding import MODEL_VERSION, classify_lines, load_model

    coder, _ = load_model(obj.settings)
    source, total = _open_input(input_path)
    out = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")  # noqa: SIM115
    written = errors = 0
    show = total is None or total > 1000
    try:
        with Progress(
            TextColumn("coding postings"),
            BarColumn(),
            TextColumn("{task.completed:,} lines"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not show,
        ) as bars:
            task = bars.add_task("classify", total=total)
            try:
                workers = jobs or ((os.cpu_count() or 1) if total is None or total > 2000 else 1)
                for record in classify_lines(source, coder, top=top, model_version=MODEL_VERSION, jobs=workers):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
                    errors += "error" in record
                    bars.update(task, advance=1)
            except UnicodeDecodeError as exc:
                raise LaborLensError(f"{input_path} is not UTF-8 text ({exc.reason}); save it as UTF-8 JSONL.") from exc
    finally:
        if out is not sys.stdout:
            out.close()
        if source is not sys.stdin:
            source.close()
    if written and errors == written:
        raise LaborLensError(f"No usable posting in {input_path}: every line had an error (see the output).")
    if errors:
        click.echo(f"{errors} of {written} lines had errors; see their 'error' fields.", err=True)


def _person_text(source: str) -> str:
    from laborlens.matching import text_from_file

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(6 * 1024 * 1024)
        except OSError as exc:
            raise LaborLensError(f"Cannot read {source}: {exc.strerror}.") from exc
    return text_from_file(data)


@main.command("match")
@click.argument("source", required=False, metavar="FILE|-")
@click.option("--input", "input_path", metavar="IN.jsonl", help='Batch mode: lines of {"id", "text"}; - for stdin.')
@click.option("--output", "output_path", metavar="OUT.jsonl", help="Batch mode: where results go; - for stdout.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 50), help="Occupations in each list.")
@click.option(
    "--area",
    default="national",
    show_default=True,
    help="Where pay and openings are looked up: ZIP, 'City, ST', TX, cbsa:NNNNN or national.",
)
@click.option("--no-pay-cut", is_flag=True, help="Next steps pay at least the median of the current occupation.")
@click.option(
    "--max-zone-step",
    default=1,
    show_default=True,
    type=click.IntRange(0, 4),
    help="Largest step up in O*NET job zone for next steps.",
)
@click.option(
    "--jobs", default=None, type=click.IntRange(1, 64), help="Batch mode: worker processes (default: all cores)."
)
@click.pass_obj
@friendly_errors
def match(obj: Context, source, input_path, output_path, top, area, no_pay_cut, max_zone_step, jobs):
    """Related occupations for a person: a resume (PDF, DOCX, TXT) or plain words, from FILE or - (stdin).

    Prints one JSON object: {"jobs_like_yours": [...], "next_steps": [...], "occupations": [...]}.
    """
    from laborlens.matching import load_matcher, match_lines

    matcher = load_matcher(obj.settings)
    options = {"area": area, "top": top, "no_pay_cut": no_pay_cut, "max_zone_step": max_zone_step}
    if input_path or output_path:
        if not (input_path and output_path) or source:
            raise LaborLensError("Batch mode needs both --input and --output, and no FILE argument.")
        handle, _ = _open_input(input_path)
        out = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")  # noqa: SIM115
        try:
            workers = jobs or os.cpu_count() or 1
            for record in match_lines(handle, matcher, obj.store, jobs=workers, **options):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
            if handle is not sys.stdin:
                handle.close()
        return
    if not source:
        raise LaborLensError("Give a FILE (PDF, DOCX or TXT), - to read stdin, or --input/--output for a batch.")
    result = matcher.match(obj.store, _person_text(source), **options)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False))


@main.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@FORMAT
@click.pass_obj
@friendly_errors
def eval_command(obj: Context, gold, fmt):
    """Score the coder on hand-coded postings (GOLD.jsonl with 'accept' codes and 'not_a_job')."""
    from laborlens.coding import evaluate, format_report, load_model, read_gold

    coder, _ = load_model(obj.settings)
    metrics = evaluate(coder, read_gold(gold))
    click.echo(json.dumps(metrics, indent=2) if fmt == "json" else format_report(metrics))


def _coder_or_none(obj: Context):
    """The saved coder, or None (postings are then stored uncoded; `laborlens recode` codes them later)."""
    from laborlens.coding import MODEL_VERSION, ModelError, load_model

    try:
        return load_model(obj.settings)[0], MODEL_VERSION
    except ModelError as error:
        click.echo(f"Note: storing postings uncoded ({error})", err=True)
        return None, None


def _report(report) -> None:
    click.echo(
        f"{report.added} added ({report.duplicates} duplicates of earlier postings), {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.coded} coded."
    )
    for error in report.errors[:20]:
        click.echo(f"Skipped: {error}", err=True)
    if len(report.errors) > 20:
        click.echo(f"... and {len(report.errors) - 20} more skipped lines.", err=True)


@main.group()
def ingest():
    """Store postings from files and public pages."""


@ingest.command("file")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--source", default="file", show_default=True, help="Source name for records without one.")
@click.option("--trust-codes", is_flag=True, help="Keep a record's own 'code' instead of coding it.")
@click.pass_obj
@friendly_errors
def ingest_file(obj: Context, path, source, trust_codes):
    """Postings from a JSONL or CSV file: id, title, description, employer, location, posted, url, source[, code]."""
    from pathlib import Path

    from laborlens.sources import ingest as store_postings
    from laborlens.sources import read_postings

    errors: list[str] = []

    def good():
        for _, posting, error in read_postings(Path(path), default_source=source):
            if error:
                errors.append(error)
            else:
                yield posting

    coder, version = _coder_or_none(obj)
    report = store_postings(obj.store, good(), coder=coder, model_version=version, trust_codes=trust_codes)
    report.errors[:0] = errors
    _report(report)


@ingest.command("jsonld")
@click.argument("url_or_file")
@click.pass_obj
@friendly_errors
def ingest_jsonld(obj: Context, url_or_file):
    """schema.org JobPosting JSON-LD from a web page (fetched politely) or a saved HTML file."""
    from pathlib import Path

    from laborlens.sources import ingest as store_postings
    from laborlens.sources import postings_from_html
    from laborlens.sources.polite import fetch_page, keep_raw

    if url_or_file.startswith(("http://", "https://")):
        html, raw = fetch_page(obj.settings, url_or_file)
        page_url = url_or_file
    else:
        try:
            data = Path(url_or_file).read_bytes()
        except OSError as exc:
            raise LaborLensError(f"Cannot read {url_or_file}: {exc.strerror}.") from exc
        html, page_url = data.decode("utf-8", errors="replace"), None
        raw = keep_raw(obj.settings, "jsonld", str(Path(url_or_file).resolve()), data)
    postings = list(postings_from_html(html, page_url, raw_path=raw))
    if not postings:
        raise LaborLensError(f"No schema.org JobPosting found in {url_or_file}.")
    coder, version = _coder_or_none(obj)
    _report(store_postings(obj.store, postings, coder=coder, model_version=version))


@main.command("recode")
@click.option("--all", "everything", is_flag=True, help="Recode every posting, not only those of older models.")
@click.pass_obj
@friendly_errors
def recode_command(obj: Context, everything):
    """Code stored postings with the current model (after `laborlens model build`)."""
    from laborlens.coding import MODEL_VERSION, load_model
    from laborlens.sources import recode

    coder, _ = load_model(obj.settings)
    done = recode(obj.store, coder, MODEL_VERSION, everything=everything)
    click.echo(f"Recoded {done} postings with {MODEL_VERSION}.")


@main.group()
def postings():
    """Stored postings."""


@postings.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.option("--source", help="Only postings from this source.")
@click.option("--limit", type=click.IntRange(1), help="At most this many.")
@click.pass_obj
@friendly_errors
def postings_list(obj: Context, fmt, source, limit):
    """Every stored posting, oldest first (JSONL: one object a line)."""
    from laborlens.sources import list_postings

    for record in list_postings(obj.store, source=source, limit=limit):
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            code = record["occupations"][0]["code"] if record["occupations"] else "uncoded"
            click.echo(
                f"{record['id']:>7}  {code:<10}  {record['source']}:{record['source_id'][:20]:<20}  "
                f"{record['title'][:60]}"
            )


@postings.command("show")
@click.argument("posting_id", type=int)
@click.pass_obj
@friendly_errors
def postings_show(obj: Context, posting_id):
    """One stored posting, as JSON."""
    from laborlens.sources import get_posting

    record = get_posting(obj.store, posting_id)
    if record is None:
        raise LaborLensError(f"No posting with id {posting_id}; see `laborlens postings list`.")
    click.echo(json.dumps(record, indent=2, ensure_ascii=False))


@postings.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True)
@click.pass_obj
@friendly_errors
def postings_search(obj: Context, words, limit):
    """Stored postings whose title or description has all the WORDS, newest first."""
    from laborlens.sources import search_postings

    for record in search_postings(obj.store, " ".join(words), limit=limit):
        code = record["occupations"][0]["code"] if record["occupations"] else "uncoded"
        click.echo(f"{record['id']:>7}  {code:<10}  {record['title'][:70]}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_obj
@friendly_errors
def serve(obj: Context, host, port):
    """Run the web app (pages and /api/v1) for local use; use gunicorn in production (see Procfile)."""
    from werkzeug.serving import run_simple

    from laborlens.web import create_app

    app = create_app({"LABORLENS_HOME": str(obj.settings.home), "DATABASE_URL": obj.settings.database_url})
    services = app.extensions["laborlens"]
    services.store, services.coder, services.matcher  # noqa: B018 - load models before the first visitor
    click.echo(f"LaborLens is running at http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    run_simple(host, port, app, threaded=True, use_reloader=False)


@main.group()
def db():
    """The store's schema."""


@db.command("upgrade")
@click.pass_obj
@friendly_errors
def db_upgrade(obj: Context):
    """Create or migrate the store's tables to the newest version."""
    obj.store.upgrade()
    click.echo(f"Schema is current in {obj.store!r}.")


if __name__ == "__main__":
    main()
