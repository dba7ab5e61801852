"""Reading stored postings back: list, show, search (streamed, never all loaded at once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select

from laborlens.store import Store
from laborlens.store.models import Posting, PostingCode

PAGE = 500


def _record(posting: Posting, codes: list[PostingCode]) -> dict:
    return {
        "id": posting.id,
        "source": posting.source,
        "source_id": posting.source_id,
        "url": posting.url,
        "title": posting.title,
        "description": posting.description,
        "employer": posting.employer,
        "category": posting.category,
        "employment_type": posting.employment_type,
        "pay": {"min": posting.pay_min, "max": posting.pay_max, "unit": posting.pay_unit}
        if posting.pay_min is not None
        else None,
        "posted": posting.posted_at.isoformat() if posting.posted_at else None,
        "first_seen": posting.first_seen.isoformat(),
        "last_seen": posting.last_seen.isoformat(),
        "cluster_id": posting.cluster_id,
        "dedupe_rule": posting.dedupe_rule,
        "location": posting.location_text,
        "zip": posting.zip,
        "state": posting.state_fips,
        "cbsa": posting.cbsa_code,
        "occupations": [{"code": c.code, "score": c.score, "trusted": c.trusted} for c in codes],
        "not_a_job": posting.not_a_job,
        "not_a_job_score": posting.not_a_job_score,
        "skills": posting.skills or [],
        "model_version": posting.model_version,
    }


def _with_codes(session, postings: list[Posting]) -> Iterator[dict]:
    codes: dict[int, list[PostingCode]] = {}
    if postings:
        for code in session.execute(
            select(PostingCode)
            .where(PostingCode.posting_id.in_([p.id for p in postings]))
            .order_by(PostingCode.posting_id, PostingCode.rank)
        ).scalars():
            codes.setdefault(code.posting_id, []).append(code)
    for posting in postings:
        yield _record(posting, codes.get(posting.id, []))


def list_postings(store: Store, *, source: str | None = None, limit: int | None = None) -> Iterator[dict]:
    """Stored postings in id order, a page at a time."""
    last, sent = 0, 0
    while True:
        with store.session() as session:
            query = select(Posting).where(Posting.id > last)
            if source:
                query = query.where(Posting.source == source)
            page = session.execute(query.order_by(Posting.id).limit(PAGE)).scalars().all()
            if not page:
                return
            for record in _with_codes(session, page):
                yield record
                sent += 1
                if limit and sent >= limit:
                    return
            last = page[-1].id


def get_posting(store: Store, posting_id: int) -> dict | None:
    with store.session() as session:
        posting = session.get(Posting, posting_id)
        return next(_with_codes(session, [posting])) if posting else None


def search_postings(store: Store, words: str, *, limit: int = 20) -> list[dict]:
    """Postings whose title or description holds every word, newest first."""
    terms = [w for w in words.lower().split() if w]
    if not terms:
        return []
    with store.session() as session:
        query = select(Posting)
        for term in terms:
            pattern = f"%{term}%"
            query = query.where(
                or_(func.lower(Posting.title).like(pattern), func.lower(Posting.description).like(pattern))
            )
        page = session.execute(query.order_by(Posting.last_seen.desc(), Posting.id.desc()).limit(limit)).scalars().all()
        return list(_with_codes(session, page))


def current_openings(
    store: Store, code: str, *, cbsa: str | None = None, state: str | None = None, days: int = 30
) -> dict | None:
    """Distinct open postings (dedupe clusters seen in the last ``days``) coded first to ``code`` in an area.

    None when no posting at all is stored for the area in that window (nothing to say), so a zero means
    "postings are collected here, and none are for this occupation".
    """
    found = current_openings_by_code(store, [code], cbsa=cbsa, state=state, days=days)
    return None if found is None else found[code]


def current_openings_by_code(
    store: Store, codes: list[str], *, cbsa: str | None = None, state: str | None = None, days: int = 30
) -> dict[str, dict] | None:
    """:func:`current_openings` for several occupations with one count query."""
    since = datetime.now(UTC) - timedelta(days=days)
    with store.session() as session:
        where = [Posting.last_seen >= since, Posting.not_a_job.is_not(True)]
        if cbsa:
            where.append(Posting.cbsa_code == cbsa)
        elif state:
            where.append(Posting.state_fips == state)
        any_here = session.execute(select(Posting.id).where(*where).limit(1)).first()
        if any_here is None:
            return None
        counts = dict(
            session.execute(
                select(PostingCode.code, func.count(func.distinct(Posting.cluster_id)))
                .join(PostingCode, (PostingCode.posting_id == Posting.id) & (PostingCode.rank == 1))
                .where(PostingCode.code.in_(codes), *where)
                .group_by(PostingCode.code)
            ).all()
        )
    area = f"cbsa:{cbsa}" if cbsa else f"state:{state}" if state else "national"
    return {
        code: {
            "openings": int(counts.get(code, 0)),
            "days": days,
            "area": area,
            "source": "stored postings, one per duplicate cluster",
        }
        for code in codes
    }


def find_postings(
    store: Store,
    *,
    words: str | None = None,
    occupation: str | None = None,
    area: str | None = None,
    source: str | None = None,
    limit: int = 20,
    offset: int = 0,
    days: int | None = None,
) -> dict:
    """A page of stored postings, newest first, with the total that match: ``{"total", "items"}``.

    ``occupation`` (O*NET-SOC, SOC or major group code) matches the coder's first choice; ``area`` is
    any area :func:`~laborlens.reference.areas.resolve_area` reads; ``days`` keeps postings seen in the last
    ``days`` days (still open, as far as we know). Postings flagged not-a-job are left out.
    """
    from laborlens.codes import parse_code
    from laborlens.reference.areas import resolve_area

    where = [Posting.not_a_job.is_not(True)]
    if source:
        where.append(Posting.source == source)
    for term in (words or "").lower().split():
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            or_(
                func.lower(Posting.title).like(pattern, escape="\\"),
                func.lower(Posting.description).like(pattern, escape="\\"),
            )
        )
    if days:
        where.append(Posting.last_seen >= datetime.now(UTC) - timedelta(days=days))
    if area:
        place = resolve_area(store, area)
        if place.kind == "state":
            where.append(Posting.state_fips == place.code)
        elif place.kind == "cbsa":
            where.append(Posting.cbsa_code == place.code)
    query = select(Posting)
    if occupation:
        parsed = parse_code(occupation)
        if parsed.onet:
            first = PostingCode.code == parsed.onet
        else:  # a SOC code at any level: detailed 53-7062, broad 53-7060, minor 53-7000, major 53-0000
            digits = len(parsed.soc.rstrip("0").rstrip("-"))
            length = 7 if digits > 6 else 6 if digits > 4 else 4 if digits > 2 else 2
            first = func.substr(PostingCode.code, 1, length) == parsed.soc[:length]
        query = query.join(PostingCode, (PostingCode.posting_id == Posting.id) & (PostingCode.rank == 1))
        where.append(first)
    query = query.where(*where)
    with store.session() as session:
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        page = (
            session.execute(query.order_by(Posting.last_seen.desc(), Posting.id.desc()).offset(offset).limit(limit))
            .scalars()
            .all()
        )
        return {"total": int(total), "limit": limit, "offset": offset, "items": list(_with_codes(session, page))}
