"""What matching needs to know about every occupation, built once from the store and saved with the model."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sqlalchemy import select

from laborlens.coding.inventory import Inventory
from laborlens.matching.profile import stemmed_words
from laborlens.store import Store
from laborlens.store.models import Element, Occupation, OccupationElement, OewsWage, Projection

_STOP = set(ENGLISH_STOP_WORDS) | {"i", "im", "ive", "also", "etc", "various", "work", "worked", "job", "jobs"}


def _analyzer(text: str) -> list[str]:
    words = [w for w in stemmed_words(text) if w not in _STOP and len(w) > 1]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class MatchingIndex:
    """Per-occupation tasks, DWAs, skills, zones, pay and outlook, aligned with ``codes``."""

    codes: list[str]
    titles: dict[str, str]
    vectorizer: TfidfVectorizer
    task_matrix: sp.csr_matrix  # rows: tasks, grouped by occupation in ``codes`` order
    task_text: list[str]
    task_code: np.ndarray
    task_starts: np.ndarray
    dwa_matrix: sp.csr_matrix
    dwa_text: list[str]
    dwa_codes: dict[str, set[int]]  # occupation -> DWA row indexes
    title_matrix: sp.csr_matrix  # every title (stemmed), rows grouped by occupation in ``codes`` order
    title_starts: np.ndarray
    element_names: list[str]
    element_domains: list[str]
    importance: np.ndarray  # occupations x elements, 1-5 (0 where unrated)
    job_zone: np.ndarray  # 0 where unrated
    education_onet: dict[str, str | None]
    education_bls: dict[str, str | None]
    national_median: np.ndarray  # annual, NaN where unpublished
    change_percent: dict[str, float | None]
    openings: dict[str, float | None]
    related: dict[str, list[str]] = field(default_factory=dict)
    technologies: dict[str, set[str]] = field(default_factory=dict)
    log_prior: np.ndarray | None = None


def build_index(store: Store, inventory: Inventory) -> MatchingIndex:
    codes = inventory.codes
    position = {c: i for i, c in enumerate(codes)}
    task_text, task_code = [], []
    for i, code in enumerate(codes):
        for task in inventory.tasks.get(code, []):
            task_text.append(task)
            task_code.append(i)
    dwa_text = sorted({d for c in codes for d in inventory.dwas.get(c, [])})
    dwa_row = {d: i for i, d in enumerate(dwa_text)}
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=1, dtype=np.float32)
    vectorizer.fit(task_text + dwa_text + [t for t, _, _ in inventory.title_rows])
    task_code = np.array(task_code, dtype=np.int32)
    with store.session() as session:
        elements = session.execute(select(Element).order_by(Element.domain.desc(), Element.name)).scalars().all()
        element_index = {e.element_id: i for i, e in enumerate(elements)}
        importance = np.zeros((len(codes), len(elements)), dtype=np.float32)
        for code, element_id, value in session.execute(
            select(OccupationElement.code, OccupationElement.element_id, OccupationElement.importance)
        ):
            if value is not None and code in position:
                importance[position[code], element_index[element_id]] = value
        occupations = {o.code: o for o in session.execute(select(Occupation)).scalars()}
        projections = {p.soc_code: p for p in session.execute(select(Projection)).scalars()}
        medians = dict(
            session.execute(
                select(OewsWage.soc_code, OewsWage.annual_median).where(OewsWage.area_code == "0000000")
            ).all()
        )

    def projection(code: str):
        soc = code[:7]
        return projections.get(soc) or projections.get(soc[:6] + "0")

    employment = np.array([inventory.employment.get(c, 1000.0) for c in codes])
    title_rows = sorted(((position[code], title) for title, code, _ in inventory.title_rows if code in position))
    title_owner = np.array([row[0] for row in title_rows], dtype=np.int32)
    return MatchingIndex(
        codes=codes,
        titles=dict(inventory.titles),
        vectorizer=vectorizer,
        task_matrix=vectorizer.transform(task_text).tocsr(),
        task_text=task_text,
        task_code=task_code,
        task_starts=np.searchsorted(task_code, np.arange(len(codes))),
        dwa_matrix=vectorizer.transform(dwa_text).tocsr(),
        dwa_text=dwa_text,
        dwa_codes={c: {dwa_row[d] for d in inventory.dwas.get(c, [])} for c in codes},
        title_matrix=vectorizer.transform([title for _, title in title_rows]).tocsr(),
        title_starts=np.searchsorted(title_owner, np.arange(len(codes))),
        element_names=[e.name for e in elements],
        element_domains=[e.domain for e in elements],
        importance=importance,
        job_zone=np.array([occupations[c].job_zone or 0 for c in codes], dtype=np.int8),
        education_onet={c: occupations[c].education for c in codes},
        education_bls={c: (projection(c).education if projection(c) else None) for c in codes},
        national_median=np.array(
            [medians.get(c[:7]) or medians.get(c[:6] + "0") or np.nan for c in codes], dtype=np.float64
        ),
        change_percent={c: (projection(c).change_percent if projection(c) else None) for c in codes},
        openings={c: (projection(c).openings_annual if projection(c) else None) for c in codes},
        related={c: [r for r in inventory.related.get(c, []) if r in position] for c in codes},
        technologies={c: {name.lower() for name, _, _ in inventory.technologies.get(c, [])} for c in codes},
        log_prior=np.log(employment / employment.sum()).astype(np.float32),
    )
