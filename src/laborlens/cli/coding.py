"""Coding commands: model build/status, classify, eval."""

from __future__ import annotations

import json
import os
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from laborlens.cli import FORMAT, Context, _open_input, friendly_errors, main
from laborlens.errors import LaborLensError


@main.group()
def model():
    """The occupation-coding model."""


@model.command("build")
@click.option("--if-stale", is_flag=True, help="Do nothing when the saved model already fits the loaded data.")
@click.option(
    "--embeddings",
    type=click.Choice(["auto", "on", "off"]),
    default="auto",
    show_default=True,
    help="Add the sentence-embedding signals (the optional `embeddings` extra); auto: when it is installed.",
)
@click.pass_obj
@friendly_errors
def model_build(obj: Context, if_stale, embeddings):
    """Learn the coder from the loaded reference data (no labelled postings needed) and save it."""
    from laborlens.coding import build_model, model_is_current, model_path

    if if_stale and model_is_current(obj.settings, obj.store):
        click.echo(f"The model at {model_path(obj.settings)} is current.")
        return
    from laborlens.matching import build_matcher

    click.echo("Building the occupation coder from the reference data...", err=True)
    metadata = build_model(obj.settings, obj.store, embeddings=embeddings)
    click.echo("Building the matching index...", err=True)
    build_matcher(obj.settings, obj.store)
    click.echo(
        f"Built {metadata['model_version']} from {metadata['titles']:,} titles of {metadata['occupations']:,} "
        f"occupations in {metadata['build_seconds']} s"
        + (", with sentence embeddings" if metadata["embeddings"] else "")
        + f": {model_path(obj.settings)}"
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
