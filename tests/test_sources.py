"""Posting collection from files and JSON-LD pages: normalising, PII, dedupe, geography, coding on arrival."""

import functools
import http.server
import json
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from laborlens.cli import main
from laborlens.sources import (
    DEDUPE_RULE,
    ingest,
    list_postings,
    parse_pay,
    postings_from_html,
    read_postings,
    recode,
    scrub_contacts,
)
from laborlens.sources.ingest import ANALYZE_AFTER_CHANGES, Ingestor
from laborlens.sources.normalize import NormalizedPosting
from laborlens.sources.polite import FetchError, fetch_page, read_raw
from laborlens.store import Store
from laborlens.store.models import Posting, PostingCode

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "craigslist"


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("$18-22/hr", (18, 22, "hour")),
        ("$60k - $70k DOE", (60000, 70000, "year")),
        ("Passing out flyers $15/hr cash", (15, 15, "hour")),
        ("Loading box truck need movers 18$ an hour minimum 3hour", (18, 18, "hour")),
        ("$200 per day", (200, 200, "day")),
        ("$45,000 - $55,000 a year", (45000, 55000, "year")),
        ("Pay: 25 per hour", (25, 25, "hour")),
        ("2 man needed unload total 100.00 2 hr mini", (None, None, None)),
        ("Class 2 Filing Representative", (None, None, None)),
    ],
)
def test_pay_is_parsed_from_text(text, pay):
    assert parse_pay(text) == pay


def test_phone_numbers_and_emails_are_removed():
    text = scrub_contacts("Call Joe at (555) 123-4567 or 212.555.0100, or write joe.smith@example.com. Pay $20/hr.")
    assert "555" not in text and "example.com" not in text and "Joe" in text and "$20/hr" in text
    assert text.count("[phone removed]") == 2 and "[email removed]" in text


def _unique():
    return f"test-{uuid.uuid4().hex[:8]}"


def _posting(source, source_id, title, description="", **fields):
    return NormalizedPosting(
        source=source,
        source_id=source_id,
        title=title,
        description=description,
        pay_text=f"{title}\n{description}",
        **fields,
    )


def _rows(store, source):
    with store.session() as session:
        return session.execute(select(Posting).where(Posting.source == source).order_by(Posting.id)).scalars().all()


def test_rerun_adds_nothing_and_renewal_keeps_first_seen(store, coder):
    source = _unique()
    first = [_posting(source, "1", "Line cook", "Cook on the grill at a busy diner.", location_text="Dayton, OH")]
    report = ingest(store, first, coder=coder, model_version="m1")
    assert (report.added, report.coded) == (1, 1)
    again = ingest(store, first, coder=coder, model_version="m1")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    original = _rows(store, source)[0]
    renewed = [
        _posting(source, "1", "Line cook", "Cook on the grill at a busy diner. Now $18/hr!", location_text="Dayton, OH")
    ]
    report = ingest(store, renewed, coder=coder, model_version="m1")
    assert report.updated == 1
    row = _rows(store, source)[0]
    assert len(_rows(store, source)) == 1
    assert row.first_seen == original.first_seen and row.last_seen >= original.last_seen
    assert (row.pay_min, row.pay_unit) == (18, "hour")
    assert row.cbsa_code == "19430" and row.state_fips == "39"


def test_the_same_posting_twice_in_one_batch_is_stored_once(store):
    source = _unique()
    twice = [_posting(source, "same", "Welder", "MIG welding"), _posting(source, "same", "Welder", "MIG welding")]
    report = ingest(store, twice)
    assert (report.added, report.unchanged) == (1, 1)
    assert len(_rows(store, source)) == 1


def test_a_posting_edited_within_one_batch_is_stored_and_coded_once(store, coder):
    source = _unique()
    edited = [
        _posting(source, "same", "Welder", "MIG welding"),
        _posting(source, "same", "Welder", "MIG and TIG welding on steel frames"),
    ]
    report = ingest(store, edited, coder=coder, model_version="m1")
    assert (report.added, report.updated, report.coded) == (1, 1, 1)
    (row,) = _rows(store, source)
    assert row.description == "MIG and TIG welding on steel frames"
    with store.session() as session:
        ranks = session.execute(select(PostingCode.rank).where(PostingCode.posting_id == row.id)).scalars().all()
    assert sorted(ranks) == [1, 2, 3, 4, 5]


def test_a_batch_of_reposts_forms_one_cluster_whose_id_is_its_first_posting(store):
    source = _unique()
    body = "Warehouse associate to pick, pack and ship orders on the day shift. Forklift experience a plus."
    batch = [_posting(source, f"r{i}", "Warehouse Associate", body) for i in range(5)]
    report = ingest(store, batch)
    rows = sorted(_rows(store, source), key=lambda r: r.id)
    assert (report.added, report.duplicates) == (5, 4)
    assert {r.cluster_id for r in rows} == {rows[0].id}


def test_reposts_and_near_duplicates_join_the_original_cluster(store):
    source = _unique()
    body = (
        "We are hiring experienced movers for residential moves in the city. Must lift 75 pounds, be on time, "
        "and work weekends. Pay is weekly and we provide the truck and all equipment for every job."
    )
    ingest(store, [_posting(source, "a", "Movers needed", body)])
    ingest(store, [_posting(source, "b", "Movers needed", body)])  # a repost: new id, same text
    ingest(store, [_posting(source, "c", "MOVERS NEEDED!!", body.replace("weekends", "some weekends"))])
    ingest(store, [_posting(source, "d", "Line cook", "Cook breakfast and lunch at our diner, weekdays only.")])
    ingest(store, [_posting(source, "e", "Helper", "Different words entirely here.", dedupe_keys=["cl-key-9"])])
    ingest(store, [_posting(source, "f", "Other helper", "Nothing alike at all, truly.", dedupe_keys=["cl-key-9"])])
    rows = {r.source_id: r for r in _rows(store, source)}
    assert rows["b"].cluster_id == rows["a"].cluster_id == rows["a"].id
    assert rows["c"].cluster_id == rows["a"].id
    assert rows["d"].cluster_id == rows["d"].id
    assert rows["f"].cluster_id == rows["e"].id
    assert {r.dedupe_rule for r in rows.values()} == {DEDUPE_RULE}


def test_a_repost_joins_the_cluster_of_the_first_posting_with_its_text(store):
    """Several stored postings can share a text (one renewed with another's): the first one's cluster is used."""
    source = _unique()
    body = f"Bake bread and pastries from 4 am, weekends included, at our bakery on Main Street ({source})."
    ingest(store, [_posting(source, "x", "Baker", body)])
    ingest(store, [_posting(source, "y", "Cashier", f"Ring up customers at the front counter ({source}).")])
    ingest(store, [_posting(source, "y", "Baker", body)])  # renewed with x's text: it keeps its own cluster
    ingest(store, [_posting(source, "z", "Baker", body)])
    rows = {r.source_id: r for r in _rows(store, source)}
    assert rows["y"].cluster_id == rows["y"].id
    assert rows["z"].cluster_id == rows["x"].cluster_id == rows["x"].id


def test_ingest_gives_postgresql_statistics_of_the_tables_it_grew(postgres_store_url):
    """Autovacuum may lag a fast ingest or be off; without statistics each batch's look-ups scanned whole tables.
    (SQLite plans these look-ups well without statistics, so ingest does not analyze it.)"""
    store = Store(postgres_store_url)
    try:
        store.upgrade()
        ingestor = Ingestor(store)
        source = _unique()
        ingestor.add([_posting(source, f"p{i}", f"Job {i}", f"words {i}") for i in range(ANALYZE_AFTER_CHANGES + 1)])
        with store.engine.begin() as connection:  # the ingest's counts reach the statistics views now, not in a second
            connection.execute(text("SELECT pg_stat_force_next_flush()"))
        ingestor.add([_posting(source, "last", "Job", "words")])
        with store.engine.connect() as connection:
            analyzed = connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname IN ('posting', 'posting_band')")
            ).scalars()
            assert [tuples > ANALYZE_AFTER_CHANGES for tuples in analyzed] == [True, True]
    finally:
        store.dispose()


def test_trusted_codes_are_kept_and_not_coded(store, coder, tmp_path):
    source = _unique()
    path = tmp_path / "coded.jsonl"
    path.write_text(json.dumps({"id": 1, "title": "Anything", "code": "53-7062", "source": source}) + "\n")
    postings = [p for _, p, _ in read_postings(path)]
    report = ingest(store, postings, coder=coder, model_version="m1", trust_codes=True)
    assert report.coded == 0
    with store.session() as session:
        code = session.execute(select(PostingCode).join(Posting).where(Posting.source == source)).scalar_one()
    assert (code.code, code.trusted) == ("53-7062.00", True)


def test_file_reader_reports_bad_lines_and_reads_csv(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(['{"id": 1, "title": "Welder"}', "nope", '{"id": 3}', '{"title": ["x"]}']))
    results = list(read_postings(jsonl))
    assert results[0][1].title == "Welder"
    assert "not JSON" in results[1][2] and "needs a 'title'" in results[2][2] and "must be text" in results[3][2]
    csv_file = tmp_path / "in.csv"
    csv_file.write_text('id,title,description,location\n7,Cashier,Run the register,"Chicago, IL"\n')
    ((_, posting, error),) = list(read_postings(csv_file))
    assert error is None and posting.source_id == "7" and posting.location_text == "Chicago, IL"


def test_craigslist_posting_page_json_ld_is_read():
    html = (FIXTURES / "craigslist_posting_job_trd_statenisland_7966147143.html").read_text()
    (posting,) = list(postings_from_html(html, "https://newyork.craigslist.org/stn/trd/d/x/7966147143.html"))
    assert posting.title == "Roofer" and posting.employer == "Rainbow Restoration"
    assert "Roofing" in posting.description and posting.location_text == "Staten Island, NY"


def test_json_ld_graph_and_broken_blocks(tmp_path):
    html = """<html><head>
    <script type="application/ld+json">{ broken json</script>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Organization", "name": "Acme"},
      {"@type": "JobPosting", "title": "Forklift Operator", "description": "<p>Drive a forklift. Call 555-123-4567</p>",
       "identifier": {"value": "J-1"}, "hiringOrganization": {"name": "Acme"}, "occupationalCategory": "53-7051.00",
       "baseSalary": {"value": {"minValue": 18, "maxValue": 21, "unitText": "HOUR"}},
       "jobLocation": {"address": {"addressLocality": "Dayton", "addressRegion": "OH", "postalCode": "45402"}}}]}
    </script></head></html>"""
    (posting,) = list(postings_from_html(html))
    assert posting.source_id == "J-1" and posting.employer_code == "53-7051.00" and posting.zip == "45402"
    assert "555" not in posting.description and "Drive a forklift." in posting.description
    assert parse_pay(posting.pay_text) == (18, 21, "hour")


@pytest.fixture
def site(tmp_path):
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (tmp_path / "jobs.html").write_text(
        '<script type="application/ld+json">{"@type": "JobPosting", '
        '"title": "Cashier", "description": "Run the register."}</script>'
    )
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "jobs.html").write_text("secret")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_pages_are_fetched_only_where_robots_txt_allows(loaded, site):
    settings, _ = loaded
    html, raw = fetch_page(settings, f"{site}/jobs.html")
    assert "Cashier" in html and b"Cashier" in read_raw(raw)
    with pytest.raises(FetchError, match="disallowed by its site's robots.txt"):
        fetch_page(settings, f"{site}/private/jobs.html")
    with pytest.raises(FetchError, match="Only http"):
        fetch_page(settings, "file:///etc/passwd")


def test_cli_ingest_list_show_search_and_recode(coder_home, tmp_path):
    settings, store = coder_home
    source = _unique()
    path = tmp_path / "postings.jsonl"
    path.write_text(
        "\n".join(
            r if isinstance(r, str) else json.dumps(r)
            for r in [
                {
                    "id": "x1",
                    "title": "CDL-A driver",
                    "description": "Drive OTR, email hr@example.com",
                    "source": source,
                    "location": "Houston, TX",
                    "posted": "2026-11-01",
                },
                {"id": "x2", "title": "Caregiver", "description": "Help seniors at home", "source": source},
                "not json",
            ]
        )
        + "\n"
    )

    def run(*args):
        return CliRunner().invoke(main, ["--home", str(settings.home), "--database-url", store.url, *args])

    result = run("ingest", "file", str(path))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output and "not JSON" in result.output
    lines = run("postings", "list", "--format", "jsonl", "--source", source).output.strip().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["source_id"] for r in records] == ["x1", "x2"]
    first = records[0]
    for key in (
        "source",
        "source_id",
        "url",
        "title",
        "description",
        "employer",
        "posted",
        "first_seen",
        "last_seen",
        "cluster_id",
        "state",
        "cbsa",
        "occupations",
    ):
        assert key in first
    assert first["occupations"][0]["code"] == "53-3032.00" and first["state"] == "48"
    assert "example.com" not in first["description"]
    shown = json.loads(run("postings", "show", str(first["id"])).output)
    assert shown["title"] == "CDL-A driver"
    assert run("postings", "show", "99999999").exit_code == 1
    assert "Caregiver" in run("postings", "search", "seniors").output
    result = run("recode", "--all")
    assert result.exit_code == 0 and "Recoded" in result.output


def test_recode_codes_what_was_stored_uncoded(store, coder):
    source = _unique()
    ingest(store, [_posting(source, "u1", "Welder", "MIG and TIG welding")])  # no coder: stored uncoded
    assert next(r for r in list_postings(store, source=source))["occupations"] == []
    recode(store, coder, "m-test")
    record = next(r for r in list_postings(store, source=source))
    assert record["occupations"][0]["code"] == "51-4121.00" and record["model_version"] == "m-test"


def test_a_crowded_band_offers_only_its_most_recent_clusters(store):
    """A band shared by many clusters (an agency's template) must not make each look-up compare with all."""
    from laborlens.sources.dedupe import BAND_CANDIDATES, BatchClusters, bands, signature
    from laborlens.store.models import PostingBand

    source = _unique()
    ingest(store, [_posting(source, f"t{i}", f"Job {i} {source}", f"distinct words {i} {source}") for i in range(30)])
    ids = [row.id for row in _rows(store, source)]
    probe = signature("probe", f"a body no one wrote {source}")
    crowded = bands(probe)[0]
    with store.session() as session:
        session.add_all([PostingBand(band=crowded, posting_id=i) for i in ids])
        session.flush()
        found = BatchClusters(session, [("no such hash", [], probe)]).by_band[crowded]
        session.rollback()
    assert sorted(found) == sorted(ids)[-BAND_CANDIDATES:]


def test_reposts_in_later_batches_join_clusters_made_by_earlier_ones(store):
    from laborlens.sources.ingest import Ingestor

    source = _unique()
    body = "Forklift operator for a busy distribution center, day shift, loading and unloading trailers safely."
    ingestor = Ingestor(store)
    ingestor.add([_posting(source, "a", "Forklift Operator", body)])
    ingestor.add([_posting(source, "b", "Forklift Operator", body + " Apply today.")])
    first, second = _rows(store, source)
    assert second.cluster_id == first.cluster_id == first.id
