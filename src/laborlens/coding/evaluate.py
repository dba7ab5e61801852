"""Scoring a coder against hand-coded postings (the dev-set format): accuracy, calibration, not-a-job, confusions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from laborlens.coding.model import OccupationCoder
from laborlens.coding.training import json_records
from laborlens.errors import LaborLensError


def read_gold(path: Path) -> list[dict]:
    """Gold postings: JSONL with title/description/category, ``accept`` codes and a ``not_a_job`` flag."""
    rows = []
    for number, row in json_records(Path(path)):
        if not isinstance(row.get("accept"), list):
            raise LaborLensError(f"{path}: line {number} needs an 'accept' list of codes.")
        rows.append(row)
    if not rows:
        raise LaborLensError(f"{path} holds no postings.")
    return rows


def calibration(confidences: np.ndarray, correct: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error of top-1 confidences, and the reliability table behind it."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    table, error = [], 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidences > low) & (confidences <= high) if low > 0 else (confidences <= high)
        if not inside.any():
            continue
        confidence, accuracy = float(confidences[inside].mean()), float(correct[inside].mean())
        error += inside.mean() * abs(confidence - accuracy)
        table.append(
            {
                "bin": f"{low:.1f}-{high:.1f}",
                "n": int(inside.sum()),
                "confidence": round(confidence, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    return float(error), table


def evaluate(coder: OccupationCoder, gold: list[dict], top: int = 5) -> dict:
    """Top-1/top-5 at 8-digit, 6-digit and major group; not-a-job precision/recall/F1; calibration."""
    results = coder.code(gold, k=max(top, 5))
    jobs = [(row, result) for row, result in zip(gold, results, strict=True) if not row.get("not_a_job")]
    metrics: dict = {"postings": len(gold), "jobs": len(jobs)}
    hits = {key: [] for key in ("top1", "top5", "top1_6digit", "top5_6digit", "top1_major", "top5_major")}
    confidences, confusions = [], Counter()
    for row, result in jobs:
        accept = {code for code in row["accept"] if code != "NONE"}
        predicted = [o["code"] for o in result["occupations"]]
        for level, width in (("", 10), ("_6digit", 7), ("_major", 2)):
            wanted = {code[:width] for code in accept}
            hits[f"top1{level}"].append(predicted[0][:width] in wanted)
            hits[f"top5{level}"].append(any(code[:width] in wanted for code in predicted[:5]))
        confidences.append(result["occupations"][0]["score"])
        if predicted[0] not in accept:
            confusions[(sorted(accept)[0], predicted[0])] += 1
    for key, values in hits.items():
        metrics[key] = round(float(np.mean(values)), 4) if values else None
    ece, table = calibration(np.array(confidences), np.array(hits["top1"], dtype=float))
    metrics["ece"] = round(ece, 4)
    metrics["reliability"] = table
    flagged = np.array([r["not_a_job"] for r in results])
    truth = np.array([bool(row.get("not_a_job")) for row in gold])
    true_positive = int((flagged & truth).sum())
    precision = true_positive / flagged.sum() if flagged.sum() else 0.0
    recall = true_positive / truth.sum() if truth.sum() else 0.0
    metrics["not_a_job"] = {
        "gold": int(truth.sum()),
        "flagged": int(flagged.sum()),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
    }
    titles = coder.titles_
    metrics["confusions"] = [
        {"gold": g, "gold_title": titles.get(g, g), "predicted": p, "predicted_title": titles.get(p, p), "n": n}
        for (g, p), n in confusions.most_common(15)
    ]
    return metrics


def format_report(metrics: dict) -> str:
    lines = [f"{metrics['postings']} postings, {metrics['jobs']} jobs scored", "", "level          top-1    top-5"]
    for label, level in (("O*NET-SOC", ""), ("SOC 6-digit", "_6digit"), ("major group", "_major")):
        lines.append(f"{label:<12} {metrics[f'top1{level}']:>7.3f}  {metrics[f'top5{level}']:>7.3f}")
    flag = metrics["not_a_job"]
    lines += [
        "",
        f"not a job: precision {flag['precision']:.3f}  recall {flag['recall']:.3f}  F1 {flag['f1']:.3f}"
        f"  ({flag['flagged']} flagged, {flag['gold']} in gold)",
        "",
        f"calibration: expected calibration error {metrics['ece']:.3f}",
        "  confidence bin    n   mean confidence   accuracy",
    ]
    lines += [
        f"  {row['bin']:<12} {row['n']:>5}   {row['confidence']:>15.3f}   {row['accuracy']:>8.3f}"
        for row in metrics["reliability"]
    ]
    lines += ["", "worst confusions (gold -> predicted):"]
    lines += [
        f"  {c['n']} x {c['gold']} {c['gold_title']} -> {c['predicted']} {c['predicted_title']}"
        for c in metrics["confusions"]
    ]
    return "\n".join(lines)
