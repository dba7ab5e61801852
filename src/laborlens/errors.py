"""LaborLens errors. Each message names the bad value and says what to do about it."""


class LaborLensError(Exception):
    """Base class: an error a user can act on. The CLI prints it as one line and exits non-zero."""


class CodeError(LaborLensError, ValueError):
    """A malformed or unknown occupation code."""

    def __init__(self, message: str, *, suggestions: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class DataSourceError(LaborLensError):
    """A reference file is missing, truncated, unreadable or has the wrong columns."""


class StoreError(LaborLensError):
    """The store is unreachable, or the reference data has not been loaded yet."""
