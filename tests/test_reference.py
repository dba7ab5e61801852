"""The loaded reference data and its look-ups, on SQLite and on PostgreSQL."""

import hashlib
import re

import pytest

from laborlens.errors import CodeError
from laborlens.reference import (
    AreaError,
    occupation_profile,
    reference_status,
    resolve,
    resolve_area,
    search_occupations,
    wages_for,
)


def test_every_reference_table_is_filled(loaded):
    settings, store = loaded
    status = reference_status(settings, store)
    assert re.fullmatch(r"\d+\.\d+", status["onet_version"])
    assert status["oews_release"] == "May 2025"
    tables = status["tables"]
    assert tables["occupation"] == 1016
    assert tables["alternate_title"] > 50_000
    assert tables["task"] > 18_000
    assert tables["task_dwa"] > 20_000
    assert tables["soc_group"] == 1447
    assert tables["code_crosswalk"] == 1164
    assert tables["oews_wage"] > 200_000
    assert tables["zip_cbsa"] > 40_000
    assert all(count > 0 for count in tables.values()), tables
    assert set(status["optional_tables"]) == {"zcta_point", "county_point"}  # the shared mirror lacks them


def test_manifest_records_source_checksum_and_rows_per_file(loaded, mirror):
    settings, store = loaded
    files = reference_status(settings, store)["files"]
    occupation_data = files["onet/Occupation Data.txt"]
    assert occupation_data["rows"] == 1016
    expected = hashlib.sha256((mirror / "onet" / "Occupation Data.txt").read_bytes()).hexdigest()
    assert occupation_data["sha256"] == expected
    assert occupation_data["source"].endswith("onet/Occupation Data.txt")
    assert occupation_data["retrieved"]
    assert files["bls/occupation.xlsx"]["rows"] == 1113


def test_data_scientists_profile_has_tasks_wages_and_outlook(store):
    profile = occupation_profile(store, "15-2051.00")
    assert profile["title"] == "Data Scientists"
    assert profile["major_group"]["code"] == "15-0000"
    assert len(profile["tasks"]) == 10
    assert any("data" in task["statement"].lower() for task in profile["tasks"])
    assert profile["wages"]["area_level"] == "national"
    assert 60_000 < profile["wages"]["annual_median"] < 250_000
    assert profile["outlook"]["change_percent"] > 0
    assert profile["outlook"]["openings_annual"] > 1000
    assert profile["education"]["bls_entry"] == "Bachelor's degree"
    assert profile["job_zone"] == 4
    assert profile["links"]["onet_online"].endswith("/15-2051.00")
    assert profile["links"]["my_next_move"].endswith("/15-2051.00")
    assert any(r["code"] == "15-2041.00" for r in profile["related"])


def test_profile_has_skills_ranked_by_importance(store):
    profile = occupation_profile(store, "53-7051.00")
    importances = [skill["importance"] for skill in profile["skills"]]
    assert importances and importances == sorted(importances, reverse=True)
    assert profile["education"]["onet_typical"]
    assert any(t["name"] for t in profile["tools"])


def test_2010_code_explains_its_2019_successor(store):
    result = resolve(store, "15-1199.10")
    assert result.codes == ("13-1161.01",)
    assert "O*NET-SOC 2010" in result.note
    profile = occupation_profile(store, "15-1199.10")
    assert profile["code"] == "13-1161.01"
    assert "O*NET-SOC 2010" in profile["resolution"]["note"]


def test_six_digit_soc_code_resolves_to_detailed_occupations(store):
    assert resolve(store, "53-7062").codes[0] == "53-7062.00"


def test_unknown_code_suggests_close_codes(store):
    with pytest.raises(CodeError) as info:
        resolve(store, "15-2052.00")
    assert info.value.suggestions[0][0] == "15-2051.00"


def test_forklift_search_ranks_industrial_truck_operators_first(store):
    results = search_occupations(store, "forklift")
    assert results[0]["code"] == "53-7051.00"


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Data Scientist", "15-2051.00"),
        ("cashier", "41-2011.00"),
        ("registered nurse", "29-1141.00"),
        ("tractor trailer truck driver", "53-3032.00"),
    ],
)
def test_search_finds_common_titles(store, words, code):
    assert search_occupations(store, words)[0]["code"] == code


def test_search_without_words_returns_nothing(store):
    assert search_occupations(store, "  ,, ") == []


def test_wages_by_state_metro_and_zip(store):
    texas = wages_for(store, "53-7062.00", "TX")
    assert texas.area_name == "Texas" and texas.area_level == "state"
    assert texas.annual_p25 <= texas.annual_median <= texas.annual_p75
    new_york = wages_for(store, "53-7062", "cbsa:35620")
    assert new_york.area_level == "metro" and new_york.area_name.startswith("New York")
    by_zip = wages_for(store, "53-7062", "10001")
    assert by_zip.area_used == new_york.area_used


def test_wages_fall_back_to_the_state_when_the_metro_has_none(store):
    # Micropolitan areas have no OEWS estimates of their own: the state's are given, and said so.
    area = resolve_area(store, "cbsa:10100")  # Aberdeen, SD (micropolitan)
    result = wages_for(store, "53-7062", area)
    assert result.area_level == "state" and result.area_name == "South Dakota"
    assert "No OEWS estimate for Aberdeen, SD" in result.note


@pytest.mark.parametrize("text", ["Atlantis", "cbsa:00000", "00000", "state:99"])
def test_unknown_areas_are_rejected_clearly(store, text):
    with pytest.raises(AreaError):
        resolve_area(store, text)
