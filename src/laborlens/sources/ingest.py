"""Storing postings: upsert by source id, cluster duplicates, place on the map, and code on arrival.

Work is committed in batches, so an interrupted ingest loses at most the batch in flight, and a rerun
adds nothing that is already stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, insert, select, text

from laborlens.codes import parse_code
from laborlens.errors import LaborLensError
from laborlens.reference.areas import AreaError, resolve_area
from laborlens.reference.geography import STATE_BY_ABBR
from laborlens.reference.points import place_point, place_zip
from laborlens.sources.dedupe import RULE, BatchClusters, signature, to_bytes
from laborlens.sources.normalize import NormalizedPosting, content_hash, parse_pay
from laborlens.store import Store
from laborlens.store.models import Posting, PostingCode

BATCH = 200
# The tables a batch's look-ups read, and how many changes since its last ANALYZE a table may take before
# ingest analyzes it (PostgreSQL; see _analyze_grown_tables).
LOOKUP_TABLES = ("posting", "posting_code", "posting_band", "posting_signature", "posting_key")
ANALYZE_AFTER_CHANGES = 1000


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    coded: int = 0
    errors: list[str] = field(default_factory=list)


def _place(store: Store, posting: NormalizedPosting, cache: dict) -> dict:
    """ZIP, county, CBSA and state: from the posting's ZIP, else its latitude/longitude, else its location text.

    A ZIP or coordinates take the state the ZIP lies in (a CBSA may span states). County comes only with a
    ZIP or coordinates, and is approximate (see :mod:`laborlens.reference.points`).
    """
    place = place_zip(store, posting.zip, posting.latitude, posting.longitude)
    if place is None and posting.latitude is not None and posting.longitude is not None:
        place = place_point(store, posting.latitude, posting.longitude)
    found = {"zip": posting.zip}
    if place is not None:
        found = {"zip": posting.zip or place.zip, "county_fips": place.county_fips}
        if place.state_fips:
            return {**found, "cbsa_code": place.cbsa_code, "state_fips": place.state_fips}
    text = posting.location_text  # no ZIP or point, or one the crosswalk and counties cannot place
    if text and text not in cache:  # a few hundred distinct texts per crawl: one look-up each
        cache[text] = _place_text(store, text)
    return {**found, **cache[text]} if text and cache[text] else found


def _place_text(store: Store, text: str) -> dict | None:
    """CBSA and state of a "City, ST", ZIP or state text; the state is the one the text names."""
    place = place_zip(store, text.strip())
    if place is not None:
        return {"cbsa_code": place.cbsa_code, "state_fips": place.state_fips}
    try:
        area = resolve_area(store, text)
    except AreaError:
        return None
    named = re.search(r",\s*([A-Za-z]{2})\s*$", text)
    state = STATE_BY_ABBR.get(named.group(1).upper(), (area.state_fips,))[0] if named else area.state_fips
    return {"cbsa_code": area.code if area.kind == "cbsa" else None, "state_fips": state}


def _trusted(code: str | None) -> str | None:
    if not code:
        return None
    parsed = parse_code(code)
    return parsed.onet or f"{parsed.soc}.00"


class Ingestor:
    """Stores postings one committed batch at a time; duplicates are looked up in the store, so memory stays flat."""

    def __init__(self, store: Store, *, coder=None, model_version: str | None = None, trust_codes: bool = False):
        self.store, self.coder, self.model_version, self.trust_codes = store, coder, model_version, trust_codes
        self.places: dict = {}
        self.report = IngestReport()

    def add(self, postings: list[NormalizedPosting]) -> None:
        """Store these postings in one committed transaction."""
        if postings:
            _store_batch(
                self.store,
                postings,
                self.places,
                self.report,
                self.coder,
                self.model_version,
                self.trust_codes,
            )
            if not self.store.is_sqlite:
                _analyze_grown_tables(self.store)


def _analyze_grown_tables(store: Store) -> None:
    """ANALYZE the look-up tables that changed more since their last ANALYZE than they then held.

    A store filled faster than autovacuum analyzes it (or with autovacuum off) keeps the statistics of
    an empty table; PostgreSQL then plans a batch's IN-list look-ups as scans of the whole table, so every
    batch was slower than the one before. Analyzing a table each time it has about doubled keeps the plans
    right at a handful of ANALYZEs (under a second each) over a long ingest.
    """
    query = text(
        "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
        " WHERE s.schemaname = current_schema() AND s.relname IN :tables"
        " AND s.n_mod_since_analyze > greatest(:changes, c.reltuples)"
    ).bindparams(bindparam("tables", expanding=True))
    with store.engine.begin() as connection:
        grown = connection.execute(query, {"tables": list(LOOKUP_TABLES), "changes": ANALYZE_AFTER_CHANGES})
        names = [name for (name,) in grown]
        if names:
            connection.execute(text(f"ANALYZE {', '.join(names)}"))


def ingest(
    store: Store,
    postings: Iterable[NormalizedPosting],
    *,
    coder=None,
    model_version: str | None = None,
    trust_codes: bool = False,
    progress=None,
) -> IngestReport:
    """Store postings (new, renewed or duplicate), coding new and changed ones when a coder is given."""
    ingestor = Ingestor(store, coder=coder, model_version=model_version, trust_codes=trust_codes)
    batch: list[NormalizedPosting] = []
    for posting in postings:
        batch.append(posting)
        if len(batch) >= BATCH:
            ingestor.add(batch)
            if progress:
                progress(len(batch))
            batch = []
    ingestor.add(batch)
    if progress and batch:
        progress(len(batch))
    return ingestor.report


def _store_batch(store, batch, places, report, coder, model_version, trust_codes) -> None:
    now = datetime.now(UTC)
    to_code: list[Posting] = []
    new_rows: list[tuple[Posting, int]] = []  # with the cluster: a stored id, or a new row's provisional id
    trusted: list[tuple[Posting, str, list[str] | None]] = []
    with store.session() as session:
        stored = {}  # one query for the whole batch, not one per posting
        for source in {item.source for item in batch}:
            ids = [item.source_id for item in batch if item.source == source]
            for row in session.execute(
                select(Posting).where(Posting.source == source, Posting.source_id.in_(ids))
            ).scalars():
                stored[(row.source, row.source_id)] = row
        contents = [content_hash(item.title, item.description) for item in batch]
        signatures = {
            i: signature(item.title, item.description)
            for i, item in enumerate(batch)
            if (item.source, item.source_id) not in stored
        }
        clusters = BatchClusters(session, [(contents[i], batch[i].dedupe_keys, m) for i, m in signatures.items()])
        drawn_ids = _draw_ids(session, len(signatures))
        for position, item in enumerate(batch):
            existing = stored.get((item.source, item.source_id))
            pay_min, pay_max, pay_unit = parse_pay(item.pay_text)
            content = contents[position]
            fields = dict(
                url=item.url,
                title=item.title,
                description=item.description,
                employer=item.employer,
                category=item.category,
                employment_type=item.employment_type,
                pay_min=pay_min,
                pay_max=pay_max,
                pay_unit=pay_unit,
                pay_text=(item.pay_text or "")[:200] or None,
                posted_at=item.posted_at,
                expires_at=item.expires_at,
                updated_at=max((t for t in (item.updated_at, item.posted_at) if t), default=None),
                location_text=item.location_text,
                latitude=item.latitude,
                longitude=item.longitude,
                employer_code=item.employer_code,
                raw_path=item.raw_path,
                **_place(store, item, places),
            )
            if existing is not None:
                changed = existing.content_hash != content
                newer = (item.updated_at or item.posted_at) and (
                    existing.updated_at is None or (item.updated_at or item.posted_at) > existing.updated_at
                )
                existing.last_seen = now
                if changed or newer:
                    for name, value in fields.items():
                        if value is not None:
                            setattr(existing, name, value)
                    existing.content_hash = content
                    report.updated += 1
                    if changed:
                        to_code.append(existing)
                else:
                    report.unchanged += 1
                continue
            minhash = signatures[position]
            cluster = clusters.find(content, item.dedupe_keys, minhash)
            # the row's id: drawn from the sequence, or (SQLite) a provisional one until the batch is inserted
            own_id = drawn_ids[len(new_rows)] if drawn_ids else -len(new_rows) - 1
            row = Posting(
                id=own_id if own_id > 0 else None,
                source=item.source,
                source_id=item.source_id,
                first_seen=now,
                last_seen=now,
                content_hash=content,
                signature=to_bytes(minhash),
                dedupe_keys=item.dedupe_keys or None,
                dedupe_rule=RULE,
                cluster_id=cluster or own_id,  # a new cluster's id is its first posting's
                **fields,
            )
            new_rows.append((row, cluster or own_id))
            stored[(item.source, item.source_id)] = row  # the same posting twice in one batch is one posting
            report.duplicates += cluster is not None
            clusters.add(own_id, cluster or own_id, content, item.dedupe_keys, minhash)
            report.added += 1
            if trust_codes and item.trusted_code:
                try:
                    trusted.append((row, _trusted(item.trusted_code), item.trusted_skills))
                    continue
                except LaborLensError as error:
                    report.errors.append(f"{item.source_id}: {error}")
            to_code.append(row)
        # Coded before the insert, so each new row is written once, whole (on PostgreSQL an update writes
        # the row again and leaves the old version behind until a vacuum).
        for row, _, skills in trusted:
            row.model_version, row.coded_at = "trusted", now
            if skills:
                row.skills = [{"name": name, "kind": "given"} for name in dict.fromkeys(skills)]
            elif coder is not None:  # the code is given, but the skills named in the text are still worth finding
                found = coder.skill_matcher_.find(f"{row.title}\n{row.description}")
                row.skills = [{"name": s["name"], "kind": s["kind"]} for s in found] or None
        occupations = []
        if coder is not None and to_code:
            to_code = list(dict.fromkeys(to_code))  # a posting sent twice in one batch is coded once
            occupations = _apply_coding(coder, to_code, model_version, now)
            report.coded += len(to_code)
        # One insert for the batch's new rows (on SQLite RETURNING their ids), then the links that need the ids.
        session.add_all([row for row, _ in new_rows])
        session.flush()

        def real_id(posting_or_cluster: int) -> int:
            return new_rows[-posting_or_cluster - 1][0].id if posting_or_cluster < 0 else posting_or_cluster

        for row, cluster in new_rows:
            if cluster < 0:
                row.cluster_id = real_id(cluster)
        clusters.save(real_id)
        for row, code, _ in trusted:
            session.add(PostingCode(posting_id=row.id, rank=1, code=code, score=1.0, trusted=True))
        if occupations:
            inserted = {row for row, _ in new_rows}
            replaced = [row.id for row in to_code if row not in inserted]  # only stored rows have codes to replace
            _store_codes(session, to_code, occupations, replaced)


def _draw_ids(session, count: int) -> list[int]:
    """``count`` new posting ids from the id sequence on PostgreSQL, in order; none elsewhere.

    With its id known before the insert, a new cluster's first posting goes in with its cluster id set
    instead of being updated after it (SQLite learns the ids from the insert and updates in place).
    """
    if not count or session.get_bind().dialect.name != "postgresql":
        return []
    drawn = session.execute(
        text("SELECT nextval(pg_get_serial_sequence('posting', 'id')) FROM generate_series(1, :count)"),
        {"count": count},
    )
    return sorted(drawn.scalars())


def _code(session, coder, rows: list[Posting], model_version: str | None, now: datetime) -> None:
    _store_codes(session, rows, _apply_coding(coder, rows, model_version, now), [r.id for r in rows])


def _apply_coding(coder, rows: list[Posting], model_version: str | None, now: datetime, top: int = 5) -> list:
    """Code the rows: flag, skills and model set on each; their ranked occupations returned, for :func:`_store_codes`
    (rows not inserted yet have no id)."""
    results = coder.code(
        [
            {"title": r.title, "description": r.description, "category": r.category, "employer": r.employer}
            for r in rows
        ],
        k=top,
    )
    for row, result in zip(rows, results, strict=True):
        row.not_a_job, row.not_a_job_score = result["not_a_job"], result["not_a_job_score"]
        row.skills = [{"name": s["name"], "kind": s["kind"]} for s in result["skills"]]
        row.model_version, row.coded_at = model_version, now
    return [result["occupations"] for result in results]


def _store_codes(session, rows: list[Posting], occupations: list, replaced: list[int]) -> None:
    """Store the rows' ranked occupations, replacing the model's earlier codes of the postings ``replaced``."""
    if replaced:
        session.execute(delete(PostingCode).where(PostingCode.posting_id.in_(replaced), PostingCode.trusted.is_(False)))
    session.execute(
        insert(PostingCode),
        [
            {"posting_id": row.id, "rank": rank, "code": occupation["code"], "score": occupation["score"]}
            for row, ranked in zip(rows, occupations, strict=True)
            for rank, occupation in enumerate(ranked, start=1)
        ],
    )


def recode(store: Store, coder, model_version: str, *, everything: bool = False, progress=None) -> int:
    """Code again the postings this model has not coded yet (all of them with ``everything``).

    Trusted codes (given by an agency or employer) are kept. Works in committed batches in id order,
    so an interrupted recode resumes where it stopped.
    """
    done, last_id = 0, 0
    while True:
        with store.session() as session:
            query = select(Posting).where(Posting.id > last_id, Posting.model_version.is_distinct_from("trusted"))
            if not everything:
                query = query.where(Posting.model_version.is_distinct_from(model_version))
            rows = session.execute(query.order_by(Posting.id).limit(BATCH)).scalars().all()
            if not rows:
                return done
            _code(session, coder, rows, model_version, datetime.now(UTC))
            last_id = rows[-1].id
        done += len(rows)
        if progress:
            progress(len(rows))
