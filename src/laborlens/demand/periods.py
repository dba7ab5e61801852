"""Periods as integer indexes, their labels, and the SQL that computes them on each backend.

A month index is ``year * 12 + month - 1``; a week index counts Monday-based weeks, week 0 being the one
that holds 1970-01-01. Integer periods make "active in p" a range test and runs of periods simple sums.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from laborlens.errors import LaborLensError

PERIODS = ("month", "week")
_EPOCH_MONDAY = date(1969, 12, 29)


class PeriodError(LaborLensError, ValueError):
    """A period kind or label that cannot be read."""


def check_kind(kind: str) -> str:
    if kind not in PERIODS:
        raise PeriodError(f"Unknown period {kind!r}: use 'month' or 'week'.")
    return kind


def start_of(kind: str, index: int) -> date:
    """First day of a period."""
    if kind == "month":
        return date(index // 12, index % 12 + 1, 1)
    return _EPOCH_MONDAY + timedelta(weeks=index)


def label(kind: str, index: int) -> str:
    """'2025-03' for a month, ISO '2025-W10' for a week."""
    if kind == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    year, week, _ = start_of(kind, index).isocalendar()
    return f"{year:04d}-W{week:02d}"


def index_of(kind: str, day: date) -> int:
    if kind == "month":
        return day.year * 12 + day.month - 1
    return (day - _EPOCH_MONDAY).days // 7


def parse_label(kind: str, text: str) -> int:
    """The index of a period written as '2025-03' (month) or '2025-W10' (week)."""
    text = text.strip()
    if kind == "month":
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if match and 1 <= int(match.group(2)) <= 12:
            return int(match.group(1)) * 12 + int(match.group(2)) - 1
        raise PeriodError(f"Unreadable month {text!r}: write it like 2025-03.")
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", text, flags=re.IGNORECASE)
    if match:
        try:
            return index_of("week", date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1))
        except ValueError:
            pass
    raise PeriodError(f"Unreadable week {text!r}: write it like 2025-W10 (ISO week).")


def per_year(kind: str) -> int:
    """Periods in a year: the seasonal period and the lag of a year-over-year comparison."""
    return 12 if kind == "month" else 52


def month_sql(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        utc = f"({column} AT TIME ZONE 'UTC')"
        return f"(CAST(EXTRACT(YEAR FROM {utc}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {utc}) AS INTEGER) - 1)"
    # SQLite keeps UTC times as text without an offset (see sources.normalize.parse_time).
    return f"(CAST(strftime('%Y', {column}) AS INTEGER) * 12 + CAST(strftime('%m', {column}) AS INTEGER) - 1)"


def week_sql(column: str, dialect: str) -> str:
    # Days since 1970-01-01 plus 3 (it was a Thursday), in whole weeks; times are after 1970, so
    # truncation is flooring.
    if dialect == "postgresql":
        return f"CAST(FLOOR((EXTRACT(EPOCH FROM {column}) / 86400 + 3) / 7) AS INTEGER)"
    return f"CAST((julianday({column}) - 2440587.5 + 3) / 7 AS INTEGER)"
