"""Turn a folder of reference files into rows for the store's tables, checking every file on the way.

Everything is read and checked before the store is touched, so a bad file leaves the store as it was.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from laborlens.errors import DataSourceError
from laborlens.reference.catalogue import COUNTY_POINTS, ZCTA_POINTS
from laborlens.reference.geography import STATE_BY_ABBR, STATE_BY_FIPS, STATES
from laborlens.reference.readers import read_table

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
CODE = "O*NET-SOC Code"

Rows = list[dict]


@dataclass
class ReferenceData:
    """Rows per store table, and the number of data rows read from each file."""

    tables: dict[str, Rows] = field(default_factory=dict)
    file_rows: dict[str, int] = field(default_factory=dict)
    onet_version: str | None = None


def read_reference(folder: Path, progress: Callable[[str], None] | None = None) -> ReferenceData:
    """Read every reference file under ``folder`` (mirror layout) into table rows."""
    data = ReferenceData()
    steps = [
        _occupations,
        _titles,
        _tasks,
        _elements,
        _technology,
        _related,
        _soc,
        _crosswalk,
        _projections,
        _geography,
        _points,
    ]
    for step in steps:
        if progress:
            progress(step.__name__.strip("_"))
        step(folder, data)
    data.onet_version = _onet_version(folder / "onet" / "Read Me.txt")
    return data


def _read(folder: Path, data: ReferenceData, path: str, columns, **kwargs) -> pd.DataFrame:
    frame = read_table(folder / path, columns, label=path, **kwargs)
    data.file_rows[path] = len(frame)
    return frame


def _check_codes(frame: pd.DataFrame, column: str, pattern: re.Pattern, label: str) -> None:
    bad = ~frame[column].fillna("").str.match(pattern)
    if bad.any():
        value = frame.loc[bad.idxmax(), column]
        raise DataSourceError(f"{label}: column {column!r} holds {value!r}, which is not a valid code.")


def _onet_version(readme: Path) -> str | None:
    if not readme.exists():
        return None
    match = re.search(r"O\*NET\s+([\d.]+)\s+Database", readme.read_text(errors="replace"))
    return match.group(1) if match else None


def _records(frame: pd.DataFrame) -> Rows:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _yes(value) -> bool:
    return str(value or "").strip().upper() in {"Y", "YES", "TRUE", "1"}


def _occupations(folder: Path, data: ReferenceData) -> None:
    occupations = _read(folder, data, "onet/Occupation Data.txt", [CODE, "Title", "Description"], min_rows=500)
    _check_codes(occupations, CODE, ONET_CODE, "onet/Occupation Data.txt")
    zones = _read(folder, data, "onet/Job Zones.txt", [CODE, "Job Zone"], min_rows=500, numeric=["Job Zone"])
    zone_by_code = dict(zip(zones[CODE], zones["Job Zone"], strict=True))

    ete_path = "onet/Education, Training, and Experience.txt"
    ete = _read(
        folder,
        data,
        ete_path,
        [CODE, "Element ID", "Scale ID", "Category", "Data Value"],
        min_rows=1000,
        numeric=["Category", "Data Value"],
    )
    categories = _read(
        folder,
        data,
        "onet/Education, Training, and Experience Categories.txt",
        ["Element ID", "Scale ID", "Category", "Category Description"],
        numeric=["Category"],
    )
    labels = {
        int(row["Category"]): row["Category Description"].split(" - ")[0].strip()
        for row in _records(categories)
        if row["Element ID"] == "2.D.1" and row["Scale ID"] == "RL"
    }
    required = ete[(ete["Element ID"] == "2.D.1") & (ete["Scale ID"] == "RL")].dropna(subset=["Data Value"])
    # The typical education is the category the most incumbents named (O*NET's "RL" scale).
    modal = required.sort_values(["Data Value", "Category"], ascending=[False, True]).drop_duplicates(CODE)
    education = {row[CODE]: (int(row["Category"]), float(row["Data Value"])) for row in _records(modal)}

    rows = []
    for row in _records(occupations):
        code = row[CODE]
        category, share = education.get(code, (None, None))
        zone = zone_by_code.get(code)
        rows.append(
            {
                "code": code,
                "soc_code": code[:7],
                "title": row["Title"],
                "description": row["Description"] or "",
                "job_zone": int(zone) if zone is not None and not pd.isna(zone) else None,
                "education_category": category,
                "education": labels.get(category) if category else None,
                "education_share": share,
            }
        )
    data.tables["occupation"] = rows


def _known_codes(data: ReferenceData) -> set[str]:
    return {row["code"] for row in data.tables["occupation"]}


def _titles(folder: Path, data: ReferenceData) -> None:
    known = _known_codes(data)
    alternate = _read(
        folder, data, "onet/Alternate Titles.txt", [CODE, "Alternate Title", "Short Title", "Source(s)"], min_rows=1000
    )
    alternate = alternate[alternate[CODE].isin(known) & alternate["Alternate Title"].notna()]
    data.tables["alternate_title"] = [
        {"code": r[CODE], "title": r["Alternate Title"], "short_title": r["Short Title"], "sources": r["Source(s)"]}
        for r in _records(alternate)
    ]
    reported = _read(
        folder,
        data,
        "onet/Sample of Reported Titles.txt",
        [CODE, "Reported Job Title", "Shown in My Next Move"],
        min_rows=1000,
    )
    reported = reported[reported[CODE].isin(known) & reported["Reported Job Title"].notna()]
    data.tables["reported_title"] = [
        {"code": r[CODE], "title": r["Reported Job Title"], "shown_in_my_next_move": _yes(r["Shown in My Next Move"])}
        for r in _records(reported)
    ]


def _tasks(folder: Path, data: ReferenceData) -> None:
    known = _known_codes(data)
    tasks = _read(
        folder,
        data,
        "onet/Task Statements.txt",
        [CODE, "Task ID", "Task", "Task Type", "Incumbents Responding"],
        min_rows=1000,
        numeric=["Task ID", "Incumbents Responding"],
    )
    tasks = tasks[tasks[CODE].isin(known)].drop_duplicates("Task ID")
    data.tables["task"] = [
        {
            "task_id": int(r["Task ID"]),
            "code": r[CODE],
            "statement": r["Task"],
            "task_type": r["Task Type"],
            "incumbents_responding": None if pd.isna(r["Incumbents Responding"]) else int(r["Incumbents Responding"]),
        }
        for r in _records(tasks)
    ]
    dwas = _read(
        folder,
        data,
        "onet/DWA Reference.txt",
        ["Element ID", "Element Name", "IWA ID", "IWA Title", "DWA ID", "DWA Title"],
        min_rows=500,
    )
    dwas = dwas.drop_duplicates("DWA ID")
    data.tables["dwa"] = [
        {
            "dwa_id": r["DWA ID"],
            "title": r["DWA Title"],
            "iwa_id": r["IWA ID"],
            "iwa_title": r["IWA Title"],
            "activity_id": r["Element ID"],
            "activity_name": r["Element Name"],
        }
        for r in _records(dwas)
    ]
    links = _read(
        folder, data, "onet/Tasks to DWAs.txt", [CODE, "Task ID", "DWA ID"], min_rows=1000, numeric=["Task ID"]
    )
    task_ids = {row["task_id"] for row in data.tables["task"]}
    dwa_ids = set(dwas["DWA ID"])
    links = links[links[CODE].isin(known) & links["Task ID"].isin(task_ids) & links["DWA ID"].isin(dwa_ids)]
    links = links.drop_duplicates([CODE, "Task ID", "DWA ID"])
    data.tables["task_dwa"] = [
        {"code": r[CODE], "task_id": int(r["Task ID"]), "dwa_id": r["DWA ID"]} for r in _records(links)
    ]


def _elements(folder: Path, data: ReferenceData) -> None:
    known = _known_codes(data)
    elements: dict[str, dict] = {}
    ratings: Rows = []
    for domain, path in (("skill", "onet/Skills.txt"), ("knowledge", "onet/Knowledge.txt")):
        frame = _read(
            folder,
            data,
            path,
            [CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Not Relevant", "Recommend Suppress"],
            min_rows=1000,
            numeric=["Data Value"],
        )
        frame = frame[frame[CODE].isin(known) & frame["Scale ID"].isin(["IM", "LV"])]
        for element_id, name in zip(frame["Element ID"], frame["Element Name"], strict=True):
            elements.setdefault(element_id, {"element_id": element_id, "name": name, "domain": domain})
        importance = frame[frame["Scale ID"] == "IM"].drop_duplicates([CODE, "Element ID"])
        level = frame[frame["Scale ID"] == "LV"].drop_duplicates([CODE, "Element ID"])
        both = importance.merge(level, on=[CODE, "Element ID"], how="outer", suffixes=("_im", "_lv"))
        for r in _records(both):
            ratings.append(
                {
                    "code": r[CODE],
                    "element_id": r["Element ID"],
                    "importance": _float(r["Data Value_im"]),
                    "level": _float(r["Data Value_lv"]),
                    "not_relevant": _yes(r["Not Relevant_lv"]),
                    "suppress": _yes(r["Recommend Suppress_lv"]) or _yes(r["Recommend Suppress_im"]),
                }
            )
    data.tables["element"] = list(elements.values())
    data.tables["occupation_element"] = ratings


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _technology(folder: Path, data: ReferenceData) -> None:
    known = _known_codes(data)
    rows: Rows = []
    tech = _read(
        folder,
        data,
        "onet/Technology Skills.txt",
        [CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
        min_rows=1000,
    )
    for r in _records(tech[tech[CODE].isin(known)]):
        rows.append(
            {
                "code": r[CODE],
                "kind": "technology",
                "name": r["Example"],
                "commodity_code": r["Commodity Code"],
                "commodity_title": r["Commodity Title"],
                "hot": _yes(r["Hot Technology"]),
                "in_demand": _yes(r["In Demand"]),
            }
        )
    tools = _read(
        folder, data, "onet/Tools Used.txt", [CODE, "Example", "Commodity Code", "Commodity Title"], min_rows=1000
    )
    for r in _records(tools[tools[CODE].isin(known)]):
        rows.append(
            {
                "code": r[CODE],
                "kind": "tool",
                "name": r["Example"],
                "commodity_code": r["Commodity Code"],
                "commodity_title": r["Commodity Title"],
                "hot": False,
                "in_demand": False,
            }
        )
    data.tables["technology"] = [row for row in rows if row["name"]]


def _related(folder: Path, data: ReferenceData) -> None:
    known = _known_codes(data)
    related = _read(
        folder,
        data,
        "onet/Related Occupations.txt",
        [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
        min_rows=1000,
        numeric=["Index"],
    )
    related = related[related[CODE].isin(known) & related["Related O*NET-SOC Code"].isin(known)]
    related = related.drop_duplicates([CODE, "Related O*NET-SOC Code"])
    data.tables["related_occupation"] = [
        {
            "code": r[CODE],
            "related_code": r["Related O*NET-SOC Code"],
            "tier": r["Relatedness Tier"] or "",
            "rank": int(r["Index"]),
        }
        for r in _records(related)
    ]


def _soc_parent(code: str, level: str, groups: dict[str, str]) -> str | None:
    if level == "major":
        return None
    for candidate in (code[:6] + "0", code[:5] + "00", code[:4] + "000", code[:2] + "-0000"):
        if candidate != code and candidate in groups:
            return candidate
    return None


def _soc(folder: Path, data: ReferenceData) -> None:
    path = "bls/soc_2018_definitions.xlsx"
    frame = _read(folder, data, path, ["SOC Group", "SOC Code", "SOC Title", "SOC Definition"], min_rows=100)
    frame = frame[frame["SOC Code"].fillna("").str.match(SOC_CODE)]
    levels = {row["SOC Code"]: row["SOC Group"].strip().lower() for row in _records(frame)}
    data.tables["soc_group"] = [
        {
            "code": r["SOC Code"],
            "level": levels[r["SOC Code"]],
            "title": r["SOC Title"],
            "definition": r["SOC Definition"],
            "parent_code": _soc_parent(r["SOC Code"], levels[r["SOC Code"]], levels),
        }
        for r in _records(frame.drop_duplicates("SOC Code"))
    ]
    path = "bls/soc_2018_direct_match_title_file.xlsx"
    titles = _read(
        folder, data, path, ["2018 SOC Code", "2018 SOC Direct Match Title", "Illustrative Example"], min_rows=100
    )
    titles = titles[
        titles["2018 SOC Code"].fillna("").str.match(SOC_CODE) & titles["2018 SOC Direct Match Title"].notna()
    ]
    data.tables["soc_direct_match_title"] = [
        {
            "soc_code": r["2018 SOC Code"],
            "title": r["2018 SOC Direct Match Title"],
            "illustrative": bool(r["Illustrative Example"]),
        }
        for r in _records(titles)
    ]


_CROSSWALK_ALIASES = {
    "O*NET-SOC 2010 Code": ["soc2010_code"],
    "O*NET-SOC 2010 Title": ["soc2010_title"],
    "O*NET-SOC 2019 Code": ["soc2019_code"],
    "O*NET-SOC 2019 Title": ["soc2019_title"],
}


def _crosswalk(folder: Path, data: ReferenceData) -> None:
    path = "onet/2010_to_2019_Crosswalk.csv"
    frame = _read(folder, data, path, list(_CROSSWALK_ALIASES), aliases=_CROSSWALK_ALIASES, min_rows=500)
    _check_codes(frame, "O*NET-SOC 2010 Code", ONET_CODE, path)
    _check_codes(frame, "O*NET-SOC 2019 Code", ONET_CODE, path)
    frame = frame.drop_duplicates(["O*NET-SOC 2010 Code", "O*NET-SOC 2019 Code"])
    data.tables["code_crosswalk"] = [
        {
            "old_code": r["O*NET-SOC 2010 Code"],
            "new_code": r["O*NET-SOC 2019 Code"],
            "old_title": r["O*NET-SOC 2010 Title"],
            "new_title": r["O*NET-SOC 2019 Title"],
        }
        for r in _records(frame)
    ]


_EP = {
    "title": "2024 National Employment Matrix title",
    "soc_code": "2024 National Employment Matrix code",
    "occupation_type": "Occupation type",
    "employment_base": "Employment, 2024",
    "employment_projected": "Employment, 2034",
    "change_number": "Employment change, numeric, 2024–34",
    "change_percent": "Employment change, percent, 2024–34",
    "openings_annual": "Occupational openings, 2024–34 annual average",
    "median_wage": "Median annual wage, dollars, 2024[1]",
    "education": "Typical education needed for entry",
    "work_experience": "Work experience in a related occupation",
    "training": "Typical on-the-job training needed to attain competency in the occupation",
}
_THOUSANDS = ("employment_base", "employment_projected", "change_number", "openings_annual")


def _projections(folder: Path, data: ReferenceData) -> None:
    path = "bls/occupation.xlsx"
    numeric = [_EP[k] for k in (*_THOUSANDS, "change_percent")]
    frame = _read(folder, data, path, list(_EP.values()), sheet="Table 1.2", min_rows=500)
    frame = frame[frame[_EP["soc_code"]].fillna("").str.match(SOC_CODE)]
    data.file_rows[path] = len(frame)
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column].str.replace(",", "", regex=False), errors="raise")
    rows = []
    for r in _records(frame):
        row = {key: r[column] for key, column in _EP.items()}
        for key in _THOUSANDS:  # EP publishes thousands of jobs; the store keeps jobs
            row[key] = None if row[key] is None else round(float(row[key]) * 1000)
        wage = row["median_wage"]
        row["median_wage_topcoded"] = bool(wage and wage.startswith(">="))
        row["median_wage"] = float(re.sub(r"[^\d.]", "", wage)) if wage else None
        row["change_percent"] = None if row["change_percent"] is None else float(row["change_percent"])
        row["title"] = row["title"].strip()
        rows.append(row)
    data.tables["projection"] = rows


def _geography(folder: Path, data: ReferenceData) -> None:
    data.tables["state"] = [{"fips": f, "abbr": a, "name": n} for f, a, n in STATES]
    path = "bls/list1_2023.xlsx"
    columns = [
        "CBSA Code",
        "CBSA Title",
        "Metropolitan/Micropolitan Statistical Area",
        "County/County Equivalent",
        "FIPS State Code",
        "FIPS County Code",
        "Central/Outlying County",
    ]
    frame = _read(folder, data, path, columns, min_rows=500)
    frame = frame[frame["CBSA Code"].fillna("").str.match(r"^\d{5}$")]
    data.file_rows[path] = len(frame)
    cbsas, counties = {}, {}
    for r in _records(frame):
        kind = (
            "metropolitan"
            if "Metropolitan" in (r["Metropolitan/Micropolitan Statistical Area"] or "")
            else "micropolitan"
        )
        cbsas.setdefault(r["CBSA Code"], {"code": r["CBSA Code"], "title": r["CBSA Title"], "kind": kind})
        fips = str(r["FIPS State Code"]).zfill(2) + str(r["FIPS County Code"]).zfill(3)
        counties[fips] = {
            "fips": fips,
            "name": r["County/County Equivalent"],
            "state_fips": fips[:2],
            "cbsa_code": r["CBSA Code"],
            "central": (r["Central/Outlying County"] or "") == "Central",
        }
    data.tables["cbsa"] = list(cbsas.values())
    data.tables["county"] = list(counties.values())

    zip_path = folder / "bls/zip_cbsa.csv"
    if not zip_path.exists():
        data.tables["zip_cbsa"] = []
        return
    zips = _read(
        folder,
        data,
        "bls/zip_cbsa.csv",
        ["zip", "cbsa", "usps_zip_pref_city", "usps_zip_pref_state", "tot_ratio"],
        aliases={"zip": ["ZIP"], "cbsa": ["CBSA", "geoid"], "tot_ratio": ["TOT_RATIO"]},
        min_rows=1000,
        numeric=["tot_ratio"],
    )
    zips["zip"] = zips["zip"].str.zfill(5)
    zips = zips.sort_values("tot_ratio", ascending=False).drop_duplicates(["zip", "cbsa"])
    data.tables["zip_cbsa"] = [
        {
            "zip": r["zip"],
            "cbsa_code": r["cbsa"],
            "city": (r["usps_zip_pref_city"] or "").title() or None,
            "state_abbr": r["usps_zip_pref_state"] if r["usps_zip_pref_state"] in STATE_BY_ABBR else None,
            "address_share": float(r["tot_ratio"]),
        }
        for r in _records(zips)
    ]


def _points(folder: Path, data: ReferenceData) -> None:
    """Internal points of ZCTAs and counties from the (optional) Census Gazetteer files."""
    zctas = _read_gazetteer(folder, data, ZCTA_POINTS, ["GEOID"])
    data.tables["zcta_point"] = [
        {"zcta": r["GEOID"], "latitude": r["INTPTLAT"], "longitude": r["INTPTLONG"]} for r in zctas
    ]
    counties = _read_gazetteer(folder, data, COUNTY_POINTS, ["GEOID", "NAME"])
    data.tables["county_point"] = [
        {
            "fips": r["GEOID"],
            "name": r["NAME"],
            "state_fips": r["GEOID"][:2],
            "latitude": r["INTPTLAT"],
            "longitude": r["INTPTLONG"],
        }
        for r in counties
        if r["GEOID"][:2] in STATE_BY_FIPS
    ]


def _read_gazetteer(folder: Path, data: ReferenceData, path: str, columns: list[str]) -> Rows:
    """Rows of a Gazetteer file (tab-separated; header names padded with spaces), or none if it is absent.

    The internal points are checked to be numbers in range, so a file cut off mid-line is refused.
    """
    file = folder / path
    if not file.exists():
        return []
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # the Gazetteer files before 2020 were Latin-1
        text = raw.decode("latin-1")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [name.strip() for name in next(reader, [])]
    wanted = [*columns, "INTPTLAT", "INTPTLONG"]
    missing = [name for name in wanted if name not in header]
    if missing:
        found = ", ".join(repr(name) for name in header[:12])
        raise DataSourceError(f"{path}: missing column {missing[0]!r} (found {found}); is it a Gazetteer file?")
    at = {name: header.index(name) for name in wanted}
    rows, seen = [], set()
    for number, fields in enumerate(reader, start=2):
        if not any(field.strip() for field in fields):
            continue
        row = {name: fields[i].strip() if i < len(fields) else "" for name, i in at.items()}
        try:
            row["INTPTLAT"], row["INTPTLONG"] = float(row["INTPTLAT"]), float(row["INTPTLONG"])
        except ValueError:
            raise DataSourceError(
                f"{path}: line {number} has no internal point ({row['INTPTLAT']!r}, {row['INTPTLONG']!r}); "
                "the file looks truncated or damaged."
            ) from None
        if not re.fullmatch(r"\d{5}", row["GEOID"]):
            raise DataSourceError(f"{path}: line {number} holds GEOID {row['GEOID']!r}, expected 5 digits.")
        if not (-90 <= row["INTPTLAT"] <= 90 and -180 <= row["INTPTLONG"] <= 180):
            point = f"({row['INTPTLAT']}, {row['INTPTLONG']})"
            raise DataSourceError(f"{path}: line {number} holds the point {point}, which is not a latitude/longitude.")
        if row["GEOID"] not in seen:
            seen.add(row["GEOID"])
            rows.append(row)
    if not rows:
        raise DataSourceError(f"{path}: no data rows; the file looks truncated.")
    data.file_rows[path] = len(rows)
    return rows
