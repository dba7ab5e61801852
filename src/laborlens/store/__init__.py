"""The store: one SQLAlchemy engine over SQLite (embedded default) or PostgreSQL, schema by Alembic."""

from laborlens.store.database import Store, open_store

__all__ = ["Store", "open_store"]
