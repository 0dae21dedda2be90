"""Benchmark every callback through the app's HTTP endpoint: all sectors × all years.

Usage: ``python bench/callbacks.py [--repeat N]``

Prints p50/p95 server time and response size per callback, then one line
``p95_ms=<n> update_kb=<n>`` where p95_ms is the worst per-callback p95 and update_kb the largest
single response to a year or sector change. Targets on a 2-core machine: p95 < 50 ms, update_kb < 50.
Then the Sources & checks dialog as a reader uses it, in every language from a fresh start: open it, then
switch to each tab in turn; one line ``tabs_p95_ms=<n> tabs_max_ms=<n>`` (target: p95 under 1000 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import create_app, i18n, ids, make_domain  # noqa: E402
from dashboard.config import ROOT, Settings  # noqa: E402
from dashboard.data.load import load_atlas  # noqa: E402
from dashboard.devtools import call  # noqa: E402
from dashboard.layout.provenance import PROV_IDS, TABS  # noqa: E402
from dashboard.state import default_state, encode, with_changes  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="passes over the grid")
    a = ap.parse_args()
    settings = Settings(data_dir=ROOT / "geodata")
    app = create_app(settings)
    client = app.server.test_client()
    domain = make_domain(load_atlas(settings.data_dir))
    base = default_state(domain)
    layers = list(domain.layers)
    times: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    update_sizes: list[int] = []

    def run(name: str, values: dict, changed: list[str], is_update: bool) -> None:
        t0 = time.perf_counter()
        r = call(client, app, name, values, changed)
        times[name].append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{name} answered {r.status_code}: {r.get_data(as_text=True)[:200]}")
        sizes[name].append(len(r.data))
        if is_update:
            update_sizes.append(len(r.data))

    lo, hi = domain.years
    patch_key = next(k for k in app.callback_map if k.startswith("trade-chart.figure@"))
    for _ in range(a.repeat):
        for sector in ("all", *domain.sectors):
            for year in range(lo, hi + 1):
                state = with_changes(base, sector=sector, year=year, year_start=year)
                query = encode(state, domain)
                prev = encode(with_changes(state, year=year - 1 if year > lo else hi), domain)
                run(
                    "view-state.data",
                    {
                        "url.search": "",
                        "sector-chips.value": sector,
                        "year-slider.value": year,
                        "layer-toggles.value": layers,
                        "reporter-toggle.value": "KZ",
                        "view-state.data": prev,
                    },
                    ["year-slider.value"],
                    True,
                )
                for name in ("headline.children", "sector-indicator.options", "export-menu.children",
                             "briefing-bar.children"):
                    run(name, {"view-state.data": query}, ["view-state.data"], True)
                # The map's patch on a laptop's panel, at the home view and zoomed in on Türkiye (labels and
                # spread markers are placed anew for the view).
                laptop = {"width": 980, "height": 588}
                for view in ("", "&view=35,39,3.2"):
                    run("map.figure", {"view-state.data": query + view, "map-frame.data": laptop},
                        ["view-state.data"], True)
                run(
                    "sector-chart.figure",
                    {"view-state.data": query, "sector-indicator.value": None, "analysis-seen.data": True},
                    ["view-state.data"],
                    True,
                )
                run(patch_key, {"view-state.data": query, "analysis-seen.data": True}, ["view-state.data"], True)
                # The trade chart's full redraw happens on a reporter change only.
                run(
                    "trade-chart.figure",
                    {"reporter-toggle.value": "both", "view-state.data": query, "analysis-seen.data": True},
                    ["reporter-toggle.value"],
                    False,
                )
    print(f"{'callback':28s} {'calls':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p95 kB':>8s} {'max kB':>8s}")
    worst = 0.0
    for name in times:
        p95 = _pct(times[name], 95)
        worst = max(worst, p95)
        kb = [s / 1024 for s in sizes[name]]
        label = "trade-chart.figure (patch)" if name == patch_key else name
        print(
            f"{label:28s} {len(times[name]):6d} {statistics.median(times[name]):8.1f} {p95:8.1f} "
            f"{_pct(kb, 95):8.1f} {max(kb):8.1f}"
        )
    print(
        "(trade-chart.figure is the full redraw sent only when the reporter changes; year and sector changes patch it)"
    )
    print(f"p95_ms={worst:.1f} update_kb={max(update_sizes) / 1024:.1f}")
    sources_tabs(client, app, a.repeat)


def sources_tabs(client, app, repeat: int) -> None:
    """The Sources & checks dialog: opened, then each tab shown in turn, in every language (the first pass
    builds each tab; later passes find it in the cache)."""
    times: list[float] = []
    tab_ids = [PROV_IDS[k] for k in TABS]
    for _ in range(max(repeat, 1)):
        for lang in i18n.LANGUAGES:
            clicks = dict.fromkeys(tab_ids, 0)
            for n, trigger in enumerate([ids.SOURCES_PANEL, *tab_ids[1:], tab_ids[0]]):
                selected = tab_ids[max(n - 1, 0)] if n else tab_ids[0]
                if trigger in clicks:
                    clicks[trigger] += 1
                values = {f"{ids.SOURCES_PANEL}.is_open": True, f"{ids.LANG}.value": lang,
                          **{f"{t}.n_clicks": c for t, c in clicks.items()},
                          **{f"{t}.aria-selected": "true" if t == selected else "false" for t in tab_ids}}
                prop = "is_open" if trigger == ids.SOURCES_PANEL else "n_clicks"
                t0 = time.perf_counter()
                r = call(client, app, "prov-panel.children", values, [f"{trigger}.{prop}"])
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"Sources tab answered {r.status_code}: {r.get_data(as_text=True)[:200]}")
    print(f"Sources & checks: {len(times)} tab switches, p50 {statistics.median(times):.0f} ms")
    print(f"tabs_p95_ms={_pct(times, 95):.0f} tabs_max_ms={max(times):.0f}")


if __name__ == "__main__":
    main()
