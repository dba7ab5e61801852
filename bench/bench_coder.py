"""Accuracy, calibration, speed and memory of the occupation coder, for BENCHMARKS.md.

    python bench/bench_coder.py [--gold ../shared/eval/craigslist_dev.jsonl] [--n 5000]

Uses the model in LABORLENS_HOME (build it with `laborlens model build`). Throughput runs the
`laborlens classify` code path (JSONL lines in, JSONL lines out) over --n postings made by cycling
the gold postings, each with a description of up to 3,000 characters.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from laborlens.coding import classify_lines, evaluate, load_model, model_path, read_gold
from laborlens.coding.artifact import _load
from laborlens.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "craigslist_dev.jsonl"))
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    settings = load_settings()

    start = time.perf_counter()
    coder, metadata = load_model(settings)
    load_seconds = time.perf_counter() - start

    gold = read_gold(Path(args.gold))
    metrics = evaluate(coder, gold)

    lines = []
    for i in range(args.n):
        row = gold[i % len(gold)]
        lines.append(
            json.dumps(
                {
                    "id": i,
                    "title": row.get("title"),
                    "description": (row.get("description") or "")[:3000],
                    "category": row.get("category"),
                }
            )
        )
    throughput = {}
    for jobs in (1, os.cpu_count() or 1):
        out = io.StringIO()
        start = time.perf_counter()
        for record in classify_lines(lines, coder, top=5, jobs=jobs):
            out.write(json.dumps(record) + "\n")
        throughput[jobs] = args.n / (time.perf_counter() - start)

    latencies = []
    for row in gold[:100] * 2:
        posting = {
            "title": row.get("title"),
            "description": (row.get("description") or "")[:3000],
            "category": row.get("category"),
        }
        tick = time.perf_counter()
        coder.code([posting])
        latencies.append((time.perf_counter() - tick) * 1000)
    latencies = latencies[20:]  # warm
    p95 = statistics.quantiles(latencies, n=20)[-1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"date: {date.today()}  machine: {platform.node()} ({platform.machine()}, Python {platform.python_version()})"
    )
    print(
        f"model: {metadata['model_version']} ({model_path(settings).stat().st_size / 2**20:.0f} MiB, built in "
        f"{metadata['build_seconds']} s)"
    )
    print(f"gold: {args.gold} ({metrics['postings']} postings, {metrics['jobs']} jobs)")
    for level in ("", "_6digit", "_major"):
        print(
            f"  top-1{level or '_8digit'}: {metrics['top1' + level]:.3f}   top-5{level or '_8digit'}: "
            f"{metrics['top5' + level]:.3f}"
        )
    flag = metrics["not_a_job"]
    print(f"  not-a-job: precision {flag['precision']:.3f} recall {flag['recall']:.3f} F1 {flag['f1']:.3f}")
    print(f"  calibration: ECE {metrics['ece']:.3f}")
    for row in metrics["reliability"]:
        print(f"    {row['bin']}: n={row['n']:>3} confidence={row['confidence']:.3f} accuracy={row['accuracy']:.3f}")
    print(f"model load: {load_seconds:.2f} s")
    for jobs, rate in throughput.items():
        print(f"throughput (JSONL in -> JSONL out, {args.n} postings, {jobs} process(es)): {rate:.0f} postings/s")
    print(f"single-posting latency, warm: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    print(f"peak memory (RSS): {peak:.0f} MiB")
    _load.cache_clear()


if __name__ == "__main__":
    main()
