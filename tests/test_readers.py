"""Reading reference files by column name, in every layout the sources use, and failing clearly."""

import shutil

import openpyxl
import pytest

from laborlens.errors import DataSourceError
from laborlens.reference.readers import read_table

CODE = "O*NET-SOC Code"


def test_official_and_excel_layouts_give_the_same_columns(mirror, official_layout):
    excel = read_table(mirror / "onet" / "Technology Skills.txt", [CODE, "Example", "Hot Technology"])
    official = read_table(official_layout / "Technology Skills.txt", [CODE, "Example", "Hot Technology"])
    assert list(excel.columns) == list(official.columns) == [CODE, "Example", "Hot Technology"]
    assert excel.equals(official)


def test_na_and_empty_cells_both_read_as_missing(tmp_path):
    path = tmp_path / "Task Statements.txt"
    path.write_text(
        "O*NET-SOC Code\tTask ID\tTask\tIncumbents Responding\n"
        "11-1011.00\t8823\tDirect activities.\tn/a\n"
        "11-1011.00\t8824\tConfer with board.\t\n"
        "11-1011.00\t8825\tAnalyze reports.\t87\n"
    )
    frame = read_table(path, [CODE, "Task ID", "Incumbents Responding"], numeric=["Incumbents Responding"])
    assert frame["Incumbents Responding"].isna().tolist() == [True, True, False]
    assert frame["Incumbents Responding"].iloc[2] == 87


def test_renamed_crosswalk_headers_are_accepted_by_alias(mirror):
    if "soc2010_code" not in (mirror / "onet" / "2010_to_2019_Crosswalk.csv").read_text(encoding="utf-8-sig")[:200]:
        pytest.skip("this mirror's crosswalk has the official headers")
    aliases = {"O*NET-SOC 2010 Code": ["soc2010_code"], "O*NET-SOC 2019 Code": ["soc2019_code"]}
    frame = read_table(mirror / "onet" / "2010_to_2019_Crosswalk.csv", list(aliases), aliases=aliases)
    assert frame.iloc[0].tolist() == ["11-1011.00", "11-1011.00"]
    assert len(frame) == 1164


def test_official_crosswalk_headers_read_too(tmp_path):
    path = tmp_path / "2010_to_2019_Crosswalk.csv"
    path.write_text(
        "O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,O*NET-SOC 2019 Code,O*NET-SOC 2019 Title\n"
        '15-1199.10,Search Marketing Strategists,13-1161.01,"Search Marketing Strategists"\n'
    )
    frame = read_table(path, ["O*NET-SOC 2010 Code", "O*NET-SOC 2019 Title"])
    assert frame.iloc[0].tolist() == ["15-1199.10", "Search Marketing Strategists"]


def test_missing_column_names_the_file_and_the_column(mirror):
    with pytest.raises(DataSourceError, match=r"Job Zones.txt: missing column 'Zone Name'"):
        read_table(mirror / "onet" / "Job Zones.txt", [CODE, "Zone Name"])


@pytest.mark.parametrize("fraction", [0.5, 0.25, 0.77])
def test_truncated_text_file_is_reported(mirror, tmp_path, fraction):
    original = (mirror / "onet" / "Alternate Titles.txt").read_bytes()
    path = tmp_path / "Alternate Titles.txt"
    path.write_bytes(original[: int(len(original) * fraction)])
    with pytest.raises(DataSourceError, match="Alternate Titles.txt: .*truncated"):
        read_table(path, [CODE, "Alternate Title"])


def test_csv_whose_last_row_lost_fields_is_reported(tmp_path):
    path = tmp_path / "zip_cbsa.csv"
    path.write_text("zip,cbsa,tot_ratio\n00683,41900,0.99\n00684,419")
    with pytest.raises(DataSourceError, match="zip_cbsa.csv: the last line has 2 fields, expected 3"):
        read_table(path, ["zip", "cbsa"])


def test_too_few_rows_is_reported_as_truncated(tmp_path):
    path = tmp_path / "Occupation Data.txt"
    path.write_text("O*NET-SOC Code\tTitle\tDescription\n11-1011.00\tChief Executives\tDetermine policies.\n")
    with pytest.raises(DataSourceError, match="only 1 data rows, expected at least 500"):
        read_table(path, [CODE, "Title"], min_rows=500)


def test_missing_and_empty_files_are_reported(tmp_path):
    with pytest.raises(DataSourceError, match="file not found"):
        read_table(tmp_path / "nope.txt", [CODE])
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(DataSourceError, match="file is empty"):
        read_table(tmp_path / "empty.txt", [CODE])


def test_non_numeric_value_in_a_numeric_column_is_reported(tmp_path):
    path = tmp_path / "Job Zones.txt"
    path.write_text("O*NET-SOC Code\tJob Zone\n11-1011.00\tfive\n")
    with pytest.raises(DataSourceError, match="'Job Zone' holds 'five', which is not a number"):
        read_table(path, [CODE, "Job Zone"], numeric=["Job Zone"])


def test_excel_header_row_is_found_below_title_lines(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["U.S. Bureau of Labor Statistics"])
    sheet.append([])
    sheet.append(["2018 SOC Code", "2018 SOC Title", "2018 SOC Direct Match Title"])
    sheet.append(["53-7051", "Industrial Truck and Tractor Operators", "Forklift Operator"])
    path = tmp_path / "titles.xlsx"
    book.save(path)
    frame = read_table(path, ["2018 SOC Code", "2018 SOC Direct Match Title"])
    assert frame.iloc[0].tolist() == ["53-7051", "Forklift Operator"]


def test_truncated_workbook_is_reported(mirror, tmp_path):
    path = tmp_path / "occupation.xlsx"
    shutil.copyfile(mirror / "bls" / "occupation.xlsx", path)
    path.write_bytes(path.read_bytes()[:50_000])
    with pytest.raises(DataSourceError, match="occupation.xlsx: not a readable Excel workbook"):
        read_table(path, ["Occupation type"], sheet="Table 1.2")
