"""People matching: laborlens match."""

from __future__ import annotations

import json
import os
import sys

import click

from laborlens.cli import Context, _open_input, friendly_errors, main
from laborlens.errors import LaborLensError


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
