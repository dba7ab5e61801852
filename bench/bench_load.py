"""Time a full reference load from the mirror into a fresh store, and report the store's size.

    python bench/bench_load.py [--from PATH] [--database-url URL]

With no --database-url, a fresh SQLite file in a temporary folder is used. With a PostgreSQL URL, a
fresh database is created beside the one named, loaded, measured and dropped.
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from laborlens.reference import update_reference_data
from laborlens.settings import load_settings
from laborlens.store import Store


def _postgres_scratch(url: str) -> tuple[str, callable]:
    name = f"laborlens_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", default=None, help="Mirror folder or URL (default: settings).")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        drop = None
        if args.database_url and not args.database_url.startswith("sqlite"):
            url, drop = _postgres_scratch(args.database_url)
        else:
            url = args.database_url or f"sqlite:///{Path(tmp) / 'laborlens.sqlite'}"
        settings = load_settings(home=Path(tmp) / "home", database_url=url)
        store = Store(url)
        store.upgrade()
        steps: list[tuple[str, float]] = []
        start = time.perf_counter()
        update_reference_data(
            settings, store, args.source, step=lambda label: steps.append((label, time.perf_counter() - start))
        )
        elapsed = time.perf_counter() - start
        if store.is_sqlite:
            size = Path(make_url(url).database).stat().st_size
        else:
            with store.engine.connect() as connection:
                size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        store.dispose()
        if drop:
            drop()

    backend = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_start = dict(steps).get("load", elapsed)
    print(f"date: {date.today()}  machine: {platform.node()} ({platform.machine()}, {platform.python_version()})")
    print(f"backend: {backend}")
    print(
        f"full reference load: {elapsed:.1f} s (reading and checking {load_start:.1f} s, "
        f"writing {elapsed - load_start:.1f} s)"
    )
    print(f"database size: {size / 2**20:.1f} MiB")
    print(f"peak memory (RSS): {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
