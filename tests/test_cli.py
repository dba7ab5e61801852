"""The `laborlens` command, run as a user runs it: text and JSON output, exit status, one-line errors."""

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from laborlens.cli import main


@pytest.fixture
def run(loaded):
    settings, store = loaded

    def invoke(*args):
        runner = CliRunner()
        return runner.invoke(main, ["--home", str(settings.home), "--database-url", store.url, *args])

    return invoke


def test_occupation_shows_data_scientists_with_tasks_wages_and_outlook(run):
    result = run("occupation", "15-2051.00")
    assert result.exit_code == 0, result.output
    assert "15-2051.00  Data Scientists" in result.output
    assert "Top tasks:" in result.output
    assert "Wages:      median $" in result.output
    assert "Outlook:" in result.output and "openings a year" in result.output
    assert "https://www.onetonline.org/link/summary/15-2051.00" in result.output
    assert "https://www.mynextmove.org/profile/summary/15-2051.00" in result.output
    assert "CC BY 4.0" in result.output


def test_occupation_json_format(run):
    result = run("occupation", "53-7051.00", "--format", "json")
    assert result.exit_code == 0
    profile = json.loads(result.output)
    assert profile["code"] == "53-7051.00"
    assert profile["tasks"] and profile["skills"] and profile["wages"]["annual_median"] > 0


def test_2010_code_explains_the_mapping(run):
    result = run("occupation", "15-1199.10")
    assert result.exit_code == 0
    assert "15-1199.10 (Search Marketing Strategists) is an O*NET-SOC 2010 code" in result.output
    assert "13-1161.01" in result.output


def test_unknown_code_exits_1_with_closest_matches(run):
    result = run("occupation", "15-2052.00")
    assert result.exit_code == 1
    assert "Unknown occupation code '15-2052.00'" in result.output
    assert "Closest matches: 15-2051.00 Data Scientists" in result.output
    assert "Traceback" not in result.output


def test_malformed_code_exits_1_with_a_clear_message(run):
    result = run("occupation", "53-70")
    assert result.exit_code == 1
    assert "Malformed occupation code '53-70'" in result.output


def test_search_forklift_ranks_53_7051_first(run):
    result = run("occupations", "search", "forklift")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("53-7051.00")


def test_search_with_no_match_exits_1(run):
    result = run("occupations", "search", "zzzqqq")
    assert result.exit_code == 1
    assert "No occupation title matches" in result.output


def test_wages_for_an_area(run):
    result = run("wages", "53-7062", "--area", "TX", "--format", "json")
    assert result.exit_code == 0
    wages = json.loads(result.output)
    assert wages["area_name"] == "Texas"
    bad = run("wages", "53-7062", "--area", "Atlantis")
    assert bad.exit_code == 1 and "Unknown area 'Atlantis'" in bad.output


def test_data_status_lists_versions_and_tables(run):
    result = run("data", "status")
    assert result.exit_code == 0
    assert re.search(r"O\*NET:      \d+\.\d+", result.output)
    assert "OEWS: May 2025" in result.output
    assert "alternate_title" in result.output


def test_fetch_from_a_missing_folder_is_one_line_and_exit_1(run, tmp_path):
    result = run("data", "fetch", "--from", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: Mirror folder")
    assert "Traceback" not in result.output


def test_console_script_runs_in_a_subprocess(loaded):
    settings, store = loaded
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "laborlens",
            "--home",
            str(settings.home),
            "--database-url",
            store.url,
            "occupation",
            "nope",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().startswith("Error: Malformed occupation code 'nope'")
