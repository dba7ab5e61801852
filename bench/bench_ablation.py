"""What each signal of the coder contributes: dev-set accuracy and held-out-fold accuracy without it.

    python bench/bench_ablation.py [--gold ../shared/eval/craigslist_dev.jsonl]

Each row fits a coder on the store's reference data with one signal switched off (weight 0) and
scores it on the gold postings; the fold columns come from the re-ranker's own check: synthetic
postings built from titles and tasks held out of that fit (see laborlens/coding/rerank.py).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from laborlens.coding import OccupationCoder, evaluate, load_inventory, read_gold
from laborlens.settings import load_settings
from laborlens.store import open_store

ROOT = Path(__file__).resolve().parents[1]


class _NoTitle(OccupationCoder):
    """The coder with the title-similarity signal removed everywhere (first stage and re-ranker)."""

    def _signals(self, X):
        signals = super()._signals(X)
        signals["title"] = signals["title"] * 0.0
        return signals


VARIANTS = [
    ("full model (first stage + re-ranker)", OccupationCoder, {}),
    ("first stage only (no re-ranker)", OccupationCoder, {"rerank": False}),
    ("- title similarity (char+word TF-IDF)", _NoTitle, {}),
    ("- employment prior", OccupationCoder, {"prior_weight": 0.0}),
    ("- colloquial/Spanish lexicon", OccupationCoder, {"lexicon_weight": 0.0}),
    ("- Craigslist section prior", OccupationCoder, {"section_weight": 0.0}),
    ("- description similarity", OccupationCoder, {"description_weight": 0.0}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "craigslist_dev.jsonl"))
    args = parser.parse_args()
    store = open_store(load_settings())
    inventory = load_inventory(store)
    gold = read_gold(Path(args.gold))
    print("| variant | dev top-1 | dev top-5 | dev major | fold top-1 (first stage) | fold top-1 (re-ranked) | fit s |")
    print("|---|---|---|---|---|---|---|")
    for label, cls, params in VARIANTS:
        start = time.perf_counter()
        coder = cls(**params).fit(inventory)
        seconds = time.perf_counter() - start
        metrics = evaluate(coder, gold)
        report = coder.rerank_report_ or {}
        print(
            f"| {label} | {metrics['top1']:.3f} | {metrics['top5']:.3f} | {metrics['top1_major']:.3f} | "
            f"{report.get('fold_top1_first_stage', float('nan')):.3f} | "
            f"{report.get('fold_top1_reranked', float('nan')):.3f} | {seconds:.0f} |"
        )


if __name__ == "__main__":
    main()
