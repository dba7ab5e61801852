"""Per-application services (store, coder, matcher), loaded on first use, and the Flask extensions."""

from __future__ import annotations

import functools
import threading

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect

from laborlens.settings import Settings

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class Services:
    """The library objects the web layer calls, opened once per process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._store = self._coder = self._matcher = None
        # Profiles come from reference data only, which changes with a reload (and a restart): keep the
        # most asked-for ones rather than rebuilding each from a dozen queries on every page view.
        self.occupation = functools.lru_cache(maxsize=2048)(self._occupation)

    def _occupation(self, code: str, area: str, top: int) -> dict:
        from laborlens.reference import occupation_profile

        return occupation_profile(self.store, code, top=top, area=area)

    @property
    def store(self):
        with self._lock:
            if self._store is None:
                from laborlens.store import open_store

                self._store = open_store(self.settings)
            return self._store

    def close(self) -> None:
        """Close the store's database connections (tests and clean shutdowns)."""
        with self._lock:
            if self._store is not None:
                self._store.dispose()
                self._store = None

    @property
    def coder(self):
        from laborlens.coding import MODEL_VERSION, load_model

        with self._lock:
            if self._coder is None:
                self._coder = load_model(self.settings)[0]
        return self._coder, MODEL_VERSION

    @property
    def matcher(self):
        from laborlens.matching import load_matcher

        with self._lock:
            if self._matcher is None:
                self._matcher = load_matcher(self.settings)
        return self._matcher


def heavy_limit() -> str:
    """The per-client rate limit of the expensive endpoints (coding, matching), from the app's config."""
    return current_app.config["HEAVY_RATE_LIMIT"]


def services() -> Services:
    return current_app.extensions["laborlens"]
