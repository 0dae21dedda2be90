"""Memory benchmark: do the workers grow when every callback carries a new, large input?

Usage: ``python bench/memory.py [--rounds 3] [--calls 300] [--kb 100] [--cache-mb 4]``

Starts the production server (``python app.py``, gunicorn) on a free loopback port with
``ATLAS_CACHE_MB=<cache-mb>``, reads the page's callbacks from ``/_dash-dependencies`` (as the
browser does) and sends ``--rounds`` rounds of ``--calls`` callback requests, each with a distinct
input of ``--kb`` kB: in turn the sector chart's indicator (``sector-indicator``, every second request),
the Export menu's and the link (``url.search``) of the view-state callback. After each round it prints the workers'
total RSS and its growth, ending with ``round<N>_growth_mb=<n>`` for the last round. Target with
``--cache-mb 4``: the third round grows the workers by at most 15 MB (every cache of a worker shares
one budget of ``ATLAS_CACHE_MB``; an unknown indicator never reaches a cache).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.config import default_workers  # noqa: E402
from dashboard.devtools import dependency_body, first_of  # noqa: E402
from tests.servers import ServerProcess  # noqa: E402 -- start/wait/stop of a server process, shared with the tests

CALLBACK = "_dash-update-component"
VIEW = "year=2016&sector=energy"
KINDS = ("sector", "sector", "menu", "link")  # which input the n-th request makes large, in turn


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers of its master)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def all_workers(master: int, timeout: float = 120) -> list[int]:
    """The master's workers, once as many as ``python app.py`` starts by default have started."""
    deadline = time.monotonic() + timeout
    while len(found := children(master)) < default_workers() and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def post(url: str, body: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def callback_specs(base: str) -> dict[str, dict]:
    """The page's callbacks as ``/_dash-dependencies`` lists them, by their first output."""
    with urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=60) as r:
        deps = json.load(r)
    return {first_of(d["output"]): d for d in reversed(deps)}  # the first callback of an output


def body(specs: dict[str, dict], first: str, values: dict[str, object], changed: str) -> dict:
    spec = specs[first]
    return dependency_body(spec["output"], spec["inputs"], spec["state"], values, [changed])


def hostile(specs: dict[str, dict], n: int, kb: int) -> dict:
    """The ``n``-th request: a distinct input of ``kb`` kB, for the callbacks in turn (:data:`KINDS`)."""
    big = f"{n:08d}" + "x" * (kb * 1024 - 8)
    kind = KINDS[n % len(KINDS)]
    if kind == "sector":
        return body(specs, "sector-chart.figure", {"sector-indicator.value": big, "view-state.data": VIEW,
                                                   "analysis-seen.data": True}, "sector-indicator.value")
    if kind == "menu":
        return body(specs, "export-menu.children", {"sector-indicator.value": big, "view-state.data": VIEW},
                    "sector-indicator.value")
    return body(specs, "view-state.data", {"url.search": "?sector=" + big}, "url.search")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=300, help="callback requests per round")
    ap.add_argument("--kb", type=int, default=100, help="size of each distinct input")
    ap.add_argument("--cache-mb", type=int, default=4, help="ATLAS_CACHE_MB of the server")
    a = ap.parse_args()
    env = {"ATLAS_CACHE_MB": str(a.cache_mb)}
    with ServerProcess(env=env) as server:
        base = server.url
        specs = callback_specs(base)
        url = f"{base}/{CALLBACK}"
        # Warm up: each worker answers every callback kind with ordinary values (and every worker has started).
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda n: post(url, hostile(specs, n, 1)), range(40)))
        workers = all_workers(server.proc.pid)
        before = rss_mb(workers)
        print(f"workers={len(workers)} cache_mb={a.cache_mb} rss_start_mb={before:.1f}")
        growth = 0.0
        statuses: dict[int, int] = {}
        for rnd in range(1, a.rounds + 1):
            start = (rnd - 1) * a.calls
            with ThreadPoolExecutor(4) as pool:
                for status in pool.map(lambda n: post(url, hostile(specs, n, a.kb)), range(start, start + a.calls)):
                    statuses[status] = statuses.get(status, 0) + 1
            after = rss_mb(workers)
            growth = after - before
            print(f"round {rnd}: rss_mb={after:.1f} growth_mb={growth:+.1f} statuses={statuses}")
            before = after
        print(f"round{a.rounds}_growth_mb={growth:.1f}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
