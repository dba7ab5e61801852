"""The `laborlens classify`, `eval` and `model` commands: the contract other tools depend on."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from laborlens.cli import main
from laborlens.coding import MODEL_VERSION


@pytest.fixture
def run(coder_home):
    settings, store = coder_home

    def invoke(*args, input=None):
        return CliRunner().invoke(main, ["--home", str(settings.home), "--database-url", store.url, *args], input=input)

    return invoke


def test_classify_keeps_order_ids_and_reports_bad_lines(run, tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "CDL-A driver", "description": "Drive a tractor-trailer OTR."}),
        "this is not json",
        json.dumps({"id": "c", "description": ""}),
        json.dumps({"id": "d", "title": 7}),
        "",
        json.dumps({"id": 5, "title": "Caregiver", "category": "hea"}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    target = tmp_path / "out.jsonl"
    result = run("classify", "--input", str(source), "--output", str(target), "--top", "3")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r.get("id") for r in records] == ["a", None, "c", "d", 5]
    assert records[0]["occupations"][0]["code"] == "53-3032.00"
    assert len(records[0]["occupations"]) == 3
    assert records[0]["occupations"][0]["soc_code"] == "53-3032"
    assert records[0]["occupations"][0]["major_group"] == "53-0000"
    assert records[0]["model_version"] == MODEL_VERSION
    assert "not_a_job" in records[0] and "not_a_job_score" in records[0]
    assert "evidence" in records[0] and "skills" in records[0]
    assert "not JSON" in records[1]["error"]
    assert "needs a 'title' or a 'description'" in records[2]["error"]
    assert "'title' must be text" in records[3]["error"]
    assert records[4]["occupations"][0]["code"] == "31-1122.00"
    assert "3 of 5 lines had errors" in result.output


def test_classify_reads_stdin_and_writes_stdout(run):
    result = run("classify", "--input", "-", "--output", "-", input=json.dumps({"id": 1, "title": "Line cook"}) + "\n")
    assert result.exit_code == 0
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["id"] == 1 and record["occupations"][0]["code"] == "35-2014.00"


def test_classify_input_that_is_wholly_unusable_exits_1(run, tmp_path):
    missing = run("classify", "--input", str(tmp_path / "nope.jsonl"), "--output", "-")
    assert missing.exit_code == 1 and "Cannot read" in missing.output
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("nope\nstill nope\n")
    result = run("classify", "--input", str(garbage), "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1 and "No usable posting" in result.output
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    result = run("classify", "--input", str(binary), "--output", str(tmp_path / "out2.jsonl"))
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_eval_prints_accuracy_calibration_and_confusions(run, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"id": 1, "title": "Line cook", "accept": ["35-2014.00"], "not_a_job": False},
                {"id": 2, "title": "Caregiver", "accept": ["31-1122.00"], "not_a_job": False},
                {"id": 3, "title": "$200 for Sharing Your Opinions", "accept": ["NONE"], "not_a_job": True},
            ]
        )
    )
    result = run("eval", str(gold))
    assert result.exit_code == 0, result.output
    assert "O*NET-SOC" in result.output and "major group" in result.output
    assert "not a job: precision" in result.output
    assert "expected calibration error" in result.output
    metrics = json.loads(run("eval", str(gold), "--format", "json").output)
    assert metrics["top1"] == 1.0 and metrics["not_a_job"]["recall"] == 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\n')
    result = run("eval", str(bad))
    assert result.exit_code == 1 and "needs an 'accept' list" in result.output


def test_model_status_and_missing_or_damaged_models(run, coder_home, tmp_path):
    status = run("model", "status", "--format", "json")
    assert status.exit_code == 0
    assert json.loads(status.output)["data_current"] is True
    settings, store = coder_home
    empty = CliRunner().invoke(
        main,
        ["--home", str(tmp_path), "--database-url", store.url, "classify", "--input", "-", "--output", "-"],
        input="{}\n",
    )
    assert empty.exit_code == 1 and "run `laborlens model build`" in empty.output
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "occupation-coder.joblib").write_bytes(b"not a model")
    broken = CliRunner().invoke(
        main,
        ["--home", str(tmp_path), "--database-url", store.url, "classify", "--input", "-", "--output", "-"],
        input="{}\n",
    )
    assert broken.exit_code == 1 and "Cannot read the model" in broken.output


def test_model_build_if_stale_skips_a_current_model(run):
    result = run("model", "build", "--if-stale")
    assert result.exit_code == 0 and "is current" in result.output


def test_classify_as_a_subprocess_uses_stdin_and_stdout(coder_home):
    settings, store = coder_home
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "laborlens",
            "--home",
            str(settings.home),
            "--database-url",
            store.url,
            "classify",
            "--input",
            "-",
            "--output",
            "-",
            "--top",
            "2",
        ],
        input=json.dumps({"id": "x", "title": "Welder"}) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    record = json.loads(completed.stdout)
    assert record["occupations"][0]["code"] == "51-4121.00"
