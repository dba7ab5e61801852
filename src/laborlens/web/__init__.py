"""The Flask application: worker pages, the JSON API (/api/v1) and its OpenAPI document.

``create_app(config)`` is the application factory; ``gunicorn 'laborlens.web:create_app()'`` serves it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from laborlens.web.extensions import Services, csrf, limiter


def _secret_key(home: Path) -> str:
    """LABORLENS_SECRET_KEY, else a key kept in the data directory (the same for every worker process)."""
    if os.environ.get("LABORLENS_SECRET_KEY"):
        return os.environ["LABORLENS_SECRET_KEY"]
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` may set LABORLENS_HOME, DATABASE_URL and any Flask setting."""
    from laborlens.settings import load_settings
    from laborlens.web import api, dashboard, pages
    from laborlens.web.security import register_security

    app = Flask(__name__)
    app.config.from_mapping(
        LABORLENS_HOME=None,
        DATABASE_URL=None,
        MAX_CONTENT_LENGTH=6 * 1024 * 1024,  # a 5 MB resume plus the form around it
        WTF_CSRF_TIME_LIMIT=None,
        RATELIMIT_STORAGE_URI=os.environ.get("LABORLENS_RATELIMIT_STORAGE", "memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
        HEAVY_RATE_LIMIT=os.environ.get("LABORLENS_HEAVY_RATE_LIMIT", "120/minute"),
        # Demand figures may be this many minutes behind the postings: a crawler adding postings all day
        # must not make every page rebuild the demand tables.
        DEMAND_MAX_AGE_MINUTES=os.environ.get("LABORLENS_DEMAND_MAX_AGE_MINUTES", "10"),
    )
    if config:
        app.config.update(config)
    app.config["DEMAND_MAX_AGE_MINUTES"] = _minutes(app.config["DEMAND_MAX_AGE_MINUTES"])
    settings = load_settings(home=app.config["LABORLENS_HOME"], database_url=app.config["DATABASE_URL"])
    app.config.setdefault("SECRET_KEY", None)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(settings.home)
    app.extensions["laborlens"] = Services(settings)
    csrf.init_app(app)
    limiter.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    csrf.exempt(api.bp)
    app.add_url_rule("/api/openapi.json", "openapi", api.openapi_document)
    register_security(app)
    _allow_recent_demand(app)
    return app


def _minutes(value) -> float:
    """LABORLENS_DEMAND_MAX_AGE_MINUTES as a number, or an error that says what to set (before anything opens)."""
    from laborlens.errors import LaborLensError

    try:
        minutes = float(value)
    except (TypeError, ValueError):
        minutes = float("nan")
    if not 0 <= minutes < 1e6:  # also refuses NaN
        raise LaborLensError(
            f"LABORLENS_DEMAND_MAX_AGE_MINUTES must be a number of minutes, 0 or more (such as 10), not {value!r}."
        )
    return minutes


def _allow_recent_demand(app: Flask) -> None:
    from datetime import timedelta

    from flask import g

    from laborlens.demand import tolerating_staleness

    max_age = timedelta(minutes=app.config["DEMAND_MAX_AGE_MINUTES"])

    @app.before_request
    def _enter():
        g.demand_staleness = tolerating_staleness(max_age)
        g.demand_staleness.__enter__()

    @app.teardown_request
    def _leave(_error):
        staleness = g.pop("demand_staleness", None)
        if staleness is not None:
            staleness.__exit__(None, None, None)
