"""Posting commands: ingest file/jsonld, recode, postings list/show/search."""

from __future__ import annotations

import json
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from laborlens.cli import Context, friendly_errors, main
from laborlens.errors import LaborLensError


def _coder_or_none(obj: Context):
    """The saved coder, or None (postings are then stored uncoded; `laborlens recode` codes them later)."""
    from laborlens.coding import MODEL_VERSION, ModelError, load_model

    try:
        return load_model(obj.settings)[0], MODEL_VERSION
    except ModelError as error:
        click.echo(f"Note: storing postings uncoded ({error})", err=True)
        return None, None


@contextmanager
def _counter(label: str):
    """A live count on stderr for long runs; yields the function that advances it."""
    with Progress(
        TextColumn(label),
        TextColumn("{task.completed:,}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bars:
        task = bars.add_task(label, total=None)
        yield lambda n=1: bars.update(task, advance=n)


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
    with _counter("storing postings") as advance:
        report = store_postings(
            obj.store, good(), coder=coder, model_version=version, trust_codes=trust_codes, progress=advance
        )
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


@ingest.command("board")
@click.argument("spec", metavar="KIND:NAME")
@click.pass_obj
@friendly_errors
def ingest_board(obj: Context, spec):
    """An employer's public job board: greenhouse:TOKEN, lever:COMPANY or ashby:BOARD."""
    from laborlens.sources import ingest as store_postings
    from laborlens.sources.boards import board_postings

    postings = board_postings(obj.settings, spec)
    coder, version = _coder_or_none(obj)
    _report(store_postings(obj.store, postings, coder=coder, model_version=version))


@ingest.command("usajobs")
@click.option("--keyword", required=True, help="Search words, e.g. 'forklift'.")
@click.option("--max-pages", default=10, show_default=True, type=click.IntRange(1), help="Pages of 500 results.")
@click.pass_obj
@friendly_errors
def ingest_usajobs(obj: Context, keyword, max_pages):
    """Federal postings from the USAJOBS Search API (set LABORLENS_USAJOBS_KEY and LABORLENS_USAJOBS_EMAIL)."""
    from laborlens.sources import ingest as store_postings
    from laborlens.sources.usajobs import usajobs_postings

    postings = usajobs_postings(obj.settings, keyword, max_pages=max_pages)
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


@main.group()
def crawl():
    """Collect postings from the web (politely; see the README on permissions)."""


@crawl.command("craigslist")
@click.option("--sites", required=True, help="Comma-separated Craigslist sites, e.g. newyork,chicago.")
@click.option(
    "--sections", default="jobs,gigs", show_default=True, help="jobs, gigs or section abbreviations such as egr,trd."
)
@click.option(
    "--delay",
    default=2.0,
    show_default=True,
    type=float,
    help="Seconds between requests to one host (under 2 only with a loopback --base-url).",
)
@click.option("--max-pages", type=click.IntRange(1), help="At most this many search pages per site and section.")
@click.pass_obj
@friendly_errors
def crawl_craigslist(obj: Context, sites, sections, delay, max_pages):
    """Craigslist jobs and gigs: search each site and section, fetch details of new postings, store them.

    Craigslist's terms forbid automated collection without its written permission: obtain it first.
    Interrupt with Ctrl-C at any time; run again to resume.
    """
    from laborlens.sources.crawler import CraigslistCrawler

    coder, version = _coder_or_none(obj)
    with _counter("crawling Craigslist (Ctrl-C stops; run again to resume): postings stored") as advance:
        crawler = CraigslistCrawler(
            obj.settings,
            obj.store,
            delay=delay,
            max_pages=max_pages,
            coder=coder,
            model_version=version,
            progress=advance,
        )
        try:
            report = crawler.crawl(
                [s.strip() for s in sites.split(",") if s.strip()],
                [s.strip() for s in sections.split(",") if s.strip()],
            )
        finally:
            crawler.close()
    click.echo(
        f"{report.searches} searches, {report.listed} listed, {report.stored} new or renewed postings "
        f"stored, {report.seen_again} seen again, {len(report.skipped)} skipped."
    )
    for message in report.skipped[:20]:
        click.echo(f"Skipped: {message}", err=True)
    for host, reason in report.blocked.items():
        click.echo(f"Stopped crawling {host}: {reason}.", err=True)
