"""Fetching public pages politely: robots.txt obeyed, an honest User-Agent, timeouts, raw copies kept.

The crawler's fuller politeness (per-host delay, backoff, block detection) builds on this.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from laborlens.errors import LaborLensError
from laborlens.http import make_client, user_agent
from laborlens.settings import Settings


class FetchError(LaborLensError):
    """A page that may not or cannot be fetched."""


def allowed_by_robots(client: httpx.Client, url: str, agent: str) -> bool:
    """Whether the site's robots.txt lets ``agent`` fetch ``url`` (a missing robots.txt allows all)."""
    robots_url = urljoin(url, "/robots.txt")
    try:
        response = client.get(robots_url)
    except httpx.HTTPError:
        return True
    if response.status_code >= 400:
        return response.status_code not in (401, 403)
    parser = RobotFileParser()
    parser.parse(response.text.splitlines())
    return parser.can_fetch(agent, url)


def fetch_page(settings: Settings, url: str) -> tuple[str, str]:
    """(HTML, path of the gzipped raw copy) for a public http(s) page that robots.txt allows."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"Only http(s) addresses can be fetched, not {url!r}.")
    agent = user_agent(settings)
    with make_client(settings, timeout=30.0) as client:
        if not allowed_by_robots(client, url, agent):
            raise FetchError(f"{url} is disallowed by its site's robots.txt; LaborLens does not fetch it.")
        try:
            response = client.get(url)
        except httpx.HTTPError as exc:
            raise FetchError(f"Could not fetch {url} ({exc.__class__.__name__}).") from exc
    if response.status_code != 200:
        raise FetchError(f"{url} answered {response.status_code}.")
    return response.text, keep_raw(settings, "jsonld", url, response.content)


def keep_raw(settings: Settings, source: str, key: str, content: bytes) -> str:
    """Store a raw response, gzipped, so a posting can be re-parsed later; returns its path."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    path = settings.home / "raw" / source / digest[:2] / f"{digest}.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(gzip.compress(content))
    partial.replace(path)
    return str(path)


def read_raw(path: str | Path) -> bytes:
    return gzip.decompress(Path(path).read_bytes())
