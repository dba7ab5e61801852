"""A local HTTP server that replays recorded responses for any host (the LABORLENS_BASE_URL layout).

A request for ``BASE/HOST/PATH?QUERY`` is answered from ``routes[(HOST, "/PATH?QUERY")]`` (or the same
without the query); unknown paths get 404. Every request is logged with its host and time, so tests can
check politeness on the server's side.
"""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b""
    then: Reply | None = None  # what later requests for the same address get (e.g. a 503, then a 200)


@dataclass
class ReplayServer:
    routes: dict[tuple[str, str], Reply]
    log: list[tuple[str, str, float]] = field(default_factory=list)

    def start(self) -> str:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                _, host, rest = self.path.split("/", 2)
                rest = "/" + rest
                server.log.append((host, rest, time.monotonic()))
                key = (host, rest) if (host, rest) in server.routes else (host, rest.split("?")[0])
                reply = server.routes.get(key)
                if reply is not None and reply.then is not None:
                    server.routes[key] = reply.then
                if reply is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_to(self, host: str) -> list[float]:
        return [moment for h, _, moment in self.log if h == host]
