"""The generated posting stream the demand tests, the dashboard tests and the browser share."""

from __future__ import annotations

from pathlib import Path

from laborlens.demand import rebuild
from laborlens.demand.synthetic import Trend, generate_stream, write_stream
from laborlens.sources import ingest
from laborlens.sources.files import read_postings

BOISE, BILLINGS = "Boise, ID 83702", "Billings, MT 59101"
GROWING = Trend("53-7062.00", BOISE, 25, growth=0.05, repeats=0.25, skills=("forklift", "pallet jack"))
SEASONAL = Trend("35-2014.00", BILLINGS, 30, seasonal=0.5, peak_month=7)
DECLINING = Trend("43-9021.00", BOISE, 60, growth=-0.05)
SPARSE = Trend("51-4121.00", BILLINGS, 1.0)
TRENDS = [GROWING, SEASONAL, DECLINING, SPARSE]


def ingest_stream(store, folder: Path) -> list[dict]:
    """Store a 24-month stream (2023-01 to 2024-12) with trusted codes, rebuild demand; the records."""
    records = list(generate_stream(TRENDS, start="2023-01", months=24, seed=7))
    path = folder / "stream.jsonl"
    write_stream(path, records)
    report = ingest(store, (p for _, p, _ in read_postings(path)), trust_codes=True)
    assert report.errors == []
    rebuild(store)
    return records
