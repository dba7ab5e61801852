"""A scratch database for a benchmark: SQLite in a temporary folder, or PostgreSQL created and dropped."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text


@contextmanager
def scratch_database(database_url: str | None) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file when ``database_url`` is None or SQLite, else a
    PostgreSQL database created beside the one given and dropped afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        if not database_url or database_url.startswith("sqlite"):
            yield database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            return
        name = f"laborlens_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
