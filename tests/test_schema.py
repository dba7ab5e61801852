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


def test_a_demand_rebuild_leaves_the_schema_as_the_models_describe(empty_store_url):
    """On PostgreSQL the demand tables are rebuilt beside the live ones and swapped in by renaming."""
    from sqlalchemy import inspect

    from laborlens.demand import rebuild

    store = Store(empty_store_url)
    try:
        store.upgrade()
        rebuild(store)
        rebuild(store)  # a second swap finds the names the first one left
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            names = inspect(connection).get_table_names()
        assert not [name for name in names if name.endswith("_next")]
    finally:
        store.dispose()
