"""The worker pages' own copy reads at grade 8 or below (Flesch-Kincaid).

Syllables come from Pyphen's hyphenation dictionary (offline). Each heading, label, button, list item
and paragraph counts as a sentence, as a reader meets them one at a time. Occupation names and task
statements come from O*NET, not from us, so pages with them are judged on the text around them.
"""

from __future__ import annotations

import re

import pyphen
import pytest
from bs4 import BeautifulSoup

GRADE = 8.0
_DICTIONARY = pyphen.Pyphen(lang="en_US")
_BLOCKS = ["h1", "h2", "h3", "p", "label", "button", "li", "dt", "dd", "summary", "small", "option", "a"]


def _syllables(word: str) -> int:
    return max(1, len(_DICTIONARY.positions(word)) + 1)


def grade(sentences: list[str]) -> float:
    words = [w for s in sentences for w in re.findall(r"[A-Za-z][A-Za-z']*", s)]
    if not words:
        return 0.0
    count = sum(max(1, len(re.findall(r"[.!?]+(?:\s|$)", s))) for s in sentences)
    return 0.39 * len(words) / count + 11.8 * sum(_syllables(w) for w in words) / len(words) - 15.59


def _copy(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    for tag in main.find_all(class_="onet"):
        tag.decompose()
    sentences = []
    for tag in main.find_all(_BLOCKS):
        text = " ".join(tag.find_all(string=True, recursive=False)).strip()
        if text:
            sentences.append(text)
    return sentences


def test_the_measure_tells_plain_from_dense_text():
    assert grade(["Tell us about your work.", "We find jobs like it."]) < 4
    assert grade(["Occupational classification methodologies necessitate comprehensive documentation."]) > 14


@pytest.mark.parametrize(
    "path", ["/", "/code", "/openings", "/openings?q=zzzz&area=TX", "/occupation/53-7062.00?area=TX"]
)
def test_worker_pages_read_at_grade_eight_or_below(make_app, path):
    page = make_app().test_client().get(path)
    assert page.status_code == 200
    sentences = _copy(page.get_data(as_text=True))
    assert len(sentences) >= 3
    assert grade(sentences) <= GRADE, sentences


def test_results_copy_reads_at_grade_eight_or_below(make_app):
    client = make_app().test_client()
    home = client.get("/").get_data(as_text=True)
    token = BeautifulSoup(home, "html.parser").find("input", {"name": "csrf_token"})
    data = {"about": "I drove a forklift and counted stock.", "area": "TX"}
    if token:
        data["csrf_token"] = token["value"]
    page = client.post("/results", data=data)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="onet"' in html  # O*NET's own words are marked, and judged as O*NET's, not ours
    assert grade(_copy(html)) <= GRADE
