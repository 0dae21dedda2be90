"""Slow clients: does the server keep answering while many connections trickle their headers?

Usage: ``python bench/slowclients.py [--url URL] [--clients 40] [--probes 5] [-- app.py options ...]``

1. Starts the README's server (``python app.py`` on a free loopback port, with any options after
   ``--``), or uses ``--url`` (a loopback address only: this opens many connections on purpose).
2. Opens ``--clients`` connections (at most 200) that each send a request's headers one byte
   every 2 s and never finish them ("slowloris").
3. Once all are connected and trickling, probes ``/healthz`` ``--probes`` times, one after the
   other, each with a 3 s limit, and notes how long each answer took.

Bounded: at most 200 clients, the whole run under two minutes; every connection is closed at
the end. Prints ``healthz_ok=<n>/<probes> p_max_s=<slowest probe, s>`` (target: at least 4 of 5
within 3 s with 40 slow clients).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import ServerProcess  # noqa: E402 -- start/wait/stop of a server process, shared with the tests

MAX_CLIENTS = 200
PROBE_LIMIT = 3.0  # s
TRICKLE = 2.0  # s between two bytes of a slow client
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


async def slow_client(host: str, port: int, connected: asyncio.Event, count: list[int], stop: asyncio.Event) -> None:
    """Connect, then send a request's headers one byte every TRICKLE seconds until ``stop``."""
    head = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nUser-Agent: slowclient\r\n" + "X-a: b\r\n" * 1000
    try:
        _reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        return
    count[0] += 1
    connected.set()
    try:
        for byte in head.encode():
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                await asyncio.wait_for(stop.wait(), TRICKLE)
                break
            except TimeoutError:
                pass
    except OSError:
        pass  # the server gave up on us: fine, that is one way to defend
    finally:
        writer.close()


async def probe(host: str, port: int, base: str) -> float | None:
    """Seconds /healthz took to answer 200, or None (timed out, refused, or not 200)."""
    began = time.monotonic()
    try:
        async with asyncio.timeout(PROBE_LIMIT):
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {base}healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            status = await reader.readline()
            await reader.read()
            writer.close()
    except (TimeoutError, OSError):
        return None
    return time.monotonic() - began if b" 200 " in status else None


async def run(host: str, port: int, base: str, clients: int, probes: int) -> tuple[int, float]:
    stop, connected, count = asyncio.Event(), asyncio.Event(), [0]
    tasks = [asyncio.create_task(slow_client(host, port, connected, count, stop)) for _ in range(clients)]
    deadline = time.monotonic() + 20
    while count[0] < clients and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(2 * TRICKLE)  # every slow client has sent some bytes: each holds whatever it holds
    print(f"slow clients connected: {count[0]}/{clients}", flush=True)
    times: list[float | None] = []
    for _ in range(probes):
        took = await probe(host, port, base)
        times.append(took)
        print(f"  /healthz: {took:.2f} s" if took is not None else f"  /healthz: no answer within {PROBE_LIMIT:g} s",
              flush=True)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    ok = [t for t in times if t is not None]
    worst = PROBE_LIMIT if len(ok) < len(times) else max(ok, default=0.0)
    return len(ok), worst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running Atlas on a loopback address (default: start python app.py)")
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--probes", type=int, default=5)
    ap.add_argument("app_args", nargs="*", help="options for app.py (after --), e.g. -- --workers 2")
    a = ap.parse_args()
    clients = max(1, min(a.clients, MAX_CLIENTS))
    server = None
    if a.url:
        parts = urlsplit(a.url)
        if parts.hostname not in LOOPBACK:
            print("slowclients.py only runs against a loopback address", file=sys.stderr)
            return 2
        host, port, base = parts.hostname, parts.port or 80, (parts.path.rstrip("/") + "/")
    else:
        server = ServerProcess(*a.app_args)
        server.__enter__()
        host, port, base = "127.0.0.1", server.port, "/"
    try:
        ok, worst = asyncio.run(asyncio.wait_for(run(host, port, base, clients, max(1, a.probes)), 110))
    finally:
        if server is not None:
            server.stop()
    print(f"healthz_ok={ok}/{max(1, a.probes)} p_max_s={worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
