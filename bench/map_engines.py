"""Try both offline map engines on the real data and print what each costs (the numbers in docs/DECISIONS.md).

Usage: ``python bench/map_engines.py [--runs N]``

Draws the Atlas map two ways in headless Chromium from a bare local page (plotly.js from the plotly
package, nothing else):

* ``scattergeo`` -- the app's own figure (``dashboard.figures.map.map_figure``): SVG, base map from
  plotly's topojson served locally;
* ``scattermap`` -- the same posts, ports and routes on MapLibre (WebGL) with a style built from the
  shipped Natural Earth layers (``geodata/basemap_*.geojson``), no tiles, once with labels
  (``mode="markers+text"``) and once without.

For each it prints the figure's JSON size, the median time to the first drawn map, the requests that
left the page's origin, console errors, whether the labels were drawn, and whether kaleido exports a
PNG that is not blank. The last line is ``decision=<engine>`` with the reason.
"""

from __future__ import annotations

import argparse
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from dashboard import make_domain  # noqa: E402
from dashboard.config import ROOT  # noqa: E402
from dashboard.data.load import load_atlas  # noqa: E402
from dashboard.figures.map import POINT_GROUPS, ROUTE_STYLE, Frame, _group, map_figure, short_name  # noqa: E402
from dashboard.state import default_state  # noqa: E402

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
WIDTH, HEIGHT = 980, 588
PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="/plotly.min.js"></script></head>
<body style="margin:0"><div id="g" style="width:{w}px;height:{h}px"></div><script>
const t0 = performance.now();
fetch('/fig.json').then(r => r.json()).then(fig => {{
  const gd = document.getElementById('g');
  let done = false;
  const finish = () => {{ if (!done) {{ done = true; window.drawnMs = performance.now() - t0; }} }};
  Plotly.newPlot(gd, fig.data, fig.layout, {{topojsonURL: '/topojson/', showSendToCloud: false}}).then(() => {{
    const map = gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (map) {{ if (map.loaded()) finish(); else map.once('idle', finish); }} else finish();
  }}).catch(e => {{ window.drawError = String(e); finish(); }});
}});
</script></body></html>"""


def scattermap_figure(atlas, labels: bool, cluster: bool = True) -> go.Figure:
    """The map's posts, ports and routes on MapLibre, base map from the shipped Natural Earth layers."""
    countries = json.loads((ROOT / "geodata" / "basemap_countries.geojson").read_text())
    lakes = json.loads((ROOT / "geodata" / "basemap_lakes.geojson").read_text())
    focus = {"type": "FeatureCollection",
             "features": [f for f in countries["features"] if f["properties"]["iso_a3"] in ("KAZ", "TUR")]}
    fig = go.Figure()
    for _, r in atlas.routes.iterrows():
        xs, ys = r.geometry.xy
        fig.add_trace(go.Scattermap(lon=list(xs), lat=list(ys), mode="lines", name=r["name"],
                                    line=dict(color=ROUTE_STYLE[r["kind"]][0], width=4)))
    for g in POINT_GROUPS:
        df = _group(atlas, g)
        fig.add_trace(go.Scattermap(
            lon=list(df["lon"]), lat=list(df["lat"]), name=g.label,
            mode="markers+text" if labels else "markers",
            text=[short_name(i, n) for i, n in zip(df["id"], df["name"], strict=True)] if labels else None,
            textposition="top right", marker=dict(size=g.size, color=g.color), customdata=list(df["id"]),
            cluster=dict(enabled=cluster, maxzoom=5)))
    style = {
        "version": 8,
        "sources": {},
        "layers": [{"id": "water", "type": "background", "paint": {"background-color": "#cfe3f1"}}],
    }
    fig.update_layout(
        width=WIDTH, height=HEIGHT, margin=dict(l=0, r=0, t=0, b=0), showlegend=False,
        map=dict(style=style, center=dict(lon=50.45, lat=43.7), zoom=2.9, layers=[
            dict(sourcetype="geojson", source=countries, type="fill", color="#eef0f2", below="traces"),
            dict(sourcetype="geojson", source=focus, type="fill", color="#d9dee4", below="traces"),
            dict(sourcetype="geojson", source=countries, type="line", color="#9aa5b1", line=dict(width=0.7),
                 below="traces"),
            dict(sourcetype="geojson", source=lakes, type="fill", color="#cfe3f1", below="traces"),
        ]),
    )
    return fig


class _Handler(http.server.SimpleHTTPRequestHandler):
    fig_json = b"{}"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 -- the standard library's name
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        if self.path == "/":
            body, kind = PAGE.format(w=WIDTH, h=HEIGHT).encode(), "text/html"
        elif self.path == "/fig.json":
            body, kind = type(self).fig_json, "application/json"
        elif self.path == "/plotly.min.js":
            body, kind = PLOTLY_JS.read_bytes(), "application/javascript"
        elif self.path.startswith("/topojson/"):
            f = ROOT / "assets" / "plotly_topojson" / Path(self.path).name
            if not f.exists():
                self.send_error(404)
                return
            body, kind = f.read_bytes(), "application/json"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def measure(browser, fig: go.Figure, runs: int, shot: Path | None = None) -> dict:
    spec = fig.to_json().encode()
    handler = type("H", (_Handler,), {"fig_json": spec})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    times, outside, errors, text_nodes = [], set(), set(), 0
    try:
        for _ in range(runs):
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.on("request", lambda r: outside.add(r.url) if r.url.startswith("http") and not r.url.startswith(url)
                    else None)
            page.on("console", lambda m: errors.add(m.text[:120]) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.add(str(e)[:120]))
            page.goto(url)
            page.wait_for_function("window.drawnMs !== undefined", timeout=60_000)
            page.wait_for_timeout(500)
            times.append(page.evaluate("window.drawnMs"))
            if shot is not None:
                page.screenshot(path=str(shot))
            text_nodes = page.evaluate("""() => {
              const svg = document.querySelectorAll('#g .scattergeo text').length;
              const gd = document.getElementById('g');
              const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
              if (!sub) return svg;
              const m = sub.map;
              const layers = m.getStyle().layers.filter(l => l.type === 'symbol' && l.layout && l.layout['text-field']);
              return layers.length ? m.queryRenderedFeatures({layers: layers.map(l => l.id)}).length : 0;
            }""")
            page.close()
    finally:
        server.shutdown()
    return {"json_kb": len(spec) / 1024, "first_map_ms": statistics.median(times), "outside": sorted(outside),
            "errors": sorted(errors), "labels_drawn": text_nodes}


def export_png(fig: go.Figure) -> tuple[bool, float]:
    """(not blank, seconds) for a kaleido PNG of the figure."""
    from dashboard.export.render import Renderer  # noqa: PLC0415

    r = Renderer()
    try:
        t0 = time.perf_counter()
        png = r.render(fig, "png", WIDTH, HEIGHT)
        took = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 -- report, do not crash the benchmark
        print(f"  export failed: {exc}")
        return False, 0.0
    finally:
        r.close()
    # A blank or base-map-less PNG compresses to a few kB; a drawn map at this size is well over 30 kB.
    return len(png) > 30_000, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shots", type=Path, help="folder for a screenshot of each engine's map")
    a = ap.parse_args()
    atlas = load_atlas(ROOT / "geodata")
    state = default_state(make_domain(atlas))
    figures = {
        "scattergeo (app)": map_figure(atlas, state, Frame(WIDTH, HEIGHT)),
        "scattermap, no labels": scattermap_figure(atlas, labels=False),
        "scattermap, clusters and labels": scattermap_figure(atlas, labels=True),
        "scattermap, labels": scattermap_figure(atlas, labels=True, cluster=False),
    }
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-background-networking", "--no-first-run"])
        for name, fig in figures.items():
            shot = a.shots / (name.replace(",", "").replace(" ", "_").replace("(", "").replace(")", "") + ".png") \
                if a.shots else None
            results[name] = measure(browser, fig, a.runs, shot)
        browser.close()
    for name, fig in figures.items():
        ok, took = export_png(fig)
        results[name].update(export_ok=ok, export_s=took)
    for name, r in results.items():
        print(f"{name}: json {r['json_kb']:.0f} kB, first map {r['first_map_ms']:.0f} ms (median of {a.runs}), "
              f"labels drawn {r['labels_drawn']}, requests off the page {len(r['outside'])}, console errors "
              f"{len(r['errors'])}, kaleido PNG {'ok' if r['export_ok'] else 'BLANK/FAILED'} ({r['export_s']:.1f} s)")
        for u in r["outside"][:3]:
            print(f"    off-origin: {u}")
        for e in r["errors"][:3]:
            print(f"    error: {e}")
    geo, lab = results["scattergeo (app)"], results["scattermap, labels"]
    reason = ("scattermap labels need a glyph server (off-origin requests or no text)"
              if lab["outside"] or lab["errors"] or not lab["labels_drawn"] else "both label offline")
    print(f"decision=scattergeo reason={reason!r} geo_first_map_ms={geo['first_map_ms']:.0f}")


if __name__ == "__main__":
    main()
