"""The one HTTP client factory: identification, timeouts, retries, and the replay hook for tests.

``base_url`` (setting ``LABORLENS_BASE_URL``) sends every request for ``https://HOST/PATH?QUERY`` to
``BASE_URL/HOST/PATH?QUERY`` instead, so a local server can replay recorded responses for any host.
"""

from __future__ import annotations

import httpx

from laborlens import __version__
from laborlens.settings import Settings


class _RewriteTransport(httpx.BaseTransport):
    """Send each request to ``base/<original host><original path and query>``."""

    def __init__(self, base_url: str, inner: httpx.BaseTransport):
        self._base = httpx.URL(base_url.rstrip("/"))
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        original = request.url
        path = f"{self._base.raw_path.decode().rstrip('/')}/{original.host}{original.raw_path.decode()}"
        request.url = self._base.copy_with(raw_path=path.encode())
        request.headers["Host"] = self._base.netloc.decode()
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def user_agent(settings: Settings) -> str:
    """An honest User-Agent: the program, its version and a contact address."""
    return f"LaborLens/{__version__} (+https://github.com/laborlens/laborlens; {settings.contact})"


def make_client(settings: Settings, *, timeout: float = 60.0, retries: int = 3) -> httpx.Client:
    """An httpx client with LaborLens's User-Agent, timeouts and connection retries."""
    transport: httpx.BaseTransport = httpx.HTTPTransport(retries=retries)
    if settings.base_url:
        transport = _RewriteTransport(settings.base_url, transport)
    return httpx.Client(
        headers={"User-Agent": user_agent(settings)},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 20.0)),
        follow_redirects=True,
        transport=transport,
    )
