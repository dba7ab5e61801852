"""Read reference tables by column name, whatever their layout, and fail with one clear line.

Accepted layouts: O*NET's official text release (tab-separated, ``n/a`` for missing values), the
Excel-derived text of shared/data (extra ``Title``/``Scale Name`` columns, empty for missing),
semicolon- or comma-separated CSV with or without a BOM, and Excel workbooks whose header row sits
below a few title lines (BLS and Census files).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from laborlens.errors import DataSourceError

MISSING = {"", "n/a", "N/A", "NA", "—", "-"}


def read_table(
    path: Path,
    columns: Sequence[str],
    *,
    label: str | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    sheet: str | None = None,
    min_rows: int = 1,
    numeric: Sequence[str] = (),
) -> pd.DataFrame:
    """Return the named ``columns`` of a table as a DataFrame of text (missing values as None).

    ``aliases`` maps a canonical column name to other spellings seen in the wild; the frame uses the
    canonical names. ``numeric`` columns are converted to floats and must parse where present.
    """
    label = label or path.name
    if not path.exists():
        raise DataSourceError(f"{label}: file not found at {path}.")
    if path.stat().st_size == 0:
        raise DataSourceError(f"{label}: file is empty ({path}).")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = _read_excel(path, columns, aliases or {}, sheet, label)
    else:
        frame = _read_delimited(path, label, whole_lines=path.suffix.lower() == ".txt")
    frame = _select(frame, columns, aliases or {}, label)
    frame = frame.map(_clean) if len(frame) else frame
    frame = frame.dropna(how="all")
    if len(frame) < min_rows:
        raise DataSourceError(
            f"{label}: only {len(frame)} data rows, expected at least {min_rows}; the file looks truncated."
        )
    for name in numeric:
        converted = pd.to_numeric(frame[name].str.replace(",", "", regex=False), errors="coerce")
        bad = frame[name].notna() & converted.isna()
        if bad.any():
            row = bad.idxmax()
            raise DataSourceError(f"{label}: column {name!r} holds {frame.at[row, name]!r}, which is not a number.")
        frame[name] = converted
    return frame.reset_index(drop=True)


def _clean(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text in MISSING else text


def _decode(raw: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataSourceError(f"{label}: not a text file (cannot decode as UTF-8 or Windows-1252).")


def _read_delimited(path: Path, label: str, whole_lines: bool) -> pd.DataFrame:
    """Read a delimited file. ``whole_lines``: every line ends with a line break, as in O*NET's text files."""
    text = _decode(path.read_bytes(), label)
    lines = text.splitlines()
    if not lines:
        raise DataSourceError(f"{label}: file is empty.")
    if whole_lines and not text.endswith(("\n", "\r")):
        raise DataSourceError(f"{label}: the file ends in the middle of a line; it looks truncated.")
    header = lines[0]
    delimiter = max(("\t", ";", ","), key=header.count)
    if header.count(delimiter) == 0:
        raise DataSourceError(f"{label}: the first line has no tab, ';' or ',' separated column names.")
    reader = csv.reader(
        io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    )
    rows = list(reader)
    names = [name.strip() for name in rows[0]]
    width = len(names)
    body = [row for row in rows[1:] if row]
    for number, row in enumerate(body, start=2):
        if len(row) != width:
            where = "the last line" if number == len(body) + 1 else f"line {number}"
            hint = " (the file looks truncated)" if len(row) < width and number == len(body) + 1 else ""
            raise DataSourceError(f"{label}: {where} has {len(row)} fields, expected {width}{hint}.")
    return pd.DataFrame(body, columns=names, dtype=object)


def _read_excel(
    path: Path, columns: Sequence[str], aliases: Mapping[str, Sequence[str]], sheet: str | None, label: str
) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise DataSourceError(f"{label}: not a readable Excel workbook ({exc}); the file may be truncated.") from exc
    with book:
        if sheet is not None and sheet not in book.sheet_names:
            raise DataSourceError(f"{label}: no sheet {sheet!r}; sheets are {', '.join(book.sheet_names)}.")
        grid = pd.read_excel(book, sheet_name=sheet or 0, header=None, dtype=object)
    wanted = [{c, *aliases.get(c, ())} for c in columns]
    for position in range(min(len(grid), 40)):
        cells = {str(v).strip() for v in grid.iloc[position] if v is not None and not pd.isna(v)}
        if all(cells & names for names in wanted):
            header = [
                str(v).strip() if v is not None and not pd.isna(v) else f"_{i}"
                for i, v in enumerate(grid.iloc[position])
            ]
            body = grid.iloc[position + 1 :].copy()
            body.columns = header
            return body
    raise DataSourceError(
        f"{label}: no header row with the columns {', '.join(repr(c) for c in columns)} in the first 40 rows."
    )


def _select(
    frame: pd.DataFrame, columns: Sequence[str], aliases: Mapping[str, Sequence[str]], label: str
) -> pd.DataFrame:
    present = {str(c).strip(): c for c in frame.columns}
    chosen = {}
    for name in columns:
        for candidate in (name, *aliases.get(name, ())):
            if candidate in present:
                chosen[name] = present[candidate]
                break
        else:
            found = ", ".join(repr(c) for c in list(present)[:12])
            raise DataSourceError(f"{label}: missing column {name!r} (found {found}).")
    selected = frame[[chosen[name] for name in columns]].copy()
    selected.columns = list(columns)
    return selected
