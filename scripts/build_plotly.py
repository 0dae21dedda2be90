"""Build the plotly.js the Atlas serves: the same release as the Python package's, with only the traces it draws.

    python scripts/build_plotly.py          # writes assets/vendor/plotly-atlas.min.js

The full plotly.min.js (4.8 MB, 1.4 MB gzip) holds every trace type; the Atlas draws five: ``scattergeo`` and
``choropleth`` (the map), ``scatter`` and ``bar`` (trade timeline, sector chart), ``heatmap`` (coverage in the
Sources panel). This script installs the ``plotly.js`` npm package of the release the ``plotly`` Python package
embeds (so the browser and the server-side exports, which keep using the Python package's full bundle through
kaleido, draw with the same code) and esbuild, in a temporary folder, and bundles ``plotly.js/lib/core`` with
those traces the way plotly.js's own partial bundles are made (``lib/index-geo.js`` is the same with two
traces). Needs node and npm (the npm registry). ``tests/unit/test_plotly_bundle.py`` checks that the shipped
file is this release and that every trace type any figure of the Atlas uses is in it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "vendor" / "plotly-atlas.min.js"
TRACES = ("scatter", "bar", "heatmap", "scattergeo", "choropleth")  # scatter is part of plotly.js's core
ESBUILD = "0.28.2"
ENTRY = """var Plotly = require('plotly.js/lib/core');
Plotly.register([%s]);
module.exports = Plotly;
"""


def banner(version: str) -> str:
    return (f"/* plotly.js v{version} (MIT licence, Copyright 2012-2026 Plotly, Inc.), partial bundle of the "
            f"Kazakhstan-Turkiye Partnership Atlas. traces: {','.join(TRACES)}. "
            f"Built by scripts/build_plotly.py with esbuild {ESBUILD} from the plotly.js npm package. */")


def build(out: Path = OUT) -> Path:
    version = get_plotlyjs_version()
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: install node and npm (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory(prefix="plotly-build-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text(json.dumps({"name": "atlas-plotly-build", "private": True}))
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
                        f"plotly.js@{version}", f"esbuild@{ESBUILD}"], cwd=work, check=True)
        registered = ", ".join(f"require('plotly.js/lib/{t}')" for t in TRACES if t != "scatter")
        (work / "entry.js").write_text(ENTRY % registered)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(work / "node_modules" / ".bin" / "esbuild"), "entry.js", "--bundle", "--minify",
                        "--format=iife", "--global-name=Plotly", "--target=es2016", "--define:global=window",
                        "--define:define.amd=false", "--define:process.env.NODE_DEBUG=false",
                        "--loader:.css=empty",  # maplibre's stylesheet, required only by the map traces left out
                        "--legal-comments=none", f"--banner:js={banner(version)}", f"--outfile={out}"],
                       cwd=work, check=True)
    return out


if __name__ == "__main__":
    path = build()
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.2f} MB")
