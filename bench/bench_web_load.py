"""Load test of the web app under gunicorn: N concurrent clients for a while, p50/p95 per request kind.

    python bench/bench_web_load.py [--clients 20] [--seconds 120] [--workers 2] [--threads 4] [--client wrk|httpx]

Uses the configured store and models (DATABASE_URL, LABORLENS_HOME: run `make data` first, with
DATABASE_URL pointing at PostgreSQL for the production-like figure). The clients cycle through coding
one posting (POST /api/v1/classify), matching a one-paragraph text (POST /api/v1/match) and an
occupation page (GET /occupation/CODE); every non-2xx answer or transport error counts as an error.

Two load generators: ``wrk`` (Debian's, written in C: the clients cost the 2-core machine almost no CPU;
in a mixed run the connections are split among the three kinds, one wrk process per kind) and ``httpx``
(Python threads in this process, each client cycling through the kinds; the clients then compete with
the server for the same cores, so its figures are an upper bound).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date

import httpx

POSTING = {"title": "Warehouse associate", "description": "Load and unload trucks, scan packages, use a pallet jack."}
PERSON = {
    "text": "I worked six years in a grocery store. I stocked shelves, ran the register, trained new cashiers "
    "and counted inventory every week. I want steady hours and better pay.",
    "area": "TX",
}
ALL = ["classify", "match", "occupation"]
CODES = ["53-7062.00", "41-2011.00", "35-2014.00", "53-3032.00", "43-4051.00", "31-1122.00"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _client(base: str, stop: float, timings: dict, errors: list, offset: int, kinds: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        i = offset
        while time.perf_counter() < stop:
            kind = kinds[i % len(kinds)]
            began = time.perf_counter()
            try:
                if kind == "classify":
                    response = http.post("/api/v1/classify", json=POSTING)
                elif kind == "match":
                    response = http.post("/api/v1/match", json=PERSON)
                else:
                    response = http.get(f"/occupation/{CODES[i % len(CODES)]}")
                if response.status_code >= 300:
                    errors.append(f"{kind}: {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{kind}: {exc.__class__.__name__}")
            timings[kind].append(time.perf_counter() - began)
            i += 1


def _run_clients(base: str, clients: int, seconds: int, kinds: list[str]) -> tuple[dict, list]:
    timings: dict[str, list[float]] = {"classify": [], "match": [], "occupation": []}
    errors: list[str] = []
    stop = time.perf_counter() + seconds
    threads = [threading.Thread(target=_client, args=(base, stop, timings, errors, n, kinds)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


_WRK_SCRIPT = """
local paths = {paths}
local i = 0
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.3f %.3f\\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def _wrk_script(kind: str) -> str:
    if kind == "classify":
        method, paths, body = "POST", ["/api/v1/classify"], json.dumps(POSTING)
    elif kind == "match":
        method, paths, body = "POST", ["/api/v1/match"], json.dumps(PERSON)
    else:
        method, paths, body = "GET", [f"/occupation/{code}" for code in CODES], ""
    listed = "{" + ", ".join(_lua_string(p) for p in paths) + "}"
    return _WRK_SCRIPT.format(paths=listed, method=method, body=_lua_string(body) if body else "nil")


def _run_wrk(base: str, clients: int, seconds: int, kinds: list[str], folder: str) -> dict:
    """One wrk process per kind, the connections shared among them; returns kind -> figures."""
    shares = [clients // len(kinds) + (1 if n < clients % len(kinds) else 0) for n in range(len(kinds))]
    running = []
    for kind, connections in zip(kinds, shares, strict=True):
        script = os.path.join(folder, f"{kind}.lua")
        with open(script, "w") as handle:
            handle.write(_wrk_script(kind))
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script, base]
        running.append((kind, connections, subprocess.Popen(command, stdout=subprocess.PIPE, text=True)))
    results = {}
    for kind, connections, process in running:
        output, _ = process.communicate(timeout=seconds + 120)
        found = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)", output)
        if not found:
            raise SystemExit(f"wrk gave no result for {kind}:\n{output}")
        requests, status_errors, socket_errors, p50, p95 = found.groups()
        results[kind] = {
            "clients": connections,
            "requests": int(requests),
            "errors": int(status_errors) + int(socket_errors),
            "p50": float(p50),
            "p95": float(p95),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--kind",
        choices=["mixed", "classify", "match", "occupation"],
        default="mixed",
        help="One kind of request for every client, or all three in turn.",
    )
    parser.add_argument(
        "--client",
        choices=["wrk", "httpx"],
        default="wrk" if shutil.which("wrk") else "httpx",
        help="Load generator (default: wrk when installed: apt-get install wrk).",
    )
    args = parser.parse_args()
    port = _free_port()
    env = os.environ | {"LABORLENS_HEAVY_RATE_LIMIT": "1000000/minute"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--preload",
            "laborlens.web:create_app()",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        _run_clients(base, 8, 10, ALL)  # warm up: every worker loads its models on first use
        kinds = ALL if args.kind == "mixed" else [args.kind]
        if args.client == "wrk":
            with tempfile.TemporaryDirectory() as folder:
                figures = _run_wrk(base, args.clients, args.seconds, kinds, folder)
        else:
            timings, errors = _run_clients(base, args.clients, args.seconds, kinds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    backend = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
    print(
        f"{date.today()} {platform.node()} ({os.cpu_count()} cores), {backend}; gunicorn {args.workers} workers x "
        f"{args.threads} threads; {args.clients} clients ({args.client}) for {args.seconds} s, {args.kind} requests"
    )
    print("| request | clients | requests | p50 | p95 | errors |")
    print("|---|---|---|---|---|---|")
    if args.client == "wrk":
        for kind, row in figures.items():
            print(
                f"| {kind} | {row['clients']} | {row['requests']} | {row['p50']:.0f} ms | {row['p95']:.0f} ms | "
                f"{row['errors']} |"
            )
        return
    for kind, values in timings.items():
        if not values:
            continue
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        failed = sum(e.startswith(f"{kind}:") for e in errors)
        print(
            f"| {kind} | {args.clients} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | "
            f"{p95 * 1000:.0f} ms | {failed} |"
        )
    if errors:
        print(f"errors: {sorted(set(errors))[:5]}")


if __name__ == "__main__":
    main()
