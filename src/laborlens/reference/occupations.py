"""Occupation look-ups: resolve a code, build an occupation's profile, search titles."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from sqlalchemy import func, or_, select

from laborlens.codes import CodeIndex, CodeResolution, major_group_of, resolve_code
from laborlens.errors import StoreError
from laborlens.reference.wages import wages_for
from laborlens.store import Store
from laborlens.store.models import (
    AlternateTitle,
    CodeCrosswalk,
    Element,
    Occupation,
    OccupationElement,
    Projection,
    RelatedOccupation,
    ReportedTitle,
    SocDirectMatchTitle,
    SocGroup,
    Task,
    Technology,
)

JOB_ZONES = {
    1: "Little or no preparation needed",
    2: "Some preparation needed",
    3: "Medium preparation needed",
    4: "Considerable preparation needed",
    5: "Extensive preparation needed",
}


def occupation_links(code: str) -> dict[str, str]:
    """Public pages about an O*NET-SOC occupation."""
    return {
        "onet_online": f"https://www.onetonline.org/link/summary/{code}",
        "my_next_move": f"https://www.mynextmove.org/profile/summary/{code}",
        "careeronestop": "https://www.careeronestop.org/Toolkit/Careers/Occupations/occupation-profile.aspx"
        f"?keyword={code}&onetcode={code}",
    }


def code_index(store: Store) -> CodeIndex:
    """Current occupation titles and the 2010 -> 2019 crosswalk, read once per store."""

    def build() -> CodeIndex:
        with store.session() as session:
            titles = dict(session.execute(select(Occupation.code, Occupation.title)).all())
            crosswalk: dict[str, list[tuple[str, str]]] = defaultdict(list)
            old_titles = {}
            for row in session.execute(select(CodeCrosswalk)).scalars():
                crosswalk[row.old_code].append((row.new_code, row.new_title or ""))
                old_titles[row.old_code] = row.old_title
        if not titles:
            raise StoreError("No reference data is loaded yet: run `laborlens data fetch` first.")
        return CodeIndex(titles, crosswalk, old_titles)

    return store.cached("code_index", build)


def resolve(store: Store, code: str) -> CodeResolution:
    """Resolve any accepted occupation code against the loaded taxonomy (see :func:`resolve_code`)."""
    return resolve_code(code, code_index(store))


def projection_for(store: Store, soc_code: str) -> dict | None:
    """BLS 2024-34 projection for a SOC code, falling back to the group BLS projects it in."""
    with store.session() as session:
        for candidate in (soc_code, soc_code[:6] + "0", soc_code[:5] + "00"):
            row = session.get(Projection, candidate)
            if row is not None and row.occupation_type:
                result = {c.name: getattr(row, c.name) for c in Projection.__table__.columns}
                if candidate != soc_code:
                    result["note"] = f"BLS projects {soc_code} as part of {candidate} ({row.title})."
                return result
    return None


def occupation_profile(store: Store, code: str, *, top: int = 10, area: str = "national") -> dict:
    """Everything a person or an analyst wants on one page about an occupation.

    ``code`` may be O*NET-SOC 2019, SOC 2018 or O*NET-SOC 2010; when it stands for several
    occupations, the first is profiled and the others are listed under ``resolution``.
    """
    resolution = resolve(store, code)
    target = resolution.codes[0]
    with store.session() as session:
        occupation = session.get(Occupation, target)
        major = session.get(SocGroup, major_group_of(target))
        tasks = (
            session.execute(
                select(Task)
                .where(Task.code == target)
                .order_by(
                    (Task.task_type == "Core").desc(), Task.incumbents_responding.desc().nulls_last(), Task.task_id
                )
                .limit(top)
            )
            .scalars()
            .all()
        )
        elements = session.execute(
            select(Element.name, Element.domain, OccupationElement.importance, OccupationElement.level)
            .join(Element, Element.element_id == OccupationElement.element_id)
            .where(OccupationElement.code == target, OccupationElement.importance.is_not(None))
            .order_by(OccupationElement.importance.desc(), Element.name)
        ).all()
        technology = (
            session.execute(
                select(Technology)
                .where(Technology.code == target)
                .order_by(Technology.hot.desc(), Technology.in_demand.desc(), Technology.name)
            )
            .scalars()
            .all()
        )
        related = session.execute(
            select(RelatedOccupation.related_code, Occupation.title, RelatedOccupation.tier)
            .join(Occupation, Occupation.code == RelatedOccupation.related_code)
            .where(RelatedOccupation.code == target)
            .order_by(RelatedOccupation.rank)
        ).all()
    projection = projection_for(store, occupation.soc_code)
    wages = wages_for(store, target, area)
    return {
        "code": target,
        "title": occupation.title,
        "description": occupation.description,
        "soc_code": occupation.soc_code,
        "major_group": {"code": major.code, "title": major.title} if major else None,
        "resolution": {"system": resolution.system, "codes": list(resolution.codes), "note": resolution.note},
        "job_zone": occupation.job_zone,
        "job_zone_name": JOB_ZONES.get(occupation.job_zone),
        "education": {
            "onet_typical": occupation.education,
            "onet_share": occupation.education_share,
            "bls_entry": projection["education"] if projection else None,
        },
        "tasks": [{"id": t.task_id, "statement": t.statement, "type": t.task_type} for t in tasks],
        "skills": [{"name": n, "importance": i, "level": lv} for n, d, i, lv in elements if d == "skill"][:top],
        "knowledge": [{"name": n, "importance": i, "level": lv} for n, d, i, lv in elements if d == "knowledge"][:top],
        "technologies": [
            {"name": t.name, "category": t.commodity_title, "hot": t.hot, "in_demand": t.in_demand}
            for t in technology
            if t.kind == "technology"
        ][:top],
        "tools": [{"name": t.name, "category": t.commodity_title} for t in technology if t.kind == "tool"][:top],
        "wages": wages.to_dict() if wages else None,
        "outlook": projection,
        "related": [{"code": c, "title": t, "tier": tier} for c, t, tier in related],
        "links": occupation_links(target),
    }


_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"and", "or", "of", "the", "a", "an", "for", "in", "to", "with", "all", "other"}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def search_occupations(store: Store, words: str, *, limit: int = 10) -> list[dict]:
    """Occupations whose titles or alternate, reported or SOC direct-match titles match ``words``.

    A title scores by how much of it the query covers (an exact title scores highest); an
    occupation takes its best title's score plus a little for every other matching title, so
    "forklift" ranks the occupation with many forklift titles first.
    """
    query = list(dict.fromkeys(_tokens(words)))
    if not query:
        return []
    sources = [
        (Occupation.code, Occupation.title, 0.3),
        (AlternateTitle.code, AlternateTitle.title, 0.1),
        (AlternateTitle.code, AlternateTitle.short_title, 0.1),
        (ReportedTitle.code, ReportedTitle.title, 0.1),
    ]
    matches: dict[str, list[tuple[float, str]]] = defaultdict(list)
    with store.session() as session:
        for code_column, title_column, weight in sources:
            prefilter = [func.lower(title_column).like(f"%{word}%") for word in query]
            for code, title in session.execute(select(code_column, title_column).where(or_(*prefilter))):
                score = _title_score(query, title)
                if score:
                    matches[code].append((score + weight, title))
        direct = session.execute(
            select(Occupation.code, SocDirectMatchTitle.title)
            .join(SocDirectMatchTitle, SocDirectMatchTitle.soc_code == Occupation.soc_code)
            .where(Occupation.code.like("%.00"))
            .where(or_(*[func.lower(SocDirectMatchTitle.title).like(f"%{w}%") for w in query]))
        ).all()
        for code, title in direct:
            score = _title_score(query, title)
            if score:
                matches[code].append((score + 0.05, title))
        titles = dict(
            session.execute(select(Occupation.code, Occupation.title).where(Occupation.code.in_(list(matches)))).all()
        )
    ranked = []
    for code, found in matches.items():
        found.sort(reverse=True)
        best, title = found[0]
        ranked.append(
            {
                "code": code,
                "title": titles[code],
                "score": round(best + 0.1 * math.log1p(len(found) - 1), 4),
                "matched_title": title,
                "matching_titles": len(found),
            }
        )
    ranked.sort(key=lambda r: (-r["score"], r["code"]))
    return ranked[:limit]


def _title_score(query: list[str], title: str | None) -> float:
    """Share of the query found in the title, times share of the title the query covers."""
    if not title:
        return 0.0
    tokens = _tokens(title)
    if not tokens:
        return 0.0
    found = sum(1 for word in query if word in tokens)
    if not found:
        return 0.0
    covered = sum(1 for token in tokens if token in query)
    return (found / len(query)) * (0.5 + 0.5 * covered / len(tokens))
