"""Colour-vision deficiency: the sector palette stays distinguishable under simulated protanopia and
deuteranopia, and where colour tells things apart on a chart, shape or line style does too.

Simulation: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision
deficiency", severity 1.0 matrices, applied in linear sRGB; differences measured as CIE76 ΔE in CIELAB (D65).
"""

from __future__ import annotations

from itertools import combinations

import pytest

from dashboard import make_domain
from dashboard.data.schema import SECTORS
from dashboard.figures import theme
from dashboard.figures.trade import trade_figure
from dashboard.state import default_state, with_changes

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
}
MIN_DELTA_E = 10.0  # clearly different side by side (ΔE 2.3 is a just-noticeable difference)


def _linear(hex_colour: str) -> list[float]:
    c = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]


def simulate(hex_colour: str, kind: str) -> list[float]:
    """The linear RGB a viewer with ``kind`` of colour vision perceives for ``hex_colour`` (clipped to 0..1)."""
    rgb = _linear(hex_colour)
    return [min(1.0, max(0.0, sum(m * v for m, v in zip(row, rgb, strict=True)))) for row in MACHADO[kind]]


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [v / w for v, w in zip(xyz, (0.95047, 1.0, 1.08883), strict=True)]
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in f]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e(a: str, b: str, kind: str) -> float:
    la, lb = lab(simulate(a, kind)), lab(simulate(b, kind))
    return sum((x - y) ** 2 for x, y in zip(la, lb, strict=True)) ** 0.5


def test_the_simulation_is_sane():
    """Red and green, far apart to most eyes, nearly merge for the deuteranope: the model does what it should."""
    assert delta_e("#d62728", "#2ca02c", "normal") > 60
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < delta_e("#d62728", "#2ca02c", "normal") / 2


@pytest.mark.parametrize("kind", ["normal", "protanopia", "deuteranopia"])
def test_every_pair_of_sector_colours_stays_apart(kind):
    colours = {k: theme.SECTOR_COLORS[k] for k in SECTORS}
    worst = min(((delta_e(colours[a], colours[b], kind), a, b) for a, b in combinations(colours, 2)))
    assert worst[0] >= MIN_DELTA_E, f"{kind}: {worst[1]} and {worst[2]} differ by ΔE {worst[0]:.1f} only"


@pytest.mark.parametrize("kind", ["protanopia", "deuteranopia"])
def test_trade_flow_colours_stay_apart(kind):
    flows = list(theme.FLOW_COLORS.values())
    assert min(delta_e(a, b, kind) for a, b in combinations(flows, 2)) >= MIN_DELTA_E


def test_kazakh_and_turkish_series_differ_by_shape_and_line_not_colour_alone(atlas):
    """With both reporters shown, the two turnover lines have one ink: markers and dashes tell them apart."""
    state = with_changes(default_state(make_domain(atlas)), reporter="both")
    lines = [t for t in trade_figure(atlas, state).data if t.type == "scatter" and t.mode == "lines+markers"]
    assert len(lines) == 2
    kz, tr = lines
    assert kz.marker.symbol != tr.marker.symbol
    assert kz.line.dash != tr.line.dash


def test_milestones_are_placed_by_sector_as_well_as_coloured(atlas):
    """Milestone markers carry their sector in their row (a labelled axis), not only in their colour."""
    fig = trade_figure(atlas, default_state(make_domain(atlas)))
    milestones = next(t for t in fig.data if t.name == "Milestone")
    rows = {}
    for y, colour in zip(milestones.y, milestones.marker.color, strict=True):
        rows.setdefault(colour, set()).add(y)
    assert all(len(ys) == 1 for ys in rows.values()) and len({next(iter(v)) for v in rows.values()}) == len(rows)
