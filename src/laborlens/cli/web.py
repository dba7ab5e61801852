"""The web app and the schema: serve, db upgrade."""

from __future__ import annotations

import click

from laborlens.cli import Context, friendly_errors, main


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
