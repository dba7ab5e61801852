"""Demand rows as CSV, the same for the command line and the dashboard's downloads."""

from __future__ import annotations

import csv
import io
import json


def _cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    # Text a spreadsheet would run as a formula (a skill name from a posting file, say) is kept as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_to_csv(rows: list[dict]) -> str:
    """Every field of every row (in first-seen order), lists and objects as JSON."""
    out = io.StringIO()
    fields = list(dict.fromkeys(name for row in rows for name in row))
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()
