"""Security headers on every response, and errors that never show a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from laborlens.errors import LaborLensError

log = logging.getLogger("laborlens.web")

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def problem(status: int, title: str, detail: str | None = None, **extra):
    """An RFC 9457 problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, **({"detail": detail} if detail else {}), **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_security(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    @app.errorhandler(LaborLensError)
    def user_error(error):
        if _wants_json():
            return problem(400, "Bad request", str(error))
        return render_template("error.html", status=400, message=str(error)), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        if _wants_json():
            return problem(error.code or 500, error.name, error.description)
        return render_template("error.html", status=error.code, message=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error):
        # The details go to the log (without user text); the user gets a plain message.
        log.error("Unexpected %s on %s %s", type(error).__name__, request.method, request.path, exc_info=error)
        if _wants_json():
            return problem(500, "Internal Server Error", "Something went wrong on our side; please try again.")
        return render_template("error.html", status=500, message="Something went wrong on our side."), 500
