"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from laborlens.store import Store
from laborlens.store.models import Base


def test_migrations_match_the_models(empty_store_url):
    store = Store(empty_store_url)
    try:
        store.upgrade()
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        store.dispose()
