"""Load benchmark: the callbacks of a real page load, replayed by many clients, gunicorn against Flask's dev server.

Usage: ``python bench/load.py [--url URL] [--clients 50] [--seconds 30] [--path /?year=2016]``

1. Starts the README's server (``python app.py``: gunicorn, default workers and threads) on a free
   port, or uses ``--url`` (a running Atlas, e.g. behind nginx; its base path included).
2. Loads the page once in headless Chromium (Debian's, through Playwright) and records every
   callback request (``POST .../_dash-update-component``) the page load makes, in order.
3. Replays that sequence from ``--clients`` concurrent clients in a loop for ``--seconds``, each
   client on its own keep-alive connection, sending what the browser sent (compressed answers
   accepted). Records latency and every non-200 answer or transport error.
4. Does the same against Flask's development server of the same app (``python app.py --dev``).

Prints a summary per server and, last, ``rps=<n> p95_ms=<n> errors=<n> dev_rps=<n> ratio=<n>``
(rps: callback answers per second; ratio: rps / dev_rps). Targets on a 2-core machine with the
load generator on it too: errors 0, ratio >= 2.0, p95 <= 300 ms.

The load generator is one asyncio event loop with aiohttp (C-accelerated HTTP parser): 50 clients
cost it a fraction of one core, so most of the machine is left to the server under test; 50
threads of a blocking client would contend for the GIL and take more of it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import ServerProcess  # noqa: E402 -- start/wait/stop of a server process, shared with the tests

CHROMIUM = "/usr/bin/chromium"
CALLBACK = "_dash-update-component"


@dataclass(frozen=True)
class Recorded:
    path: str  # path and query relative to the app's base URL (e.g. `_dash-update-component?...`)
    headers: dict[str, str]
    body: bytes


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def pct(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())


# --------------------------------------------------------------------------- recording
def record_page_load(url: str) -> list[Recorded]:
    """The callback requests a real page load sends, in the order the browser sent them."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- dev dependency, only for the bench

    base = app_base(url)
    seen: list[Recorded] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})

            def on_request(req) -> None:
                if req.method == "POST" and CALLBACK in req.url:
                    headers = {k: v for k, v in req.headers.items() if k.lower() in (
                        "content-type", "accept", "x-csrftoken")}
                    seen.append(Recorded(req.url.removeprefix(base), headers, req.post_data_buffer or b""))

            page.on("request", on_request)
            page.goto(url, wait_until="networkidle", timeout=120_000)
            page.wait_for_selector("#map .geo .scattergeo .point", timeout=60_000)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    if not seen:
        raise SystemExit(f"the page load at {url} made no callback request: is it the Atlas?")
    return seen


# --------------------------------------------------------------------------- replaying
def app_base(url: str) -> str:
    """``http://host:port/atlas/?year=2016`` -> ``http://host:port/atlas/`` (the app's base URL)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"


async def _client(session: aiohttp.ClientSession, base: str, requests: list[Recorded], stop_at: float,
                  result: Result) -> None:
    while time.monotonic() < stop_at:
        for req in requests:
            if time.monotonic() >= stop_at:
                return
            began = time.perf_counter()
            try:
                async with session.post(base + req.path, data=req.body, headers=req.headers) as resp:
                    await resp.read()
                    status = resp.status
            except (TimeoutError, aiohttp.ClientError) as exc:
                key = type(exc).__name__
                result.errors[key] = result.errors.get(key, 0) + 1
                continue
            if status == 200 or status == 204:  # 204: a callback that (rightly) prevented its update
                result.latencies_ms.append((time.perf_counter() - began) * 1000)
            else:
                key = f"HTTP {status}"
                result.errors[key] = result.errors.get(key, 0) + 1


async def _replay(base: str, requests: list[Recorded], clients: int, seconds: float) -> Result:
    result = Result()
    connector = aiohttp.TCPConnector(limit=clients, limit_per_host=clients, force_close=False)
    headers = {"Accept-Encoding": "gzip, deflate, br", "User-Agent": "kz-tr-atlas-bench/1"}
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, headers=headers, timeout=timeout,
                                     auto_decompress=False) as session:
        # One warm-up pass per client (connections opened, every worker has answered).
        warm = Result()
        await asyncio.gather(*(_client(session, base, requests[:1], time.monotonic() + 0.01, warm)
                               for _ in range(clients)))
        began = time.monotonic()
        await asyncio.gather(*(_client(session, base, requests, began + seconds, result) for _ in range(clients)))
        result.seconds = time.monotonic() - began
    return result


def replay(url: str, requests: list[Recorded], clients: int, seconds: float) -> Result:
    return asyncio.run(_replay(app_base(url), requests, clients, seconds))


# --------------------------------------------------------------------------- servers
def started(*args: str) -> ServerProcess:
    server = ServerProcess(*args)
    server.start()
    server.wait_ready()
    return server


def report(name: str, r: Result) -> None:
    print(f"{name:<34} {len(r.latencies_ms):>7} answers in {r.seconds:4.1f} s  {r.rps:7.1f}/s  "
          f"p50 {r.pct(50):6.1f} ms  p95 {r.pct(95):6.1f} ms  p99 {r.pct(99):6.1f} ms  errors {r.n_errors}"
          + (f" {r.errors}" if r.errors else ""), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running Atlas (its page URL); default: start `python app.py` here")
    ap.add_argument("--path", default="/", help="page path and query to record (default /)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    a = ap.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 2

    servers: list[ServerProcess] = []
    try:
        if a.url:
            url = a.url
        else:
            servers.append(started())
            url = servers[0].url + a.path
        banner = servers[0].stdout().splitlines()[0] if servers else url
        print(f"server: {banner}\ncores: {os.cpu_count()}  clients: {a.clients}  seconds: {a.seconds:g}", flush=True)
        requests = record_page_load(url)
        print(f"recorded {len(requests)} callback requests of one page load of {url}", flush=True)
        prod = replay(url, requests, a.clients, a.seconds)
        report("production (python app.py)", prod)
        for s in servers:
            s.stop()
        servers.clear()

        dev_server = started("--dev")
        servers.append(dev_server)
        dev = replay(dev_server.url + "/", requests, a.clients, a.seconds)
        report("Flask development server (--dev)", dev)
    finally:
        for s in servers:
            s.stop()
    ratio = prod.rps / dev.rps if dev.rps else float("inf")
    print(f"rps={prod.rps:.0f} p95_ms={prod.pct(95):.0f} errors={prod.n_errors} "
          f"dev_rps={dev.rps:.0f} ratio={ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
