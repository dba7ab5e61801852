"""Craigslist: its reference lists, the search API's positional items, and posting details.

Craigslist today is a JavaScript app over two JSON APIs: ``sapi`` (search) and ``rapi`` (a posting),
plus posting pages that still carry JSON-LD and the posting body. This module only *reads* their
responses; fetching them politely is the crawler's job.

A search response holds ``data.items``, each a positional list decoded against ``data.decode``:
``[posting id - minPostingId, posted - minPostedDate, category id, price (-1: none),
"location index[:neighborhood index]:description index~lat~lon", dedupe key (0: none),
[13, uuid], [4, image ids...], [6, slug], [10, price text], title]`` (the tagged lists may be absent).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from laborlens.errors import LaborLensError
from laborlens.sources.jsonld import postings_from_html
from laborlens.sources.normalize import NormalizedPosting, clean_text, parse_time

JOBS, GIGS = "J", "G"


class CraigslistFormatError(LaborLensError):
    """A response that does not have the shape Craigslist's APIs and pages have."""


@dataclass(frozen=True)
class Section:
    abbreviation: str
    category_id: int
    name: str
    kind: str  # "J" jobs or "G" gigs


@dataclass(frozen=True)
class Site:
    area_id: int
    hostname: str
    abbreviation: str
    region: str | None
    latitude: float | None
    longitude: float | None
    subareas: tuple[str, ...] = ()


def sections(categories: list[dict]) -> dict[str, Section]:
    """The jobs (jjj) and gigs (ggg) sections from the Categories reference list, by abbreviation."""
    found = {}
    for row in categories:
        if row.get("Type") in (JOBS, GIGS):
            found[row["Abbreviation"]] = Section(
                row["Abbreviation"], int(row["CategoryID"]), row["Description"], row["Type"]
            )
    return found


def sites(areas: list[dict]) -> dict[str, Site]:
    """Sites from the Areas reference list, by hostname ("newyork", "chicago")."""
    found = {}
    for row in areas:
        subareas = tuple(s.get("Abbreviation") for s in row.get("SubAreas") or [] if s.get("Abbreviation"))
        found[row["Hostname"]] = Site(
            int(row["AreaID"]),
            row["Hostname"],
            row.get("Abbreviation", ""),
            row.get("Region"),
            row.get("Latitude"),
            row.get("Longitude"),
            subareas,
        )
    return found


@dataclass
class SearchItem:
    posting_id: int
    posted: int  # epoch seconds
    category_id: int
    price: int | None
    area_id: int | None
    hostname: str | None
    subarea: str | None
    neighborhood: str | None
    latitude: float | None
    longitude: float | None
    dedupe_key: str | None
    uuid: str | None
    slug: str | None
    title: str
    image_ids: list[str] = field(default_factory=list)


def _at(values, index):
    return values[index] if isinstance(values, list) and 0 <= index < len(values) else None


def decode_search(response: dict) -> tuple[list[SearchItem], int]:
    """(decoded items, total result count) of a ``sapi`` search response."""
    try:
        data = response["data"]
        decode, items = data["decode"], data["items"]
        min_id, min_date = int(decode["minPostingId"]), int(decode["minPostedDate"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CraigslistFormatError(f"Not a Craigslist search response: missing {exc}.") from exc
    decoded = []
    for item in items:
        if not isinstance(item, list) or len(item) < 6 or not isinstance(item[-1], str):
            continue
        tags = {part[0]: part[1:] for part in item if isinstance(part, list) and part}
        location = str(item[4]) if item[4] else ""
        indexes, _, coordinates = location.partition("~")
        parts = [int(p) for p in indexes.split(":") if p.isdigit()]
        area = _at(decode.get("locations"), parts[0]) if parts else None
        neighborhood = _at(decode.get("neighborhoods"), parts[1]) if len(parts) == 3 else None
        latitude = longitude = None
        if coordinates:
            lat_text, _, lon_text = coordinates.partition("~")
            try:
                latitude, longitude = float(lat_text), float(lon_text)
            except ValueError:
                latitude = longitude = None
        decoded.append(
            SearchItem(
                posting_id=int(item[0]) + min_id,
                posted=int(item[1]) + min_date,
                category_id=int(item[2]),
                price=int(item[3]) if isinstance(item[3], int) and item[3] >= 0 else None,
                area_id=area[0] if isinstance(area, list) else None,
                hostname=area[1] if isinstance(area, list) and len(area) > 1 else None,
                subarea=area[2] if isinstance(area, list) and len(area) > 2 else None,
                neighborhood=neighborhood if isinstance(neighborhood, str) else None,
                latitude=latitude,
                longitude=longitude,
                dedupe_key=str(item[5]) if item[5] not in (0, None, "") else None,
                uuid=(tags.get(13) or [None])[0],
                slug=(tags.get(6) or [None])[0],
                title=item[-1],
                image_ids=[str(i) for i in tags.get(4, [])],
            )
        )
    return decoded, int(data.get("totalResultCount") or len(decoded))


def dedupe_keys(item: SearchItem) -> list[str]:
    """Craigslist's own hints that two postings are one: its dedupe key and its image ids."""
    keys = [f"cl-dedupe:{item.dedupe_key}"] if item.dedupe_key else []
    return keys + [f"cl-image:{image}" for image in item.image_ids]


def posting_from_rapi(response: dict, raw_path: str | None = None) -> NormalizedPosting:
    """A posting from the ``rapi`` posting API response."""
    try:
        item = response["data"]["items"][0]
        posting_id = int(item["postingId"])
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise CraigslistFormatError(f"Not a Craigslist posting response: missing {exc}.") from exc
    location = item.get("location") or {}
    attributes = {a.get("postingAttributeKey"): a.get("value") for a in item.get("attributes") or []}
    place = ", ".join(p for p in (location.get("subArea") or location.get("neighborhood"), location.get("area")) if p)
    return NormalizedPosting(
        source="craigslist",
        source_id=str(posting_id),
        title=clean_text(item.get("title"), 500) or "(no title)",
        description=clean_text(item.get("body")),
        url=item.get("url"),
        category=item.get("categoryAbbr"),
        employment_type=attributes.get("employment_type"),
        pay_text=" ".join(str(v) for v in (attributes.get("remuneration"), item.get("priceString")) if v) or None,
        posted_at=parse_time(item.get("postedDate")),
        updated_at=parse_time(item.get("updatedDate")),
        location_text=place or None,
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        dedupe_keys=[f"cl-image:{image}" for image in item.get("images") or []],
        raw_path=raw_path,
    )


def _breadcrumb_section(soup: BeautifulSoup) -> str | None:
    """The deepest section in the page's breadcrumb ("...?cat=trd"), not the jjj/ggg parents."""
    script = soup.find("script", id="ld_breadcrumb_data")
    try:
        crumbs = json.loads(script.string)["itemListElement"] if script and script.string else []
    except (json.JSONDecodeError, KeyError, TypeError):
        return None
    found = None
    for crumb in sorted((c for c in crumbs if isinstance(c, dict)), key=lambda c: c.get("position", 0)):
        match = re.search(r"[?&]cat=(\w{3})\b", str(crumb.get("item", "")))
        if match and match.group(1) not in ("jjj", "ggg"):
            found = match.group(1)
    return found


def posting_from_page(html: str, url: str | None = None, raw_path: str | None = None) -> NormalizedPosting:
    """A posting from a Craigslist posting page: title, body, attributes, post id, dates, map point."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("section#postingbody")
    if body is None:
        raise CraigslistFormatError("The posting page has no #postingbody; it may be removed or blocked.")
    for noise in body.select(".print-information"):
        noise.decompose()
    ld = next(iter(postings_from_html(html, url, source="craigslist", raw_path=raw_path)), None)
    post_id = re.search(r"post id:\s*(\d+)", soup.get_text(" "))
    if post_id is None:
        raise CraigslistFormatError("The posting page has no 'post id'.")
    title = soup.select_one("#titletextonly")
    attributes = {}
    for attribute in soup.select("div.attrgroup div.attr"):
        label, value = attribute.select_one(".labl"), attribute.select_one(".valu")
        if label and value:
            attributes[label.get_text(strip=True).rstrip(":")] = value.get_text(" ", strip=True)
    times = [t.get("datetime") for t in soup.select(".postinginfos time[datetime]")]
    point = soup.select_one("#map")
    category = _breadcrumb_section(soup)
    return NormalizedPosting(
        source="craigslist",
        source_id=post_id.group(1),
        title=clean_text(title.get_text() if title else (ld.title if ld else ""), 500) or "(no title)",
        description=clean_text(str(body)),
        url=url or (ld.url if ld else None),
        employer=ld.employer if ld else None,
        category=category,
        employment_type=attributes.get("employment type") or (ld.employment_type if ld else None),
        pay_text=attributes.get("compensation") or (ld.pay_text if ld else None),
        posted_at=parse_time(times[0] if times else None) or (ld.posted_at if ld else None),
        updated_at=parse_time(times[1]) if len(times) > 1 else None,
        location_text=ld.location_text if ld else None,
        zip=ld.zip if ld else None,
        latitude=float(point["data-latitude"]) if point and point.get("data-latitude") else None,
        longitude=float(point["data-longitude"]) if point and point.get("data-longitude") else None,
        employer_code=ld.employer_code if ld else None,
        raw_path=raw_path,
    )
