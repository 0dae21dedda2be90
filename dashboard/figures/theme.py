"""One theme for every figure: colour-blind-safe palette (Okabe–Ito), type sizes for a projector."""

from __future__ import annotations

import plotly.graph_objects as go

FONT = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"
TEXT = "#1d2733"
MUTED = "#5b6673"
GRID = "#e3e7ec"
PAPER = "#ffffff"

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
SECTOR_COLORS = {
    "energy": "#D55E00",
    "transport": "#0072B2",
    "agriculture": "#009E73",
    "metals": "#E69F00",
    "diplomacy": "#CC79A7",
    "trade": "#56B4E9",
    "all": "#1d2733",
}
# Trade flows differ in lightness as well as hue, so they survive greyscale print too.
FLOW_COLORS = {
    "total_turnover": "#1d2733",
    "kz_exports_to_tr": "#56B4E9",
    "tr_exports_to_kz": "#0B3C5D",
}
REPORTER_SYMBOLS = {"KZ": "circle", "TR": "diamond", "OTHER": "square"}
# Status: operational solid, under construction dashed, proposed/planned dotted.
STATUS_DASH = {"operational": "solid", "under_construction": "dash", "proposed": "dot", "planned": "dot"}

# Two compared years (rings on the map, year marks on the trade chart): Okabe–Ito orange darkened to 3.6:1 or more
# on land and water, apart from the black ring of the selected feature.
COMPARE = "#A65F00"

LAND = "#eef0f2"
FOCUS_LAND = "#d9dee4"
WATER = "#cfe3f1"
BORDER = "#9aa5b1"

BASE_FONT_SIZE = 15


def base_layout(**overrides) -> dict:
    """Layout shared by every chart: fonts big enough to read from the back of a room."""
    layout = dict(
        font=dict(family=FONT, size=BASE_FONT_SIZE, color=TEXT),
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        margin=dict(l=10, r=10, t=36, b=10),
        hoverlabel=dict(font=dict(family=FONT, size=14), align="left"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, font=dict(size=13)),
    )
    layout.update(overrides)
    return layout


def message_figure(text: str, height: int | None = None) -> go.Figure:
    """A figure that says plainly why there is nothing to chart."""
    fig = go.Figure()
    fig.update_layout(**base_layout(height=height))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(
        text=text,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font=dict(size=16, color=MUTED),
        align="center",
    )
    return fig

