"""People matching: inputs of every kind, plain words and resumes, the reasons and gaps, and the CLI contract."""

import io
import json
import zipfile

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from laborlens.cli import main
from laborlens.coding.lexicon import with_employer_industries
from laborlens.matching import PersonInputError, clean_person_text, load_matcher, text_from_file
from laborlens.matching.profile import CREDENTIAL_OCCUPATIONS, expand_abbreviations, read_profile, work_text
from plain_language_cases import CASES


@pytest.fixture(scope="session")
def matcher(coder_home):
    settings, store = coder_home
    return load_matcher(settings)


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose content stream shows ``text`` (enough for pypdf to extract it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _docx_with_text(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- input --------------------------------------------------------------------------------------
def test_pdf_docx_and_text_files_are_read_by_their_content():
    words = "I worked as a cashier and stocked shelves"
    assert words in text_from_file(_pdf_with_text(words))
    assert words in text_from_file(_docx_with_text(words))
    assert words in text_from_file(words.encode())


def test_a_misnamed_file_is_read_by_its_content(tmp_path):
    path = tmp_path / "resume.txt"  # really a PDF
    path.write_bytes(_pdf_with_text("I drove a forklift and counted stock"))
    assert "forklift" in text_from_file(path.read_bytes())


def test_mojibake_is_repaired():
    assert "Naïve Bayes" in clean_person_text("I used NaÃ¯ve Bayes and worked as a data analyst")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "not text, a PDF or a Word"),
        (b"%PDF-1.4\n1 0 obj garbage", "PDF is damaged"),
        (b"PK\x03\x04 not really a zip", "damaged ZIP or DOCX"),
        (b"x" * (5 * 1024 * 1024 + 1), "limit is 5 MB"),
        (
            "Trabajé como cocinero en un restaurante y limpié la cocina con los otros empleados de la empresa".encode(),
            "Spanish",
        ),
    ],
)
def test_bad_files_get_a_clear_message(data, message):
    with pytest.raises(PersonInputError, match=message):
        text_from_file(data)


def test_encrypted_pdf_is_refused_politely():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PersonInputError, match="password-protected"):
        text_from_file(out.getvalue())


def test_zip_bomb_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("[Content_Types].xml", "<Types/>")
        bundle.writestr("word/document.xml", b"\x00" * (70 * 1024 * 1024))
    with pytest.raises(PersonInputError, match="zip bomb"):
        text_from_file(out.getvalue())


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bundle:
        bundle.writestr("notes.txt", "hello")
    with pytest.raises(PersonInputError, match="not a Word"):
        text_from_file(out.getvalue())


# ---- matching -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_plain_words_find_the_occupations_a_counselor_would(matcher, store, text, expected):
    result = matcher.match(store, text, top=5)
    found = [o["code"] for o in result["jobs_like_yours"]]
    for code in expected:
        assert code in found, (text, found)


def test_the_forklift_example_puts_its_two_occupations_first(matcher, store):
    """The issue's own example: driving a forklift and counting stock are these two jobs, ahead of the rest."""
    result = matcher.match(store, "I drove a forklift and counted stock", top=5)
    assert {o["code"] for o in result["jobs_like_yours"][:2]} == {"53-7051.00", "53-7065.00"}
    forklift = next(o for o in result["jobs_like_yours"] if o["code"] == "53-7051.00")
    assert any("forklift" in (reason.get("you_said") or "").lower() for reason in forklift["why"])


def test_a_match_says_why_what_is_missing_and_what_it_pays(matcher, store):
    result = matcher.match(store, "I drove a forklift and counted stock", area="TX", top=5)
    first = next(o for o in result["jobs_like_yours"] if o["code"] == "53-7051.00")
    assert any(reason["kind"] in {"task", "title", "tool"} for reason in first["why"])
    assert any(r["you_said"] and "forklift" in r["you_said"].lower() for r in first["why"])
    assert first["gap"]["tasks"]
    assert first["pay"]["area"] == "Texas" and first["pay"]["p25"] <= first["pay"]["median"] <= first["pay"]["p75"]
    assert first["outlook"]["openings_annual"] > 0
    assert first["job_zone"] in {1, 2, 3}
    assert first["education"]["bls_entry"]
    assert first["links"]["onet_online"].endswith("53-7051.00")
    assert "careeronestop" in first["links"]["careeronestop"]
    assert result["next_steps"] and result["occupations"][0]["list"] == "jobs_like_yours"


def test_next_steps_respect_zone_step_and_pay_floor(matcher, store):
    result = matcher.match(store, "I was a cashier at a grocery store", top=8, no_pay_cut=True, max_zone_step=1)
    current = result["jobs_like_yours"][0]
    for step in result["next_steps"]:
        assert step["code"] not in {o["code"] for o in result["jobs_like_yours"]}
        if current["job_zone"] and step["job_zone"]:
            assert step["job_zone"] - current["job_zone"] <= 1
    index = matcher.index
    floor = index.national_median[index.codes.index(current["code"])]
    for step in result["next_steps"]:
        assert index.national_median[index.codes.index(step["code"])] >= floor


def test_resume_evidence_education_and_years_are_read(matcher, store):
    resume = (
        "Jane Doe\nWarehouse Associate\nABC Logistics, 2015 - 2020\n- Operated forklifts and pallet jacks\n"
        "- Picked and packed customer orders\nEducation\nHigh school diploma\nForklift certified, OSHA 10"
    )
    result = matcher.match(store, resume, top=5)
    assert result["person"]["education"] == "High school diploma or equivalent"
    assert "Forklift certification" in result["person"]["credentials"]
    assert result["person"]["years_experience"] == 5
    assert {o["code"] for o in result["jobs_like_yours"]} & {"53-7051.00", "53-7065.00", "53-7062.00"}


def test_software_names_and_headings_are_not_read_as_jobs(matcher, store):
    """ "SQL Server" is software, not a waiter's job; "Company Details" is a heading, not a dance company."""
    resume = (
        "Technical Expertise\nSQL Server\nMongoDB Server\nWindows, Ms\nCompany Details\n"
        "Database Administrator\n- Installed and upgraded database servers and tuned slow queries\n"
        "- Planned backups and restored databases after failures"
    )
    result = matcher.match(store, resume, top=5)
    titles = [t["title"] for t in result["person"]["titles"]]
    assert "Database Administrator" in titles
    assert not {"SQL Server", "MongoDB Server", "Windows, Ms"} & set(titles)
    assert result["occupations"][0]["code"].startswith("15-")
    said = {reason["you_said"] for o in result["occupations"] for reason in o["why"]}
    assert "Company Details" not in said


def test_a_law_degree_makes_an_advocate_a_lawyer(matcher, store):
    """An "Advocate" with an LLB is a lawyer (in O*NET's titles an advocate is a social-service worker);
    the degree counts although it is written in the schooling lines."""
    resume = (
        "Advocate\nEducation: LL.B., University of Delhi\n"
        "Drafted plaints and written statements and appeared for clients before the district court"
    )
    result = matcher.match(store, resume, top=5)
    assert "Law degree or bar admission" in result["person"]["credentials"]
    lawyers = next(o for o in result["jobs_like_yours"][:3] if o["code"] == "23-1011.00")
    assert {"you_said": "LL.B", "matches": "credential: Law degree or bar admission", "kind": "credential"} in (
        lawyers["why"]
    )


@pytest.mark.parametrize(
    ("text", "credential", "code"),
    [
        ("I hold a CDL class A and drove regional routes", "Commercial driver's license (CDL)", "53-3032.00"),
        ("Registered Nurse, 4 years on a medical-surgical floor", "Registered nurse (RN) license", "29-1141.00"),
        ("Licensed practical nurse at a nursing home", "Licensed practical nurse (LPN/LVN)", "29-2061.00"),
        ("Journeyman electrician, wired new homes and panels", "Electrician licence", "47-2111.00"),
        ("Master of Laws (LLM), practising at the High Court", "Law degree or bar admission", "23-1011.00"),
    ],
)
def test_a_licence_counts_for_the_occupation_that_requires_it(matcher, store, text, credential, code):
    result = matcher.match(store, text, top=5)
    assert credential in result["person"]["credentials"]
    assert code in [o["code"] for o in result["jobs_like_yours"][:3]]


def test_broad_credentials_and_look_alike_abbreviations_point_to_no_occupation():
    profile = read_profile("Valid driver's license, CPR certified. Broker dealer services (BDS) billing.")
    assert {"Driver's license", "CPR / First aid"} <= set(profile.credentials)
    assert all(not CREDENTIAL_OCCUPATIONS[label] for label in profile.credentials)


@pytest.mark.parametrize(
    "text", ["I'm a travel rn", "rn case manager", "lpn/rn", "rn, bsn", "icu rn 3 years", "new grad rn"]
)
def test_a_nurse_writing_rn_in_lower_case_is_still_a_nurse(text):
    assert expand_abbreviations(text) == text
    assert expand_abbreviations("I need a job rn. I babysat kids") == "I need a job right now. I babysat kids"


def test_law_enforcement_is_not_a_law_degree():
    assert read_profile("I have a bachelor's in law enforcement and was a patrol officer").credentials == []
    assert read_profile("Bachelor Law, Ambedkar Law University").credentials == ["Law degree or bar admission"]


def test_a_credential_named_but_not_held_is_not_evidence():
    assert read_profile("I don't have a CDL yet. I stocked shelves and unloaded trucks.").credentials == []
    assert read_profile("I want to become a registered nurse. I worked as a cashier.").credentials == []


@pytest.mark.parametrize(
    ("text", "not_first"),
    [
        ("I tested LLM chatbot answers and labeled data for an AI company.", "23-1011.00"),
        ("I need a job rn. I babysat my cousins after school and helped with homework.", "29-1141.00"),
    ],
)
def test_look_alike_abbreviations_are_not_credentials(matcher, store, text, not_first):
    result = matcher.match(store, text, top=5)
    assert not any(CREDENTIAL_OCCUPATIONS[label] for label in result["person"]["credentials"])
    assert result["jobs_like_yours"][0]["code"] != not_first


def test_everyday_words_are_not_employers_or_abbreviations():
    assert with_employer_industries("I babysat Wendy's kids and supervised five guys") == (
        "I babysat Wendy's kids and supervised five guys"
    )
    assert expand_abbreviations("Shift lead at 24 HR Fitness\nPaid $15/HR\nMontreal, QC") == (
        "Shift lead at 24 HR Fitness\nPaid $15/HR\nMontreal, QC"
    )
    profile = read_profile("ABOUT ME\nI WANT TO BE A COOK\nProgrammed PLC controllers\nLine cook, Denver, CO")
    assert profile.education is None
    assert {"Programmed PLC controllers", "Line cook, Denver, CO"} <= set(profile.sentences)


def test_a_reason_quotes_the_persons_own_words(matcher, store):
    result = matcher.match(store, "I made coffee drinks at Starbucks and cleaned the espresso machine every night")
    quoted = [reason["you_said"] for o in result["occupations"] for reason in o["why"] if reason.get("you_said")]
    assert any("Starbucks" in words for words in quoted)
    assert not any("(coffee shop)" in words for words in quoted)


def test_hr_written_as_an_abbreviation_is_human_resources(matcher, store):
    resume = "Hr\nRecruited and onboarded new staff, kept employee records and answered payroll questions"
    result = matcher.match(store, resume, top=5)
    assert "Human Resources" in [t["title"] for t in result["person"]["titles"]]
    assert result["jobs_like_yours"][0]["code"][:2] in {"11", "13", "43"}


def test_a_school_named_as_a_workplace_is_work_not_schooling():
    profile = read_profile(
        "I worked as a janitor at an elementary school. I mopped floors and emptied the trash.\n"
        "Bachelor of Science, State University"
    )
    assert "janitor" in profile.titles
    assert "I worked as a janitor at an elementary school" in profile.sentences
    assert not any("State University" in sentence for sentence in profile.sentences)


def test_being_a_student_is_schooling_not_work():
    for text in ("I'm a student at Ohio State University.", "I was a student at Ohio State University."):
        assert work_text(f"{text} I waited tables.") == "I waited tables."


def test_a_sentence_about_school_and_work_keeps_its_work_part():
    assert work_text("I finished high school and worked at a car wash. I like people.") == (
        "worked at a car wash.\nI like people."
    )
    assert work_text("I graduated in 2019. I stocked shelves.") == "I stocked shelves."


def test_a_school_bus_driver_is_a_bus_driver(matcher, store):
    result = matcher.match(store, "I drove a school bus for the county for six years. I checked the bus each morning.")
    assert "53-3051.00" in [o["code"] for o in result["jobs_like_yours"][:3]]


def test_everyday_words_are_not_degrees():
    """ "be", "me" and "MS Office" are not a B.E., an M.E. or an M.S."""
    assert read_profile("I want to be a nurse; they trained me to use MS Office").education is None
    assert read_profile("BE Mechanical, Pune University").education == (4, "Bachelor's degree")
    assert read_profile("It can be used to track orders").sentences == ["It can be used to track orders"]


def test_employer_names_are_not_job_titles():
    profile = read_profile("Testing Engineer\nIntelux Electronics Pvt Ltd\nTested power supplies and control panels")
    assert "Testing Engineer" in profile.titles
    assert not any("Intelux" in title for title in profile.titles)


def test_area_by_city_and_state(matcher, store):
    result = matcher.match(store, "I was a line cook", area="Dayton, OH", top=3)
    assert result["area"]["name"].startswith("Dayton")
    assert result["jobs_like_yours"][0]["pay"]["area_level"] == "metro"


# ---- CLI ----------------------------------------------------------------------------------------
@pytest.fixture
def run(coder_home, matcher):
    settings, store = coder_home

    def invoke(*args, input=None):
        return CliRunner().invoke(main, ["--home", str(settings.home), "--database-url", store.url, *args], input=input)

    return invoke


def test_match_cli_prints_one_json_object(run, tmp_path):
    resume = tmp_path / "resume.docx"
    resume.write_bytes(_docx_with_text("I worked as a security guard, checked IDs and patrolled the building."))
    result = run("match", "--top", "3", "--area", "10001", str(resume))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) >= {"jobs_like_yours", "next_steps", "occupations"}
    assert payload["jobs_like_yours"][0]["code"] == "33-9032.00"
    assert payload["occupations"][0]["code"] == "33-9032.00"
    assert all({"code", "title", "score"} <= set(o) for o in payload["occupations"])


def test_match_cli_reads_stdin(run):
    result = run("match", "-", input="I babysit my neighbors kids after school")
    assert result.exit_code == 0
    assert json.loads(result.output)["jobs_like_yours"][0]["code"] == "39-9011.00"


def test_match_cli_batch_keeps_order_and_reports_bad_lines(run, tmp_path):
    source = tmp_path / "people.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "I mowed lawns and trimmed bushes"}),
                "not json",
                json.dumps({"id": "c", "text": ""}),
                json.dumps({"id": "d", "text": 5}),
                json.dumps({"id": "e", "text": "I drove an 18-wheeler with my CDL"}),
            ]
        )
    )
    target = tmp_path / "out.jsonl"
    result = run("match", "--input", str(source), "--output", str(target), "--top", "3")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r.get("id") for r in records] == ["a", None, "c", "d", "e"]
    assert records[0]["occupations"][0]["code"] == "37-3011.00"
    assert "not JSON" in records[1]["error"]
    assert "no text" in records[2]["error"]
    assert "'text' field" in records[3]["error"]
    assert records[4]["occupations"][0]["code"] == "53-3032.00"


def test_match_cli_bad_input_is_one_line_and_exit_1(run, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"%PDF-1.4 broken")
    result = run("match", str(empty))
    assert result.exit_code == 1 and "PDF is damaged" in result.output and "Traceback" not in result.output
    result = run("match", str(tmp_path / "missing.pdf"))
    assert result.exit_code == 1 and "Cannot read" in result.output
    result = run(
        "match",
        "-",
        input="x",
    )
    assert result.exit_code == 0 or "Error" in result.output
    result = run("match", "--area", "Atlantis", "-", input="I was a cashier")
    assert result.exit_code == 1 and "Unknown area 'Atlantis'" in result.output


def test_openings_near_you_come_from_stored_postings(matcher, store):
    import uuid

    from laborlens.sources import ingest
    from laborlens.sources.normalize import NormalizedPosting

    source = f"test-{uuid.uuid4().hex[:8]}"
    postings = [
        NormalizedPosting(
            source=source,
            source_id=str(i),
            title="Forklift Operator",
            description=f"Drive a forklift in our warehouse, shift {i}, load trucks daily.",
            location_text="Casper, WY",
        )
        for i in range(3)
    ]
    ingest(store, postings, coder=matcher.coder, model_version="test")
    result = matcher.match(store, "I drove a forklift and counted stock", area="Casper, WY", top=5)
    forklift = next(o for o in result["jobs_like_yours"] if o["code"] == "53-7051.00")
    assert forklift["local_demand"]["openings"] >= 1  # near-identical reposts count once per cluster
    assert forklift["local_demand"]["area"].startswith("cbsa:")
    other = matcher.match(store, "I drove a forklift", area="Juneau, AK", top=3)
    assert other["jobs_like_yours"][0]["local_demand"] is None
