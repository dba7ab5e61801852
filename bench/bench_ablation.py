"""What each signal of the coder contributes: dev-set accuracy and held-out-fold accuracy without it.

    python bench/bench_ablation.py [--gold ../shared/eval/craigslist_dev.jsonl]

Each row fits a coder on the store's reference data with one signal switched off (weight 0) and
scores it on the gold postings; the fold columns come from the re-ranker's own check: synthetic
postings built from titles and tasks held out of that fit (see laborlens/coding/rerank.py).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from laborlens.coding import OccupationCoder, evaluate, load_inventory, read_gold
from laborlens.coding.embedding import embeddings_available
from laborlens.settings import load_settings
from laborlens.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _without(signal: str) -> type[OccupationCoder]:
    """The coder with one signal zeroed everywhere (first stage and re-ranker)."""

    class Without(OccupationCoder):
        def _signals(self, X):
            signals = super()._signals(X)
            signals[signal] = signals[signal] * 0.0
            return signals

    Without.__name__ = f"Without_{signal}"
    return Without


class _FillerAlways(OccupationCoder):
    """The coder that strips filler words even from titles O*NET lists whole ("Job Captain")."""

    def fit(self, X, y=None):
        super().fit(X, y)
        self.title_vocabulary_ = frozenset()
        return self


def _sources_ignored(inventory):
    """Every alternate title weighs the same, whatever O*NET's source for it (the session-3 weighting)."""
    rows = [
        (title, code, "alternate" if kind == "alternate_index" else kind) for title, code, kind in inventory.title_rows
    ]
    return replace(inventory, title_rows=rows)


def _same(inventory):
    return inventory


# (label, estimator class, parameters, inventory transform)
OFF = {"embeddings": "off"}
VARIANTS = [
    ("full model (first stage + re-ranker)", OccupationCoder, OFF, _same),
    ("first stage only (no re-ranker)", OccupationCoder, {**OFF, "rerank": False}, _same),
    ("- title similarity (char+word TF-IDF)", _without("title"), OFF, _same),
    ("- employment prior", OccupationCoder, {**OFF, "prior_weight": 0.0}, _same),
    ("- colloquial/Spanish lexicon", OccupationCoder, {**OFF, "lexicon_weight": 0.0}, _same),
    ("- Craigslist section prior", OccupationCoder, {**OFF, "section_weight": 0.0}, _same),
    ("- description similarity", OccupationCoder, {**OFF, "description_weight": 0.0}, _same),
    ("- title read as a description (re-ranker)", _without("title_document"), OFF, _same),
    ("- title weight by O*NET source (current use vs index only)", OccupationCoder, OFF, _sources_ignored),
    ("- whole O*NET titles kept from filler stripping", _FillerAlways, OFF, _same),
]
# The optional sentence-embedding path (the `embeddings` extra), where it is installed.
EMBEDDING_VARIANTS = [
    ("embeddings extra: full model (TF-IDF + title and description embeddings)", OccupationCoder, {"embeddings": "on"}),
    ("embeddings extra: - title embedding", _without("title_embedding"), {"embeddings": "on"}),
    ("embeddings extra: - description embedding", _without("description_embedding"), {"embeddings": "on"}),
    (
        "embeddings extra: - title against description embeddings",
        _without("title_description_embedding"),
        {"embeddings": "on"},
    ),
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
    variants = VARIANTS + ([(*v, _same) for v in EMBEDDING_VARIANTS] if embeddings_available() else [])
    for label, cls, params, transform in variants:
        start = time.perf_counter()
        coder = cls(**params).fit(transform(inventory))
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
