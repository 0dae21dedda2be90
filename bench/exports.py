"""Benchmark the heavy exports through the app's own routes (Flask test client, the real kaleido renderer).

Usage: ``python bench/exports.py [--repeat N]``

Prints the Chromium start, then the median (and worst) of N warm runs of: the map PNG, the trade chart PNG,
the PDF of the prepared briefing, its PowerPoint file (7 slides) and its HTML deck, with the files' sizes. The last
line is ``pptx_s=<n> pdf_s=<n> html_s=<n>`` (medians, warm). Target on a 2-core machine: the 7-slide PPTX in
under 8 s warm.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import create_app  # noqa: E402
from dashboard.config import ROOT, Settings  # noqa: E402
from dashboard.export.render import default_renderer  # noqa: E402

ROUTES = {
    "png_map": "/export/map.png?year=2024&sector=transport",
    "png_trade": "/export/trade.png?year=2022&reporter=both",
    "pdf": "/export/briefing.pdf",
    "pptx": "/export/briefing.pptx",
    "html": "/export/briefing.html",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per export (default 3)")
    args = parser.parse_args()
    client = create_app(Settings(data_dir=ROOT / "geodata", export_rate="1000/minute")).server.test_client()
    began = time.perf_counter()
    if not default_renderer().available():
        sys.exit("Chromium is not available: apt-get install chromium")
    print(f"chromium start      {time.perf_counter() - began:6.2f} s")
    medians = {}
    for name, path in ROUTES.items():
        client.get(path)  # warm: the figure caches and the renderer's page for this kind of figure
        times, size = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{path}: HTTP {response.status_code}: {response.get_data(as_text=True)[:300]}")
            size = len(response.data)
        medians[name] = statistics.median(times)
        print(f"{name:<18} {medians[name]:6.2f} s median, {max(times):6.2f} s worst, {size / 1024:8.0f} KB")
    print(f"pptx_s={medians['pptx']:.2f} pdf_s={medians['pdf']:.2f} html_s={medians['html']:.2f}")


if __name__ == "__main__":
    main()
