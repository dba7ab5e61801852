"""The ``laborlens`` command: a thin layer over the library. Errors become one line and exit status 1.

Each submodule adds one family of commands to :func:`main`.
"""

from __future__ import annotations

import sys
from functools import wraps

import click

from laborlens import __version__
from laborlens.errors import CodeError, LaborLensError
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
            click.echo(
                "Interrupted: finished work is kept, unfinished work was rolled back; run again to go on.", err=True
            )
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


# Register the command families (each module adds its commands to ``main``).
from laborlens.cli import coding, demand, people, postings, reference, web  # noqa: E402, F401
