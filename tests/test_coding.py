"""The occupation coder: known titles, probabilities, evidence, skills, not-a-job, and the estimator API."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from laborlens.coding import OccupationCoder
from laborlens.coding.inventory import Inventory, load_inventory
from laborlens.coding.rerank import FEATURES, candidate_features, title_ambiguity


@pytest.mark.parametrize(
    ("posting", "code"),
    [
        ({"title": "CDL-A driver"}, "53-3032.00"),
        ({"title": "Caregiver"}, "31-1122.00"),
        ({"title": "Line cook"}, "35-2014.00"),
        ({"title": "Forklift Operator - 2nd shift $18/hr"}, "53-7051.00"),
        ({"title": "CASHIER NEEDED!!!"}, "41-2011.00"),
        ({"title": "Registered Nurse (RN) - Med/Surg"}, "29-1141.00"),
        ({"title": "Need Moving Help TODAY!", "category": "lbg"}, "53-7062.00"),
        ({"title": "Limpieza", "category": "dmg"}, "37-2012.00"),
        ({"title": "Lawn mowing help", "category": "lbg"}, "37-3011.00"),
        ({"title": "Structural Engineer", "category": "egr"}, "17-2051.00"),
        ({"title": "Assistant Manager"}, "41-1011.00"),
    ],
)
def test_known_titles_map_to_known_codes(coder, posting, code):
    assert coder.predict([posting])[0] == code


def test_a_title_o_net_lists_keeps_its_filler_words(coder):
    # "job" is filler in "Welder job", but "Job Captain" is an O*NET title (a drafting lead), not a pilot
    job_captains = {"17-3019.00", "17-3029.00"}
    for title in ("Job Captain", "Job Captain - NYC", "Architectural Job Captain"):
        assert coder.predict([{"title": title}])[0] in job_captains, title
    assert coder.predict([{"title": "Captain"}])[0] not in job_captains
    assert coder.predict([{"title": "Welder job"}])[0] == "51-4121.00"


def test_alternate_titles_in_current_use_weigh_more_than_index_only_ones(store):
    rows = set(load_inventory(store).title_rows)
    assert ("Captain", "33-1012.00", "alternate") in rows  # O*NET source 02: incumbents call themselves so
    assert ("Job Captain", "17-3019.00", "alternate_index") in rows  # source 06 only: the Census index
    assert ("Bank President", "11-1011.00", "alternate") in rows  # source 09 (users' searches) is current use


def test_the_coder_weighs_titles_by_their_source(coder):
    weight = {
        (text, str(coder.classes_[code])): float(w)
        for text, code, w in zip(coder.title_text_, coder.title_code_, coder.title_source_weight_, strict=True)
    }
    assert (
        weight[("Job Captain", "17-3019.00")]
        < weight[("Captain", "33-1012.00")]
        < weight[("First-Line Supervisors of Police and Detectives", "33-1012.00")]
    )


def test_the_employer_name_says_the_industry_of_a_generic_title(coder):
    body = "Oversee the daily operations of the location and supervise a team of 15 employees. Train new staff."
    health_services_managers = list(coder.classes_).index("11-9111.00")
    without, with_employer, bare = coder.predict_proba(
        [
            {"title": "Manager", "description": body},
            {"title": "Manager", "description": body, "employer": "Hillside Nursing Home"},
            {"title": "Manager", "employer": "Hillside Nursing Home"},
        ]
    )
    assert with_employer[health_services_managers] > 2 * without[health_services_managers]
    # without a body the employer is not read: a bare title stays title-only
    assert np.allclose(bare, coder.predict_proba(["Manager"])[0])


def test_an_all_other_occupation_does_not_win_on_a_word_of_its_one_line_profile(coder):
    # "Cooks, All Other" has no tasks: its profile is eight words, and "cooks" in a body made it look the closest
    posting = {
        "title": "Assistant Manager",
        "description": "Help run our restaurant: open and close, supervise servers and cooks, handle cash.",
    }
    (best, probability), *_ = coder.top_k([posting], 3)[0]
    assert best in {"35-1012.00", "41-1011.00", "11-9051.00"}
    assert probability < 0.99


def test_a_qualified_assistant_manager_is_not_read_as_a_store_supervisor(coder):
    assert coder.predict(["Assistant Manager"])[0] == "41-1011.00"
    qualified = coder.predict(["Hotel Assistant Manager", "Assistant Manager - Accounting"])
    assert "41-1011.00" not in qualified.tolist()


def test_bare_title_strings_are_accepted(coder):
    assert coder.predict(["Line cook"])[0] == "35-2014.00"


def test_probabilities_are_sorted_and_sum_to_at_most_one(coder):
    ranked = coder.top_k([{"title": "Warehouse associate", "description": "Pick and pack orders."}], 5)[0]
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) <= 1.0 + 1e-9
    proba = coder.predict_proba(["Welder", "Dishwasher"])
    assert proba.shape == (2, len(coder.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_description_brings_the_right_occupation_into_view(coder):
    """'Job Captain' alone reads like a pilot; an architecture firm's description says otherwise."""
    posting = {
        "title": "Job Captain",
        "category": "egr",
        "description": (
            "Architecture firm seeks a job captain to coordinate construction documents, prepare architectural "
            "drawings in Revit, work with consultants and architects on building design and code compliance."
        ),
    }
    bare = [code for code, _ in coder.top_k([{"title": "Job Captain"}], 5)[0]]
    described = [code for code, _ in coder.top_k([posting], 5)[0]]
    assert not described[0].startswith("53-20")  # not an airline captain
    assert {"17-1011.00", "17-3011.00"} & set(described)
    assert not {"17-1011.00", "17-3011.00"} & set(bare)


def test_re_ranker_was_trained_and_checked_on_held_out_reference_data(coder):
    report = coder.rerank_report_
    assert report["queries"] > 1000
    assert 0.0 < report["fold_top1_first_stage"] <= 1.0
    assert report["fold_top1_reranked"] >= report["fold_top1_first_stage"]


def test_the_re_ranker_is_told_when_a_title_fits_many_occupations(coder):
    titles = ["Maintenance Technician", "CDL-A driver", "xyzzy qwerty"]
    signals = coder._signals(titles)
    ambiguity = title_ambiguity(signals["title"])
    assert np.expm1(ambiguity[0]) >= 5  # an O*NET title of twelve occupations
    assert ambiguity[1] == 0.0  # one occupation's title
    assert ambiguity[2] == 0.0  # no title fits at all: nothing to choose among
    _, features = candidate_features(signals, coder._fuse(signals), coder.log_prior_, coder.occupation_levels_)
    column = FEATURES.index("title_ambiguity")
    assert np.allclose(features[:, :, column], ambiguity[:, None])


def test_a_title_is_also_read_as_a_description_of_the_work(coder):
    titles = ["Mow lawns and trim hedges", ""]
    signals = coder._signals(titles)
    document = signals["title_document"]
    # No O*NET title says it, but the landscapers' tasks do.
    assert coder.classes_[np.argmax(document[0])] == "37-3011.00"
    assert coder.classes_[np.argmax(signals["title"][0])] != "37-3011.00"
    assert not document[1].any()  # no title, nothing read
    candidates, features = candidate_features(signals, coder._fuse(signals), coder.log_prior_, coder.occupation_levels_)
    rows = np.arange(len(titles))[:, None]
    assert np.allclose(features[:, :, FEATURES.index("title_document")], document[rows, candidates])


def test_evidence_points_into_the_text(coder):
    description = (
        "We need someone to operate a forklift and load trucks. You will use Microsoft Excel to "
        "track inventory. Move pallets and stock shelves in our warehouse."
    )
    result = coder.code([{"title": "Forklift operator", "description": description}])[0]
    assert result["occupations"][0]["code"] == "53-7051.00"
    assert result["evidence"]["title"]["matched"]
    names = {skill["name"] for skill in result["skills"]}
    assert "Microsoft Excel" in names
    text = "Forklift operator\n" + description
    for skill in result["skills"]:
        start, end = skill["span"]
        assert text[start:end] == skill["phrase"]
    for match in result["evidence"]["description"]:
        start, end = match["span"]
        assert description[start:end] == match["phrase"]
        assert match["task"]


def test_evidence_spans_point_into_the_posting_as_sent_not_its_cleaned_copy(coder):
    """Cleaning collapses line breaks, double spaces and repeated punctuation; spans must still fit the original."""
    description = (
        "WAREHOUSE JOB!!!\n\nDuties:\n  - Operate a forklift and load trucks.\n  - Use Microsoft   Excel to track "
        "inventory.\n\n\nMove pallets and stock shelves in our warehouse."
    )
    title = "Forklift operator"
    result = coder.code([{"title": title, "description": description}])[0]
    assert result["evidence"]["description"] and result["skills"]
    for match in (*result["evidence"]["description"], *result["dwas"]):
        start, end = match["span"]
        assert description[start:end] == match["phrase"]
    text = f"{title}\n{description}"
    for skill in result["skills"]:
        start, end = skill["span"]
        assert text[start:end] == skill["phrase"]
    assert "Microsoft   Excel" in {skill["phrase"] for skill in result["skills"]}


def test_lexicon_and_section_are_named_in_the_evidence(coder):
    result = coder.code([{"title": "2 movers needed, easy load", "category": "lbg"}])[0]
    assert result["occupations"][0]["code"] == "53-7062.00"
    assert any("mover" in item["phrase"] for item in result["evidence"]["lexicon"])
    assert result["evidence"]["section"]["name"] == "labor gigs"


@pytest.mark.parametrize(
    "posting",
    [
        {"title": "$200 for Sharing Your Opinions", "category": "etc"},
        {
            "title": "Ambitious Sales People $75K to $300K",
            "description": ("Build your own empire. If you're average, you can earn $75K, if you're good $150K."),
        },
        {"title": "Highly skilled handyman available for hire", "description": "I can fix anything. Call me."},
    ],
)
def test_not_a_job_is_flagged_with_a_reason(coder, posting):
    result = coder.code([posting])[0]
    assert result["not_a_job"] is True
    assert result["evidence"]["not_a_job"]


def test_ordinary_job_is_not_flagged(coder):
    result = coder.code(
        [
            {
                "title": "Line Cook",
                "description": (
                    "Busy restaurant hiring a line cook. Responsibilities: prepare dishes, keep the station clean. "
                    "We offer benefits and paid time off."
                ),
            }
        ]
    )[0]
    assert result["not_a_job"] is False
    assert 0.0 <= result["not_a_job_score"] < 0.5


def test_estimator_follows_scikit_learn_conventions(coder):
    params = coder.get_params()
    assert params["k"] == 5 and "temperature" in params
    fresh = clone(coder)
    assert fresh.get_params() == params
    with pytest.raises(NotFittedError):
        fresh.predict(["Welder"])
    assert coder.set_params(k=3) is coder
    assert len(coder.top_k(["Welder"])[0]) == 3
    coder.set_params(k=5)


def test_fit_rejects_what_is_not_an_inventory():
    with pytest.raises(ValueError, match="needs a non-empty Inventory"):
        OccupationCoder().fit([["titles"]])


def test_a_posting_of_the_wrong_type_is_rejected(coder):
    with pytest.raises(TypeError, match="must be a dict"):
        coder.predict([42])
    with pytest.raises(TypeError, match="field 'description' must be text, not int"):
        coder.code([{"title": "Cook", "description": 5}])


def test_the_default_coder_is_tf_idf_only(coder):
    assert coder.embedding_model_ is None and coder.title_embeddings_ is None
    result = coder.code([{"title": "Line cook", "description": "Cook on the line."}])[0]
    assert "embedding" not in result["evidence"]


def test_the_embeddings_setting_is_checked():
    with pytest.raises(ValueError, match="embeddings must be 'auto', 'on' or 'off'"):
        OccupationCoder(embeddings="yes").fit(Inventory(codes=["11-1011.00"], titles={}, descriptions={}))
