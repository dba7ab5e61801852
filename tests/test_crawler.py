"""The Craigslist crawler against a local server replaying recorded (and derived) Craigslist responses."""

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from laborlens.settings import load_settings
from laborlens.sources import list_postings
from laborlens.sources.craigslist import sites
from laborlens.sources.crawler import CraigslistCrawler
from laborlens.sources.polite import FetchError, HostBlocked, PoliteClient
from laborlens.store import Store
from laborlens.store.models import Posting
from replay import ReplayServer, Reply

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "craigslist"
MIN_ID, MIN_DATE = 7_900_000_000, 1_777_000_000
ROOFER_PAGE = (FIXTURES / "craigslist_posting_job_trd_statenisland_7966147143.html").read_text()
RAPI = json.loads((FIXTURES / "craigslist_rapi_posting_7915891289.json").read_text())


def _search(area_id, hostname, postings, foreign=()):
    """A search response in the sapi layout, derived from the recorded one."""
    response = json.loads((FIXTURES / "craigslist_sapi_search_sfbay_ipad_excerpt.json").read_text())
    data = response["data"]
    data["decode"].update(
        {
            "minPostingId": MIN_ID,
            "minPostedDate": MIN_DATE,
            "locations": [0, [area_id, hostname, "stn"], [area_id, hostname, "mnh"], [11, "chicago", "chc"]],
            "neighborhoods": [0, "staten island", "midtown"],
        }
    )
    items = []
    for p in [*postings, *foreign]:
        location = "3:0~41.88~-87.63" if p in foreign else "1:1:1~40.5459~-74.2297"
        item = [
            p["id"] - MIN_ID,
            p.get("posted", 1000),
            p["category"],
            -1,
            location,
            p.get("dedupe", 0),
            [13, p["uuid"]],
        ]
        if p.get("images"):
            item.append([4, *p["images"]])
        item += [[6, p["slug"]], p["title"]]
        items.append(item)
    data["items"], data["totalResultCount"] = items, len(items)
    return json.dumps(response).encode()


def _rapi(posting_id, title, body, abbreviation, images=()):
    response = copy.deepcopy(RAPI)
    item = response["data"]["items"][0]
    item.update(
        {
            "postingId": posting_id,
            "title": title,
            "body": body,
            "categoryAbbr": abbreviation,
            "attributes": [],
            "images": list(images),
            "price": None,
            "priceString": None,
            "postedDate": MIN_DATE + 1000,
            "updatedDate": MIN_DATE + 1000,
        }
    )
    item["location"].update({"subArea": "staten island", "area": "new york", "hostname": "newyork"})
    return json.dumps(response).encode()


MOVERS = "Need two movers to load a truck on Saturday. Heavy lifting, 3 hours, cash paid at the end of the job."
NEWYORK = [
    {"id": 7966147143, "uuid": "u-roofer", "category": 59, "slug": "staten-island-roofer", "title": "Roofer"},
    {"id": MIN_ID + 2, "uuid": "u-arch", "category": 48, "slug": "architect", "title": "Architect"},
    {
        "id": MIN_ID + 3,
        "uuid": "u-movers",
        "category": 111,
        "slug": "movers",
        "title": "Movers needed",
        "dedupe": "dk1",
        "images": ["3:img1"],
    },
    {
        "id": MIN_ID + 4,
        "uuid": "u-movers2",
        "category": 111,
        "slug": "movers",
        "title": "Movers needed!!",
        "dedupe": "dk1",
        "images": ["3:img1"],
    },
    {"id": MIN_ID + 6, "uuid": "u-broken", "category": 59, "slug": "broken", "title": "Broken"},
]
CHICAGO = [{"id": MIN_ID + 11, "uuid": "u-driver", "category": 125, "slug": "cdl-driver", "title": "CDL-A Driver"}]
FOREIGN = [{"id": MIN_ID + 5, "uuid": "u-cashier", "category": 27, "slug": "cashier", "title": "Cashier"}]


def _routes(block_rapi_for_driver=False):
    search = "/web/v8/postings/search/full?batch={}-0-360-0-0&cc=US&lang=en&searchPath=jjj"
    routes = {
        ("reference.craigslist.org", "/Areas"): Reply(
            body=(FIXTURES / "reference_craigslist_Areas_from_craigslistscraper-1.1.2.json").read_bytes()
        ),
        ("reference.craigslist.org", "/Categories"): Reply(
            body=(FIXTURES / "reference_craigslist_Categories_from_craigslistscraper-1.1.2.json").read_bytes()
        ),
        ("sapi.craigslist.org", search.format(3)): Reply(body=_search(3, "newyork", NEWYORK, FOREIGN)),
        ("sapi.craigslist.org", search.format(11)): Reply(body=_search(11, "chicago", CHICAGO)),
        # the roofer: the posting API answers truncated JSON, so the crawler reads the posting page
        ("rapi.craigslist.org", "/web/v8/postings/u-roofer"): Reply(body=b'{"data": {"items": [{"postingId": 79'),
        ("newyork.craigslist.org", "/stn/trd/d/staten-island-roofer/7966147143.html"): Reply(
            content_type="text/html", body=ROOFER_PAGE.encode()
        ),
        ("rapi.craigslist.org", "/web/v8/postings/u-arch"): Reply(
            body=_rapi(
                MIN_ID + 2,
                "Architect",
                "Licensed architect for residential projects, Revit and AutoCAD. Call 718-555-0100.",
                "egr",
            )
        ),
        ("rapi.craigslist.org", "/web/v8/postings/u-movers"): Reply(
            body=_rapi(MIN_ID + 3, "Movers needed", MOVERS, "lbg", ["3:img1"])
        ),
        ("rapi.craigslist.org", "/web/v8/postings/u-movers2"): Reply(
            body=_rapi(MIN_ID + 4, "Movers needed!!", MOVERS, "lbg", ["3:img1"])
        ),
        # broken everywhere: truncated JSON, and a page without its body
        ("rapi.craigslist.org", "/web/v8/postings/u-broken"): Reply(body=b"{"),
        ("newyork.craigslist.org", "/stn/trd/d/broken/7900000006.html"): Reply(
            content_type="text/html", body=b"<html><body>This posting has been deleted</body></html>"
        ),
        ("rapi.craigslist.org", "/web/v8/postings/u-driver"): Reply(
            body=_rapi(MIN_ID + 11, "CDL-A Driver", "Drive a tractor-trailer OTR, home weekends.", "trp")
        ),
        ("chicago.craigslist.org", "/stn/trp/d/cdl-driver/7900000011.html"): Reply(
            content_type="text/html",
            body=ROOFER_PAGE.replace("7966147143", "7900000011")
            .replace("Roofer, Sider and board ups", "CDL-A Driver")
            .replace("Looking for person who knows Roofing, siding and board ups.", "Drive a tractor-trailer OTR.")
            .encode(),
        ),
    }
    if block_rapi_for_driver:
        routes[("rapi.craigslist.org", "/web/v8/postings/u-driver")] = Reply(
            status=200, content_type="text/html", body=b"<html>Please complete the captcha</html>"
        )
    return routes


@pytest.fixture
def replay():
    servers = []

    def start(**kwargs):
        server = ReplayServer(_routes(**kwargs))
        servers.append(server)
        return server, server.start()

    yield start
    for server in servers:
        server.stop()


def _store(tmp_path, name="store"):
    url = f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    store = Store(url)
    store.upgrade()
    return store


def _crawl(tmp_path, base, store, delay=0.05, sites=("newyork", "chicago")):
    settings = load_settings(home=tmp_path / "home", base_url=base)
    crawler = CraigslistCrawler(settings, store, delay=delay)
    try:
        return crawler.crawl(list(sites), ["jobs"])
    finally:
        crawler.close()


def test_crawl_stores_own_postings_decodes_and_dedupes(replay, tmp_path):
    server, base = replay()
    store = _store(tmp_path)
    report = _crawl(tmp_path, base, store)
    postings = {p["source_id"]: p for p in list_postings(store, source="craigslist")}
    assert set(postings) == {"7966147143", str(MIN_ID + 2), str(MIN_ID + 3), str(MIN_ID + 4), str(MIN_ID + 11)}
    assert str(MIN_ID + 5) not in postings  # a nearby site's result is not ours
    roofer = postings["7966147143"]
    assert roofer["title"] == "Roofer, Sider and board ups" and roofer["category"] == "trd"
    assert postings[str(MIN_ID + 4)]["cluster_id"] == postings[str(MIN_ID + 3)]["cluster_id"]
    assert "555" not in postings[str(MIN_ID + 2)]["description"]
    assert any("posting 7900000006" in message for message in report.skipped)  # logged and skipped
    assert Path(tmp_path / "home" / "cache" / "craigslist" / "Areas.json").exists()
    raw = list((tmp_path / "home" / "raw" / "craigslist").rglob("*.gz"))
    assert len(raw) >= 5


def test_a_capped_search_is_split_by_subarea(replay, tmp_path):
    """A search that reports more than 360 results is asked again per subarea (Craigslist caps a search)."""
    server, base = replay()
    search = "/web/v8/postings/search/full?batch=3-0-360-0-0&cc=US&lang=en&searchPath={}"
    capped = json.loads(_search(3, "newyork", NEWYORK, FOREIGN))
    capped["data"]["totalResultCount"] = 5000
    server.routes[("sapi.craigslist.org", search.format("jjj"))] = Reply(body=json.dumps(capped).encode())
    server.routes[("sapi.craigslist.org", search.format("stn/jjj"))] = Reply(body=_search(3, "newyork", NEWYORK[:2]))
    server.routes[("sapi.craigslist.org", search.format("mnh/jjj"))] = Reply(body=_search(3, "newyork", NEWYORK[2:4]))
    store = _store(tmp_path)
    report = _crawl(tmp_path, base, store, sites=("newyork",))
    asked = [path.rsplit("searchPath=", 1)[1] for _, path, _ in server.log if "searchPath=" in path]
    areas = json.loads((FIXTURES / "reference_craigslist_Areas_from_craigslistscraper-1.1.2.json").read_text())
    subareas = sites(areas)["newyork"].subareas
    assert {"stn", "mnh"} <= set(subareas)
    assert sorted(asked) == sorted(["jjj", *(f"{s}/jjj" for s in subareas)])
    stored = {p["source_id"] for p in list_postings(store, source="craigslist")}
    assert stored == {"7966147143", str(MIN_ID + 2), str(MIN_ID + 3), str(MIN_ID + 4)}
    assert report.searches == 1 + len(subareas)


def test_rerun_fetches_nothing_new(replay, tmp_path):
    server, base = replay()
    store = _store(tmp_path)
    _crawl(tmp_path, base, store)

    def details():
        return [path for host, path, _ in server.log if host == "rapi.craigslist.org" and path != "/robots.txt"]

    before = details()
    report = _crawl(tmp_path, base, store)
    assert report.stored == 0 and report.seen_again == 5
    assert details()[len(before) :] == ["/web/v8/postings/u-broken"]  # only the one that could not be stored


def test_a_blocked_host_is_stopped_while_others_go_on(replay, tmp_path):
    server, base = replay(block_rapi_for_driver=True)
    store = _store(tmp_path)
    report = _crawl(tmp_path, base, store)
    assert "rapi.craigslist.org" in report.blocked
    postings = {p["source_id"] for p in list_postings(store, source="craigslist")}
    assert str(MIN_ID + 11) in postings  # read from chicago's posting page instead


def test_politeness_delay_is_honoured_per_host(replay, tmp_path):
    server, base = replay()
    _crawl(tmp_path, base, _store(tmp_path), delay=0.25)
    for host in {h for h, _, _ in server.log}:
        times = server.requests_to(host)
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert all(gap >= 0.24 for gap in gaps), (host, gaps)


def test_short_delays_need_a_loopback_base_url(tmp_path):
    with pytest.raises(FetchError, match="only against a local replay server"):
        PoliteClient(load_settings(home=tmp_path), delay=0.1)


def test_unknown_sites_and_sections_are_refused(replay, tmp_path):
    server, base = replay()
    settings = load_settings(home=tmp_path / "home", base_url=base)
    crawler = CraigslistCrawler(settings, _store(tmp_path), delay=0.05)
    with pytest.raises(Exception, match="Unknown Craigslist site"):
        crawler.crawl(["atlantis"], ["jobs"])
    with pytest.raises(Exception, match="Unknown section 'xyz'"):
        crawler.crawl(["newyork"], ["xyz"])
    crawler.close()


def _count(url):
    store = Store(url)
    with store.session() as session:
        count = session.execute(select(func.count()).select_from(Posting)).scalar_one()
    store.dispose()
    return count


def test_a_crawl_killed_mid_way_then_resumed_ends_like_an_uninterrupted_one(replay, tmp_path):
    server, base = replay()
    whole = _store(tmp_path, "whole")
    _crawl(tmp_path / "a", base, whole)
    expected = {
        (p["source_id"], p["title"], p["cluster_id"] is not None) for p in list_postings(whole, source="craigslist")
    }

    resumed = _store(tmp_path, "resumed")
    command = [
        sys.executable,
        "-m",
        "laborlens",
        "--home",
        str(tmp_path / "b"),
        "--database-url",
        resumed.url,
        "--base-url",
        base,
        "crawl",
        "craigslist",
        "--sites",
        "newyork,chicago",
        "--sections",
        "jobs",
        "--delay",
        "0.4",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(resumed.url) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < _count(resumed.url) < len(expected)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    got = {
        (p["source_id"], p["title"], p["cluster_id"] is not None) for p in list_postings(resumed, source="craigslist")
    }
    assert got == expected


def test_server_errors_are_retried_and_429_stops_the_host(tmp_path):
    server = ReplayServer(
        {
            ("example.org", "/flaky.json"): Reply(status=503, then=Reply(status=503, then=Reply(body=b'{"ok": true}'))),
            ("example.org", "/slow-down.json"): Reply(status=429),
            ("example.org", "/after.json"): Reply(body=b"{}"),
            ("other.org", "/fine.json"): Reply(body=b"{}"),
        }
    )
    base = server.start()
    try:
        client = PoliteClient(load_settings(home=tmp_path, base_url=base), delay=0.01)
        assert client.get("https://example.org/flaky.json", expect="json").json() == {"ok": True}
        assert [path for _, path, _ in server.log].count("/flaky.json") == 3
        with pytest.raises(HostBlocked, match="HTTP 429"):
            client.get("https://example.org/slow-down.json", expect="json")
        with pytest.raises(HostBlocked):
            client.get("https://example.org/after.json", expect="json")  # the host stays stopped
        assert client.get("https://other.org/fine.json", expect="json").status_code == 200
        assert "/after.json" not in [path for _, path, _ in server.log]
        client.close()
    finally:
        server.stop()
