"""Posting streams with known truth, for tests, benchmarks and the demand notebook.

Each :class:`Trend` says how many new postings an occupation gets a month in one place: a base, a steady
monthly growth, a seasonal swing, and a share of repeats (the same ad posted again under another id,
which deduplication must not count). Counts are Poisson around the truth, so a correct pipeline
recovers the growth within its interval and no closer than the noise allows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np

from laborlens.demand.periods import index_of, start_of


@dataclass(frozen=True)
class Trend:
    code: str
    location: str  # as a posting gives it: "Dallas, TX 75201"
    base: float  # expected new postings in the first month
    growth: float = 0.0  # monthly: 0.05 is +5% a month
    seasonal: float = 0.0  # amplitude of a yearly swing: 0.4 is +-40%, peaking in `peak_month`
    peak_month: int = 7
    repeats: float = 0.0  # share of postings posted a second time under another id
    skills: tuple[str, ...] = ()

    def expected(self, month_number: int, calendar_month: int) -> float:
        """Expected new postings in the n-th month (0-based) of the stream."""
        swing = 1 + self.seasonal * math.cos(2 * math.pi * (calendar_month - self.peak_month) / 12)
        return self.base * (1 + self.growth) ** month_number * swing


def _words(rng: np.random.Generator, vocabulary: list[str], count: int) -> str:
    return " ".join(rng.choice(vocabulary, size=count))


def generate_stream(
    trends: Iterable[Trend], *, start: str = "2023-01", months: int = 24, seed: int = 0, lifetime_days=(10, 40)
) -> Iterator[dict]:
    """Posting records (the fields of `laborlens ingest file`) for every trend and month, in time order."""
    rng = np.random.default_rng(seed)
    letters = list("abcdefghijklmnopqrstuvwxyz")
    # Random words keep unrelated ads far apart for near-duplicate detection, as real ads are.
    vocabulary = sorted({"".join(rng.choice(letters, size=rng.integers(4, 9))) for _ in range(5000)})
    first = index_of("month", date.fromisoformat(f"{start}-01"))
    records = []
    serial = 0
    for trend_number, trend in enumerate(trends):
        for n in range(months):
            month_start = start_of("month", first + n)
            days = (start_of("month", first + n + 1) - month_start).days
            for _ in range(rng.poisson(trend.expected(n, month_start.month))):
                serial += 1
                posted = datetime.combine(month_start + timedelta(days=int(rng.integers(days))), time(12))
                life = int(rng.integers(lifetime_days[0], lifetime_days[1] + 1))
                record = {
                    "id": f"s{seed}-{trend_number}-{serial}",
                    "title": f"{trend.code} job {_words(rng, vocabulary, 3)}",
                    "description": _words(rng, vocabulary, 60),
                    "location": trend.location,
                    "posted": posted.isoformat() + "Z",
                    "expires": (posted + timedelta(days=life)).isoformat() + "Z",
                    "code": trend.code,
                    "source": "synthetic",
                }
                if trend.skills:
                    record["skills"] = list(trend.skills)
                records.append(record)
                if rng.random() < trend.repeats:
                    again = posted + timedelta(days=int(rng.integers(0, 5)))
                    records.append(
                        record
                        | {
                            "id": record["id"] + "-again",
                            "posted": again.isoformat() + "Z",
                            "source": "synthetic-board",
                        }
                    )
    records.sort(key=lambda r: r["posted"])
    yield from records


def write_stream(path: Path, records: Iterable[dict]) -> int:
    """Write records as JSONL; returns how many."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
            count += 1
    return count
