"""The worker pages in a real browser (Debian's Chromium driven by Playwright), with axe-core checks.

Skipped, with the reason, where Chromium is not installed; CI installs it and sets
LABORLENS_REQUIRE_BROWSER=1 so that nothing here can be skipped there.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest

from laborlens.web import create_app

CHROMIUM = os.environ.get("LABORLENS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

if not CHROMIUM:
    if os.environ.get("LABORLENS_REQUIRE_BROWSER") == "1":
        pytest.fail("LABORLENS_REQUIRE_BROWSER=1 but no chromium is installed", pytrace=False)
    pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from streams import ingest_stream  # noqa: E402
from test_matching import _pdf_with_text  # noqa: E402


@pytest.fixture(scope="module")
def site(coder_home):
    settings, store = coder_home
    app = create_app(
        {
            "LABORLENS_HOME": str(settings.home),
            "DATABASE_URL": store.url,
            "SECRET_KEY": "browser",
            "HEAVY_RATE_LIMIT": "1000/minute",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["laborlens"].close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _no_serious_violations(page):
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def _shot(page, name):
    if os.environ.get("LABORLENS_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_two_sentences_give_result_cards(site, page):
    page.goto(site + "/")
    _no_serious_violations(page)
    _shot(page, "home")
    page.fill("#about", "I drove a forklift and counted stock. I also loaded trucks.")
    page.fill("#area", "Dayton, OH")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Jobs like yours")
    cards = page.locator("article.card")
    assert cards.count() >= 5
    assert "Industrial Truck and Tractor Operators" in page.content()
    assert page.locator("text=Pay here").first.is_visible()
    _no_serious_violations(page)
    _shot(page, "results")


def test_uploading_a_pdf_resume(site, page, tmp_path):
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(_pdf_with_text("I worked as a cashier at a grocery store and stocked shelves"))
    page.goto(site + "/")
    page.set_input_files("#resume", str(resume))
    page.click("button[type=submit]")
    page.wait_for_selector("text=Jobs like yours")
    assert "Cashiers" in page.content()


def test_coding_a_posting_highlights_the_evidence(site, page):
    page.goto(site + "/code")
    _no_serious_violations(page)
    page.fill("#title", "Line cook <script>alert(1)</script>")
    page.fill("#description", "Busy diner needs a line cook to prepare food on the grill and keep the station clean.")
    page.select_option("#category", "fbh")
    page.click("button[type=submit]")
    page.wait_for_selector("table")
    assert "35-2014.00" in page.inner_text("table")
    assert page.locator("mark").count() >= 1
    assert page.evaluate("() => window.__xss === undefined")
    _no_serious_violations(page)
    _shot(page, "code-a-posting")


def test_occupation_page_is_accessible(site, page):
    page.goto(site + "/occupation/53-7051.00")
    assert "Industrial Truck and Tractor Operators" in page.inner_text("h1")
    _no_serious_violations(page)
    _shot(page, "occupation")


@pytest.fixture(scope="module")
def demand_site(reference_copy, tmp_path_factory):
    """A site over a store holding the generated 24-month posting stream."""
    settings, store = reference_copy
    ingest_stream(store, tmp_path_factory.mktemp("stream"))
    app = create_app({"LABORLENS_HOME": str(settings.home), "DATABASE_URL": store.url, "SECRET_KEY": "browser"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["laborlens"].close()


def test_the_dashboard_draws_its_charts(demand_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # an analyst's screen, real CSP
    page = context.new_page()
    try:
        page.goto(demand_site + "/demand")
        page.fill("#area", "ID")
        page.fill("#occupation", "53-7062.00")
        page.click("form.filters button[type=submit]")
        page.wait_for_selector("#forecast-h")
        charts = page.locator("figure img")
        assert charts.count() == 2
        for i in range(2):  # the SVGs decoded and drew, under the app's own Content-Security-Policy
            assert charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 300")
        page.click("text=Table of the chart")
        assert page.locator("details table tbody tr").first.is_visible()
        _no_serious_violations(page)
        _shot(page, "dashboard")
    finally:
        context.close()


def test_openings_search_is_accessible(demand_site, page):
    page.goto(demand_site + "/openings")
    page.fill("#q", "job")
    page.fill("#area", "83702")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Newest first")
    assert page.locator("li.card").count() == 20
    _no_serious_violations(page)
