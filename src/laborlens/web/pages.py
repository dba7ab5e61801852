"""Pages for workers: tell us about your work, results, an occupation, and coding a posting. No JavaScript needed."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from laborlens.coding.batch import code_postings
from laborlens.coding.lexicon import SECTION_PRIORS
from laborlens.errors import CodeError, LaborLensError
from laborlens.matching import clean_person_text, text_from_file
from laborlens.sources import find_postings
from laborlens.web.extensions import heavy_limit, limiter, services

bp = Blueprint("pages", __name__)
OPEN_DAYS = 30  # a posting seen in this many days counts as open (as in "Openings near you" on result cards)


@bp.get("/")
def home():
    return render_template("home.html")


@bp.post("/results")
@limiter.limit(heavy_limit)
def results():
    upload = request.files.get("resume")
    area = (request.form.get("area") or "").strip() or "national"
    try:
        if upload and upload.filename:
            text = text_from_file(upload.read())
        else:
            text = clean_person_text(request.form.get("about") or "")
        result = services().matcher.match(services().store, text, area=area, top=5)
    except LaborLensError as error:
        return render_template("home.html", error=str(error), about=request.form.get("about", ""), area=area), 400
    return render_template("results.html", result=result)


@bp.get("/occupation/<path:code>")
def occupation(code: str):
    area = (request.args.get("area") or "").strip() or "national"
    try:
        profile = services().occupation(code, area, 10)
    except CodeError as error:
        if error.suggestions:
            return render_template("error.html", status=404, message=str(error), suggestions=error.suggestions), 404
        abort(400, str(error))
    return render_template("occupation.html", o=profile)


@bp.get("/openings")
def openings():
    """Job openings stored here, by kind of work (words or an occupation code) and place."""
    words = (request.args.get("q") or "").strip()
    occupation = (request.args.get("occupation") or "").strip() or None
    area = (request.args.get("area") or "").strip() or None
    page = max(1, min(_page(request.args.get("page")), 1000))
    found, error = None, None
    if words or occupation or area:
        try:
            found = find_postings(
                services().store,
                words=words,
                occupation=occupation,
                area=area,
                limit=20,
                offset=(page - 1) * 20,
                days=OPEN_DAYS,
            )
        except LaborLensError as problem:
            error = str(problem)
    status = 400 if error else 200
    return render_template(
        "openings.html", words=words, occupation=occupation, area=area, found=found, error=error, page=page
    ), status


def _page(value) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split text into (piece, highlighted) parts; the template escapes every piece."""
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    parts.append((text[position:], False))
    return [p for p in parts if p[0]]


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit(heavy_limit, methods=["POST"])
def code():
    sections = sorted((key, name) for key, (name, _) in SECTION_PRIORS.items())
    if request.method == "GET":
        return render_template("code.html", sections=sections)
    posting = {
        "title": request.form.get("title", "").strip(),
        "description": request.form.get("description", "").strip(),
        "category": request.form.get("category") or None,
    }
    if not posting["title"] and not posting["description"]:
        return render_template(
            "code.html", sections=sections, posting=posting, error="Paste a job title or a job description."
        ), 400
    coder, version = services().coder
    result = code_postings(coder, [posting], top=5, model_version=version)[0]
    description = posting["description"]
    spans = [tuple(m["span"]) for m in result["evidence"].get("description", []) if m["span"]]
    offset = len(posting["title"]) + 1  # skill spans count from the title, then a line break
    spans += [
        (s["span"][0] - offset, s["span"][1] - offset) for s in result["skills"] if s["span"] and s["span"][0] >= offset
    ]
    return render_template(
        "code.html", sections=sections, posting=posting, result=result, highlighted=_highlight(description, spans)
    )
