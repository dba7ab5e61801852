"""Every LaborLens setting, once: its name, environment variable, default and meaning.

A value given as an argument wins over the environment variable, which wins over the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_data_path

DEFAULT_ONET_VERSION = "29.3"


def _default_home() -> Path:
    return user_data_path("laborlens", appauthor=False)


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build one with :func:`load_settings`."""

    home: Path = field(
        default_factory=_default_home,
        metadata={"env": "LABORLENS_HOME", "help": "Data directory: reference files, the SQLite store, models."},
    )
    database_url: str | None = field(
        default=None,
        metadata={
            "env": "DATABASE_URL",
            "help": "SQLAlchemy URL of the store; default a SQLite file in the data directory.",
        },
    )
    data_mirror: str | None = field(
        default=None,
        metadata={
            "env": "LABORLENS_DATA_MIRROR",
            "help": "Folder or URL laid out like shared/data, used instead of the official sources.",
        },
    )
    onet_version: str = field(
        default=DEFAULT_ONET_VERSION,
        metadata={"env": "LABORLENS_ONET_VERSION", "help": "O*NET database release to fetch, e.g. 29.3."},
    )
    contact: str = field(
        default="laborlens@example.org",
        metadata={
            "env": "LABORLENS_CONTACT",
            "help": "Contact address sent in the User-Agent of every request LaborLens makes.",
        },
    )
    base_url: str | None = field(
        default=None,
        metadata={
            "env": "LABORLENS_BASE_URL",
            "help": "Test hook: send every request for https://HOST/PATH to BASE_URL/HOST/PATH instead.",
        },
    )
    usajobs_key: str | None = field(
        default=None,
        metadata={"env": "LABORLENS_USAJOBS_KEY", "help": "USAJOBS Search API key (developer.usajobs.gov)."},
    )
    usajobs_email: str | None = field(
        default=None,
        metadata={"env": "LABORLENS_USAJOBS_EMAIL", "help": "The e-mail address the USAJOBS key was issued to."},
    )
    hud_api_token: str | None = field(
        default=None,
        metadata={
            "env": "LABORLENS_HUD_API_TOKEN",
            "help": "HUD USER API token; the official ZIP -> CBSA crosswalk needs one.",
        },
    )

    @property
    def store_url(self) -> str:
        """The store's SQLAlchemy URL (``DATABASE_URL`` or the embedded SQLite file)."""
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{self.home / 'laborlens.sqlite'}"

    @property
    def raw_dir(self) -> Path:
        """Where fetched reference files live, with their manifest."""
        return self.home / "reference"


def normalize_database_url(url: str) -> str:
    """Accept Heroku-style ``postgres://`` URLs and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(**overrides: object) -> Settings:
    """Resolve settings: explicit overrides (non-None) > environment variables > defaults."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        env_value = os.environ.get(f.metadata["env"], "").strip()
        if env_value:
            values[f.name] = Path(env_value).expanduser() if f.name == "home" else env_value
    for name, value in overrides.items():
        if value is not None:
            values[name] = Path(value).expanduser() if name == "home" else value
    return replace(Settings(), **values)


def describe_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for each setting, for the CLI and README."""
    defaults = Settings()
    return [(f.metadata["env"], str(getattr(defaults, f.name)), f.metadata["help"]) for f in fields(Settings)]
