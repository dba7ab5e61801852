"""The Craigslist crawler: reference lists, searches by site and section, details for new postings only.

Polite by default (see :class:`~laborlens.sources.polite.PoliteClient`). Each posting is committed as
soon as it is stored, and a posting already stored is never fetched again (unless renewed), so a crawl
that is interrupted, even killed, resumes where it stopped when run again.

Live behaviours not verified against Craigslist (only against recorded responses): the ``batch``
paging of the search API, the subarea form of ``searchPath`` used to split capped searches, whether
cloud IP ranges are blocked, and the jobs-specific search tags.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update

from laborlens.errors import LaborLensError
from laborlens.settings import Settings
from laborlens.sources.craigslist import (
    CraigslistFormatError,
    SearchItem,
    Section,
    Site,
    decode_search,
    dedupe_keys,
    posting_from_page,
    posting_from_rapi,
    sections,
    sites,
)
from laborlens.sources.ingest import Ingestor
from laborlens.sources.normalize import NormalizedPosting, parse_time
from laborlens.sources.polite import FetchError, HostBlocked, PoliteClient, keep_raw
from laborlens.store import Store
from laborlens.store.models import Posting

log = logging.getLogger("laborlens.crawler")

REFERENCE = "https://reference.craigslist.org/{name}"
SEARCH = "https://sapi.craigslist.org/web/v8/postings/search/full?batch={area}-{offset}-360-0-0&cc=US&lang=en&searchPath={path}"
POSTING = "https://rapi.craigslist.org/web/v8/postings/{uuid}"
PAGE = "https://{host}.craigslist.org/{subarea}{section}/d/{slug}/{posting_id}.html"
PAGE_SIZE = 360
CACHE_DAYS = 30


@dataclass
class CrawlReport:
    searches: int = 0
    listed: int = 0
    fetched: int = 0
    stored: int = 0
    seen_again: int = 0
    skipped: list[str] = field(default_factory=list)
    blocked: dict[str, str] = field(default_factory=dict)


class CraigslistCrawler:
    """Crawls Craigslist jobs and gigs sections into the store."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        delay: float = 2.0,
        max_pages: int | None = None,
        coder=None,
        model_version: str | None = None,
        progress=None,
    ):
        self.settings, self.store, self.max_pages, self.progress = settings, store, max_pages, progress
        self.client = PoliteClient(settings, delay=delay)
        self.ingestor = Ingestor(store, coder=coder, model_version=model_version)
        self.report = CrawlReport()

    def close(self) -> None:
        self.client.close()

    # ---- reference lists -------------------------------------------------------------------------------
    def _reference(self, name: str) -> list[dict]:
        cache = self.settings.home / "cache" / "craigslist" / f"{name}.json"
        if cache.exists() and time.time() - cache.stat().st_mtime < CACHE_DAYS * 86400:
            return json.loads(cache.read_text())
        response = self.client.get(REFERENCE.format(name=name), expect="json")
        try:
            data = response.json()
        except json.JSONDecodeError as exc:
            raise LaborLensError(f"Craigslist's {name} list is not JSON; try again later.") from exc
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".part")
        partial.write_text(json.dumps(data))
        partial.replace(cache)
        return data

    def plan(self, site_names: list[str], section_names: list[str]) -> tuple[list[Site], list[str], dict[int, Section]]:
        """Check the requested sites and sections against Craigslist's reference lists."""
        known_sites = sites(self._reference("Areas"))
        known_sections = sections(self._reference("Categories"))
        unknown = [s for s in site_names if s not in known_sites]
        if unknown:
            raise LaborLensError(
                f"Unknown Craigslist site(s): {', '.join(unknown)}. Sites are hostnames such as "
                "newyork, chicago, sfbay."
            )
        paths = []
        for name in section_names:
            if name == "jobs":
                paths.append("jjj")
            elif name == "gigs":
                paths.append("ggg")
            elif name in known_sections:
                paths.append(name)
            else:
                raise LaborLensError(f"Unknown section {name!r}: use jobs, gigs or abbreviations such as egr,trd.")
        return [known_sites[s] for s in site_names], paths, {s.category_id: s for s in known_sections.values()}

    # ---- crawling -------------------------------------------------------------------------------------
    def crawl(self, site_names: list[str], section_names: list[str]) -> CrawlReport:
        chosen, paths, by_id = self.plan(site_names, section_names)
        for site in chosen:
            for path in paths:
                try:
                    self._search(site, path, by_id)
                except HostBlocked as blocked:
                    self.report.blocked[blocked.host] = blocked.reason
                    log.warning("%s", blocked)
                    if "sapi" in blocked.host:
                        return self.report  # no search host, nothing more to do anywhere
        self.report.blocked.update(self.client.blocked)
        return self.report

    def _search(self, site: Site, path: str, by_id: dict[int, Section], split: bool = True) -> None:
        page = 0
        while self.max_pages is None or page < self.max_pages:
            url = SEARCH.format(area=site.area_id, offset=page * PAGE_SIZE, path=path)
            response = self.client.get(url, expect="json")
            self.report.searches += 1
            if response.status_code != 200:
                self._skip(f"search {url}: answered {response.status_code}")
                return
            try:
                items, total = decode_search(response.json())
            except (json.JSONDecodeError, CraigslistFormatError) as error:
                self._skip(f"search {url}: {error.__class__.__name__} ({str(error)[:80]})")
                return
            own = [item for item in items if item.area_id == site.area_id]  # results from nearby sites are theirs
            self.report.listed += len(own)
            if split and total > PAGE_SIZE and site.subareas and "/" not in path:
                for subarea in site.subareas:  # a capped search is split by subarea
                    self._search(site, f"{subarea}/{path}", by_id, split=False)
                return
            self._details(site, own, by_id)
            if len(items) < PAGE_SIZE:
                return
            page += 1

    def _stored(self, ids: list[str]) -> dict[str, datetime | None]:
        with self.store.session() as session:
            rows = session.execute(
                select(Posting.source_id, Posting.updated_at).where(
                    Posting.source == "craigslist", Posting.source_id.in_(ids)
                )
            )
            return dict(rows.all())

    def _details(self, site: Site, items: list[SearchItem], by_id: dict[int, Section]) -> None:
        stored = self._stored([str(i.posting_id) for i in items])
        seen_again = []
        for item in items:
            key = str(item.posting_id)
            posted = parse_time(item.posted)
            if key in stored and (stored[key] is None or posted is None or posted <= parse_time(stored[key])):
                seen_again.append(key)
                continue
            try:
                posting = self._fetch(site, item, by_id)
            except HostBlocked as blocked:
                self.report.blocked[blocked.host] = blocked.reason
                self._skip(f"posting {key}: {blocked}")
                continue
            except (FetchError, CraigslistFormatError, json.JSONDecodeError) as error:
                self._skip(f"posting {key}: {error}")
                continue
            self.ingestor.add([posting])
            self.report.stored += 1
            if self.progress:
                self.progress(1)
        if seen_again:
            with self.store.session() as session:  # still listed: still open
                session.execute(
                    update(Posting)
                    .where(Posting.source == "craigslist", Posting.source_id.in_(seen_again))
                    .values(last_seen=datetime.now(UTC))
                )
            self.report.seen_again += len(seen_again)

    def _fetch(self, site: Site, item: SearchItem, by_id: dict[int, Section]) -> NormalizedPosting:
        section = by_id.get(item.category_id)
        posting = None
        if item.uuid and "rapi.craigslist.org" not in self.client.blocked:
            url = POSTING.format(uuid=item.uuid)
            try:
                response = self.client.get(url, expect="json")
                if response.status_code != 200:
                    raise CraigslistFormatError(f"the posting API answered {response.status_code}")
                raw = keep_raw(self.settings, "craigslist", url, response.content)
                posting = posting_from_rapi(response.json(), raw_path=raw)
            except (json.JSONDecodeError, CraigslistFormatError, HostBlocked) as error:
                log.info("posting API failed for %s (%s); trying the posting page", item.posting_id, error)
        if posting is None:
            if not (section and item.slug):
                raise CraigslistFormatError("no posting API answer and no page address to fall back on")
            url = PAGE.format(
                host=site.hostname,
                subarea=f"{item.subarea}/" if item.subarea else "",
                section=section.abbreviation,
                slug=item.slug,
                posting_id=item.posting_id,
            )
            response = self.client.get(url, expect="html")
            if response.status_code != 200:
                raise FetchError(f"{url} answered {response.status_code}")
            raw = keep_raw(self.settings, "craigslist", url, response.content)
            posting = posting_from_page(response.text, url, raw_path=raw)
        self.report.fetched += 1
        posting.source_id = str(item.posting_id)
        posting.category = posting.category or (section.abbreviation if section else None)
        posting.dedupe_keys = list(dict.fromkeys([*dedupe_keys(item), *posting.dedupe_keys]))
        posting.latitude = posting.latitude if posting.latitude is not None else item.latitude
        posting.longitude = posting.longitude if posting.longitude is not None else item.longitude
        posting.posted_at = posting.posted_at or parse_time(item.posted)
        if not posting.zip and site.region:  # "staten island, NY": a place the ZIP crosswalk can find
            place = (posting.location_text or "").split(",")[0].strip() or item.neighborhood
            posting.location_text = f"{place}, {site.region}" if place else posting.location_text
        return posting

    def _skip(self, message: str) -> None:
        log.warning("skipped %s", message)
        self.report.skipped.append(message)
