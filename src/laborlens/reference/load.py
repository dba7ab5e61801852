"""Replace the store's reference tables in one transaction: readers see the old data or the new."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete, insert, text

from laborlens.store import Store
from laborlens.store.models import POINT_TABLES, REFERENCE_TABLES, ReferenceLoad

CHUNK = 20_000
TABLES = [*POINT_TABLES, *REFERENCE_TABLES]  # children before parents


def replace_reference_tables(
    store: Store,
    tables: dict[str, list[dict]],
    manifest: dict,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Delete every reference table's rows and insert ``tables``; all or nothing."""
    total = sum(len(tables.get(model.__tablename__, [])) for model in TABLES)
    done = 0
    with store.engine.begin() as connection:
        if store.is_sqlite:
            for model in TABLES:
                connection.execute(delete(model.__table__))
        else:
            names = ", ".join(model.__tablename__ for model in TABLES)
            connection.execute(text(f"TRUNCATE {names}"))
        for model in reversed(TABLES):  # parents before children
            rows = tables.get(model.__tablename__, [])
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                connection.execute(insert(model.__table__), chunk)
                done += len(chunk)
                if progress:
                    progress(model.__tablename__, done, total)
        connection.execute(
            insert(ReferenceLoad.__table__),
            [
                {
                    "loaded_at": datetime.now(UTC),
                    "onet_version": manifest.get("onet_version") or "unknown",
                    "manifest": manifest,
                }
            ],
        )
    store.clear_cache()
