"""Demand aggregates at scale: full rebuild and per-area queries over a store of N postings, for BENCHMARKS.md.

    python bench/bench_demand.py [--n 1000000] [--database-url URL]

The store is filled directly (bulk inserts of already deduplicated, coded postings over 36 months, 800
occupations, 50 states, 400 CBSAs, a fifth of them repeats, a third with skills), since this measures
demand, not ingest (bench_ingest.py does that). With no --database-url a fresh SQLite file is used; with
a PostgreSQL URL a scratch database is created beside it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import insert

from laborlens.demand import growth, rebuild, series, top
from laborlens.store import Store
from laborlens.store.models import Posting, PostingCode
from scratch import scratch_database

CHUNK = 50_000


def _rss_peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(store: Store, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    codes = [f"{11 + (i % 43):02d}-{1000 + i * 7:04d}.00" for i in range(800)]
    weights = 1 / np.arange(1, 801) ** 0.9
    weights /= weights.sum()
    states = [f"{s:02d}" for s in range(1, 57) if s not in (3, 7, 14, 43, 52)][:50]
    cbsas = [f"{10000 + 97 * i:05d}" for i in range(400)]
    skills = [f"skill {i}" for i in range(200)]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for offset in range(0, n, CHUNK):
        size = min(CHUNK, n - offset)
        ids = np.arange(offset + 1, offset + size + 1)
        posted = [start + timedelta(days=float(d)) for d in rng.uniform(0, 3 * 365, size)]
        life = rng.integers(10, 41, size)
        code = rng.choice(len(codes), size=size, p=weights)
        place = rng.integers(0, len(cbsas), size)
        repeat = (rng.random(size) < 0.2) & (ids > 1000)
        roots = np.where(repeat, ids - rng.integers(1, 1000, size), ids)
        postings = []
        for i in range(size):
            has_skills = i % 3 == 0
            postings.append(
                {
                    "id": int(ids[i]),
                    "source": "bench",
                    "source_id": str(ids[i]),
                    "title": "posting",
                    "description": "",
                    "posted_at": posted[i],
                    "expires_at": posted[i] + timedelta(days=int(life[i])),
                    "first_seen": now,
                    "last_seen": now,
                    "content_hash": f"{ids[i]:064d}",
                    "cluster_id": int(roots[i]),
                    "state_fips": states[place[i] % 50],
                    "cbsa_code": cbsas[place[i]],
                    "not_a_job": False,
                    "skills": [{"name": skills[(i * 7 + k) % 200], "kind": "technology"} for k in range(i % 4 + 1)]
                    if has_skills
                    else None,
                }
            )
        with store.session() as session:
            session.execute(insert(Posting), postings)
            session.execute(
                insert(PostingCode),
                [
                    {"posting_id": int(ids[i]), "rank": 1, "code": codes[code[i]], "score": 0.9, "trusted": False}
                    for i in range(size)
                ],
            )
        print(f"  stored {offset + size:,} postings", flush=True)


def _timed(name: str, call, results: dict) -> object:
    began = time.perf_counter()
    value = call()
    results[name] = round(time.perf_counter() - began, 2)
    print(f"{name}: {results[name]} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        _run(url, args.n)


def _run(url: str, n: int) -> None:
    store = Store(url)
    try:
        store.upgrade()
        results: dict = {}
        _timed("fill", lambda: fill(store, n), results)
        build = _timed("rebuild (cold)", lambda: rebuild(store), results)
        _timed("rebuild (again)", lambda: rebuild(store), results)
        rows = _timed("growth national, all occupations", lambda: growth(store, "national"), results)
        _timed("growth one state, all occupations", lambda: growth(store, "state:06"), results)
        _timed("series one state, weekly", lambda: series(store, "state:06", period="week"), results)
        _timed("top national by skill", lambda: top(store, "national", by="skill"), results)
        print(
            f"\n{date.today()} {platform.node()} {platform.processor() or platform.machine()} "
            f"{store.engine.dialect.name}: {n:,} postings, {build.clusters:,} clusters, "
            f"{len(rows)} occupations; peak RSS {_rss_peak_mib():.0f} MiB"
        )
        for name, seconds in results.items():
            print(f"| {name} | {seconds} s |")
    finally:
        store.dispose()


if __name__ == "__main__":
    main()
