"""Demand from generated posting streams with known truth, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from laborlens.cli import main
from laborlens.demand import (
    MIN_BASE,
    ForecastError,
    forecast,
    forecast_counts,
    growth,
    is_current,
    recent_trend,
    series,
    top,
)
from laborlens.demand.periods import index_of, label, parse_label
from laborlens.demand.synthetic import write_stream
from laborlens.sources import ingest
from laborlens.sources.files import read_postings
from laborlens.store.models import DemandCluster, OewsArea, OewsWage, Posting
from streams import BOISE, DECLINING, GROWING, SEASONAL, SPARSE, ingest_stream


@pytest.fixture(scope="module")
def stream(reference_copy, tmp_path_factory):
    """The store with a 24-month stream (2023-01 to 2024-12) ingested, and the records that went in."""
    settings, store = reference_copy
    records = ingest_stream(store, tmp_path_factory.mktemp("stream"))
    return settings, store, records


def _truth(records, code: str, kind: str = "month") -> dict[int, tuple[int, int]]:
    """Expected (new, active) per period from the generated records; repeats are not new postings."""
    originals = [r for r in records if r["code"] == code and not r["id"].endswith("-again")]
    spans = [
        (
            index_of(kind, datetime.fromisoformat(r["posted"]).date()),
            index_of(kind, datetime.fromisoformat(r["expires"]).date()),
        )
        for r in originals
    ]
    first = index_of(kind, datetime.fromisoformat(min(r["posted"] for r in records)).date())
    last = index_of(kind, datetime.fromisoformat(max(r["posted"] for r in records)).date())
    new = Counter(start for start, _ in spans)
    return {p: (new[p], sum(start <= p <= end for start, end in spans)) for p in range(first, last + 1)}


def test_new_and_active_counts_match_the_truth_and_repeats_do_not_count(stream):
    _, store, records = stream
    repeats = sum(r["id"].endswith("-again") for r in records)
    assert repeats > 50
    for kind in ("month", "week"):
        truth = _truth(records, GROWING.code, kind)
        got = {
            parse_label(kind, row["period"]): (row["new"], row["active"])
            for row in series(store, "ID", occupation=GROWING.code, period=kind)
        }
        assert got == truth
    everything = series(store, "national")
    assert sum(row["new"] for row in everything) == len(records) - repeats
    assert all(row["active"] >= row["new"] for row in everything)
    # The same counts at every level an analyst may ask for: O*NET-SOC, SOC, major group, CBSA, skill.
    by_onet = series(store, "cbsa:14260", occupation="53-7062.00")
    assert series(store, "ID", occupation="53-7062") == by_onet
    assert series(store, "83702", skill="pallet jack") == by_onet
    major = series(store, "ID", occupation="53-0000")
    assert [m["new"] for m in major] == [r["new"] for r in by_onet]


def test_series_json_is_the_documented_list(stream):
    settings, store, _ = stream
    result = CliRunner().invoke(
        main,
        ["--home", str(settings.home), "--database-url", store.url]
        + ["demand", "series", "--area", "state:16", "--occupation", GROWING.code, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 24
    assert set(rows[0]) == {"period", "new", "active"}
    assert rows[0]["period"] == "2023-01"


def test_steady_growth_is_recovered_within_its_intervals(stream):
    _, store, _ = stream
    rows = growth(store, "ID", occupation=GROWING.code)
    assert len(rows) == 24
    monthly = [r for r in rows if r["mom_interval"]]
    covered = sum(r["mom_interval"][0] <= 0.05 <= r["mom_interval"][1] for r in monthly)
    assert covered / len(monthly) >= 0.85  # 95% intervals; 23 months
    yearly = [r for r in rows if r["yoy_interval"]]
    assert len(yearly) == 12
    assert sum(r["yoy_interval"][0] <= 1.05**12 - 1 <= r["yoy_interval"][1] for r in yearly) >= 10
    rolling = [r for r in rows if r["rolling_3m_interval"]]
    assert sum(r["rolling_3m_interval"][0] <= 1.05**3 - 1 <= r["rolling_3m_interval"][1] for r in rolling) >= (
        0.85 * len(rolling)
    )
    # Intervals narrow as the base grows, and the point estimates centre on the truth.
    assert np.median([r["mom"] for r in monthly]) == pytest.approx(0.05, abs=0.06)
    widths = [np.log1p(r["mom_interval"][1]) - np.log1p(r["mom_interval"][0]) for r in monthly]
    assert widths[-1] < widths[0]  # on the log scale, where a ratio's uncertainty lives


def test_seasonal_and_declining_occupations(stream):
    _, store, _ = stream
    seasonal = growth(store, "MT", occupation=SEASONAL.code)
    yearly = [r for r in seasonal if r["yoy_interval"]]
    assert sum(r["yoy_interval"][0] <= 0 <= r["yoy_interval"][1] for r in yearly) >= 10  # no growth, year on year
    summer = {r["period"]: r["new"] for r in seasonal}
    assert summer["2024-07"] > 2 * summer["2024-01"]  # the swing shows month to month
    movers = top(store, "ID", window=6)
    shrinking = {row["occupation"]: row for row in movers["shrinking"]}
    assert DECLINING.code in shrinking
    truth = 0.95**6 - 1
    low, high = shrinking[DECLINING.code]["growth_interval"]
    assert low <= truth <= high and high < 0
    assert movers["growing"][0]["occupation"] == GROWING.code
    assert movers["window"] == ["2024-07", "2024-12"]


def test_sparse_series_are_flagged_and_not_ranked(stream):
    _, store, _ = stream
    rows = growth(store, "MT", occupation=SPARSE.code)
    assert all(r["low_sample"] and r["yoy_low_sample"] and r["rolling_3m_low_sample"] for r in rows)
    movers = top(store, "MT", window=3)
    ranked = {r["occupation"] for r in movers["growing"] + movers["shrinking"]}
    assert SPARSE.code not in ranked and movers["too_few"] >= 1
    assert movers["min_support"] == MIN_BASE
    result = forecast(store, "MT", occupation=SPARSE.code, horizon=3)
    assert any("Small counts" in note for note in result["notes"])


def test_context_share_intensity_wage_and_projection(stream):
    _, store, _ = stream
    latest = {r["occupation"]: r for r in growth(store, "ID")}
    assert set(latest) == {GROWING.code, DECLINING.code}
    total_new = series(store, "ID")[-1]["new"]
    assert sum(r["share"] for r in latest.values()) == pytest.approx(1.0, abs=0.001)
    row = latest[GROWING.code]
    assert row["share"] == pytest.approx(row["new"] / total_new, abs=1e-4)
    with store.session() as session:
        area = session.execute(
            select(OewsArea).where(OewsArea.kind == "state", OewsArea.state_fips == "16")
        ).scalar_one()
        oews = session.get(OewsWage, (area.area_code, "53-7062"))
    assert row["oews_annual_median"] == oews.annual_median
    assert row["postings_per_1000_employed"] == pytest.approx(1000 * row["active"] / oews.employment, rel=1e-3)
    national = {r["occupation"]: r for r in growth(store, "national")}[GROWING.code]
    assert national["projected_annual_growth_2024_34"] is not None
    # Postings grow ~80% a year; BLS projects well under 1% a year for hand laborers: flagged.
    assert national["diverges_from_projection"] is True
    assert growth(store, "ID", level="major")[0]["occupation"].endswith("-0000")


def test_forecast_has_nested_intervals_and_a_backtest(stream):
    _, store, _ = stream
    result = forecast(store, "ID", occupation=GROWING.code, horizon=6)
    assert [row["period"] for row in result["forecast"]] == [label("month", 2025 * 12 + m) for m in range(6)]
    for row in result["forecast"]:
        assert row["interval_95"][0] <= row["interval_80"][0] <= row["new"] <= row["interval_80"][1]
        assert row["interval_80"][1] <= row["interval_95"][1]
    assert result["model"] in ("negbin", "ets")
    assert {"mase", "seasonal_naive_mase", "origins"} <= set(result["backtest"])
    # Growth goes on: the forecast is above the last year's level.
    assert result["forecast"][0]["new"] > np.mean(
        [r["new"] for r in series(store, "ID", occupation=GROWING.code)[-12:]]
    )


@pytest.mark.parametrize("model", ["negbin", "auto"])
def test_forecast_intervals_cover_the_truth_at_about_their_nominal_rate(model):
    inside = {0.8: 0, 0.95: 0}
    total = 0
    for seed in range(12):
        rng = np.random.default_rng(100 + seed)
        t = np.arange(42)
        y = rng.poisson(40 * 1.02**t * (1 + 0.3 * np.sin(2 * np.pi * t / 12)))
        result = forecast_counts(y[:36], 6, 12, model=model, seed=seed)
        for level in inside:
            low, high = np.array(result.intervals[level]).T
            inside[level] += int(((y[36:] >= low) & (y[36:] <= high)).sum())
        total += 6
    assert 0.65 <= inside[0.8] / total <= 0.95
    assert inside[0.95] / total >= 0.85


def test_too_short_series_say_so():
    with pytest.raises(ForecastError, match="Too short to forecast: 10 periods"):
        forecast_counts(np.ones(10), 6, 12)
    with pytest.raises(ForecastError, match="no postings"):
        forecast_counts(np.zeros(30), 6, 12)


def test_cli_growth_top_and_forecast_formats_and_errors(stream):
    settings, store, _ = stream

    def run(*args):
        return CliRunner().invoke(main, ["--home", str(settings.home), "--database-url", store.url, "demand", *args])

    result = run("growth", "--area", "ID", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    need = {"occupation", "area", "period", "new", "active", "mom", "yoy", "rolling_3m", "mom_interval", "low_sample"}
    assert need <= set(rows[0]) and rows[0]["period"] == "2024-12" and len(rows[0]["mom_interval"]) == 2
    csv_out = run("growth", "--area", "ID", "--occupation", DECLINING.code, "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("occupation,title,area,")
    assert len(csv_out.stdout.splitlines()) == 25
    table = run("top", "--area", "ID", "--window", "6")
    assert DECLINING.code in table.stdout and "proxy for openings" in table.stdout
    skills = json.loads(run("top", "--area", "ID", "--by", "skill", "--format", "json").stdout)
    assert [row["skill"] for row in skills["growing"]] == ["forklift", "pallet jack"]
    assert (
        len(
            json.loads(
                run(
                    "forecast", "--area", "ID", "--occupation", DECLINING.code, "--horizon", "2", "--format", "json"
                ).stdout
            )["forecast"]
        )
        == 2
    )
    markup = run("series", "--area", "ID", "--skill", "SQL [/]")  # brackets are text, not console markup
    assert markup.exit_code == 0 and "SQL [/]" in markup.stdout
    for args, message in [
        (("series", "--area", "Atlantis"), "Unknown area"),
        (("series", "--area", "TX", "--occupation", "53-70"), "Malformed occupation code"),
        (("series", "--area", "TX", "--occupation", "53-7062", "--skill", "x"), "not both"),
        (("series", "--area", "TX", "--occupation", "53-7000"), "minor or broad group"),
        (("forecast", "--area", "TX", "--occupation", "53-7062", "--period", "week", "--horizon", "61"), "61"),
    ]:
        bad = run(*args)
        assert bad.exit_code != 0 and message in bad.output and "Traceback" not in bad.output


def test_recent_trend_says_in_plain_words_what_the_counts_show(stream):
    _, store, _ = stream
    trends = recent_trend(store, "ID", [GROWING.code, DECLINING.code, "11-1011.00"])
    assert set(trends) == {GROWING.code, DECLINING.code}  # no posts at all: nothing to say
    growing = trends[GROWING.code]
    assert growing["window"] == ["2024-10", "2024-12"] and growing["words"].startswith(("rising", "steady"))
    assert growing["new"] == sum(r["new"] for r in series(store, "ID", occupation=GROWING.code)[-3:])
    sparse = recent_trend(store, "MT", [SPARSE.code])[SPARSE.code]
    assert sparse["low_sample"] and sparse["words"] == "too few job posts here to tell a trend"


def test_new_postings_and_not_a_job_flags_make_the_tables_stale(stream, tmp_path):
    _, store, records = stream
    assert is_current(store)
    before = sum(row["new"] for row in series(store, "MT", occupation=SPARSE.code))
    with store.session() as session:
        victim = session.execute(
            select(DemandCluster.cluster_id).where(DemandCluster.code == SPARSE.code).limit(1)
        ).scalar_one()
        session.execute(update(Posting).where(Posting.id == victim).values(not_a_job=True, coded_at=datetime.now(UTC)))
    assert not is_current(store)
    assert sum(row["new"] for row in series(store, "MT", occupation=SPARSE.code)) == before - 1
    late = tmp_path / "late.jsonl"
    write_stream(late, [{**records[-1], "id": "late-1", "title": "a late posting", "description": "other words"}])
    ingest(store, (p for _, p, _ in read_postings(late)), trust_codes=True)
    originals = len(records) - sum(r["id"].endswith("-again") for r in records)
    assert sum(row["new"] for row in series(store, "national")) == originals  # one left out, one added


@pytest.fixture
def client(stream):
    from laborlens.web import create_app

    settings, store, _ = stream
    app = create_app(
        {"LABORLENS_HOME": str(settings.home), "DATABASE_URL": store.url, "TESTING": True, "SECRET_KEY": "test"}
    )
    yield app.test_client()
    app.extensions["laborlens"].close()


def test_dashboard_draws_charts_with_tables_and_csv_downloads(client):
    page = client.get("/demand?area=ID&occupation=53-7062.00")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('src="data:image/svg+xml;base64,') == 2  # trend and forecast
    assert "deduplicated postings, counted" in html and "up to 10 minutes" in html
    assert "Table of the chart" in html and "Table of the forecast" in html
    assert "Data Entry Keyers" in html  # a mover, and a row of the occupations table
    assert "proxy for openings" in html and "small sample" not in html.split("Occupations in")[0]
    assert html.count("Download CSV") == 5
    csv_page = client.get("/demand/growth.csv?area=ID")
    assert csv_page.mimetype == "text/csv"
    lines = csv_page.get_data(as_text=True).splitlines()
    assert lines[0].startswith("occupation,title,area,") and len(lines) == 3
    assert client.get("/demand/forecast.csv?area=ID&occupation=53-7062.00").status_code == 200
    assert client.get("/demand/movers.csv?area=ID").get_data(as_text=True).startswith("occupation,title")
    assert client.get("/demand/nothing.csv?area=ID").status_code == 404
    named = client.get("/demand/series.csv?area=ID%22%0d%0aX-Evil:%201")
    assert named.status_code == 400 and "X-Evil" not in named.headers  # an unknown area, and no header injection
    assert (
        'filename="laborlens-series-ID.csv"' in client.get("/demand/series.csv?area=ID").headers["Content-Disposition"]
    )
    bad = client.get("/demand?area=Atlantis")
    assert bad.status_code == 400 and "Unknown area" in bad.get_data(as_text=True)
    sparse = client.get("/demand?area=MT&occupation=51-4121.00").get_data(as_text=True)
    assert "Small counts" in sparse and "small sample" in sparse


def test_api_demand_endpoints_answer_like_the_library(client, stream):
    _, store, _ = stream
    got = client.get("/api/v1/demand/series?area=ID&occupation=53-7062.00").get_json()
    assert got == series(store, "ID", occupation="53-7062.00")
    rows = client.get("/api/v1/demand/growth?area=ID&last=2").get_json()
    assert len(rows) == 4 and {r["period"] for r in rows} == {"2024-11", "2024-12"}
    ahead = client.get("/api/v1/demand/forecast?area=ID&occupation=53-7062.00&horizon=3").get_json()
    assert len(ahead["forecast"]) == 3
    movers = client.get("/api/v1/demand/top?area=ID&window=6").get_json()
    assert movers["growing"][0]["occupation"] == GROWING.code
    nothing = client.get("/api/v1/demand/forecast?area=ID&skill=no such skill")
    assert nothing.status_code == 422 and nothing.mimetype == "application/problem+json"
    for url in ("/api/v1/demand/series", "/api/v1/demand/growth?area=ID&level=job", "/api/v1/demand/top?area=ID&by=x"):
        problem = client.get(url)
        assert problem.status_code == 400 and problem.get_json()["detail"]


def test_postings_api_and_openings_page_filter_and_page(client, stream):
    _, store, records = stream
    expected = sum(r["code"] == GROWING.code for r in records)  # repeats are stored postings too
    first = client.get("/api/v1/postings?occupation=53-7062&area=ID&limit=5").get_json()
    assert first["total"] == expected and len(first["items"]) == 5
    second = client.get("/api/v1/postings?occupation=53-7062&area=ID&limit=5&offset=5").get_json()
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    assert client.get("/api/v1/postings?area=MT&occupation=43-0000").get_json()["total"] == 0
    for group in ("53-7000", "53-7060", "53-0000"):  # minor, broad and major groups hold the detailed code
        assert client.get(f"/api/v1/postings?area=ID&occupation={group}").get_json()["total"] == expected
    assert client.get("/api/v1/postings?q=%25").get_json()["total"] == 0  # '%' is a character, not a wildcard
    assert client.get("/api/v1/postings?area=ID&days=1&occupation=53-7062").get_json()["total"] == expected
    assert client.get("/api/v1/postings?limit=0").status_code == 400
    ingest(
        store,
        [
            next(
                p
                for _, p, _ in read_postings_jsonl(
                    stream[0].home / "xss.jsonl",
                    {
                        "id": "xss",
                        "title": "<script>alert(1)</script> Stocker",
                        "description": "Stock shelves",
                        "location": BOISE,
                        "code": "53-7062.00",
                    },
                )
            )
        ],
        trust_codes=True,
    )
    page = client.get("/openings?occupation=53-7062.00&area=83702").get_data(as_text=True)
    assert "Stocker" in page and "alert(1)" not in page  # markup is stripped on the way in, and escaped on the way out
    assert "More openings" in page
    empty = client.get("/openings?q=zzzzzz&area=ID").get_data(as_text=True)
    assert "No openings found" in empty


def read_postings_jsonl(path, record):
    write_stream(path, [record])
    return read_postings(path)


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text():
    from laborlens.demand.export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("@SUM") == "'@SUM"
    assert _cell(-0.25) == -0.25 and _cell("forklift") == "forklift" and _cell([1, 2]) == "[1, 2]"


def test_a_sqlite_rebuild_waits_for_another_writer_instead_of_failing(tmp_path):
    """Another process writing (an ingest, a rebuild in another web worker) makes a rebuild wait, not fail."""
    import sqlite3
    import threading
    import time

    from laborlens.demand.aggregate import rebuild
    from laborlens.store import Store

    path = tmp_path / "busy.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    holding, releasing = threading.Event(), threading.Event()

    def other_writer():
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(6)  # longer than sqlite3's default 5 s busy timeout
        releasing.set()
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    holding.wait()
    build = rebuild(store, force=False)
    assert releasing.is_set()  # it waited for the other writer rather than going around its lock
    thread.join()
    assert build.clusters == 0


def test_a_web_app_may_use_a_recent_build_while_the_library_stays_exact(tmp_path):
    from datetime import timedelta

    from laborlens.demand import tolerating_staleness
    from laborlens.sources.normalize import NormalizedPosting
    from laborlens.store import Store

    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    store.upgrade()

    def add(source_id: str, title: str) -> None:
        posted = datetime(2025, 3, 3, tzinfo=UTC)
        ingest(
            store,
            [NormalizedPosting(source="t", source_id=source_id, title=title, description=title, posted_at=posted)],
        )

    def total() -> int:
        return sum(row["new"] for row in series(store, "national"))

    add("1", "Welder")
    assert total() == 1
    add("2", "Line cook")
    with tolerating_staleness(timedelta(minutes=10)):
        assert total() == 1  # the build is a moment old: used as it is
    with tolerating_staleness(timedelta(0)):
        assert total() == 2
    add("3", "Cashier")
    assert total() == 3  # outside the block every answer reflects every stored posting


def test_readers_are_answered_from_the_old_tables_while_a_rebuild_runs(stream):
    import threading

    from laborlens.demand import rebuild

    _, store, _ = stream
    expected = series(store, "ID", occupation=GROWING.code)
    filling, answered = threading.Event(), threading.Event()

    def progress(step: str) -> None:
        if step == "skills":  # the new rows are in, nothing committed yet: hold the rebuild here
            filling.set()
            answered.wait(timeout=120)

    rebuilding = threading.Thread(target=rebuild, args=(store, progress))
    rebuilding.start()
    assert filling.wait(timeout=120)
    seen = {}
    reader = threading.Thread(target=lambda: seen.update(rows=series(store, "ID", occupation=GROWING.code)))
    reader.start()
    reader.join(timeout=60)
    blocked = reader.is_alive()
    answered.set()
    rebuilding.join()
    reader.join()
    assert not blocked, "a reader waited for the rebuild's transaction"
    assert seen["rows"] == expected
