"""The JSON API, /api/v1: coding postings, matching people, occupations, postings and demand.

Errors are RFC 9457 problems."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from laborlens import demand
from laborlens.coding.batch import code_postings, posting_problem
from laborlens.errors import CodeError, LaborLensError
from laborlens.matching import clean_person_text, text_from_file
from laborlens.reference import search_occupations
from laborlens.sources import find_postings
from laborlens.web.extensions import heavy_limit, limiter, services
from laborlens.web.openapi import OPENAPI
from laborlens.web.security import problem

bp = Blueprint("api", __name__)
MAX_BATCH = 1000


def openapi_document():
    return jsonify(OPENAPI)


def _int(value, name: str, low: int, high: int, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise LaborLensError(f"'{name}' must be a whole number from {low} to {high}.") from None
    if not low <= number <= high:
        raise LaborLensError(f"'{name}' must be from {low} to {high}.")
    return number


def _flag(value) -> bool:
    return value is True or str(value).lower() in {"1", "true", "yes", "on"}


@bp.post("/classify")
@limiter.limit(heavy_limit)
def classify():
    """Code one posting or a batch of up to 1,000 (the `laborlens classify` fields)."""
    body = request.get_json(silent=True)
    if body is None:
        return problem(400, "Bad request", 'Send JSON: a posting object, or {"postings": [...]}.')
    single = isinstance(body, dict) and "postings" not in body
    postings = [body] if single else (body.get("postings") if isinstance(body, dict) else None)
    if not isinstance(postings, list) or not postings:
        return problem(400, "Bad request", "'postings' must be a non-empty list of posting objects.")
    if len(postings) > MAX_BATCH:
        return problem(413, "Payload Too Large", f"At most {MAX_BATCH} postings a request; split the batch.")
    top = _int(request.args.get("top", body.get("top") if isinstance(body, dict) else None), "top", 1, 50, 5)
    errors = [(i, posting_problem(p)) for i, p in enumerate(postings)]
    errors = [(i, e) for i, e in errors if e]
    if errors:
        first, message = errors[0]
        return problem(
            422,
            "Unprocessable posting",
            f"posting {first}: {message}",
            errors=[{"index": i, "error": e} for i, e in errors[:50]],
        )
    coder, version = services().coder
    results = code_postings(coder, postings, top=top, model_version=version)
    return jsonify(results[0] if single else {"results": results, "model_version": version})


@bp.post("/match")
@limiter.limit(heavy_limit)
def match():
    """Match a person from text (JSON or form) or an uploaded resume (multipart field 'file')."""
    if request.files.get("file"):
        text = text_from_file(request.files["file"].read())
        options = request.form
    else:
        body = request.get_json(silent=True) if request.is_json else request.form
        if not body or not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return problem(400, "Bad request", 'Send {"text": "..."} as JSON, or a resume as multipart \'file\'.')
        text = clean_person_text(body["text"])
        options = body
    result = services().matcher.match(
        services().store,
        text,
        area=str(options.get("area") or "national"),
        top=_int(options.get("top"), "top", 1, 50, 10),
        no_pay_cut=_flag(options.get("no_pay_cut")),
        max_zone_step=_int(options.get("max_zone_step"), "max_zone_step", 0, 4, 1),
    )
    return jsonify(result)


@bp.get("/occupations/<path:code>")
def occupation(code: str):
    """An occupation's profile by O*NET-SOC 2019, SOC 2018 or O*NET-SOC 2010 code."""
    area = request.args.get("area", "national")
    top = _int(request.args.get("top"), "top", 1, 50, 10)
    try:
        return jsonify(services().occupation(code, area, top))
    except CodeError as error:
        if error.suggestions:
            return problem(
                404, "Not Found", str(error), suggestions=[{"code": c, "title": t} for c, t in error.suggestions]
            )
        raise


@bp.get("/occupations")
def occupations():
    """Occupations whose titles match ?q=, best first."""
    query = (request.args.get("q") or "").strip()
    if not query:
        return problem(400, "Bad request", "Give words to search for: /api/v1/occupations?q=forklift")
    limit = _int(request.args.get("limit"), "limit", 1, 100, 10)
    return jsonify({"query": query, "results": search_occupations(services().store, query, limit=limit)})


def _choice(value, name: str, choices: tuple[str, ...], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices:
        raise LaborLensError(f"'{name}' must be one of {', '.join(choices)}.")
    return value


def _subject_args() -> dict:
    args = request.args
    area = (args.get("area") or "").strip()
    if not area:
        raise LaborLensError("Give an area: national, a state (TX or state:48), a CBSA (cbsa:35620) or a ZIP.")
    return {
        "area": area,
        "period": _choice(args.get("period"), "period", ("month", "week"), "month"),
    }


def _text(name: str) -> str | None:
    return (request.args.get(name) or "").strip() or None


@bp.get("/demand/series")
def demand_series():
    """New and active postings per period in an area, for an occupation, a skill or everything."""
    rows = demand.series(services().store, occupation=_text("occupation"), skill=_text("skill"), **_subject_args())
    return jsonify(rows)


@bp.get("/demand/growth")
def demand_growth():
    """Growth of new postings with intervals, sample flags and context, for one occupation or all."""
    rows = demand.growth(
        services().store,
        occupation=_text("occupation"),
        level=_choice(request.args.get("level"), "level", ("onet", "soc", "major"), "onet"),
        last=_int(request.args.get("last"), "last", 1, 520, 0) or None,
        **_subject_args(),
    )
    return jsonify(rows)


@bp.get("/demand/forecast")
@limiter.limit(heavy_limit)
def demand_forecast():
    """New postings ahead with 80% and 95% prediction intervals, and the model's backtest."""
    try:
        result = demand.forecast(
            services().store,
            occupation=_text("occupation"),
            skill=_text("skill"),
            horizon=_int(request.args.get("horizon"), "horizon", 1, 60, 6),
            model=_choice(request.args.get("model"), "model", ("auto", "negbin", "ets"), "auto"),
            **_subject_args(),
        )
    except demand.ForecastError as error:
        return problem(422, "Cannot forecast", str(error))
    return jsonify(result)


@bp.get("/demand/top")
def demand_top():
    """Fastest-growing and fastest-shrinking occupations or skills in an area, with minimum support."""
    result = demand.top(
        services().store,
        by=_choice(request.args.get("by"), "by", ("occupation", "skill"), "occupation"),
        window=_int(request.args.get("window"), "window", 1, 24, 3),
        level=_choice(request.args.get("level"), "level", ("onet", "soc", "major"), "onet"),
        limit=_int(request.args.get("limit"), "limit", 1, 100, 10),
        min_support=_int(request.args.get("min_support"), "min_support", 1, 100000, demand.MIN_BASE),
        **_subject_args(),
    )
    return jsonify(result)


@bp.get("/postings")
def postings():
    """Stored postings, newest first, filtered by words, occupation, area and source, a page at a time."""
    return jsonify(
        find_postings(
            services().store,
            words=_text("q"),
            occupation=_text("occupation"),
            area=_text("area"),
            source=_text("source"),
            limit=_int(request.args.get("limit"), "limit", 1, 100, 20),
            offset=_int(request.args.get("offset"), "offset", 0, 1_000_000, 0),
            days=_int(request.args.get("days"), "days", 1, 3650, 0) or None,
        )
    )
