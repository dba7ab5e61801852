import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborlens.codes import (
    ONET_SOC_2010,
    ONET_SOC_2019,
    SOC_2018,
    CodeIndex,
    major_group_of,
    parse_code,
    resolve_code,
    soc_of,
)
from laborlens.errors import CodeError

INDEX = CodeIndex(
    titles={
        "53-7062.00": "Laborers and Freight, Stock, and Material Movers, Hand",
        "53-7062.04": "Recycling and Reclamation Workers",
        "15-2051.00": "Data Scientists",
        "13-1161.01": "Search Marketing Strategists",
        "11-1011.00": "Chief Executives",
    },
    crosswalk_2010={
        "15-1199.10": [("13-1161.01", "Search Marketing Strategists")],
        "15-2099.00": [("15-2051.00", "Data Scientists")],
        "11-1011.00": [("11-1011.00", "Chief Executives")],
    },
    titles_2010={
        "15-1199.10": "Search Marketing Strategists",
        "15-2099.00": "Mathematical Science Occupations, All Other",
    },
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("53-7062.00", "53-7062.00"),
        (" 53-7062.00 ", "53-7062.00"),
        ("537062.00", "53-7062.00"),
        ("53706200", "53-7062.00"),
        ("53-7062", "53-7062"),
        ("537062", "53-7062"),
    ],
)
def test_parse_code_accepts_common_spellings(text, expected):
    assert parse_code(text).text == expected


@pytest.mark.parametrize("text", ["", "15-12", "foo", "53-7062.0", "53-70620.00", "ab-cdef.gh", "53_7062"])
def test_malformed_codes_are_rejected_with_an_example(text):
    with pytest.raises(CodeError, match="expected a code like '53-7062.00'"):
        parse_code(text)


def test_non_text_code_is_rejected():
    with pytest.raises(CodeError, match="must be text"):
        parse_code(537062)


@given(st.integers(0, 99), st.integers(0, 9999), st.integers(0, 99))
def test_parsed_codes_round_trip(major, detail, suffix):
    code = f"{major:02d}-{detail:04d}.{suffix:02d}"
    assert parse_code(code).text == code
    assert parse_code(code.replace("-", "").replace(".", "")).text == code
    assert soc_of(code) == code[:7]
    assert major_group_of(code) == f"{major:02d}-0000"


def test_current_code_resolves_to_itself():
    result = resolve_code("15-2051.00", INDEX)
    assert result.system == ONET_SOC_2019
    assert result.codes == ("15-2051.00",)
    assert result.note is None


def test_soc_code_expands_to_its_onet_occupations():
    result = resolve_code("53-7062", INDEX)
    assert result.system == SOC_2018
    assert result.codes == ("53-7062.00", "53-7062.04")
    assert "2 O*NET-SOC occupations" in result.note


def test_2010_code_maps_to_its_successor_and_says_so():
    result = resolve_code("15-1199.10", INDEX)
    assert result.system == ONET_SOC_2010
    assert result.codes == ("13-1161.01",)
    assert "O*NET-SOC 2010" in result.note and "13-1161.01" in result.note


def test_2010_soc_code_maps_through_the_crosswalk():
    result = resolve_code("15-2099", INDEX)
    assert result.system == ONET_SOC_2010
    assert result.codes == ("15-2051.00",)


def test_unknown_code_offers_the_closest_current_codes():
    with pytest.raises(CodeError, match="Unknown occupation code '15-2052.00'") as info:
        resolve_code("15-2052.00", INDEX)
    assert info.value.suggestions[0] == ("15-2051.00", "Data Scientists")
