"""Fetching public pages politely: robots.txt obeyed, an honest User-Agent, one request at a time per host
with a minimum delay, timeouts, retries with exponential backoff and jitter, and blocks detected.

``fetch_page`` fetches one page (used by `ingest jsonld`); :class:`PoliteClient` serves the crawlers.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import random
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from laborlens.errors import LaborLensError
from laborlens.http import make_client, user_agent
from laborlens.settings import Settings

DEFAULT_DELAY = 2.0
MIN_PUBLIC_DELAY = 2.0
_BLOCK_WORDS = ("captcha", "blocked", "access denied", "unusual traffic", "are you a robot")


class FetchError(LaborLensError):
    """A page that may not or cannot be fetched."""


class HostBlocked(FetchError):
    """The host refused us (403/429, a captcha or a 'blocked' page): stop asking it."""

    def __init__(self, host: str, reason: str):
        super().__init__(f"{host} stopped answering normally ({reason}); LaborLens stops crawling it.")
        self.host, self.reason = host, reason


def is_loopback(url: str | None) -> bool:
    if not url:
        return False
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PoliteClient:
    """An HTTP client that waits ``delay`` seconds between requests to a host and obeys robots.txt.

    The delay may go under 2 s only when ``settings.base_url`` points at a loopback address (tests).
    """

    def __init__(self, settings: Settings, *, delay: float = DEFAULT_DELAY, retries: int = 3, timeout: float = 30.0):
        if delay < MIN_PUBLIC_DELAY and not is_loopback(settings.base_url):
            raise FetchError(
                f"A delay under {MIN_PUBLIC_DELAY:g} s between requests to a host is allowed only "
                "against a local replay server (--base-url http://127.0.0.1:...)."
            )
        self.settings = settings
        self.delay = delay
        self.retries = retries
        self.agent = user_agent(settings)
        self.client = make_client(settings, timeout=timeout, retries=0)
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self.blocked: dict[str, str] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._wait(host)
            try:
                response = self.client.get(f"{parts.scheme}://{host}/robots.txt")
                if response.status_code in (401, 403):
                    self._robots[host] = RobotFileParser()
                    self._robots[host].disallow_all = True
                elif response.status_code >= 400:
                    self._robots[host] = None
                else:
                    parser = RobotFileParser()
                    parser.parse(response.text.splitlines())
                    self._robots[host] = parser
            except httpx.HTTPError:
                self._robots[host] = None
        parser = self._robots[host]
        return parser is None or parser.can_fetch(self.agent, url)

    def get(self, url: str, *, expect: str = "html") -> httpx.Response:
        """GET ``url``; ``expect`` 'json' or 'html'. Raises HostBlocked, or FetchError after the retries."""
        host = urlsplit(url).netloc
        if host in self.blocked:
            raise HostBlocked(host, self.blocked[host])
        if not self._allowed(url):
            raise FetchError(f"{url} is disallowed by its site's robots.txt; LaborLens does not fetch it.")
        lock = self._locks.setdefault(host, threading.Lock())  # one request at a time per host
        with lock:
            for attempt in range(self.retries + 1):
                self._wait(host)
                try:
                    response = self.client.get(url)
                except (httpx.TimeoutException, httpx.TransportError) as exc:
                    if attempt == self.retries:
                        raise FetchError(
                            f"{url}: no answer after {self.retries + 1} tries ({exc.__class__.__name__})."
                        ) from exc
                else:
                    if response.status_code < 500:
                        self._check_block(host, response, expect)
                        return response
                    if attempt == self.retries:
                        raise FetchError(f"{url} answered {response.status_code} {self.retries + 1} times.")
                time.sleep(min(30.0, self.delay * (2**attempt)) * random.uniform(0.5, 1.5))  # backoff + jitter
        raise FetchError(f"{url}: no answer.")  # pragma: no cover - the loop always returns or raises

    def _check_block(self, host: str, response: httpx.Response, expect: str) -> None:
        reason = None
        content_type = response.headers.get("content-type", "")
        if response.status_code in (403, 429):
            reason = f"HTTP {response.status_code}"
        elif expect == "json" and "html" in content_type:
            reason = "an HTML page where JSON was expected"
        elif "html" in content_type and response.status_code == 200:
            head = response.text[:3000].lower()
            if any(word in head for word in _BLOCK_WORDS) and "postingbody" not in head:
                reason = "a captcha or 'blocked' page"
        if reason:
            self.blocked[host] = reason
            raise HostBlocked(host, reason)


def fetch_page(settings: Settings, url: str) -> tuple[str, str]:
    """(HTML, path of the gzipped raw copy) for a public http(s) page that robots.txt allows."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"Only http(s) addresses can be fetched, not {url!r}.")
    with PoliteClient(settings) as client:
        response = client.get(url, expect="html")
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
