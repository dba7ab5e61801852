"""Accuracy and speed of people matching, for BENCHMARKS.md.

    python bench/bench_matching.py [--resumes ../shared/eval/resumes_dev.jsonl]

Accuracy: share of resumes whose first (and any of the first three) combined occupations fall in an
accepted SOC major group; and the plain-language cases of tests/plain_language_cases.py (every
expected code in the top 5 "jobs like yours"). Speed: warm latency of a two-page resume (about 6,000
characters) and batch throughput over the resume set, with full results (pay, outlook, reasons).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from laborlens.matching import clean_person_text, load_matcher, match_lines
from laborlens.settings import load_settings
from laborlens.store import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from plain_language_cases import CASES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", default=str(ROOT.parent / "shared" / "eval" / "resumes_dev.jsonl"))
    args = parser.parse_args()
    settings = load_settings()
    store = open_store(settings)
    start = time.perf_counter()
    matcher = load_matcher(settings)
    load_seconds = time.perf_counter() - start
    resumes = [json.loads(line) for line in Path(args.resumes).read_text().splitlines() if line.strip()]

    top1 = top3 = 0
    for resume in resumes:
        result = matcher.match(store, clean_person_text(resume["text"]), top=5)
        majors = [o["code"][:2] for o in result["occupations"]]
        top1 += majors[0] in resume["accept_major"]
        top3 += any(m in resume["accept_major"] for m in majors[:3])
    lines = [json.dumps({"id": r["id"], "text": r["text"]}) for r in resumes]
    batch = {}
    for jobs in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        count = sum(1 for _ in match_lines(lines, matcher, store, jobs=jobs, top=5))
        batch[jobs] = count / (time.perf_counter() - start)

    plain = sum(
        all(code in [o["code"] for o in matcher.match(store, text, top=5)["jobs_like_yours"]] for code in expected)
        for text, expected in CASES
    )

    long_resumes = [r["text"] for r in resumes if 4000 <= len(r["text"]) <= 8000][:20] or [resumes[0]["text"]]
    latencies = []
    for text in long_resumes * 3:
        tick = time.perf_counter()
        matcher.match(store, clean_person_text(text), top=10, area="TX")
        latencies.append((time.perf_counter() - tick) * 1000)
    latencies = latencies[3:]
    p95 = statistics.quantiles(latencies, n=20)[-1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"date: {date.today()}  machine: {platform.node()} ({platform.machine()}, Python {platform.python_version()})"
    )
    print(f"resumes: {args.resumes} ({len(resumes)})")
    print(f"  top-1 in an accepted major group: {top1 / len(resumes):.3f}")
    print(f"  top-3 in an accepted major group: {top3 / len(resumes):.3f}")
    print(f"plain-language cases with every expected code in the top 5: {plain}/{len(CASES)}")
    print(f"matcher load: {load_seconds:.2f} s")
    print(f"two-page resume (4-8k chars), warm: p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms")
    for jobs, rate in batch.items():
        print(f"batch (`laborlens match --input/--output`, {jobs} process(es), top 5): {rate:.1f} resumes/s")
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
