"""Shared fixtures: real SQLite files, a real PostgreSQL database, the shared reference mirror."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from laborlens.reference import update_reference_data
from laborlens.settings import load_settings
from laborlens.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _find_mirror() -> Path | None:
    """The reference files the tests load: $LABORLENS_DATA_MIRROR, ../shared/data, or what `make data` fetched."""
    if os.environ.get("LABORLENS_DATA_MIRROR"):
        return Path(os.environ["LABORLENS_DATA_MIRROR"]).expanduser().resolve()
    shared = ROOT.parent / "shared" / "data"
    if shared.is_dir():
        return shared.resolve()
    fetched = load_settings().raw_dir
    return fetched if (fetched / "manifest.json").exists() else None


MIRROR = _find_mirror()
POSTGRES_URL = os.environ.get("LABORLENS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("LABORLENS_REQUIRE_POSTGRES") == "1"


def _postgres_unavailable_reason() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except (OperationalError, ImportError) as exc:
        return f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} is not reachable ({exc.__class__.__name__})"


_PG_REASON = _postgres_unavailable_reason()


def pytest_report_header(config):
    if _PG_REASON:
        return f"PostgreSQL half SKIPPED: {_PG_REASON}; set LABORLENS_TEST_POSTGRES_URL to run it."
    return f"PostgreSQL half runs against {make_url(POSTGRES_URL).render_as_string()}"


def pytest_terminal_summary(terminalreporter):
    if _PG_REASON:
        terminalreporter.write_line(f"NOTE: the PostgreSQL half of the suite was skipped: {_PG_REASON}.", yellow=True)


@pytest.fixture(scope="session")
def mirror() -> Path:
    if MIRROR is None or not MIRROR.is_dir():
        pytest.fail(
            "No reference files to test with: set LABORLENS_DATA_MIRROR to a folder laid out like "
            "shared/data, or run `make data` first."
        )
    return MIRROR


@pytest.fixture(scope="session")
def official_layout(mirror) -> Path:
    """O*NET files in the official text layout (shared/data/onet/30.0_partial)."""
    folder = mirror / "onet" / "30.0_partial"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: this mirror has no O*NET files in the official text layout")
    return folder


def _new_postgres_database(template: str | None = None) -> tuple[str, callable]:
    if _PG_REASON:
        if REQUIRE_POSTGRES:
            pytest.fail(f"LABORLENS_REQUIRE_POSTGRES=1 but {_PG_REASON}")
        pytest.skip(_PG_REASON)
    name = f"laborlens_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    except Exception:
        admin.dispose()  # no connection left for the garbage collector to complain about
        raise
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_store_url(request, tmp_path) -> str:
    """A URL of a new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    url, drop = _new_postgres_database()
    yield url
    drop()


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
def postgres_store_url() -> str:
    """A URL of a new, empty PostgreSQL database, for behaviour only PostgreSQL has."""
    url, drop = _new_postgres_database()
    yield url
    drop()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded(request, tmp_path_factory, mirror):
    """(settings, store) with the whole reference set loaded from the mirror, once per backend."""
    home = tmp_path_factory.mktemp(f"home-{request.param}")
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'laborlens.sqlite'}"
    else:
        url, drop = _new_postgres_database()
    settings = load_settings(home=home, database_url=url)
    store = Store(url)
    store.upgrade()
    update_reference_data(settings, store, str(mirror))
    # A pristine copy to clone from (see reference_copy): taken now, while nothing else is connected.
    store.engine.dispose()
    if request.param == "sqlite":
        pristine, drop_pristine = home / "reference.sqlite", None
        with sqlite3.connect(home / "laborlens.sqlite") as old, sqlite3.connect(pristine) as new:
            old.backup(new)
        _PRISTINE[store.url] = str(pristine)
    else:
        pristine, drop_pristine = _new_postgres_database(template=make_url(url).database)
        _PRISTINE[store.url] = make_url(pristine).database
    yield settings, store
    store.dispose()
    if drop:
        drop()
    if drop_pristine:
        drop_pristine()


_PRISTINE: dict[str, str] = {}  # loaded store URL -> its pristine copy (SQLite path or PostgreSQL database)


@pytest.fixture
def store(loaded):
    return loaded[1]


@pytest.fixture(scope="session")
def coder_home(loaded):
    """Settings whose data directory holds the coder (TF-IDF only, as a default install builds it) and the matching
    index built from the loaded store (once per backend)."""
    from laborlens.coding import build_model
    from laborlens.matching import build_matcher

    settings, store = loaded
    build_model(settings, store, embeddings="off")  # the default path; test_embeddings.py fits the other
    build_matcher(settings, store)
    return settings, store


@pytest.fixture(scope="session")
def coder(coder_home):
    from laborlens.coding import load_model

    return load_model(coder_home[0])[0]


@pytest.fixture
def make_app(coder_home):
    """Web apps over the loaded store and models, for one test; their connections are closed after it."""
    from laborlens.web import create_app

    settings, store = coder_home
    apps = []

    def make(**config):
        app = create_app(
            {
                "LABORLENS_HOME": str(settings.home),
                "DATABASE_URL": store.url,
                "TESTING": True,
                "SECRET_KEY": "test",
                **config,
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["laborlens"].close()


@pytest.fixture(scope="module")
def reference_copy(loaded, tmp_path_factory):
    """(settings, store): a new database holding the loaded reference data and no postings, for tests that
    need exact counts of what they store themselves."""
    from laborlens.store.models import (
        DemandBuild,
        DemandCluster,
        DemandClusterSkill,
        Posting,
        PostingBand,
        PostingCode,
        PostingKey,
    )

    _, source = loaded
    home = tmp_path_factory.mktemp("copy")
    drop = None
    if source.is_sqlite:
        target = home / "laborlens.sqlite"
        with sqlite3.connect(_PRISTINE[source.url]) as old, sqlite3.connect(target) as new:
            old.backup(new)
        url = f"sqlite:///{target}"
    else:  # cloned from the pristine database, which nothing connects to (a template must have no sessions)
        url, drop = _new_postgres_database(template=_PRISTINE[source.url])
    store = Store(url)
    with store.session() as session:
        for table in (DemandClusterSkill, DemandCluster, DemandBuild, PostingCode, PostingBand):
            session.query(table).delete()
        session.query(PostingKey).delete()
        session.query(Posting).delete()
    yield load_settings(home=home, database_url=url), store
    store.dispose()
    if drop:
        drop()
