"""Open the store and keep its schema current with Alembic migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from laborlens.errors import StoreError
from laborlens.settings import Settings, load_settings, normalize_database_url

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_SECONDS = 120


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """A LaborLens database: reference data now; postings, models and aggregates as they land."""

    def __init__(self, url: str):
        self.url = normalize_database_url(url)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite lets one writer in at a time; a writer that finds the store busy (a demand rebuild takes
        # about 15 s at a million postings) waits this long instead of failing at once. No prepared-statement
        # cache: ingest's IN lists differ in length every batch, and the cached statements (hundreds of KB
        # each) made a long ingest grow by about 3 MiB per 1,000 postings; re-preparing costs microseconds.
        connect_args = {"timeout": SQLITE_BUSY_SECONDS, "cached_statements": 0} if self.is_sqlite else {}
        self.engine: Engine = create_engine(self.url, future=True, connect_args=connect_args)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def _alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision."""
        try:
            with self.engine.begin() as connection:
                config = self._alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            raise StoreError(f"Cannot open the store at {self!r}: {exc.orig}") from exc

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration."""
        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        try:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision() == head
        except OperationalError as exc:
            raise StoreError(f"Cannot open the store at {self!r}: {exc.orig}") from exc

    def cached(self, key: str, build):
        """Memoize small derived lookups (code lists, title indexes) until the next reference load."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def clear_cache(self) -> None:
        self._cache.clear()

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings | None = None, *, url: str | None = None, upgrade: bool = True) -> Store:
    """Open the configured store (``DATABASE_URL`` or SQLite in ``LABORLENS_HOME``), migrated to head."""
    settings = settings or load_settings()
    store = Store(url or settings.store_url)
    if upgrade:
        store.upgrade()
    return store
