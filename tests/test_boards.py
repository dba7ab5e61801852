"""Employer job boards (Greenhouse, Lever, Ashby) and USAJOBS, over HTTP from a local replay server."""

import dataclasses
import json

import pytest

from laborlens.errors import LaborLensError
from laborlens.settings import load_settings
from laborlens.sources import ingest, list_postings
from laborlens.sources.boards import board_postings
from laborlens.sources.usajobs import usajobs_postings
from replay import ReplayServer, Reply

GREENHOUSE = {
    "jobs": [
        {
            "id": 4001,
            "title": "Warehouse Associate",
            "absolute_url": "https://boards.greenhouse.io/acme/jobs/4001",
            "updated_at": "2026-11-01T10:00:00-05:00",
            "first_published": "2026-10-30T09:00:00-05:00",
            "location": {"name": "Dayton, OH"},
            "content": "&lt;p&gt;Pick and pack orders. Drive a forklift. Pay $18-21/hr. "
            "Questions: jobs@acme.example&lt;/p&gt;",
        }
    ]
}
LEVER = [
    {
        "id": "a1b2",
        "text": "Line Cook",
        "hostedUrl": "https://jobs.lever.co/diner/a1b2",
        "createdAt": 1793000000000,
        "categories": {"location": "Chicago, IL", "commitment": "Full-time", "team": "Kitchen"},
        "descriptionPlain": "Cook breakfast and lunch on the grill.",
        "lists": [{"text": "What you'll do", "content": "<li>Prep food</li><li>Keep the line clean</li>"}],
        "salaryRange": {"min": 17, "max": 20, "currency": "USD", "interval": "per-hour-wage"},
    }
]
ASHBY = {
    "jobs": [
        {
            "id": "x9",
            "title": "Caregiver",
            "jobUrl": "https://jobs.ashbyhq.com/care/x9",
            "employmentType": "PartTime",
            "publishedAt": "2026-11-02T00:00:00Z",
            "descriptionPlain": "Help older adults at home with daily living.",
            "address": {"postalAddress": {"addressLocality": "Houston", "addressRegion": "TX", "postalCode": "77002"}},
            "compensation": {"compensationTierSummary": "$15 – $18 per hour"},
        }
    ]
}
USAJOBS = {
    "SearchResult": {
        "SearchResultCount": 1,
        "SearchResultItems": [
            {
                "MatchedObjectId": "812345",
                "MatchedObjectDescriptor": {
                    "PositionTitle": "Forklift Operator",
                    "PositionURI": "https://www.usajobs.gov/job/812345",
                    "OrganizationName": "Defense Logistics Agency",
                    "PublicationStartDate": "2026-11-03T00:00:00",
                    "PositionLocation": [
                        {
                            "CityName": "Columbus, Ohio",
                            "CountrySubDivisionCode": "Ohio",
                            "Latitude": 39.96,
                            "Longitude": -82.99,
                        }
                    ],
                    "PositionRemuneration": [
                        {"MinimumRange": "24.12", "MaximumRange": "28.10", "RateIntervalCode": "PH"}
                    ],
                    "UserArea": {
                        "Details": {
                            "JobSummary": "Operate forklifts to move supplies.",
                            "MajorDuties": ["Load and unload trucks."],
                        }
                    },
                },
            }
        ],
    }
}


@pytest.fixture
def site():
    search = "/api/search?Keyword=forklift&ResultsPerPage=500&Page=1"
    server = ReplayServer(
        {
            ("boards-api.greenhouse.io", "/v1/boards/acme/jobs?content=true"): Reply(
                body=json.dumps(GREENHOUSE).encode()
            ),
            ("api.lever.co", "/v0/postings/diner?mode=json"): Reply(body=json.dumps(LEVER).encode()),
            ("api.ashbyhq.com", "/posting-api/job-board/care?includeCompensation=true"): Reply(
                body=json.dumps(ASHBY).encode()
            ),
            ("data.usajobs.gov", search): Reply(body=json.dumps(USAJOBS).encode()),
        }
    )
    base = server.start()
    yield server, base
    server.stop()


def _settings(tmp_path, base, **extra):
    return dataclasses.replace(load_settings(home=tmp_path / "home", base_url=base), **extra)


def test_greenhouse_lever_and_ashby_boards(site, tmp_path, store):
    server, base = site
    settings = _settings(tmp_path, base)
    (greenhouse,) = board_postings(settings, "greenhouse:acme", delay=0.01)
    assert greenhouse.title == "Warehouse Associate" and greenhouse.source_id == "acme:4001"
    assert "Pick and pack orders" in greenhouse.description and "<p>" not in greenhouse.description
    assert "acme.example" not in greenhouse.description
    (lever,) = board_postings(settings, "lever:diner", delay=0.01)
    assert lever.location_text == "Chicago, IL" and "Keep the line clean" in lever.description
    (ashby,) = board_postings(settings, "ashby:care", delay=0.01)
    assert ashby.zip == "77002" and ashby.employment_type == "PartTime"
    report = ingest(store, [greenhouse, lever, ashby])
    assert report.added == 3
    stored = {p["source"]: p for p in list_postings(store) if p["source"] in {"greenhouse", "lever", "ashby"}}
    assert stored["greenhouse"]["pay"] == {"min": 18, "max": 21, "unit": "hour"}
    assert stored["lever"]["pay"]["unit"] == "hour" and stored["lever"]["state"] == "17"
    assert stored["ashby"]["cbsa"] == "26420"


def test_unknown_boards_are_refused(site, tmp_path):
    _, base = site
    with pytest.raises(LaborLensError, match="Unknown board 'monster:x'"):
        board_postings(_settings(tmp_path, base), "monster:x", delay=0.01)
    with pytest.raises(LaborLensError, match="No greenhouse board named 'nobody'"):
        board_postings(_settings(tmp_path, base), "greenhouse:nobody", delay=0.01)


def test_usajobs_search_with_key_and_email(site, tmp_path):
    server, base = site
    settings = _settings(tmp_path, base, usajobs_key="k", usajobs_email="me@example.org")
    (posting,) = usajobs_postings(settings, "forklift")
    assert posting.title == "Forklift Operator" and posting.employer == "Defense Logistics Agency"
    assert "Load and unload trucks." in posting.description and posting.pay_text.endswith("per hour")
    assert posting.location_text == "Columbus, Ohio"
    with pytest.raises(LaborLensError, match="needs LABORLENS_USAJOBS_KEY"):
        usajobs_postings(_settings(tmp_path, base), "forklift")
