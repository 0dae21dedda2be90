"""What the browser loads first, built from releases by scripts: the plotly.js partial bundle (the release of the
plotly Python package, every trace type the Atlas draws) and the base map cut to the region (reproducible)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs_version

from dashboard import make_domain
from dashboard.data.tables import sector_points
from dashboard.figures.coverage import sector_coverage_figure, trade_coverage_figure
from dashboard.figures.map import map_figure
from dashboard.figures.sector import sector_figure
from dashboard.figures.trade import trade_figure
from dashboard.state import default_state, with_changes

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "assets" / "vendor" / "plotly-atlas.min.js"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundle_is_the_python_packages_release_with_every_trace_type_the_atlas_draws(atlas):
    head = BUNDLE.read_text(encoding="utf-8")[:600]
    assert f"plotly.js v{get_plotlyjs_version()} " in head
    traces = set(re.search(r"traces: ([a-z,]+)", head).group(1).split(","))
    assert traces == set(_script("build_plotly").TRACES)
    state = default_state(make_domain(atlas))
    figures: list[go.Figure] = [map_figure(atlas, state), trade_figure(atlas, state),
                                trade_figure(atlas, with_changes(state, reporter="both")),
                                trade_coverage_figure(atlas), sector_coverage_figure(atlas)]
    for sector in ("all", "energy", "transport"):
        _option, rows = sector_points(atlas, sector, None)
        figures.append(sector_figure(rows, sector, state.year))
    used = {t.type or "scatter" for f in figures for t in f.data}
    assert used <= traces, f"trace types drawn but not in the bundle: {used - traces}"


def test_the_regional_base_map_is_the_cut_of_the_world_file_and_keeps_the_region():
    build = _script("build_topojson")
    shipped = json.loads(build.OUT.read_text())
    assert shipped == build.cut(json.loads(build.SOURCE.read_text()))  # rebuilt by the script, not edited
    countries = {g.get("id") for g in shipped["objects"]["countries"]["geometries"]}
    assert {"KAZ", "TUR", "AZE", "GEO", "TKM", "UZB", "RUS", "CHN", "IRN"} <= countries
    assert not countries & {"USA", "BRA", "AUS"}  # the other side of the world is left out
    assert build.OUT.stat().st_size < build.SOURCE.stat().st_size / 3
