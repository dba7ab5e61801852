"""The coder on real coded postings, by source, with 95% intervals: the figures coding changes are decided on.

    python bench/bench_crossval.py [--train ../shared/train] [--dev ../shared/eval/craigslist_dev.jsonl]

Scores the model in LABORLENS_HOME (build it with `laborlens model build`) on every coded posting of
``postings_coded.jsonl`` and on the dev set: top-1, top-5, lenient (the code or an alternate first) and major
group per source, with Wilson 95% intervals; calibration (ECE) and not-a-job on the coded postings.

The shipped coder learns from reference data alone, so none of these postings was seen in its making: for it,
k-fold and leave-one-source-out cross-validation both reduce to this plain scoring. A coder that learns from
the coded postings must be scored by k-fold (grouped by title) and leave-one-source-out instead; see
bench/experiments/learned_titles.py, which does both.
"""

from __future__ import annotations

import argparse
import platform
from datetime import date
from pathlib import Path

import numpy as np

from laborlens.coding import evaluate, load_model, read_gold
from laborlens.coding.evaluate import calibration
from laborlens.coding.training import NOT_A_JOB, read_coded_postings, score_by_source, wilson_interval
from laborlens.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
METRICS = ("top1", "top5", "lenient", "major")


def format_table(table: dict[str, dict]) -> list[str]:
    lines = ["| source | n | top-1 (95% interval) | top-5 | lenient | major |", "|---|---|---|---|---|---|"]
    for group in sorted(table, key=lambda g: (g == "all", g)):
        cells = table[group]
        top1 = cells["top1"]
        lines.append(
            f"| {group} | {top1['n']} | {top1['rate']:.3f} ({top1['low']:.2f}–{top1['high']:.2f}) | "
            + " | ".join(f"{cells[m]['rate']:.3f}" if m in cells else "—" for m in METRICS[1:])
            + " |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=str(ROOT.parent / "shared" / "train"))
    parser.add_argument("--dev", default=str(ROOT.parent / "shared" / "eval" / "craigslist_dev.jsonl"))
    args = parser.parse_args()
    coder, metadata = load_model(load_settings())

    coded = read_coded_postings(Path(args.train) / "postings_coded.jsonl", coder.classes_)
    results = coder.code(coded, k=5)
    rankings = [[o["code"] for o in r["occupations"]] for r in results]
    table = score_by_source(coded, rankings)

    jobs = [(row, r) for row, r in zip(coded, results, strict=True) if row["code"] != NOT_A_JOB]
    confidence = np.array([r["occupations"][0]["score"] for _, r in jobs])
    correct = np.array([r["occupations"][0]["code"] == row["code"] for row, r in jobs], dtype=float)
    ece, reliability = calibration(confidence, correct)
    truth = np.array([row["code"] == NOT_A_JOB for row in coded])
    flagged = np.array([r["not_a_job"] for r in results])
    caught = int((truth & flagged).sum())
    precision = caught / flagged.sum() if flagged.sum() else 0.0
    recall = caught / truth.sum() if truth.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    # The dev set is scored as `laborlens eval` scores it (any of the coders' chosen codes counts as right).
    dev = evaluate(coder, read_gold(Path(args.dev)))
    dev_table = {"dev": {}}
    for metric, key in (("top1", "top1"), ("top5", "top5"), ("major", "top1_major")):
        hits = round(dev[key] * dev["jobs"])
        low, high = wilson_interval(hits, dev["jobs"])
        dev_table["dev"][metric] = {"n": dev["jobs"], "hits": hits, "rate": dev[key], "low": low, "high": high}

    print(
        f"date: {date.today()}  machine: {platform.node()} ({platform.machine()}, Python {platform.python_version()})"
    )
    print(f"model: {metadata['model_version']} (embeddings: {metadata.get('embeddings') or 'no'})")
    print(f"coded postings: {args.train}/postings_coded.jsonl ({len(coded)} rows, {int(truth.sum())} NONE)")
    print("\n".join(format_table(table)))
    print(f"calibration on the coded postings: ECE {ece:.3f}")
    for row in reliability:
        print(f"  {row['bin']}: n={row['n']:>4} confidence={row['confidence']:.3f} accuracy={row['accuracy']:.3f}")
    print(
        f"not-a-job on the coded postings: {caught} of {int(truth.sum())} caught, {int(flagged.sum()) - caught} "
        f"false alarms (precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f})"
    )
    print(f"dev set: {args.dev}")
    print("\n".join(format_table({"dev": dev_table["dev"]})))


if __name__ == "__main__":
    main()
