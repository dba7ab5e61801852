"""Reading Craigslist's reference lists, search API items, posting API responses and posting pages."""

import json
from pathlib import Path

import pytest

from laborlens.sources.craigslist import (
    CraigslistFormatError,
    decode_search,
    dedupe_keys,
    posting_from_page,
    posting_from_rapi,
    sections,
    sites,
)

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "craigslist"


def _json(name):
    return json.loads((FIXTURES / name).read_text())


def test_search_item_zero_decodes_to_the_known_posting():
    items, total = decode_search(_json("craigslist_sapi_search_sfbay_ipad_excerpt.json"))
    first = items[0]
    assert (first.posting_id, first.posted) == (7915891289, 1777759669)
    assert (first.area_id, first.hostname, first.subarea) == (1, "sfbay", "sfc")
    assert first.neighborhood == "SOMA / south beach"
    assert (first.latitude, first.longitude) == (37.7813, -122.402)
    assert first.uuid == "xks8RmxNUYD2vVYqkMJ9C6" and first.slug == "san-francisco-apple-smart-folio-for"
    assert first.category_id == 96 and first.price == 35 and first.title.startswith("Apple Smart Folio")
    assert len(first.image_ids) == 9 and total == 1025
    assert len(items) == 13


def test_reposts_share_dedupe_keys_and_images():
    items, _ = decode_search(_json("craigslist_sapi_search_sfbay_ipad_excerpt.json"))
    we_buy = [i for i in items if i.title.startswith("💥We Buy")]
    assert len(we_buy) == 4 and len({i.posting_id for i in we_buy}) == 4
    assert len({i.dedupe_key for i in we_buy}) == 1
    assert set(dedupe_keys(we_buy[0])) & set(dedupe_keys(we_buy[1]))
    no_key = next(i for i in items if i.dedupe_key is None)
    assert no_key.price is not None and not no_key.image_ids


def test_search_item_without_price_and_bad_responses():
    items, _ = decode_search(_json("craigslist_sapi_search_sfbay_ipad_excerpt.json"))
    assert any(i.price is None for i in items)
    with pytest.raises(CraigslistFormatError, match="Not a Craigslist search response"):
        decode_search({"data": {"items": []}})


def test_rapi_posting_matches_the_search_item():
    posting = posting_from_rapi(_json("craigslist_rapi_posting_7915891289.json"))
    assert posting.source_id == "7915891289"
    assert int(posting.posted_at.timestamp()) == 1777759669
    assert posting.category == "ele" and posting.latitude == pytest.approx(37.781342)
    assert "Perfect condition" in posting.description and "<br>" not in posting.description
    with pytest.raises(CraigslistFormatError):
        posting_from_rapi({"data": {"items": []}})


def test_jobs_posting_page_gives_title_body_attributes_and_place():
    html = (FIXTURES / "craigslist_posting_job_trd_statenisland_7966147143.html").read_text()
    posting = posting_from_page(html)
    assert posting.source_id == "7966147143"
    assert posting.title == "Roofer, Sider and board ups"
    assert posting.description.startswith("Looking for person who knows Roofing")
    assert "QR Code" not in posting.description
    assert posting.category == "trd" and posting.employment_type == "full-time"
    assert posting.pay_text == "Compensation based on knowledge and experience"
    assert posting.employer == "Rainbow Restoration" and posting.zip == "10309"
    assert (posting.latitude, posting.longitude) == (40.545969, -74.229783)
    assert posting.posted_at.isoformat() == "2026-09-14T12:51:25+00:00"  # 08:51 New York time, kept in UTC


def test_a_page_missing_its_body_is_refused():
    html = (FIXTURES / "craigslist_posting_job_trd_statenisland_7966147143.html").read_text()
    broken = html.replace('id="postingbody"', 'id="gone"')
    with pytest.raises(CraigslistFormatError, match="no #postingbody"):
        posting_from_page(broken)


def test_reference_lists_give_jobs_and_gigs_sections_and_sites():
    found = sections(_json("reference_craigslist_Categories_from_craigslistscraper-1.1.2.json"))
    assert found["med"].name == "art/media/design" and found["hea"].name == "healthcare"
    assert found["lbg"].kind == "G" and found["trd"].kind == "J"
    assert all(s.kind in ("J", "G") for s in found.values())
    places = sites(_json("reference_craigslist_Areas_from_craigslistscraper-1.1.2.json"))
    assert places["newyork"].area_id == 3 and "stn" in places["newyork"].subareas
    assert places["chicago"].area_id == 11
