"""Parsing, normalising, deduplicating, coding and storing postings: rate and memory, for BENCHMARKS.md.

    python bench/bench_ingest.py [--n 20000] [--database-url URL]

Postings are made from the dev set's postings with varied titles, ids and bodies (no network). With
no --database-url a fresh SQLite file is used; with a PostgreSQL URL a scratch database is created
beside it and dropped afterwards. Memory is the process's resident size after each quarter.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import time
import tracemalloc
from datetime import date
from pathlib import Path

from laborlens.coding import MODEL_VERSION, load_model
from laborlens.settings import load_settings
from laborlens.sources.ingest import Ingestor
from laborlens.sources.normalize import NormalizedPosting, clean_text
from laborlens.store import Store
from scratch import scratch_database

ROOT = Path(__file__).resolve().parents[1]


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _postings(n: int):
    gold = [json.loads(line) for line in (ROOT.parent / "shared/eval/craigslist_dev.jsonl").read_text().splitlines()]
    rng = random.Random(7)
    places = ["Dayton, OH", "Chicago, IL", "Houston, TX", "New York, NY", "10001", None]
    for i in range(n):
        row = gold[i % len(gold)]
        body = (row.get("description") or "")[:3000]
        if i % 5:  # most postings are distinct; every fifth repeats an earlier one (a repost)
            body = f"{body} Ref {rng.randrange(10**9)}. Shift {i % 3 + 1}."
        yield NormalizedPosting(
            source="bench",
            source_id=f"{i}",
            title=clean_text(row["title"], 500),
            description=clean_text(body),
            category=row.get("category"),
            pay_text=f"{row['title']}\n{body}",
            location_text=places[i % len(places)],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--trace", action="store_true", help="also report Python's own heap (tracemalloc; slows the run)"
    )
    args = parser.parse_args()
    if args.trace:
        tracemalloc.start()
    settings = load_settings()
    coder, _ = load_model(settings)
    with scratch_database(args.database_url) as url:
        store = Store(url)
        store.upgrade()
        ingestor = Ingestor(store, coder=coder, model_version=MODEL_VERSION)
        memory, batch, done = [], [], 0
        start = last = time.perf_counter()
        last_cpu = sum(os.times()[:2])
        for posting in _postings(args.n):
            batch.append(posting)
            if len(batch) == 200:
                ingestor.add(batch)
                done += len(batch)
                batch = []
                if done % max(200, args.n // 4 // 200 * 200) == 0:
                    now, cpu = time.perf_counter(), sum(os.times()[:2])
                    heap = tracemalloc.get_traced_memory()[0] / 2**20 if args.trace else None
                    memory.append((done, _rss_mib(), heap, now - last, cpu - last_cpu))
                    last, last_cpu = now, cpu
        ingestor.add(batch)
        elapsed = time.perf_counter() - start
        report = ingestor.report
        store.dispose()
    backend = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(
        f"date: {date.today()}  machine: {platform.node()} ({platform.machine()}, Python {platform.python_version()})"
    )
    print(
        f"backend: {backend}; {args.n} postings: {report.added} added, {report.duplicates} joined a cluster, "
        f"{report.coded} coded"
    )
    print(f"rate (normalise + dedupe + code + store, one process): {args.n / elapsed:.0f} postings/s")
    # CPU of this process per posting: flat while the rate falls means the time goes to waiting on the database
    print("| postings stored | resident memory | Python heap | rate (last quarter) | CPU a posting (this process) |")
    print("|---|---|---|---|---|")
    previous = 0
    for n, mib, heap, seconds, cpu in memory:
        heap_text = f"{heap:.1f} MiB" if heap is not None else "-"
        rate = (n - previous) / seconds
        print(f"| {n:,} | {mib:.0f} MiB | {heap_text} | {rate:.0f} postings/s | {cpu / (n - previous) * 1000:.1f} ms |")
        previous = n


if __name__ == "__main__":
    main()
