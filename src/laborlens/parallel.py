"""Ordered, memory-bounded parallel map over forked worker processes (they share loaded models)."""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator

_SHARED: dict = {}


def _call(key, item):
    return _SHARED[key](item)


def ordered_map(function: Callable, items: Iterable, jobs: int = 1) -> Iterator:
    """Yield function(item) for each item, in order; with jobs > 1 in that many forked processes.

    Only ``2 * jobs`` items are in flight at once, so memory stays flat on any input size. Where
    fork is unavailable or unsafe, it runs in this process.
    """
    # A process that has started ONNX Runtime or torch (the coder's optional sentence embeddings) must not fork: the
    # workers would wait forever on its thread pool, which fork does not copy. It maps in itself, on every core.
    threaded = any(name in sys.modules for name in ("onnxruntime", "torch"))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() or threaded:
        for item in items:
            yield function(item)
        return
    key = id(function)
    _SHARED[key] = function  # inherited by the forked workers
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: deque = deque()
            for item in items:
                pending.append(pool.apply_async(_call, (key, item)))
                if len(pending) >= 2 * jobs:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _SHARED.pop(key, None)
