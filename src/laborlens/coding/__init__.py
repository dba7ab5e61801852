"""Occupation coding: job postings -> O*NET-SOC 2019 codes with confidence, evidence, skills and a not-a-job flag.

>>> from laborlens.coding import load_model          # doctest: +SKIP
>>> coder, _ = load_model(settings)                  # doctest: +SKIP
>>> coder.top_k([{"title": "CDL-A driver"}], 3)      # doctest: +SKIP
"""

from laborlens.coding.artifact import (
    MODEL_VERSION,
    ModelError,
    build_model,
    load_model,
    model_is_current,
    model_path,
)
from laborlens.coding.batch import classify_lines
from laborlens.coding.evaluate import evaluate, format_report, read_gold
from laborlens.coding.inventory import Inventory, load_inventory
from laborlens.coding.model import OccupationCoder

__all__ = [
    "MODEL_VERSION",
    "Inventory",
    "ModelError",
    "OccupationCoder",
    "build_model",
    "classify_lines",
    "evaluate",
    "format_report",
    "load_inventory",
    "load_model",
    "model_is_current",
    "model_path",
    "read_gold",
]
