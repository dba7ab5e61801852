"""A learned re-ranker over the coder's candidate codes, trained on reference data held out from the coder.

The first-stage coder fuses its signals with fixed weights. The re-ranker learns how to weigh them
per candidate, with interactions a fixed sum cannot express: trust the description more when the
title is weak, and match the level of the job (manager, supervisor, worker) to the level of the
occupation. It is trained without labelled postings: a copy of the coder is fitted on the inventory
minus a held-out share of titles and tasks, and synthetic postings are built from what was held out
(a held-out title, some held-out tasks as the body, a plausible Craigslist section, noise).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from laborlens.coding.inventory import Inventory
from laborlens.coding.lexicon import SECTION_PRIORS, section_prior

CANDIDATES = 25
DESCRIPTION_CANDIDATES = 5
# Titles that name a level but not an occupation: the description has to say which.
GENERIC_TITLES = {
    "manager": ("Manager", "Operations Manager", "General Manager", "Director", "Department Manager", "Area Manager"),
    "supervisor": ("Supervisor", "Operations Supervisor", "Team Lead", "Shift Supervisor", "Foreman", "Lead"),
    "assistant": ("Assistant", "Helper", "Trainee", "Aide"),
    "none": (
        "Technician",
        "Specialist",
        "Associate",
        "Coordinator",
        "Worker",
        "Representative",
        "Operator",
        "Staff",
        "Team Member",
        "Agent",
    ),
}

_LEVELS = {
    "manager": re.compile(r"\b(?:manager|managers|director|directors|head of|chief|executive|vp|president)\b"),
    "supervisor": re.compile(r"\b(?:supervisor|supervisors|foreman|foremen|lead|leads|superintendent|crew chief)\b"),
    "assistant": re.compile(r"\b(?:assistant|assistants|helper|helpers|aide|aides|trainee|apprentice)\b"),
}
FEATURES = (
    "title",
    "title_gap",
    "prior",
    "lexicon",
    "section",
    "description",
    "description_gap",
    "has_description",
    "description_when_title_weak",
    "linear_gap",
    "log_rank",
    "title_ambiguity",
    "description_when_title_ambiguous",
    "description_gap_when_title_ambiguous",
    "title_document",
    "title_document_gap",
    *(f"posting_{a}_occupation_{b}" for a in (*_LEVELS, "none") for b in (*_LEVELS, "none")),
)
# With the optional sentence embeddings six columns follow: title_embedding, its gap to the best code,
# description_embedding, its gap, title_description_embedding, its gap.


def levels(text: str) -> str:
    """'manager', 'supervisor', 'assistant' or 'none': the level a job title names."""
    text = text.lower()
    for name in ("supervisor", "manager", "assistant"):  # "first-line supervisors ... managers": supervisor wins
        if _LEVELS[name].search(text):
            return name
    return "none"


def title_ambiguity(title: np.ndarray, margin: float = 0.05) -> np.ndarray:
    """Per posting, the log of how many other codes its title fits within ``margin`` of the best one (0 for a title
    that fits one occupation best, or fits none well): "Maintenance Technician" is an O*NET title of twelve
    occupations, and only the body can choose among them."""
    best = title.max(axis=1, keepdims=True)
    ties = (title >= best - margin).sum(axis=1) - 1
    return np.where(best[:, 0] > 0.3, np.log1p(ties), 0.0).astype(np.float32)


def candidate_features(
    signals: dict, fused: np.ndarray, log_prior: np.ndarray, occupation_levels: np.ndarray, k: int = CANDIDATES
) -> tuple[np.ndarray, np.ndarray]:
    """(candidate code indexes n x k, features n x k x f): the first stage's best codes, plus the codes the
    description alone favours most (a weak or misleading title must not hide them)."""
    by_fused = np.argsort(-fused, axis=1)
    by_description = np.argsort(-signals["description"], axis=1)[:, :DESCRIPTION_CANDIDATES]
    candidates = np.empty((len(fused), k), dtype=np.int64)
    for i in range(len(fused)):
        extra = [c for c in by_description[i] if signals["descriptions"][i]]
        chosen = list(dict.fromkeys([*by_fused[i, : k - len(extra)], *extra]))
        for c in by_fused[i]:
            if len(chosen) == k:
                break
            if c not in chosen:
                chosen.append(c)
        # keep the first stage's order first, so log_rank stays meaningful
        candidates[i] = sorted(chosen, key=lambda c: -fused[i, c])
    rows = np.arange(len(fused))[:, None]
    title = signals["title"][rows, candidates]
    description = signals["description"][rows, candidates]
    max_title = signals["title"].max(axis=1, keepdims=True)
    has_description = np.array([[1.0 if d else 0.0] for d in signals["descriptions"]])
    linear = fused[rows, candidates]
    ambiguity = title_ambiguity(signals["title"])[:, None]
    title_document = signals["title_document"][rows, candidates]
    posting_levels = [levels(p.get("title") or "") for p in signals["postings"]]
    names = (*_LEVELS, "none")
    level_features = np.zeros((*candidates.shape, len(names) ** 2), dtype=np.float32)
    for i, posting_level in enumerate(posting_levels):
        a = names.index(posting_level)
        for j, code_index in enumerate(candidates[i]):
            level_features[i, j, a * len(names) + names.index(occupation_levels[code_index])] = 1.0
    base = np.stack(
        [
            title,
            title - max_title,
            log_prior[candidates],
            signals["lexicon"][rows, candidates],
            signals["section"][rows, candidates],
            description,
            description - description.max(axis=1, keepdims=True),
            np.broadcast_to(has_description, title.shape),
            description * (1.0 - max_title),
            linear - linear.max(axis=1, keepdims=True),
            np.broadcast_to(np.log1p(np.arange(candidates.shape[1])), title.shape),
            np.broadcast_to(ambiguity, title.shape),
            description * ambiguity,
            (description - description.max(axis=1, keepdims=True)) * ambiguity,
            title_document,
            title_document - signals["title_document"].max(axis=1, keepdims=True),
        ],
        axis=2,
    )
    parts = [base, level_features]
    if "title_embedding" in signals:  # the optional sentence-embedding signals (coding/embedding.py)
        embedded = []
        for name in ("title_embedding", "description_embedding", "title_description_embedding"):
            values = signals[name][rows, candidates]
            embedded += [values, values - signals[name].max(axis=1, keepdims=True)]
        parts.append(np.stack(embedded, axis=2))
    return candidates, np.concatenate(parts, axis=2).astype(np.float32)


def _noisy_title(title: str, rng: np.random.Generator) -> str:
    roll = rng.random()
    if roll < 0.15:
        title = title.upper() + "!!!"
    elif roll < 0.3:
        title = f"{title} needed"
    elif roll < 0.4:
        title = f"{title} - ${rng.integers(12, 40)}/hr"
    elif roll < 0.5:
        title = f"{title} - {rng.choice(['Chicago, IL', 'Dayton, OH', 'Brooklyn', 'Houston, TX'])}"
    elif roll < 0.55:
        title = f"{rng.choice(['Senior', 'Junior', 'Experienced', 'Entry Level'])} {title}"
    return title


def split_inventory(inventory: Inventory, held_out: float, rng: np.random.Generator):
    """(training inventory, synthetic postings with their true codes) from a random hold-out."""
    rows = inventory.title_rows
    mask = rng.random(len(rows)) < held_out
    keep_titles = [row for row, out in zip(rows, mask, strict=True) if not out or row[2] == "occupation"]
    queries = [row for row, out in zip(rows, mask, strict=True) if out and row[2] != "occupation"]
    kept_tasks, held_tasks = {}, {}
    for code, tasks in inventory.tasks.items():
        order = rng.permutation(len(tasks))
        half = len(tasks) // 2
        kept_tasks[code] = [tasks[i] for i in order[half:]] or list(tasks)
        held_tasks[code] = [tasks[i] for i in order[:half]]
    training = replace(inventory, title_rows=keep_titles, tasks=kept_tasks)
    sections_for = {code: [s for s in SECTION_PRIORS if section_prior(s, code) >= 0.8] for code in inventory.codes}
    all_codes = inventory.codes
    postings, truth = [], []
    # Postings whose title is generic ("Operations Manager") and whose body says what the job is.
    generic = [
        (str(rng.choice(GENERIC_TITLES[levels(inventory.titles[code])])), code, "generic")
        for code in rng.choice(all_codes, size=len(queries) // 4)
        if held_tasks.get(code)
    ]
    for title, code, source in [*queries, *generic]:
        posting = {"title": _noisy_title(title, rng)}
        tasks = held_tasks.get(code) or []
        if tasks and (source == "generic" or rng.random() < 0.5):
            chosen = list(rng.choice(tasks, size=min(len(tasks), int(rng.integers(2, 6))), replace=False))
            if rng.random() < 0.3:
                other = inventory.tasks.get(all_codes[int(rng.integers(len(all_codes)))]) or []
                if other:
                    chosen.append(str(rng.choice(other)))
            posting["description"] = " ".join(chosen)
        if sections_for[code] and rng.random() < 0.4:
            posting["category"] = str(rng.choice(sections_for[code]))
        elif rng.random() < 0.05:
            posting["category"] = str(rng.choice(list(SECTION_PRIORS)))
        postings.append(posting)
        truth.append(code)
    return training, postings, truth


def fit_reranker(
    first_stage, inventory: Inventory, *, held_out: float = 0.12, max_queries: int = 8000, random_state: int = 0
):
    """Train the re-ranker; returns (pipeline, report) where the report holds fold accuracies."""
    rng = np.random.default_rng(random_state)
    training, postings, truth = split_inventory(inventory, held_out, rng)
    # A random order either way: the generic-title postings come last, and the check below takes the last fifth.
    if len(postings) > max_queries:
        chosen = rng.choice(len(postings), size=max_queries, replace=False)
    else:
        chosen = rng.permutation(len(postings))
    postings = [postings[i] for i in chosen]
    truth = [truth[i] for i in chosen]
    fold = first_stage.fit(training)
    signals = fold._signals(postings)
    fused = fold._fuse(signals)
    occupation_levels = np.array([levels(fold.titles_[c]) for c in fold.classes_])
    candidates, features = candidate_features(signals, fused, fold.log_prior_, occupation_levels)
    target = np.array([fold.code_index_[code] for code in truth])
    labels = candidates == target[:, None]
    found = labels.any(axis=1)
    split = int(len(postings) * 0.8)  # the last fifth checks the re-ranker on queries it did not see
    train = np.arange(len(postings)) < split
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    pipeline.fit(features[train & found].reshape(-1, features.shape[2]), labels[train & found].ravel())
    check = ~train
    linear_top1 = float(np.mean(candidates[check, 0] == target[check]))
    scores = pipeline.decision_function(features[check].reshape(-1, features.shape[2])).reshape(candidates[check].shape)
    reranked = candidates[check][np.arange(check.sum()), np.argmax(scores, axis=1)]
    report = {
        "queries": len(postings),
        "candidate_recall": round(float(found.mean()), 4),
        "fold_top1_first_stage": round(linear_top1, 4),
        "fold_top1_reranked": round(float(np.mean(reranked == target[check])), 4),
    }
    return pipeline, report
