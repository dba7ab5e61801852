"""The occupation coder: a scikit-learn estimator that scores every O*NET-SOC code for a posting.

Signals, fused log-linearly (weights are constructor parameters, tuned on the dev set and
cross-checked on held-out folds of the reference titles; see bench/):

- title: character and word TF-IDF similarity of the posting title (whole, and its parts) to about
  75,000 O*NET and BLS titles; an occupation takes its best-matching title;
- prior: log national employment (OEWS), the base rate that settles titles O*NET lists under
  several occupations ("Structural Engineer" is far more often civil than marine);
- lexicon: colloquial and Spanish job words ("movers", "limpieza") mapped to occupations;
- section: the Craigslist section's expected SOC groups (a prior, not a rule);
- description: TF-IDF similarity of the body to each occupation's description, tasks, DWAs and tools (and, for
  the re-ranker only, of the title to the same documents);
- embeddings (only with the optional ``embeddings`` extra; see embedding.py): MiniLM similarity of the title
  to every title and to each occupation's description, and of the posting's opening to each description.

Scores become probabilities with a softmax; its temperature is the one with the least log loss of the
top-1 confidence on the dev set (calibration is reported by bench/bench_coder.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from laborlens.coding.embedding import EMBEDDING_MODEL, embeddings_available, sentence_model
from laborlens.coding.inventory import TITLE_SOURCE_WEIGHT, Inventory
from laborlens.coding.lexicon import (
    SECTION_PRIORS,
    employer_industry,
    lexicon_matches,
    section_prior,
    with_employer_industries,
)
from laborlens.coding.notajob import not_a_job_score
from laborlens.coding.rerank import candidate_features, fit_reranker, levels
from laborlens.coding.skills import SkillMatcher
from laborlens.coding.text import (
    clean_description,
    clean_title,
    locate,
    strip_accents,
    title_segments,
    without_boilerplate,
    without_filler,
)

_CHUNK = 64
THIN_DOCUMENT_WORDS = 100
EMBEDDED_OPENING_CHARS = 600  # of title and body together; more than the encoder's 64 word pieces take
_SENTENCE = re.compile(r"[^.!?\n•;]{25,400}")


POSTING_FIELDS = {"title": str, "description": str, "category": str, "employer": str}


def field_problem(posting: dict) -> str | None:
    """Which of a posting's text fields holds something other than text, or None."""
    for name, kind in POSTING_FIELDS.items():
        value = posting.get(name)
        if value is not None and not isinstance(value, kind):
            return f"field '{name}' must be text, not {type(value).__name__}"
    return None


def as_posting(item) -> dict:
    """Accept a posting dict, or a bare title string."""
    if isinstance(item, str):
        return {"title": item}
    if isinstance(item, dict):
        if problem := field_problem(item):
            raise TypeError(f"A posting's {problem}.")
        return item
    raise TypeError(f"A posting must be a dict with a 'title' or a title string, not {type(item).__name__}.")


class OccupationCoder(ClassifierMixin, BaseEstimator):
    """Codes job postings to O*NET-SOC 2019 occupations.

    Fit on an :class:`~laborlens.coding.inventory.Inventory` (reference data only; no labelled
    postings). ``X`` for prediction is a sequence of postings: dicts with ``title`` and optional
    ``description``, ``category`` (Craigslist section) and ``employer``, or bare title strings.
    """

    def __init__(
        self,
        *,
        k: int = 5,
        char_share: float = 0.5,
        segment_discount: float = 0.92,
        prior_weight: float = 0.015,
        lexicon_weight: float = 0.5,
        section_weight: float = 0.15,
        description_weight: float = 1.5,
        temperature: float = 0.08,
        rerank: bool = True,
        rerank_temperature: float | None = None,
        embeddings: str = "auto",
        embedding_weight: float = 1.0,
        random_state: int = 0,
    ):
        self.k = k
        self.char_share = char_share
        self.segment_discount = segment_discount
        self.prior_weight = prior_weight
        self.lexicon_weight = lexicon_weight
        self.section_weight = section_weight
        self.description_weight = description_weight
        self.temperature = temperature
        self.rerank = rerank
        self.rerank_temperature = rerank_temperature
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.random_state = random_state

    # ---- fitting -------------------------------------------------------------------------------
    def fit(self, X: Inventory, y=None):
        """Learn title, description and skill indexes from the reference inventory ``X``."""
        if not isinstance(X, Inventory) or not X.codes:
            raise ValueError("OccupationCoder.fit needs a non-empty Inventory (see load_inventory).")
        if self.embeddings not in ("auto", "on", "off"):
            raise ValueError(f"embeddings must be 'auto', 'on' or 'off', not {self.embeddings!r}.")
        self.embedding_model_ = (
            EMBEDDING_MODEL
            if self.embeddings == "on" or (self.embeddings == "auto" and embeddings_available())
            else None
        )
        # Without the extra, say so now rather than after the title indexes are built.
        self.sentence_model_ = sentence_model() if self.embedding_model_ else None
        # The re-ranker's softmax temperature: the value with the least log loss of the top-1 confidence on the dev
        # set, for each path (its fold-trained logits are sharper with the embedding features); where that loss is
        # flat (0.75 and 0.8 on the default path), the one with the lower calibration error.
        if self.rerank_temperature is not None:
            self.rerank_temperature_ = self.rerank_temperature
        else:
            self.rerank_temperature_ = 0.9 if self.embedding_model_ else 0.75
        self.reranker_, self.rerank_report_ = None, None
        if self.rerank:
            first_stage = clone(self).set_params(rerank=False)
            self.reranker_, self.rerank_report_ = fit_reranker(first_stage, X, random_state=self.random_state)
        self.classes_ = np.array(X.codes)
        index = {code: i for i, code in enumerate(X.codes)}
        rows = sorted(
            (
                (clean_title(title), index[code], TITLE_SOURCE_WEIGHT[source], title)
                for title, code, source in X.title_rows
                if code in index and clean_title(title)
            ),
            key=lambda row: row[1],
        )
        texts = [r[0] for r in rows]
        # Titles O*NET lists with a word that is filler elsewhere ("Job Captain", "Temporary Worker") keep the
        # word, alone or inside a longer title ("Architectural Job Captain - NYC"): stripping it would turn a job
        # captain into a pilot's "Captain".
        self.title_vocabulary_ = frozenset(texts)
        filler_titles = sorted({t for t in texts if " " in t and without_filler(t) != t}, key=len, reverse=True)
        self.filler_title_pattern_ = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, filler_titles)) + r")\b") if filler_titles else None
        )
        self.title_code_ = np.array([r[1] for r in rows], dtype=np.int32)
        self.title_source_weight_ = np.array([r[2] for r in rows], dtype=np.float32)
        self.title_text_ = [r[3] for r in rows]
        self.title_starts_ = np.searchsorted(self.title_code_, np.arange(len(X.codes)))
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, dtype=np.float32
        )
        self.word_vectorizer_ = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9&+#]+", dtype=np.float32
        )
        matrix = self._title_features(texts, fit=True)
        self.title_matrix_ = matrix  # rows: titles, for evidence
        self.title_matrix_t_ = matrix.T.tocsr()  # columns: titles, for scoring
        has_title = np.zeros(len(X.codes), dtype=bool)
        has_title[self.title_code_] = True
        self.has_title_ = has_title

        documents = [
            " ".join(
                [
                    X.titles[c],
                    X.descriptions.get(c, ""),
                    *X.tasks.get(c, []),
                    *X.dwas.get(c, []),
                    *(name for name, _, _ in X.technologies.get(c, [])[:60]),
                ]
            )
            for c in X.codes
        ]
        self.description_vectorizer_ = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words="english",
            min_df=2,
            max_df=0.5,
            dtype=np.float32,
        )
        self.description_matrix_t_ = self.description_vectorizer_.fit_transform(documents).T.tocsr()
        # Occupations without tasks (the "All Other" residuals, the military ones) have documents of a title and
        # a line ("All cooks not listed separately."), and a posting body that says "cooks" is closer to eight
        # words than to a real profile. Such a document's similarity to a posting is damped in proportion to its
        # length, up to THIN_DOCUMENT_WORDS words (people matching's whole-text profile score reads it undamped).
        words = np.array([len(document.split()) for document in documents], dtype=np.float32)
        taskless = np.array([not X.tasks.get(c) for c in X.codes])
        self.description_reliability_ = np.where(taskless, np.minimum(1.0, words / THIN_DOCUMENT_WORDS), 1.0).astype(
            np.float32
        )

        employment = np.array([X.employment.get(c, 1000.0) for c in X.codes], dtype=np.float64)
        self.log_prior_ = np.log(employment / employment.sum()).astype(np.float32)
        self.section_priors_ = {
            section: np.array([section_prior(section, c) for c in X.codes], dtype=np.float32)
            for section in SECTION_PRIORS
        }
        self.code_index_ = index
        self.titles_ = dict(X.titles)
        self.tasks_ = {c: list(X.tasks.get(c, [])) for c in X.codes}
        task_texts = [task for c in X.codes for task in self.tasks_[c]]
        self.task_matrix_ = self.description_vectorizer_.transform(task_texts)
        bounds = np.cumsum([0] + [len(self.tasks_[c]) for c in X.codes])
        self.task_rows_ = {c: (int(bounds[i]), int(bounds[i + 1])) for i, c in enumerate(X.codes)}
        self.dwa_titles_ = sorted({d for c in X.codes for d in X.dwas.get(c, [])})
        dwa_index = {d: i for i, d in enumerate(self.dwa_titles_)}
        self.dwa_matrix_ = self.description_vectorizer_.transform(self.dwa_titles_)
        self.code_dwas_ = {c: np.array([dwa_index[d] for d in X.dwas.get(c, [])], dtype=np.int32) for c in X.codes}
        self.skill_matcher_ = SkillMatcher.from_inventory(X.technologies, X.tasks)
        self.manifest_fingerprint_ = X.manifest_fingerprint
        self.occupation_levels_ = np.array([levels(self.titles_[c]) for c in X.codes])
        self.title_embeddings_ = self.description_embeddings_ = self.title_embedding_rows_ = None
        if self.embedding_model_:
            encoder = self.sentence_model_
            # A third of the title rows repeat a title another occupation also lists: each distinct title is stored
            # once (a posting's title is compared with every one of them, and that pass is memory-bound).
            lowered = [title.lower() for title in self.title_text_]
            distinct = list(dict.fromkeys(lowered))
            position = {title: i for i, title in enumerate(distinct)}
            self.title_embedding_rows_ = np.array([position[title] for title in lowered], dtype=np.int32)
            self.title_embeddings_ = encoder.encode_reference(distinct)
            self.description_embeddings_ = encoder.encode_reference(
                [f"{X.titles[c]}. {X.descriptions.get(c, '')}" for c in X.codes]
            )
        for vectorizer in (self.char_vectorizer_, self.word_vectorizer_, self.description_vectorizer_):
            vectorizer.stop_words_ = None  # only kept for introspection; large and unused when predicting
        return self

    def _title_features(self, texts: Sequence[str], fit: bool = False) -> sp.csr_matrix:
        char = self.char_vectorizer_.fit_transform(texts) if fit else self.char_vectorizer_.transform(texts)
        word = self.word_vectorizer_.fit_transform(texts) if fit else self.word_vectorizer_.transform(texts)
        share = self.char_share
        return sp.hstack([char * np.sqrt(share), word * np.sqrt(1 - share)], format="csr", dtype=np.float32)

    # ---- signals ------------------------------------------------------------------------------
    def _title_signal(self, postings: list[dict]) -> tuple[np.ndarray, list[list[str]], sp.csr_matrix]:
        """Best weighted title similarity per code, for each posting (n x codes); also the segments and features."""
        segments = []
        for posting in postings:
            parts = [self._without_filler(s) for s in title_segments(posting.get("title") or "")]
            segments.append(parts or [""])
        flat = [s for parts in segments for s in parts]
        owner = np.repeat(np.arange(len(postings)), [len(p) for p in segments])
        discount = np.concatenate([[1.0] + [self.segment_discount] * (len(p) - 1) for p in segments])
        result = np.zeros((len(postings), len(self.classes_)), dtype=np.float32)
        features = self._title_features(flat)
        for start in range(0, len(flat), _CHUNK):
            stop = min(start + _CHUNK, len(flat))
            sims = (features[start:stop] @ self.title_matrix_t_).toarray()
            sims *= self.title_source_weight_
            per_code = np.maximum.reduceat(sims, self.title_starts_, axis=1)
            per_code[:, ~self.has_title_] = 0.0
            per_code *= discount[start:stop, None]
            np.maximum.at(result, owner[start:stop], per_code)
        return result, segments, features

    def _without_filler(self, segment: str) -> str:
        """The title segment without filler words, except inside a title O*NET lists whole."""
        if segment in self.title_vocabulary_:
            return segment
        if self.filler_title_pattern_ is None:
            return without_filler(segment) or segment
        pieces, last = [], 0
        for match in self.filler_title_pattern_.finditer(segment):
            pieces += [without_filler(segment[last : match.start()]), match.group(0)]
            last = match.end()
        pieces.append(without_filler(segment[last:]))
        return " ".join(piece for piece in pieces if piece) or segment

    def _lexicon_signal(self, texts: Iterable[str]) -> tuple[np.ndarray, list[list[tuple[str, str, float]]]]:
        texts = list(texts)
        result = np.zeros((len(texts), len(self.classes_)), dtype=np.float32)
        found = []
        for row, text in enumerate(texts):
            matches = [m for m in lexicon_matches(strip_accents(text.lower())) if m[1] in self.code_index_]
            for _, code, strength in matches:
                column = self.code_index_[code]
                result[row, column] = max(result[row, column], strength)
            found.append(matches)
        return result, found

    def _section_signal(self, postings: list[dict]) -> np.ndarray:
        zeros = np.zeros(len(self.classes_), dtype=np.float32)
        return np.stack([self.section_priors_.get((p.get("category") or "").strip().lower(), zeros) for p in postings])

    def _description_signal(self, descriptions: list[str]) -> np.ndarray:
        vectors = self.description_vectorizer_.transform([without_boilerplate(d) for d in descriptions])
        return (vectors @ self.description_matrix_t_).toarray()

    def _signals(self, X) -> dict:
        check_is_fitted(self, "classes_")
        postings = [as_posting(item) for item in X]
        title, segments, title_features = self._title_signal(postings)
        titles = [clean_title(p.get("title")) for p in postings]
        lexicon, lexicon_found = self._lexicon_signal(titles)
        descriptions = [clean_description(p.get("description")) for p in postings]
        # The employer's name often says the industry ("... Freight Lines", "... Cleaning Co.", "Wendy's"), which
        # settles what a generic title means; it joins the body, so a posting without a body stays title-only.
        # The title is read as a description too: for a posting without a body it is the only account of the work
        # ("Unload trucks" against the laborers' tasks), and it tells apart occupations that list the same title.
        # Bodies and titles go through the vectorizer in one call (half its fixed cost for a single posting).
        bodies = [
            self._with_employer(posting.get("employer"), body) if body else ""
            for posting, body in zip(postings, descriptions, strict=True)
        ]
        both = self._description_signal(bodies + titles)
        both *= self.description_reliability_
        description, title_document = both[: len(postings)], both[len(postings) :]
        signals = {
            "postings": postings,
            "segments": segments,
            "title_features": title_features,
            "segment_offsets": np.cumsum([0] + [len(parts) for parts in segments]),
            "descriptions": descriptions,
            "title": title,
            "lexicon": lexicon,
            "lexicon_found": lexicon_found,
            "section": self._section_signal(postings),
            "description": description,
            "title_document": title_document,
        }
        if self.embedding_model_:
            signals.update(self._embedding_signals(postings, descriptions))
        return signals

    def _embedding_signals(self, postings: list[dict], descriptions: list[str]) -> dict:
        """MiniLM similarity of each title to every code's best title and to each code's description, and of each
        posting's opening (title and body) to each code's description; zero where the posting has no title or no
        body."""
        encoder = self.sentence_model_
        titles = [self._without_filler(clean_title(p.get("title"))) for p in postings]
        openings = [
            f"{p.get('title') or ''}. {body}"[:EMBEDDED_OPENING_CHARS] if body else ""
            for p, body in zip(postings, descriptions, strict=True)
        ]
        title_similarity = np.zeros((len(postings), len(self.classes_)), dtype=np.float32)
        opening_similarity = np.zeros_like(title_similarity)
        rows = [i for i, title in enumerate(titles) if title]
        vectors = encoder.encode([titles[i] for i in rows])
        title_vectors = np.zeros((len(postings), vectors.shape[1]), dtype=np.float32)
        title_vectors[rows] = vectors
        for start in range(0, len(rows), _CHUNK):
            sims = (vectors[start : start + _CHUNK] @ self.title_embeddings_.T)[:, self.title_embedding_rows_]
            per_code = np.maximum.reduceat(sims, self.title_starts_, axis=1)
            per_code[:, ~self.has_title_] = 0.0
            title_similarity[rows[start : start + _CHUNK]] = per_code
        rows = [i for i, opening in enumerate(openings) if opening]
        if rows:
            opening_similarity[rows] = encoder.encode([openings[i] for i in rows]) @ self.description_embeddings_.T
        return {
            "title_embedding": title_similarity,
            "description_embedding": opening_similarity,
            "title_description_embedding": title_vectors @ self.description_embeddings_.T,
            "title_vectors": title_vectors,
        }

    @staticmethod
    def _with_employer(employer: str | None, description: str) -> str:
        """The description as the description signal reads it: the employer's name (and, for a well-known
        employer, its kind of workplace) first."""
        employer = clean_description(employer, 200)
        if industry := employer_industry(employer):
            employer = f"{employer} ({industry})"
        return with_employer_industries(f"{employer}. {description}" if employer else description)

    def _fuse(self, signals: dict) -> np.ndarray:
        fused = (
            signals["title"]
            + self.prior_weight * self.log_prior_
            + self.lexicon_weight * signals["lexicon"]
            + self.section_weight * signals["section"]
            + self.description_weight * signals["description"]
        )
        if "title_embedding" in signals:
            fused += self.embedding_weight * signals["title_embedding"]
        return fused

    # ---- the estimator API -----------------------------------------------------------------------
    _UNRANKED = -1e4  # score of codes the re-ranker did not consider: probability zero

    def _scores(self, signals: dict) -> np.ndarray:
        """Final scores on the probability scale's log-odds (softmax of these gives probabilities)."""
        fused = self._fuse(signals)
        if getattr(self, "reranker_", None) is None:
            return fused / self.temperature
        candidates, features = candidate_features(signals, fused, self.log_prior_, self.occupation_levels_)
        logits = self.reranker_.decision_function(features.reshape(-1, features.shape[2]))
        scores = np.full(fused.shape, self._UNRANKED, dtype=np.float64)
        rows = np.arange(len(fused))[:, None]
        scores[rows, candidates] = logits.reshape(candidates.shape) / self.rerank_temperature_
        return scores

    def decision_function(self, X) -> np.ndarray:
        """Scores (n postings x n codes); higher is more likely; softmax of a row gives its probabilities."""
        return self._scores(self._signals(X))

    def _softmax(self, scores: np.ndarray) -> np.ndarray:
        z = scores - scores.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        return z / z.sum(axis=1, keepdims=True)

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each code in ``classes_`` for each posting; rows sum to 1."""
        return self._softmax(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """The most likely O*NET-SOC code for each posting."""
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]

    def top_k(self, X, k: int | None = None) -> list[list[tuple[str, float]]]:
        """The ``k`` most likely (code, probability) pairs per posting, best first."""
        k = k or self.k
        probabilities = self.predict_proba(X)
        order = np.argsort(-probabilities, axis=1)[:, :k]
        return [[(str(self.classes_[j]), float(probabilities[i, j])) for j in row] for i, row in enumerate(order)]

    # ---- full coding with evidence --------------------------------------------------------------
    def code(self, X, k: int | None = None) -> list[dict]:
        """Top-k occupations with probabilities, evidence, skills and the not-a-job flag, per posting."""
        # The matrices inside are our own TF-IDF products, finite by construction: skipping scikit-learn's
        # input checks saves a fifth of the time of coding one posting (the web API's common case).
        with config_context(assume_finite=True, skip_parameter_validation=True):
            return self._code(X, k or self.k)

    def _code(self, X, k: int) -> list[dict]:
        signals = self._signals(X)
        probabilities = self._softmax(self._scores(signals))
        order = np.argsort(-probabilities, axis=1)[:, :k]
        sentences = [self._sentences(description) for description in signals["descriptions"]]
        flat = [text for found in sentences for text, _ in found]
        sentence_matrix = self.description_vectorizer_.transform(flat) if flat else None
        bounds = np.cumsum([0] + [len(found) for found in sentences])
        results = []
        for i, posting in enumerate(signals["postings"]):
            top = order[i]
            description = signals["descriptions"][i]
            title_text = posting.get("title") or ""
            skills = self.skill_matcher_.find(f"{title_text}\n{description}") if (title_text or description) else []
            lowered = f"{title_text}\n{description}".lower()
            flag_score, flag_reasons = not_a_job_score(lowered, float(signals["title"][i].max()))
            block = sentence_matrix[bounds[i] : bounds[i + 1]] if bounds[i + 1] > bounds[i] else None
            evidence = self._evidence(signals, i, top[0], flag_reasons)
            codes = [self.classes_[j] for j in top]
            evidence["description"] = self._matched_tasks(block, sentences[i], codes[0])
            dwas = self._matched_dwas(block, sentences[i], codes[:3])
            # Phrases were found in the cleaned text; their spans must point into the posting as it was sent.
            original = posting.get("description") or ""
            for item in (*evidence["description"], *dwas):
                self._place(item, original)
            titled = f"{title_text}\n{original}"  # the text the skills were found in, as sent
            for skill in skills:
                self._place(skill, titled)
            results.append(
                {
                    "occupations": [
                        {"code": str(code), "title": self.titles_[code], "score": round(float(probabilities[i, j]), 4)}
                        for code, j in zip(codes, top, strict=True)
                    ],
                    "not_a_job": flag_score >= 0.5,
                    "not_a_job_score": round(flag_score, 4),
                    "evidence": evidence,
                    "skills": skills,
                    "dwas": dwas,
                }
            )
        return results

    @staticmethod
    def _place(item: dict, original: str) -> None:
        """Point ``item``'s span (and phrase) into ``original``; span None where cleaning changed the words."""
        span = locate(item["phrase"], original, near=item["span"][0])
        item["span"] = list(span) if span else None
        if span:
            item["phrase"] = original[span[0] : span[1]]

    def _evidence(self, signals: dict, i: int, best: int, flag_reasons: list) -> dict:
        code = self.classes_[best]
        start = self.title_starts_[best]
        stop = self.title_starts_[best + 1] if best + 1 < len(self.title_starts_) else len(self.title_text_)
        evidence = {"title": None, "lexicon": [], "section": None, "description": [], "not_a_job": flag_reasons}
        segments = signals["segments"][i]
        first, last = signals["segment_offsets"][i], signals["segment_offsets"][i + 1]
        if start < stop and any(segments):
            features = signals["title_features"][first:last]
            sims = (features @ self.title_matrix_[start:stop].T).toarray() * self.title_source_weight_[start:stop]
            segment, offset = np.unravel_index(np.argmax(sims), sims.shape)
            evidence["title"] = {
                "matched": self.title_text_[start + offset],
                "posting_words": segments[segment],
                "similarity": round(float(sims[segment, offset]), 3),
            }
        evidence["lexicon"] = [
            {"phrase": phrase, "strength": strength} for phrase, c, strength in signals["lexicon_found"][i] if c == code
        ]
        if "title_embedding" in signals:
            similarity = float(signals["description_embedding"][i, best])
            evidence["embedding"] = {"description_similarity": round(similarity, 3)}
            if start < stop and signals["title_vectors"][i].any():
                sims = self.title_embeddings_[self.title_embedding_rows_[start:stop]] @ signals["title_vectors"][i]
                evidence["embedding"]["title"] = {
                    "matched": self.title_text_[start + int(np.argmax(sims))],
                    "similarity": round(float(sims.max()), 3),
                }
        category = (signals["postings"][i].get("category") or "").strip().lower()
        if signals["section"][i, best] > 0:
            evidence["section"] = {
                "category": category,
                "name": SECTION_PRIORS[category][0],
                "strength": float(signals["section"][i, best]),
            }
        return evidence

    def _sentences(self, description: str) -> list[tuple[str, int]]:
        found = []
        for match in _SENTENCE.finditer(description):
            text = match.group(0)
            found.append((text.strip(), match.start() + len(text) - len(text.lstrip())))
        return found[:60]

    def _matched_tasks(self, block, sentences: list[tuple[str, int]], code: str, limit: int = 3) -> list[dict]:
        """Sentences of the description that state a task of the occupation, with the task."""
        first, last = self.task_rows_[code]
        if block is None or first == last:
            return []
        sims = (block @ self.task_matrix_[first:last].T).toarray()
        tasks = self.tasks_[code]
        pairs = []
        for row in np.argsort(-sims.max(axis=1))[:limit]:
            column = int(np.argmax(sims[row]))
            if sims[row, column] >= 0.15:
                text, offset = sentences[row]
                pairs.append(
                    {
                        "phrase": text,
                        "span": [offset, offset + len(text)],
                        "task": tasks[column],
                        "similarity": round(float(sims[row, column]), 3),
                    }
                )
        return pairs

    def _matched_dwas(self, block, sentences: list[tuple[str, int]], codes: list[str], limit: int = 5) -> list[dict]:
        """DWAs of the likeliest occupations that a sentence of the description states."""
        if block is None:
            return []
        candidates = np.unique(np.concatenate([self.code_dwas_[code] for code in codes]))
        if not len(candidates):
            return []
        sims = (block @ self.dwa_matrix_[candidates].T).toarray()
        best = sims.max(axis=0)
        found = []
        for column in np.argsort(-best)[:limit]:
            if best[column] >= 0.25:
                row = int(np.argmax(sims[:, column]))
                text, offset = sentences[row]
                found.append(
                    {
                        "dwa": self.dwa_titles_[candidates[column]],
                        "phrase": text,
                        "span": [offset, offset + len(text)],
                        "similarity": round(float(best[column]), 3),
                    }
                )
        return found
