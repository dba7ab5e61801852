"""Build, save and load the occupation-coding model: a versioned file that records its data manifest."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import joblib
import sklearn

from laborlens import __version__
from laborlens.coding.embedding import embeddings_runnable
from laborlens.coding.inventory import load_inventory
from laborlens.coding.model import OccupationCoder
from laborlens.errors import LaborLensError
from laborlens.settings import Settings
from laborlens.store import Store

# Bump when the method changes, so stored codes can say which model made them.
MODEL_VERSION = "coder-2026.12-8"


class ModelError(LaborLensError):
    """The model file is missing, unreadable or was built by an incompatible version."""


def model_path(settings: Settings) -> Path:
    return settings.home / "models" / "occupation-coder.joblib"


def build_model(settings: Settings, store: Store, **params) -> dict:
    """Fit the coder on the store's reference data and save it; return its metadata."""
    start = time.perf_counter()
    inventory = load_inventory(store)
    if not inventory.codes:
        raise ModelError("No reference data is loaded: run `laborlens data fetch` before `laborlens model build`.")
    coder = OccupationCoder(**params).fit(inventory)
    metadata = {
        "model_version": MODEL_VERSION,
        "laborlens": __version__,
        "scikit_learn": sklearn.__version__,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - start, 1),
        "data_fingerprint": inventory.manifest_fingerprint,
        "occupations": len(inventory.codes),
        "titles": len(inventory.title_rows),
        "embeddings": coder.embedding_model_,
        "params": coder.get_params(),
    }
    dump_atomically({"metadata": metadata, "coder": coder}, model_path(settings))
    _load.cache_clear()
    return metadata


def dump_atomically(bundle: dict, target: Path) -> None:
    """Save with joblib beside ``target``, then swap it in: readers see the old file or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        joblib.dump(bundle, temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> tuple[OccupationCoder, dict]:
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # a damaged or foreign file: say so, never a traceback
        raise ModelError(
            f"Cannot read the model at {path} ({exc.__class__.__name__}); rebuild it with `laborlens model build`."
        ) from exc
    metadata = bundle.get("metadata", {}) if isinstance(bundle, dict) else {}
    if metadata.get("model_version") != MODEL_VERSION:
        raise ModelError(
            f"The model at {path} is {metadata.get('model_version', 'of an unknown version')}; this "
            f"LaborLens needs {MODEL_VERSION}. Rebuild it with `laborlens model build`."
        )
    if metadata.get("embeddings") and not embeddings_runnable():
        raise ModelError(
            f"The model at {path} was built with sentence embeddings, which need ONNX Runtime here: pip install "
            "'laborlens[embeddings-runtime]', or rebuild it without them (`laborlens model build --embeddings off`)."
        )
    return bundle["coder"], metadata


def load_model(settings: Settings) -> tuple[OccupationCoder, dict]:
    """The saved coder and its metadata (cached while the file is unchanged)."""
    path = model_path(settings)
    if not path.exists():
        raise ModelError(f"No occupation model at {path}: run `laborlens model build` first.")
    return _load(str(path), path.stat().st_mtime)


def model_is_current(settings: Settings, store: Store) -> bool:
    """Whether a saved model of this version exists, loads here (a model built with sentence embeddings needs the
    extra installed) and was built from the store's reference data. A model built without embeddings stays current
    when the extra is installed later: `laborlens model build` adds them."""
    from laborlens.reference import loaded_manifest

    try:
        _, metadata = load_model(settings)
    except ModelError:
        return False
    manifest = loaded_manifest(store) or {}
    return metadata.get("data_fingerprint") == manifest.get("fingerprint")
