"""The web app and the JSON API through Flask's test client: pages, endpoints, errors, security, OpenAPI."""

import io
import json
import re

import pytest
from openapi_spec_validator import validate

from laborlens.web.openapi import OPENAPI


@pytest.fixture
def client(make_app):
    return make_app(WTF_CSRF_ENABLED=False).test_client()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/code",
        "/occupation/53-7051.00",
        "/occupation/15-1199.10",
        "/openings",
        "/openings?q=cook&area=TX",
        "/demand",
    ],
)
def test_pages_render_with_attribution_and_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "CC BY 4.0" in html and "USDOL/ETA" in html
    assert '<html lang="en">' in html
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if path != "/demand":  # worker pages; the analysts' dashboard carries its charts inline
        assert len(response.data) < 150_000


def test_home_form_has_labels_for_every_field(client):
    html = client.get("/").get_data(as_text=True)
    for field in ("about", "resume", "area"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html


def test_two_sentences_give_result_cards(client):
    response = client.post(
        "/results", data={"about": "I drove a forklift and counted stock. I worked nights.", "area": "Dayton, OH"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Jobs like yours" in html and "Next steps" in html
    assert "Industrial Truck and Tractor Operators" in html
    assert "Pay here" in html and "Dayton" in html
    assert "mynextmove.org" in html and "careeronestop.org" in html


def test_resume_upload_gives_results(client):
    data = {"about": "", "area": "", "resume": (io.BytesIO(b"I worked as a cashier and stocked shelves."), "cv.txt")}
    response = client.post("/results", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Cashiers" in response.get_data(as_text=True)


def test_bad_upload_shows_a_plain_message(client):
    data = {"resume": (io.BytesIO(b"%PDF-1.4 broken"), "cv.pdf")}
    response = client.post("/results", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "PDF is damaged" in response.get_data(as_text=True)


def test_empty_form_asks_for_words(client):
    response = client.post("/results", data={"about": "  "})
    assert response.status_code == 400 and "type a few words" in response.get_data(as_text=True)


def test_forms_need_a_csrf_token(make_app):
    client = make_app().test_client()
    response = client.post("/results", data={"about": "I was a cook"})
    assert response.status_code == 400
    home = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    response = client.post("/results", data={"about": "I was a cook", "csrf_token": token})
    assert response.status_code == 200


def test_posting_text_is_escaped_never_run(client):
    response = client.post(
        "/code",
        data={"title": "Line cook <b>now</b>", "description": "<script>alert('x')</script> Cook food on the grill."},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "35-2014.00" in html


def test_unknown_occupation_page_suggests_codes(client):
    response = client.get("/occupation/15-2052.00")
    assert response.status_code == 404
    assert "15-2051.00" in response.get_data(as_text=True)


# ---- API -------------------------------------------------------------------------------------------
def test_classify_one_posting_and_a_batch(client):
    one = client.post("/api/v1/classify", json={"id": 1, "title": "CDL-A driver"})
    assert one.status_code == 200
    assert one.json["occupations"][0]["code"] == "53-3032.00" and one.json["id"] == 1
    batch = client.post("/api/v1/classify?top=2", json={"postings": [{"title": "Caregiver"}, {"title": "Line cook"}]})
    assert [r["occupations"][0]["code"] for r in batch.json["results"]] == ["31-1122.00", "35-2014.00"]
    assert len(batch.json["results"][0]["occupations"]) == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"postings": []}, 400),
        ({"postings": [{"title": 5}]}, 422),
        ({"postings": [{"description": ""}]}, 422),
        ({"postings": [{"title": "x"}] * 1001}, 413),
        ([1, 2], 400),
    ],
)
def test_classify_bad_input_is_a_problem_document(client, body, status):
    response = client.post("/api/v1/classify", json=body)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == status and response.json["title"]


def test_match_from_text_and_from_a_file(client):
    response = client.post("/api/v1/match", json={"text": "I was a nanny for two children", "top": 3})
    assert response.status_code == 200 and response.json["occupations"][0]["code"] == "39-9011.00"
    upload = client.post(
        "/api/v1/match",
        data={"file": (io.BytesIO(b"I mowed lawns for a landscaper"), "me.txt"), "top": "3"},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200 and upload.json["jobs_like_yours"][0]["code"] == "37-3011.00"
    bad = client.post("/api/v1/match", json={"text": "I cook", "top": "many"})
    assert bad.status_code == 400 and "'top'" in bad.json["detail"]


def test_occupation_endpoints(client):
    assert client.get("/api/v1/occupations/15-2051.00").json["title"] == "Data Scientists"
    missing = client.get("/api/v1/occupations/15-2052.00")
    assert missing.status_code == 404 and missing.json["suggestions"][0]["code"] == "15-2051.00"
    assert client.get("/api/v1/occupations/nonsense").status_code == 400
    search = client.get("/api/v1/occupations?q=forklift").json
    assert search["results"][0]["code"] == "53-7051.00"
    assert client.get("/api/v1/occupations").status_code == 400


def test_request_size_is_limited(client):
    response = client.post("/api/v1/match", data=b"x" * (7 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_heavy_endpoints_are_rate_limited(make_app):
    client = make_app(HEAVY_RATE_LIMIT="2/minute", WTF_CSRF_ENABLED=False).test_client()
    statuses = [client.post("/api/v1/classify", json={"title": "Welder"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_openapi_document_is_valid_and_matches_the_routes(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"] == "3.1.0"
    validate(document)
    app = client.application
    routes = {
        re.sub(r"<(?:path:)?(\w+)>", r"{\1}", rule.rule): {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    documented = {path: set(methods) for path, methods in OPENAPI["paths"].items()}
    assert routes == documented


def test_no_stack_trace_reaches_a_user(make_app, monkeypatch):
    app = make_app(WTF_CSRF_ENABLED=False, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    services = app.extensions["laborlens"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(type(services.matcher), "match", broken)
    response = client.post("/api/v1/match", json={"text": "I cook"})
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert json.loads(response.data)["title"] == "Internal Server Error"


@pytest.mark.parametrize("value", ["soon", "-5", "nan"])
def test_a_bad_demand_max_age_is_refused_with_what_to_set(make_app, value):
    from laborlens.errors import LaborLensError

    with pytest.raises(LaborLensError, match="LABORLENS_DEMAND_MAX_AGE_MINUTES must be a number of minutes"):
        make_app(DEMAND_MAX_AGE_MINUTES=value)


def test_the_demand_max_age_is_read_as_minutes(make_app):
    app = make_app(DEMAND_MAX_AGE_MINUTES="2.5")
    assert app.config["DEMAND_MAX_AGE_MINUTES"] == 2.5
