"""Cleaning Craigslist noise out of titles and bodies."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborlens.coding.lexicon import with_employer_industries
from laborlens.coding.text import clean_description, clean_title, title_segments, without_boilerplate, without_filler


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Loading box truck need movers 18$ an hour minimum 3hour", "loading box truck need movers minimum 3hour"),
        ("Customer Service Representative - Independence, OH", "customer service representative"),
        ("SKILLED Handyman ONLY 😉", "skilled handyman only"),
        ("Passing out flyers to businesses at night $15/hr cash", "passing out flyers to businesses at night"),
        ("Need Moving Help TODAY! Monday, 4/29!!!", "need moving help today monday"),
        ("Ambitious Sales People $75K to $300K", "ambitious sales people"),
        ("Limpieza — señora", "limpieza senora"),
    ],
)
def test_clean_title_removes_pay_places_dates_emoji_and_case(raw, clean):
    assert clean_title(raw) == clean


def test_title_segments_split_on_separators():
    assert title_segments("Operations Supervisor - Dayton Freight Lines") == [
        "operations supervisor dayton freight lines",
        "operations supervisor",
        "dayton freight lines",
    ]
    assert "drafter" in title_segments("ARCHITECT / DRAFTER")


def test_filler_words_are_dropped():
    assert without_filler("forklift driver needed asap full time") == "forklift driver"
    assert without_filler("junior structural engineer") == "structural engineer"
    assert without_filler("experienced sr welder") == "welder"


def test_description_loses_contact_details():
    text = clean_description("Call 555-123-4567 or write jobs@example.com, see https://x.example/apply")
    assert "555" not in text and "@" not in text and "https" not in text


def test_boilerplate_sentences_are_left_out_of_the_description_signal():
    body = (
        "Design grading and drainage plans for site projects. We are an equal opportunity employer and hire "
        "without regard to race or national origin. Benefits include medical, dental and 401k. "
        "Job Type: Full-time. To apply, send your resume.\n- Prepare AutoCAD drawings"
    )
    kept = "Design grading and drainage plans for site projects. - Prepare AutoCAD drawings"
    assert without_boilerplate(body) == kept


def test_a_duty_list_run_together_with_its_benefits_line_keeps_the_duties():
    """Cleaning joins a body's lines, so a bulleted posting reads as one long sentence; only its tail is boilerplate."""
    body = clean_description(
        "Responsibilities include:\nCoordinate and develop construction documents\nPerform code and zoning analyses\n"
        "Requirements:\nBachelor's Degree in Architecture\nBenefits: medical, dental, 401k\n"
        "We offer a competitive salary and a creative work environment."
    )
    kept = without_boilerplate(body)
    assert "construction documents" in kept and "Degree in Architecture" in kept
    assert "Benefits" not in kept and "competitive salary" not in kept


def test_one_benefit_word_alone_may_be_the_job():
    """A dental assistant's duties name 'dental'; a benefits list names several benefits at once."""
    duties = "Prepare patients for dental treatment and sterilize instruments."
    assert without_boilerplate(duties) == duties


@given(st.text(max_size=300))
def test_cleaning_never_fails_on_any_text(text):
    assert isinstance(clean_title(text), str)
    assert all(isinstance(s, str) for s in title_segments(text))
    assert isinstance(clean_description(text), str)
    assert isinstance(without_boilerplate(text), str)


def test_well_known_employers_say_the_kind_of_workplace():
    assert with_employer_industries("I worked at McDonald's") == "I worked at McDonald's (fast food restaurant)"
    assert with_employer_industries("Cashier at WALMART") == "Cashier at WALMART (retail store)"
    # names that are everyday words are left alone
    assert with_employer_industries("I took the subway to Target") == "I took the subway to Target"
