"""Reading real coded postings and H-2 titles, SOC 2010 -> O*NET-SOC 2019, and scoring by source."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborlens.codes import CodeIndex
from laborlens.coding.training import (
    read_coded_postings,
    read_h2_titles,
    score_by_source,
    soc_2010_to_onet,
    wilson_interval,
)
from laborlens.errors import LaborLensError

INDEX = CodeIndex(
    titles={
        "31-1122.00": "Personal Care Aides",
        "39-9021.00": "(reused in 2018)",
        "45-2092.00": "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
        "37-3011.00": "Landscaping and Groundskeeping Workers",
    },
    crosswalk_2010={
        "39-9021.00": [("31-1122.00", "Personal Care Aides")],
        "45-2092.02": [("45-2092.00", "Farmworkers and Laborers, Crop, Nursery, and Greenhouse")],
    },
)


def write_lines(path, rows):
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_coded_postings_are_read_as_postings_with_their_codes(tmp_path):
    path = write_lines(
        tmp_path / "coded.jsonl",
        [
            {
                "id": "a",
                "source": "cl-edu2",
                "title": "Tutor",
                "description": "Math",
                "category": "craigslist education (edu)",
                "code": "25-3041.00",
                "alternates": ["25-2021.00", "25-3041.00"],
            },
            "",
            {"source": "nyc", "title": "Work from home!!", "code": "NONE"},
        ],
    )
    first, second = read_coded_postings(path)
    assert first["category"] == "edu"  # the coder's section code
    assert first["alternates"] == ["25-2021.00"]  # the code itself is no alternate
    assert second == {**second, "code": "NONE", "description": "", "id": "line-3", "source": "nyc"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 1 is not JSON"),
        ('["a list"]', "line 1 must be a JSON object"),
        ('{"title": 3, "code": "25-3041.00"}', "needs a text 'title'"),
        ('{"title": "Tutor", "code": "99-9999.00"}', "which is no O.NET-SOC 2019 occupation"),
        ('{"title": "Tutor", "code": "25-3041.00", "alternates": "25-2021.00"}', "'alternates' as a list of codes"),
    ],
)
def test_a_bad_coded_line_is_named(tmp_path, line, message):
    path = write_lines(tmp_path / "coded.jsonl", [line])
    with pytest.raises(LaborLensError, match=message):
        read_coded_postings(path, known_codes=["25-3041.00"])


def test_a_missing_or_empty_file_is_a_clear_error(tmp_path):
    with pytest.raises(LaborLensError, match="Cannot read"):
        read_coded_postings(tmp_path / "absent.jsonl")
    with pytest.raises(LaborLensError, match="holds no coded postings"):
        read_coded_postings(write_lines(tmp_path / "empty.jsonl", [""]))


def test_soc_2010_codes_go_through_the_2010_crosswalk_first():
    assert soc_2010_to_onet("39-9021", INDEX) == ["31-1122.00"]  # not the 2018 reuse of the number
    assert soc_2010_to_onet("45-2092.02", INDEX) == ["45-2092.00"]
    assert soc_2010_to_onet("37-3011", INDEX) == ["37-3011.00"]  # not in the crosswalk: the 2019 codes of its SOC
    assert soc_2010_to_onet("11-9999", INDEX) == []


def test_h2_titles_become_title_only_postings(tmp_path):
    path = write_lines(
        tmp_path / "h2.jsonl",
        [
            {"title": "Home Health Aide", "soc_code": "39-9021", "n_cases": 4},
            {"title": "Mystery", "soc_code": "11-9999"},
        ],
    )
    rows, unmapped = read_h2_titles(path, INDEX)
    assert rows == [
        {
            "id": "h2-1",
            "title": "Home Health Aide",
            "source": "h2",
            "code": "31-1122.00",
            "alternates": [],
            "n_cases": 4,
        }
    ]
    assert unmapped == ["11-9999"]


@given(st.integers(0, 500), st.integers(1, 500))
def test_the_wilson_interval_holds_the_rate_and_stays_in_0_1(hits, n):
    hits = min(hits, n)
    low, high = wilson_interval(hits, n)
    assert 0.0 <= low <= hits / n + 1e-12 and hits / n - 1e-12 <= high <= 1.0


def test_the_interval_narrows_as_the_sample_grows():
    small, large = wilson_interval(5, 10), wilson_interval(500, 1000)
    assert small[1] - small[0] > large[1] - large[0]


def test_scores_by_source_count_each_metric_and_skip_not_a_job():
    records = [
        {"source": "a", "code": "35-2014.00", "alternates": ["35-2021.00"]},
        {"source": "a", "code": "35-2014.00", "alternates": ["35-2021.00"]},
        {"source": "b", "code": "53-7062.00", "alternates": []},
        {"source": "b", "code": "NONE", "alternates": []},
    ]
    rankings = [
        ["35-2014.00"],
        ["35-2021.00", "35-2014.00"],
        ["47-2061.00", "a", "b", "c", "d", "53-7062.00"],
        ["41-2011.00"],
    ]
    table = score_by_source(records, rankings)
    assert table["a"]["top1"]["rate"] == 0.5
    assert table["a"]["lenient"]["rate"] == 1.0
    assert table["a"]["major"]["rate"] == 1.0
    assert table["b"]["top5"]["hits"] == 0  # sixth place is not top-5
    assert table["b"]["top1"]["n"] == 1  # the NONE row is a detection task of its own
    assert table["all"]["top1"] == {**table["all"]["top1"], "n": 3, "hits": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"title": "Tutor", "code": "NONE"}\n\xff\xfe broken\n', "line 2 is not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 1 is not JSON \\(nested too deeply\\)"),
    ],
)
def test_undecodable_and_hostile_lines_are_named_not_raised(tmp_path, content, message):
    path = tmp_path / "coded.jsonl"
    path.write_bytes(content)
    with pytest.raises(LaborLensError, match=message):
        read_coded_postings(path)


def test_a_byte_order_mark_is_read_past(tmp_path):
    path = tmp_path / "coded.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"title": "Tutor", "code": "25-3041.00"}\n')
    assert read_coded_postings(path)[0]["title"] == "Tutor"
