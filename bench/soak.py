"""Soak: mixed traffic against ``python app.py`` for a bounded time; does the memory stay flat, and nothing fail?

Usage: ``python bench/soak.py [--minutes 10] [--exports 2] [--url URL] [-- app.py options ...]``

1. Starts the README's server (``python app.py`` on a free loopback port, export rate limit lifted
   so that the soak's own exports are not refused) or uses ``--url`` (loopback only).
2. Records the callback requests of one real page load in headless Chromium (as bench/load.py).
3. For ``--minutes`` (at most 60), from a fixed number of client threads: page loads followed by
   their callbacks (3 clients), exports (``--exports`` clients, at most 40: chart images, the
   handout, the CSV, the briefing PDF) and hostile bodies (1 client: malformed and deeply nested
   JSON, unknown outputs, a 1 MB string).
4. Notes the resident memory (RSS, summed over the worker processes) after a warm-up and at the
   end, and the proportional memory (PSS, from /proc/<pid>/smaps_rollup) of each worker and of the
   export renderer with its Chromium.

Prints, last: ``rss_start_mb=<n> rss_end_mb=<n> errors=<n> hostile_5xx=<n> busy_503=<n>`` —
errors: 5xx answers and connection failures of the ordinary traffic; hostile_5xx: 5xx answers to
hostile bodies (they should be 400); busy_503: exports refused with 503 + Retry-After because the
renderer's queue was full (expected only with many concurrent exports).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import record_page_load  # noqa: E402 -- the page load's callbacks, recorded in Chromium
from memory import children  # noqa: E402 -- gunicorn's workers of a master, as bench/memory.py finds them

from tests.servers import ServerProcess  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EXPORTS = ["export/map.png?year=2016", "export/trade.svg?sector=energy", "export/sector.png?sector=transport",
           "export/handout?year=2019&lang=tr", "export/shown.csv?year=2010", "export/briefing.pdf",
           "export/map.svg?year=2024&lang=kk"]
DEEP = "[" * 3000 + "]" * 3000


def hostile_bodies(callback: bytes) -> list[bytes]:
    """Malformed callback requests: wrong JSON types, deep nesting, unknown outputs, huge strings."""
    body = json.loads(callback)
    unknown = {**body, "output": "no-such.children", "outputs": {"id": "no-such", "property": "children"}}
    huge = {**body, "output": "x" * 1_000_000}
    fewer = {**body, "inputs": body.get("inputs", [])[:-1] if isinstance(body.get("inputs"), list) else []}
    return [b"[]", b"1", b"null", b"{}", DEEP.encode(), b"{not json", json.dumps(unknown).encode(),
            json.dumps(huge).encode(), json.dumps(fewer).encode()]


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def add(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1


def fetch(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    """The HTTP status (0 for a connection failure)."""
    req = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except OSError:
        return 0


def ordinary(status: int, tally: Tally, kind: str) -> None:
    tally.add(f"{kind} {status}")
    if status == 503 and kind == "export":
        tally.add("busy_503")
    elif status == 0 or status >= 500:
        tally.add("errors")


def page_client(base: str, recorded, stop: float, tally: Tally) -> None:
    while time.monotonic() < stop:
        ordinary(fetch(base + "?year=2016"), tally, "page")
        for req in recorded:
            if time.monotonic() >= stop:
                return
            ordinary(fetch(base + req.path, req.body, req.headers), tally, "callback")


def export_client(base: str, offset: int, stop: float, tally: Tally) -> None:
    for path in itertools.islice(itertools.cycle(EXPORTS), offset, None):
        if time.monotonic() >= stop:
            return
        ordinary(fetch(base + path), tally, "export")


def hostile_client(base: str, bodies: list[bytes], path: str, stop: float, tally: Tally) -> None:
    for body in itertools.cycle(bodies):
        if time.monotonic() >= stop:
            return
        status = fetch(base + path, body, {"Content-Type": "application/json"})
        tally.add(f"hostile {status}")
        if status == 0 or status >= 500:
            tally.add("hostile_5xx")
        time.sleep(0.2)  # a steady trickle, not a flood: the soak is about memory over time


# --------------------------------------------------------------------------- memory of the server's processes
def _mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(pid: int) -> list[int]:
    return [pid, *itertools.chain.from_iterable(_tree(c) for c in children(pid))]


def processes(master: int) -> tuple[list[int], list[int]]:
    """(worker pids, the export renderer's pids with its Chromium) of the server whose master is ``master``."""
    workers, renderer = [], []
    for child in children(master):
        workers.append(child)
        for grandchild in children(child):
            renderer += _tree(grandchild)
    return workers, renderer


def memory_line(master: int) -> str:
    workers, renderer = processes(master)
    per_worker = " ".join(f"{_mb(w, 'Pss'):.0f}" for w in workers)
    return (f"PSS MB: master {_mb(master, 'Pss'):.0f}, workers {per_worker}, export renderer with Chromium "
            f"{sum(_mb(p, 'Pss') for p in renderer):.0f} ({len(renderer)} processes)")


def workers_rss(master: int) -> float:
    return sum(_mb(w, "Rss") for w in processes(master)[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--exports", type=int, default=2, help="concurrent export clients (default 2)")
    ap.add_argument("--url", help="a running Atlas on a loopback address (memory is then not measured)")
    ap.add_argument("app_args", nargs="*", help="options for app.py (after --)")
    a = ap.parse_args()
    seconds = max(0.5, min(a.minutes, 60.0)) * 60
    server = None
    if a.url:
        if urlsplit(a.url).hostname not in LOOPBACK:
            print("soak.py only runs against a loopback address", file=sys.stderr)
            return 2
        base = a.url.rstrip("/") + "/"
    else:
        server = ServerProcess(*a.app_args, env={"ATLAS_EXPORT_RATE": "100000/minute"})
        server.__enter__()
        base = server.url + "/"
    try:
        recorded = record_page_load(base)
        callback = next(r for r in recorded if r.body)
        hostile_path = callback.path
        tally = Tally()
        began = time.monotonic()
        stop = began + seconds
        threads = [threading.Thread(target=page_client, args=(base, recorded, stop, tally)) for _ in range(3)]
        threads += [threading.Thread(target=export_client, args=(base, i, stop, tally))
                    for i in range(max(0, min(a.exports, 40)))]
        threads.append(threading.Thread(target=hostile_client,
                                        args=(base, hostile_bodies(callback.body), hostile_path, stop, tally)))
        for t in threads:
            t.start()
        master = server.proc.pid if server else None
        time.sleep(min(60.0, seconds / 10))  # warm-up: caches filled, Chromium started
        rss_start = workers_rss(master) if master else float("nan")
        if master:
            print(f"after warm-up: {memory_line(master)}", flush=True)
        while any(t.is_alive() for t in threads):
            for t in threads:
                t.join(timeout=60)
            if master and time.monotonic() < stop:
                print(f"{(time.monotonic() - began) / 60:4.1f} min: workers' RSS {workers_rss(master):.0f} MB; "
                      f"{memory_line(master)}", flush=True)
        rss_end = workers_rss(master) if master else float("nan")
        if master:
            print(f"at the end: {memory_line(master)}")
    finally:
        if server is not None:
            server.stop()
    counts = tally.counts
    print("answers:", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())
                                if k not in ("errors", "hostile_5xx", "busy_503")))
    print(f"rss_start_mb={rss_start:.0f} rss_end_mb={rss_end:.0f} errors={counts['errors']} "
          f"hostile_5xx={counts['hostile_5xx']} busy_503={counts['busy_503']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
