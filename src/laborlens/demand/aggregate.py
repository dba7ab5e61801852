"""The demand tables: one row per deduplicated posting, rebuilt from the store in SQL, and counts from them.

Counting rules (each stated in every output, see :data:`laborlens.demand.LIMITS`):

* A dedupe cluster counts once; its occupation, skills and place are those of its first posting.
* Postings flagged not-a-job are left out; postings not coded yet count only in the all-occupation totals.
* A cluster lives from its earliest posting date (or first sighting, when earlier or undated) to the
  latest end of any of its postings; a posting ends at its closing date, or when last seen if sooner.
* It is **new** in the period it starts and **active** in every period it overlaps.

Counts are flows: clusters starting and ending in each period, grouped in SQL over the (indexed) cluster
rows of one area. Active clusters in period p are then the running sum of starts up to p less the ends
before p, so no cluster is ever expanded over the periods it spans.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import delete, func, select, text

from laborlens.demand.periods import check_kind, month_sql, week_sql
from laborlens.reference.areas import Area
from laborlens.store import Store
from laborlens.store.models import DemandBuild, DemandCluster, DemandClusterSkill, Posting

OCCUPATION_LEVELS = ("onet", "soc", "major")
_START = "CASE WHEN p.posted_at IS NOT NULL AND p.posted_at < p.first_seen THEN p.posted_at ELSE p.first_seen END"
_END = "CASE WHEN p.expires_at IS NOT NULL AND p.expires_at < p.last_seen THEN p.expires_at ELSE p.last_seen END"


def watermark(store: Store) -> dict:
    """What the postings look like now, cheaply: any ingest, sighting or recode changes it."""
    with store.session() as session:
        count, last_id, last_seen, last_coded = session.execute(
            select(func.count(), func.max(Posting.id), func.max(Posting.last_seen), func.max(Posting.coded_at))
        ).one()
    return {
        "postings": count,
        "last_id": last_id,
        "last_seen": last_seen.isoformat() if last_seen else None,
        "last_coded": last_coded.isoformat() if last_coded else None,
    }


def last_build(store: Store) -> DemandBuild | None:
    with store.session() as session:
        return session.get(DemandBuild, 1)


def is_current(store: Store) -> bool:
    build = last_build(store)
    return build is not None and build.watermark == watermark(store)


def _insert_clusters(session, dialect: str, target: str = "demand_cluster") -> None:
    life = f"""
        SELECT p.cluster_id AS cluster_id, MIN({_START}) AS starts_at, MAX({_END}) AS ends_at
        FROM posting p WHERE p.cluster_id IS NOT NULL GROUP BY p.cluster_id
    """
    start_month, end_month = month_sql("life.starts_at", dialect), month_sql("life.ends_at", dialect)
    start_week, end_week = week_sql("life.starts_at", dialect), week_sql("life.ends_at", dialect)
    session.execute(
        text(f"""
        INSERT INTO {target} (cluster_id, code, soc_code, major_code, state_fips, cbsa_code,
                                    start_month, end_month, start_week, end_week)
        SELECT life.cluster_id, pc.code, substr(pc.code, 1, 7), substr(pc.code, 1, 2) || '-0000',
               r.state_fips, r.cbsa_code,
               {start_month},
               CASE WHEN life.ends_at > life.starts_at THEN {end_month} ELSE {start_month} END,
               {start_week},
               CASE WHEN life.ends_at > life.starts_at THEN {end_week} ELSE {start_week} END
        FROM ({life}) life
        JOIN posting r ON r.id = life.cluster_id
        LEFT JOIN posting_code pc ON pc.posting_id = r.id AND pc.rank = 1
        WHERE r.not_a_job IS NULL OR r.not_a_job = false
        """)
    )


def _insert_skills(
    session, dialect: str, clusters: str = "demand_cluster", target: str = "demand_cluster_skill"
) -> None:
    if dialect == "postgresql":
        source, name = "CROSS JOIN LATERAL json_array_elements(p.skills) AS j(value)", "j.value ->> 'name'"
        guard = "json_typeof(p.skills) = 'array'"
    else:
        source, name = ", json_each(p.skills) AS j", "json_extract(j.value, '$.name')"
        guard = "json_type(p.skills) = 'array'"
    session.execute(
        text(f"""
        INSERT INTO {target} (cluster_id, skill)
        SELECT DISTINCT c.cluster_id, substr({name}, 1, 200)
        FROM {clusters} c JOIN posting p ON p.id = c.cluster_id {source}
        WHERE p.skills IS NOT NULL AND {guard} AND {name} IS NOT NULL
        """)
    )


_REBUILDING = threading.Lock()  # one rebuild at a time in a process; PostgreSQL also takes an advisory lock
_ADVISORY_KEY = 7_246_301


def rebuild(store: Store, progress: Callable[[str], None] | None = None, *, force: bool = True) -> DemandBuild:
    """Rebuild the demand tables from the postings in one transaction (never half-built for a reader).

    Rebuilds are serialised (per process, and across processes by a PostgreSQL advisory lock or SQLite's
    write lock); without ``force`` a rebuild that finds the tables already current once it holds the lock
    does nothing. ``progress`` is called with the name of each step as it starts.
    """
    with _REBUILDING:
        return _rebuild(store, progress or (lambda _name: None), force)


def _rebuild(store: Store, step: Callable[[str], None], force: bool) -> DemandBuild:
    began = time.perf_counter()
    dialect = store.engine.dialect.name
    with store.session() as session:
        if dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
        else:  # take SQLite's write lock first (waiting for another process's rebuild), then read the state
            session.execute(text("UPDATE demand_build SET id = id WHERE 1 = 0"))
        mark = watermark(store)
        done = session.get(DemandBuild, 1)
        if not force and done is not None and done.watermark == mark:
            return done  # another request or process rebuilt while this one waited
        if dialect == "postgresql":
            _fill_beside_and_swap(session, step)
        else:
            _fill_in_place(session, dialect, step)
        clusters = session.execute(select(func.count()).select_from(DemandCluster)).scalar_one()
        build = session.get(DemandBuild, 1) or DemandBuild(id=1)
        build.built_at = datetime.now(UTC)
        build.watermark = mark
        build.clusters = clusters
        build.seconds = round(time.perf_counter() - began, 3)
        session.add(build)
    if dialect == "sqlite":
        with store.engine.connect() as connection:
            connection.execute(text("ANALYZE demand_cluster"))
            connection.commit()
    return build


_MAX_AGE: ContextVar[timedelta | None] = ContextVar("demand_max_age", default=None)


@contextmanager
def tolerating_staleness(max_age: timedelta | None) -> Iterator[None]:
    """Within this block a build younger than ``max_age`` is used even if postings changed since it.

    The library and CLI answer from exactly the stored postings. A web app fed by a running crawler
    would otherwise rebuild on the first request after every ingest; it rebuilds at most once per
    ``max_age`` instead, and says when its figures were built.
    """
    token = _MAX_AGE.set(max_age)
    try:
        yield
    finally:
        _MAX_AGE.reset(token)


def _fill_in_place(session, dialect: str, step: Callable[[str], None]) -> None:
    """SQLite: readers see the old rows until the commit (WAL), so the tables are refilled where they are."""
    indexes = [*DemandCluster.__table__.indexes, *DemandClusterSkill.__table__.indexes]
    step("clearing the old tables")
    for table in (DemandClusterSkill, DemandCluster):
        session.execute(delete(table))
    connection = session.connection()
    for index in indexes:  # filling without indexes and indexing after is several times faster
        index.drop(connection)
    step("deduplicated postings")
    _insert_clusters(session, dialect)
    step("skills")
    _insert_skills(session, dialect)
    step("indexes")
    for index in indexes:
        index.create(connection)


def _fill_beside_and_swap(session, step: Callable[[str], None]) -> None:
    """PostgreSQL: fill new tables beside the live ones, index them, then swap names at the end.

    Dropping the live tables' indexes to refill them would lock out every reader for the whole
    rebuild (about 40 s at a million postings); this way readers wait only for the renames.
    """
    tables = (DemandCluster.__table__, DemandClusterSkill.__table__)
    step("deduplicated postings")
    for table in tables:
        session.execute(text(f"DROP TABLE IF EXISTS {table.name}_next"))
        session.execute(text(f"CREATE TABLE {table.name}_next (LIKE {table.name} INCLUDING DEFAULTS)"))
    _insert_clusters(session, "postgresql", target="demand_cluster_next")
    step("skills")
    _insert_skills(session, "postgresql", clusters="demand_cluster_next", target="demand_cluster_skill_next")
    step("indexes")
    for table in tables:
        keys = ", ".join(column.name for column in table.primary_key.columns)
        session.execute(
            text(f"ALTER TABLE {table.name}_next ADD CONSTRAINT {table.name}_next_pkey PRIMARY KEY ({keys})")
        )
        for index in table.indexes:
            columns = ", ".join(column.name for column in index.columns)
            session.execute(text(f"CREATE INDEX {index.name}_next ON {table.name}_next ({columns})"))
    step("swapping in the new tables")
    for table in tables:
        session.execute(text(f"DROP TABLE {table.name}"))
        session.execute(text(f"ALTER TABLE {table.name}_next RENAME TO {table.name}"))
        session.execute(text(f"ALTER TABLE {table.name} RENAME CONSTRAINT {table.name}_next_pkey TO {table.name}_pkey"))
        for index in table.indexes:
            session.execute(text(f"ALTER INDEX {index.name}_next RENAME TO {index.name}"))
        session.execute(text(f"ANALYZE {table.name}"))


def ensure_current(store: Store, progress: Callable[[str], None] | None = None) -> DemandBuild:
    """The demand tables, rebuilt first if any posting was added, seen again or recoded since
    (unless :func:`tolerating_staleness` allows the last build's age)."""
    build = last_build(store)
    if build is not None:
        max_age = _MAX_AGE.get()
        built_at = build.built_at if build.built_at.tzinfo else build.built_at.replace(tzinfo=UTC)
        if max_age is not None and datetime.now(UTC) - built_at < max_age:
            return build
        if build.watermark == watermark(store):
            return build
    return rebuild(store, progress, force=False)


def area_filter(area: Area, alias: str) -> tuple[str, dict]:
    """SQL narrowing ``alias`` (demand_cluster rows) to an area, and its parameters."""
    if area.kind == "state":
        return f"{alias}.state_fips = :area", {"area": area.code}
    if area.kind == "cbsa":
        return f"{alias}.cbsa_code = :area", {"area": area.code}
    return "1 = 1", {}


def flows(
    store: Store, kind: str, area: Area, dimension: str, key: str | None = None, *, include_uncoded: bool = False
) -> pd.DataFrame:
    """Clusters starting and ending per period in an area: columns ``key, period, starts, ends``.

    ``dimension`` is ``onet``/``soc``/``major`` (keys are codes at that level), ``all`` (one key, "") or
    ``skill``; ``key`` narrows to one occupation or skill. ``include_uncoded`` keeps uncoded clusters
    under the key "" (so one query can be rolled up to every level, totals included).
    """
    check_kind(kind)
    where, params = area_filter(area, "c")
    if dimension == "skill":
        column, source = "s.skill", "demand_cluster c JOIN demand_cluster_skill s ON s.cluster_id = c.cluster_id"
        if key is not None:
            where, params = f"{where} AND s.skill = :key", params | {"key": key}
    else:
        column = {"onet": "c.code", "soc": "c.soc_code", "major": "c.major_code", "all": "''"}[dimension]
        source = "demand_cluster c"
        if include_uncoded:
            column = f"COALESCE({column}, '')"
        elif dimension != "all":
            where += f" AND {column} IS NOT NULL"
            if key is not None:
                where, params = f"{where} AND {column} = :key", params | {"key": key}
    group = f"{column}, " if dimension != "all" else ""
    sql = f"""
        SELECT {column} AS key, c.start_{kind} AS period, COUNT(*) AS starts, 0 AS ends
        FROM {source} WHERE {where} GROUP BY {group}c.start_{kind}
        UNION ALL
        SELECT {column} AS key, c.end_{kind} AS period, 0 AS starts, COUNT(*) AS ends
        FROM {source} WHERE {where} GROUP BY {group}c.end_{kind}
    """
    with store.session() as session:
        rows = [tuple(row) for row in session.execute(text(sql), params)]  # plain tuples: pandas reads them fast
    frame = pd.DataFrame.from_records(rows, columns=["key", "period", "starts", "ends"])
    return frame.groupby(["key", "period"], as_index=False)[["starts", "ends"]].sum()


def span(store: Store, kind: str) -> tuple[int, int] | None:
    """First and last period in which any posting anywhere started (the periods every series covers)."""
    column = getattr(DemandCluster, f"start_{check_kind(kind)}")
    with store.session() as session:
        first, last = session.execute(select(func.min(column), func.max(column))).one()
    return None if first is None else (int(first), int(last))
