"""The map: traces built once, and a pure style function for every view state and screen.

``map_figure`` draws everything; ``map_style`` returns, per trace key (``uid``), the properties
that change with year, sector, layers, selection, the map view and the panel's size. The callback
sends only those as a ``dash.Patch``, so a year change moves kilobytes, not the base map.

What a user sees, and how it is made:

* the frame fills its panel (:func:`dashboard.figures.geo.fit` widens the features' box to the
  panel's aspect ratio, measured in the browser and passed in as a :class:`Frame`);
* markers that would cover each other are spread apart with a thin leader line to their true
  place, at the current zoom (so the consulate general in Istanbul never hides under Ambarlı
  port, nor Kuryk under Aktau);
* cities of posts, ports and route names are labelled where they fit, without overlaps, more of
  them as the user zooms in;
* the selected year is stamped on the map; the legend never changes (its swatches are
  legend-only traces, not the styled ones).

Every post, port and route drawn, its name, kind, status, opening and place, comes from
:func:`dashboard.data.tables.feature_table`, the one table behind the map that the Table view and
``shown.csv`` list too; only a route's line is read from its geometry.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard import i18n
from dashboard.cache import per_atlas
from dashboard.data.compare import opened_between, years_label
from dashboard.data.labels import term
from dashboard.data.load import Atlas
from dashboard.data.selectors import is_blank, presence
from dashboard.data.tables import feature_table
from dashboard.figures import theme
from dashboard.figures.geo import (
    Box,
    Frame,
    LabelRequest,
    Marker,
    PlacedLabel,
    Projection,
    fit,
    marker_rect,
    place_labels,
    spread,
)
from dashboard.figures.keys import ANNOTATION, LAYOUT, Keys, Style, apply_style
from dashboard.i18n import N_, _
from dashboard.state import ViewState
from dashboard.textfit import text_width

__all__ = ["Frame", "map_figure", "map_keys", "map_style", "home_view", "feature_traces", "visible_feature_ids"]

FOCUS = {"KAZ": "Kazakhstan", "TUR": "Türkiye"}
PAD_DEG = 1.2  # room around the features' box
DEFAULT_FRAME = Frame()  # the 1366 x 768 layout's map panel, before the browser measures it
EXPORT_FRAME = Frame(1560, 640)  # the map's plotting area in a 1600 x 900 export (see export.annotate)

ROUTE_STYLE = {  # kind -> colour, width, legend label
    "rail": ("#0072B2", 4, N_("Middle Corridor — rail")),
    "sea": ("#56B4E9", 4, N_("Middle Corridor — ferry / sea")),
    "gas_pipeline": ("#D55E00", 4, N_("Gas pipeline")),
    "oil_pipeline": ("#6B3A0F", 4, N_("Oil pipeline")),
}
# Route names are written in a darker shade of their line's colour: readable on land and on water (WCAG AA).
ROUTE_INK = {"rail": "#005A8C", "sea": "#1F6A94", "gas_pipeline": "#A34700", "oil_pipeline": "#6B3A0F"}


@dataclass(frozen=True)
class PointGroup:
    key: str
    label: str
    layer: str
    symbol: str
    color: str
    size: int
    kinds: frozenset[str]
    verified: bool | None = None  # None: either
    rank: int = 5  # label priority: lower is labelled first


POINT_GROUPS = (
    PointGroup("embassy", N_("Embassy"), "posts", "star", theme.SECTOR_COLORS["diplomacy"], 20, frozenset({"embassy"}),
               rank=1),
    PointGroup("cg", N_("Consulate general"), "posts", "diamond", theme.SECTOR_COLORS["diplomacy"], 14,
               frozenset({"consulate_general"}), rank=2),
    PointGroup("hc", N_("Honorary consulate"), "posts", "circle", theme.SECTOR_COLORS["diplomacy"], 11,
               frozenset({"honorary_consulate"}), verified=True, rank=7),
    PointGroup("hc_unverified", N_("Honorary consulate, unverified"), "posts", "circle-open", "#8c5a7a", 12,
               frozenset({"honorary_consulate"}), verified=False, rank=8),
    PointGroup("seaport", N_("Seaport"), "ports", "square", "#0072B2", 12, frozenset({"seaport", "seaport_planned"}),
               rank=4),
    PointGroup("hub", N_("Rail hub / dry port"), "ports", "triangle-up", "#0072B2", 12,
               frozenset({"dry_port", "rail_border_station", "rail_hub"}), rank=6),
    PointGroup("energy_site", N_("Oil / gas terminal or field"), "ports", "hexagon", "#D55E00", 12,
               frozenset({"oil_terminal", "energy_terminal", "oil_field"}), rank=5),
)
PROMINENT = {"port_kuryk"}  # the article's flagship joint project: drawn larger, labelled first
ROUTE_RANK = 3
STAMP_SIZE = 30  # px, the year stamped on the map
STAMP_NOTE_SIZE = 15  # px, the line under it that names the rings of a comparison
HALO = "0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff"  # a white halo keeps labels readable over lines and land

# Short map labels (the card and the table carry the full names).
SHORT_NAMES = {
    "port_kuryk": "Kuryk port",
    "port_turkmenbashi": "Turkmenbashi",
    "port_aktau": "Aktau",
    "port_baku_alat": "Alat (Baku)",
    "port_anaklia": "Anaklia (planned)",
    "port_ambarli": "Ambarlı",
    "port_mersin": "Mersin port",
    "term_ceyhan": "Ceyhan",
    "term_sangachal": "Sangachal",
    "field_tengiz": "Tengiz",
    "term_novorossiysk": "Novorossiysk",
    "hub_khorgos_gateway": "Khorgos Gateway",
    "hub_altynkol": "Altynkol",
    "hub_dostyk": "Dostyk",
    "hub_alashankou": "Alashankou",
    "hub_kars": "Kars",
    "hub_akhalkalaki": "Akhalkalaki",
    "btc": "BTC oil pipeline",
    "cpc": "CPC oil pipeline",
    "scp": "South Caucasus gas",
    "tanap": "TANAP",
    "tap": "TAP",
    "tcp": "Trans-Caspian gas (proposed)",
    "tcp_kz_link": "Tengiz link (proposed)",
    "titr_btk_rail": "Baku–Tbilisi–Kars rail",
    "titr_ge_batumi_rail": "Samtredia–Batumi rail",
    "titr_ge_blacksea_rail": "Tbilisi–Poti rail",
    "titr_kz_rail_altynkol": "Middle Corridor rail (Altynkol)",
    "titr_kz_rail_dostyk": "Dostyk–Aktogay rail",
    "titr_kz_rail_aktogay_aktau": "Aktogay–Aktau rail",
    "titr_kz_rail_kuryk": "Beyneu–Kuryk rail",
    "titr_sea_aktau_alat": "Aktau–Alat ferry",
    "titr_sea_batumi_constanta": "Batumi–Constanța",
    "titr_sea_kuryk_alat": "Kuryk–Alat ferry",
    "titr_sea_poti_constanta": "Poti–Constanța",
    "titr_sea_turkmenbashi_alat": "Turkmenbashi–Alat ferry",
    "titr_tr_rail": "Middle Corridor rail (Türkiye)",
}
_IN_CITY = re.compile(r" in (?P<city>[^()]+?)(?: \(.*\))?$")

# Trace keys (uid): the one registry of the map's traces.
FOCUS_KEY, COUNTRY_LABELS, LEADERS, LABELS, SELECTED = "focus", "country-labels", "leaders", "labels", "selected"
YEAR_STAMP = "year-stamp"
NEW_RINGS = "new-rings"  # a comparison of two years: rings around what opened in between (dashboard.data.compare)
RING_COLOR = theme.COMPARE
RING_WIDTH = 3


def route_key(rid: str) -> str:
    return f"route-{rid}"


def handle_key(rid: str) -> str:
    return f"handles-{rid}"


def group_key(g: PointGroup) -> str:
    return f"points-{g.key}"


def short_name(fid: str, name: str) -> str:
    """The label drawn on the map: the city of a post, a port's or route's short name."""
    if fid in SHORT_NAMES:
        return SHORT_NAMES[fid]
    found = _IN_CITY.search(name)
    if found:
        return found["city"]
    return name.split(" (")[0].removeprefix("Port of ").strip()


def _pretty(kind: str) -> str:
    return term("feature_kind", kind, kind.replace("_", " ").capitalize())


def _since(row: pd.Series) -> str:
    opened = str(row.get("opened") or "").strip()
    return opened if opened and opened != "nan" else _("opening date not found in sources")


def _hover(atlas: Atlas, row: pd.Series) -> str:
    """A feature's hover text, from its row of the feature table, in the active language."""
    status = term("status", row["status"], row["status"].replace("_", " "))
    name = atlas.label("feature", row["id"], fallback=row["name"])
    return (
        f"<b>{name}</b><br>{_pretty(row['kind'])} · {status}<br>" + _("Since: {date}").format(date=_since(row))
        + "<br><i>" + _("Click for details and sources") + "</i>"
    )


HANDLE_STEP_DEG = 0.35  # spacing of the invisible hover/click handles along each route
HANDLE_CLEARANCE_DEG = 0.3  # no handle this close to a port or post, so those stay clickable
# Plotly ranks hovered points by max(d - r, 1 - 3/r): handles larger than any port or post marker always
# rank behind a marker under the cursor, and their wide radius makes the whole line easy to hit.
HANDLE_SIZE = 40


def route_handles(atlas: Atlas, line: shapely.LineString) -> tuple[list[float], list[float]]:
    """Invisible points along a route that carry its hover and click.

    Plotly geo lines only react at their vertices, and the vertices are the towns where ports and
    posts sit; handles between them make the whole line clickable without stealing a port's click.
    """
    table = feature_table(atlas)
    dots = table[table["layer"].isin(POINT_LAYERS)]
    points = shapely.points(dots["lon"].to_numpy(float), dots["lat"].to_numpy(float))
    steps = max(int(line.length / HANDLE_STEP_DEG), 1)
    lons, lats = [], []
    for k in range(steps + 1):
        p = line.interpolate((k + 0.5) / (steps + 1), normalized=True)
        if shapely.distance(points, p).min() > HANDLE_CLEARANCE_DEG:
            lons.append(round(p.x, 3))
            lats.append(round(p.y, 3))
    return lons, lats


POINT_LAYERS = ("posts", "ports")


def _group(atlas: Atlas, g: PointGroup) -> pd.DataFrame:
    """The rows of the feature table one point group draws (with their ``lon`` / ``lat``)."""
    table = feature_table(atlas)
    keep = table["layer"].eq(g.layer) & table["kind"].isin(g.kinds)
    if g.verified is not None:
        keep &= table["verified"].astype(bool) == g.verified
    return table[keep]


def _routes(atlas: Atlas) -> list[tuple[pd.Series, shapely.LineString]]:
    """Each route's row of the feature table and its line, in the table's order."""
    table = feature_table(atlas)
    lines = dict(zip(atlas.routes["id"], atlas.routes.geometry, strict=True))
    return [(r, lines[fid]) for fid, r in table.iterrows() if fid in lines]


def feature_traces(atlas: Atlas) -> dict[str, list[str]]:
    """Feature ids drawn by each keyed trace (route lines and point groups)."""
    feats = _features(atlas)
    out: dict[str, list[str]] = {route_key(r.id): [r.id] for r in feats.routes}
    for g in POINT_GROUPS:
        out[group_key(g)] = [p.id for p in feats.points if p.group is g]
    return out


def visible_feature_ids(atlas: Atlas, state: ViewState) -> list[str]:
    """Ids of the features the map shows for ``state`` (its layers), in trace order, each once."""
    feats = _features(atlas)
    wanted = [r.id for r in feats.routes if r.layer in state.layers]
    wanted += [p.id for p in feats.points if p.group.layer in state.layers]
    return list(dict.fromkeys(wanted))


# --------------------------------------------------------------------------- frame and view
def feature_bounds(atlas: Atlas) -> tuple[float, float, float, float]:
    """The box of every post, port and route, with a little room."""
    b = np.array([atlas.posts.total_bounds, atlas.ports.total_bounds, atlas.routes.total_bounds])
    lon0, lat0 = b[:, 0].min() - PAD_DEG, b[:, 1].min() - PAD_DEG
    lon1, lat1 = b[:, 2].max() + PAD_DEG, b[:, 3].max() + PAD_DEG
    return float(lon0), float(lat0), float(lon1), float(lat1)


@dataclass(frozen=True)
class Layout:
    """Where things go on a frame: the legend strip at the bottom and the geo box above it."""

    frame: Frame
    legend_rows: int
    legend_px: float
    box: Box

    @property
    def geo_height(self) -> float:
        return self.frame.height - self.legend_px


LEGEND_FONT = 13
LEGEND_SYMBOL = 40  # px plotly gives each legend entry's symbol, before its text
LEGEND_ROW = 21
NARROW = 560  # px: below this the legend would eat the map; a phone reads it in the Table view instead


def _legend_count(comparing: bool = False) -> int:
    return len(ROUTE_STYLE) + len(POINT_GROUPS) + len(STATUS_SWATCHES) + int(comparing)


def legend_text_width() -> int:
    """The longest legend label of the active language, in px: the width of every legend column's text, measured
    in the page's font (Russian labels are a third longer than English ones)."""
    return _legend_text_width(i18n.get_lang())


@functools.cache
def _legend_text_width(lang: str) -> int:
    names = [t.name for t in _legend_traces()] + [new_since(2000)]  # the rings' entry while comparing
    return math.ceil(max(text_width(name, LEGEND_FONT) for name in names)) + 2


def legend_entry() -> int:
    """px per legend entry (symbol and text) in the active language."""
    return LEGEND_SYMBOL + legend_text_width()


def frame_layout(atlas: Atlas, frame: Frame, comparing: bool = False) -> Layout:
    if frame.width < NARROW:
        rows, legend_px = 0, 0.0
    else:
        per_row = max(1, int((frame.width - 8) // legend_entry()))
        rows = math.ceil(_legend_count(comparing) / per_row)
        legend_px = rows * LEGEND_ROW + 8
    box = fit(feature_bounds(atlas), frame.width, frame.height - legend_px)
    return Layout(frame, rows, legend_px, box)


def home_view(atlas: Atlas) -> tuple[float, float, float]:
    """The default view (centre lon, lat and scale 1): the same on every screen."""
    lon, lat = fit(feature_bounds(atlas), 1, 1).center
    return round(lon, 2), round(lat, 2), 1.0


def projection(atlas: Atlas, state: ViewState, frame: Frame) -> Projection:
    lay = frame_layout(atlas, frame, state.compare is not None)
    lon, lat, scale = state.view or (*lay.box.center, 1.0)
    return Projection(lay.box, frame.width, lay.geo_height, (lon, lat), scale)


# --------------------------------------------------------------------------- traces
UNKNOWN_FILL = "#e8e8e8"  # pale grey: differs from every kind's colour by lightness, not hue (colour-blind safe)
UNKNOWN_LINE = 2.5
STATUS_SWATCHES = (
    (N_("Proposed (dotted)"), dict(mode="lines", line=dict(color=theme.MUTED, width=3, dash="dot"))),
    (N_("Not yet open in that year"),
     dict(mode="markers", marker=dict(symbol="square", size=12, color="#0072B2", opacity=0.25))),
    # A post with no known opening date, in a year before any source lists it as operating.
    (N_("Opening date unknown (pale)"),
     dict(mode="markers", marker=dict(symbol="circle", size=12, color=UNKNOWN_FILL,
                                      line=dict(color=theme.SECTOR_COLORS["diplomacy"], width=UNKNOWN_LINE)))),
)


def _legend_traces() -> list[go.Scattergeo]:
    """Legend-only swatches: never restyled, so the legend reads the same in every year."""
    out = []
    for kind, (color, width, label) in ROUTE_STYLE.items():
        out.append(go.Scattergeo(lon=[None], lat=[None], mode="lines", name=_(label), uid=f"legend-{kind}",
                                 line=dict(color=color, width=width), hoverinfo="skip"))
    for g in POINT_GROUPS:
        out.append(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=_(g.label), uid=f"legend-{g.key}",
                                 marker=dict(symbol=g.symbol, color=g.color, size=g.size,
                                             line=dict(color="white", width=1)), hoverinfo="skip"))
    for n, (label, style) in enumerate(STATUS_SWATCHES):
        out.append(go.Scattergeo(lon=[None], lat=[None], name=_(label), uid=f"legend-status{n}", hoverinfo="skip",
                                 **style))
    return out


def _focus_trace(atlas: Atlas) -> go.Choropleth:
    focus = atlas.countries[atlas.countries["iso_a3"].isin(list(FOCUS))]
    return go.Choropleth(
        geojson=focus.__geo_interface__,
        locations=list(focus["iso_a3"]),
        featureidkey="properties.iso_a3",
        z=[1] * len(focus),
        colorscale=[[0, theme.FOCUS_LAND], [1, theme.FOCUS_LAND]],
        showscale=False,
        marker_line=dict(color="#56606b", width=1.6),
        hoverinfo="skip",
        name="Kazakhstan and Türkiye",
        showlegend=False,
        uid=FOCUS_KEY,
    )


COUNTRY_ANCHORS = {"KAZ": (67.0, 48.3), "TUR": (35.0, 39.2)}  # label anchors inside each country
COUNTRY_SIZE = 17


def _country_labels(atlas: Atlas) -> go.Scattergeo:
    focus = atlas.countries[atlas.countries["iso_a3"].isin(list(FOCUS))].dissolve("iso_a3")
    pts = COUNTRY_ANCHORS
    assert all(focus.loc[k].geometry.contains(gpd.points_from_xy([x], [y])[0]) for k, (x, y) in pts.items())
    return go.Scattergeo(
        lon=[p[0] for p in pts.values()],
        lat=[p[1] for p in pts.values()],
        mode="text",
        text=[country_name(atlas, k).upper() for k in pts],
        textfont=dict(size=COUNTRY_SIZE, color="#56606b", family=theme.FONT),
        hoverinfo="skip",
        showlegend=False,
        name="country names",
        uid=COUNTRY_LABELS,
    )


def country_name(atlas: Atlas, iso: str) -> str:
    """A focus country's name on the map, in the active language."""
    return atlas.label("country", iso, fallback=FOCUS.get(iso, iso))


def map_figure(atlas: Atlas, state: ViewState, frame: Frame = DEFAULT_FRAME) -> go.Figure:
    """The whole map for ``state`` on a ``frame``; pure (same inputs, same figure)."""
    fig = go.Figure()
    fig.add_trace(_focus_trace(atlas))
    fig.add_trace(_country_labels(atlas))
    routes = _routes(atlas)
    for r, line in routes:
        color, width, label = ROUTE_STYLE[r["kind"]]
        xs, ys = line.xy
        fig.add_trace(
            go.Scattergeo(
                lon=list(xs),
                lat=list(ys),
                mode="lines",
                line=dict(color=color, width=width),
                name=r["name"],
                showlegend=False,
                hoverinfo="skip",
                customdata=[r["id"]] * len(xs),
                uid=route_key(r["id"]),
            )
        )
    for r, line in routes:
        lons, lats = route_handles(atlas, line)
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="markers",
                name=r["name"],
                showlegend=False,
                hoverinfo="text",
                marker=dict(size=HANDLE_SIZE, color="rgba(0,0,0,0)"),
                customdata=[r["id"]] * len(lons),
                hovertext=_hover(atlas, r),
                uid=handle_key(r["id"]),
            )
        )
    fig.add_trace(
        go.Scattergeo(lon=[], lat=[], mode="lines", name="true places", showlegend=False, hoverinfo="skip",
                      line=dict(color=theme.MUTED, width=1.2), uid=LEADERS)
    )
    for g in POINT_GROUPS:
        df = _group(atlas, g)
        fig.add_trace(
            go.Scattergeo(
                lon=list(df["lon"]),
                lat=list(df["lat"]),
                mode="markers",
                name=g.label,
                showlegend=False,
                marker=dict(
                    symbol=g.symbol,
                    color=g.color,
                    line=dict(color="white", width=1),
                    size=[_size(g, i) for i in df["id"]],
                ),
                customdata=list(df["id"]),
                hovertext=[_hover(atlas, r) for _i, r in df.iterrows()],
                hoverinfo="text",
                uid=group_key(g),
            )
        )
    fig.add_trace(
        go.Scattergeo(lon=[], lat=[], mode="markers+text", text=[], name="labels", showlegend=False,
                      hoverinfo="skip", marker=dict(opacity=0, size=[]),
                      textfont=dict(family=theme.FONT, size=13, color=theme.TEXT, shadow=HALO), uid=LABELS)
    )
    fig.add_trace(
        go.Scattergeo(
            lon=[],
            lat=[],
            mode="markers",
            name="Selected",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(symbol="circle-open", size=30, color="#000000", line=dict(width=3)),
            uid=SELECTED,
        )
    )
    for t in _legend_traces():
        fig.add_trace(t)
    fig.add_trace(  # last: drawn over the markers, and the legend's last entry while a comparison is on
        go.Scattergeo(lon=[], lat=[], mode="markers", name="", showlegend=False, hoverinfo="skip", uid=NEW_RINGS,
                      marker=dict(symbol="circle-open", size=[], color=RING_COLOR, line=dict(width=RING_WIDTH)))
    )
    fig.update_layout(
        **theme.base_layout(
            margin=dict(l=0, r=0, t=0, b=0),
            legend=dict(
                orientation="h",
                x=0.0,
                y=0.0,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=LEGEND_FONT),
                bgcolor="rgba(255,255,255,0)",
                entrywidth=legend_text_width(),
                itemclick=False,
                itemdoubleclick=False,
                tracegroupgap=0,
            ),
            geo=dict(
                projection=dict(type="mercator"),
                resolution=50,
                showland=True,
                landcolor=theme.LAND,
                showocean=True,
                oceancolor=theme.WATER,
                showlakes=True,
                lakecolor=theme.WATER,
                showcountries=True,
                countrycolor=theme.BORDER,
                countrywidth=0.7,
                showcoastlines=True,
                coastlinecolor=theme.BORDER,
                coastlinewidth=0.6,
                showframe=False,
                bgcolor=theme.WATER,
                fitbounds=False,
            ),
            annotations=[
                dict(name=YEAR_STAMP, xref="paper", yref="paper", x=0.008, y=0.99, xanchor="left", yanchor="top",
                     showarrow=False, text="", font=dict(size=STAMP_SIZE, color=theme.TEXT, family=theme.FONT),
                     bgcolor="rgba(255,255,255,0.85)", borderpad=4)
            ],
        )
    )
    apply_style(fig, map_style(atlas, state, frame), Keys.of(fig))
    return fig




def map_keys(atlas: Atlas) -> Keys:
    """The map's trace registry (read off the figure the builder makes)."""
    from dashboard.state import ViewState  # noqa: PLC0415 -- any state: the keys do not depend on it

    probe = ViewState(2000, 2000, "all", (), None, "KZ", None, 0)
    return Keys.of(map_figure(atlas, probe))


def _size(g: PointGroup, fid: str) -> float:
    return g.size * 1.7 if fid in PROMINENT else g.size


# --------------------------------------------------------------------------- styling
def _dim(sector_match: bool, present: str) -> float:
    base = 1.0 if present in ("open", "unknown", "planned") else 0.22
    return base if sector_match else base * 0.3


def year_stamp(state: ViewState) -> str:
    if state.compare is not None:
        return years_label(state.compare)
    return str(state.year) if state.year == state.year_start else f"{state.year_start}–{state.year}"


@dataclass(frozen=True)
class _Point:
    """A post or port as the style functions need it (plain values: no pandas in the hot path)."""

    id: str
    short: str  # the map label in each language
    names: dict
    group: PointGroup
    sector: str
    status: str
    opened_year: object
    operating_by_year: object  # a post with no opening date: from when a source lists it as operating
    lon: float
    lat: float
    size: float


@dataclass(frozen=True)
class _Route:
    id: str
    short: str
    names: dict  # the map label in each language
    kind: str
    layer: str
    sector: str
    status: str
    opened_year: object
    along: tuple[tuple[float, float], ...]  # 41 points from end to end, where a label may hang
    middle: tuple[float, float]


@dataclass(frozen=True)
class _Features:
    points: tuple[_Point, ...]  # in trace order: group by group
    routes: tuple[_Route, ...]
    home: tuple[float, float, float]


def _names(atlas: Atlas, r: pd.Series) -> dict:
    """A feature's map label in every language (English: the short name the map has always shown)."""
    short = short_name(r["id"], r["name"])
    return {lang: short if lang == i18n.DEFAULT else atlas.label("map_label", r["id"], lang, fallback=short)
            for lang in i18n.LANGUAGES}


@per_atlas
def _features(atlas: Atlas) -> _Features:
    """The atlas's features as plain records, made once per loaded atlas (the atlas is immutable)."""
    points = []
    for g in POINT_GROUPS:
        for _i, r in _group(atlas, g).iterrows():
            by = r.get("operating_by_year")
            points.append(_Point(r["id"], short_name(r["id"], r["name"]), _names(atlas, r), g, r["sector"],
                                 r["status"], r["opened_year"], None if is_blank(by) else int(by), float(r["lon"]),
                                 float(r["lat"]), _size(g, r["id"])))
    routes = []
    for r, line in _routes(atlas):
        along = tuple((p.x, p.y) for p in (line.interpolate(f, normalized=True) for f in np.linspace(0, 1, 41)))
        routes.append(_Route(r["id"], short_name(r["id"], r["name"]), _names(atlas, r), r["kind"], r["layer"],
                             r["sector"], r["status"], r["opened_year"], along, along[20]))
    return _Features(tuple(points), tuple(routes), home_view(atlas))


def map_style(atlas: Atlas, state: ViewState, frame: Frame = DEFAULT_FRAME) -> Style:
    """Per trace key, the properties that depend on the view state and the frame."""
    feats = _features(atlas)
    style: Style = {}
    year, sector, layers = state.year, state.sector, set(state.layers)
    for r in feats.routes:
        present = presence(r.status, r.opened_year, year)
        dash = "dot" if present == "later" else theme.STATUS_DASH.get(r.status, "solid")
        style[route_key(r.id)] = {
            "visible": r.layer in layers,
            "opacity": _dim(sector in ("all", r.sector), present),
            "line.dash": dash,
        }
        style[handle_key(r.id)] = {"visible": r.layer in layers}
    lay = frame_layout(atlas, frame, state.compare is not None)
    proj = projection(atlas, state, frame)
    shrink = marker_scale(frame)
    places = _spread_points(feats, state, proj, shrink)
    leader_lon: list[float | None] = []
    leader_lat: list[float | None] = []
    for g in POINT_GROUPS:
        mine = [p for p in feats.points if p.group is g]
        lon, lat = [], []
        for p in mine:
            px, py = places.get(p.id, (p.lon, p.lat))
            lon.append(round(px, 4))
            lat.append(round(py, 4))
            if (px, py) != (p.lon, p.lat):
                leader_lon += [round(p.lon, 4), round(px, 4), None]
                leader_lat += [round(p.lat, 4), round(py, 4), None]
        present = [presence(p.status, p.opened_year, year, p.operating_by_year) for p in mine]
        # Only posts: a port or hub with no date in the sources (Constanța, Batumi) has existed all along.
        unknown = [s == "unknown" and g.layer == "posts" for s in present]
        style[group_key(g)] = {
            "visible": g.layer in layers,
            "marker.size": [round(p.size * shrink, 2) for p in mine],
            "marker.opacity": [_dim(sector in ("all", p.sector), s) for p, s in zip(mine, present, strict=True)],
            # No opening date known in that year: a pale fill inside the kind's own outline (DATE_UNKNOWN swatch).
            "marker.color": [UNKNOWN_FILL if u else g.color for u in unknown],
            "marker.line.color": [g.color if u else "white" for u in unknown],
            "marker.line.width": [UNKNOWN_LINE if u else 1 for u in unknown],
            "lon": lon,
            "lat": lat,
        }
    style[LEADERS] = {"lon": leader_lon, "lat": leader_lat}
    style[LABELS] = _labels(feats, state, proj, places, shrink)
    sel = _selected_point(atlas, state.feature, places)
    style[SELECTED] = {"lon": [sel[0]] if sel else [], "lat": [sel[1]] if sel else []}
    center_lon, center_lat = proj.center
    view_key = ",".join(f"{v:g}" for v in state.view) if state.view else "home"
    style[LAYOUT] = {
        "geo.lonaxis.range": [round(v, 3) for v in lay.box.lon],
        "geo.lataxis.range": [round(v, 3) for v in lay.box.lat],
        "geo.domain.y": [round(lay.legend_px / frame.height, 4), 1],
        "geo.center.lon": round(center_lon, 3),
        "geo.center.lat": round(center_lat, 3),
        "geo.projection.scale": proj.scale,
        "showlegend": lay.legend_rows > 0,
        # A view set by the app (a link, a slide, "reset") must move the map; a user's own pan or zoom is kept
        # across redraws until it has reached the state, because the key changes only when the view does.
        "uirevision": view_key,
        "meta": {"home": list(feats.home[:2])},
    }
    style[ANNOTATION + YEAR_STAMP] = {"text": _stamp_text(state)}
    style[NEW_RINGS] = _rings(feats, state, places, shrink)
    return style


def new_since(first: int) -> str:
    """The rings' name, "New since 2013", in the active language."""
    # TRANSLATORS: the map's rings around what opened between two compared years; {year} is the first year. Where
    # the year would need a case ending, use a label and the value: "… (first year: {year})".
    return _("New since {year}").format(year=first)


def _stamp_text(state: ViewState) -> str:
    """The year stamped on the map; while comparing, both years and what the rings mean, in the rings' colour."""
    if state.compare is None:
        return f"<b>{year_stamp(state)}</b>"
    return (f"<b>{year_stamp(state)}</b><br><span style=\"font-size:{STAMP_NOTE_SIZE}px;color:{RING_COLOR}\">"
            f"◯ {new_since(state.compare[0])}</span>")


def ringed_ids(atlas: Atlas, state: ViewState) -> list[str]:
    """Ids of the visible features a comparison rings: opened after its first year and by its second."""
    points, routes = _ringed(_features(atlas), state)
    return [f.id for f in (*points, *routes)]


def _ringed(feats: _Features, state: ViewState) -> tuple[list[_Point], list[_Route]]:
    """The visible points and routes that opened between the compared years (none without a comparison)."""
    if state.compare is None:
        return [], []
    first, second = state.compare
    points = [p for p in _visible_points(feats, state) if opened_between(p.status, p.opened_year, first, second)]
    routes = [r for r in feats.routes
              if r.layer in state.layers and opened_between(r.status, r.opened_year, first, second)]
    return points, routes


def _rings(feats: _Features, state: ViewState, places: dict[str, tuple[float, float]], shrink: float) -> dict:
    """Rings around what opened between the compared years (points at their drawn place, routes at their middle)."""
    points, routes = _ringed(feats, state)
    centres = [places.get(p.id, (p.lon, p.lat)) for p in points] + [r.middle for r in routes]
    return {
        "lon": [round(x, 4) for x, _y in centres],
        "lat": [round(y, 4) for _x, y in centres],
        "marker.size": [round(p.size * shrink + 12, 2) for p in points] + [round(22 * shrink, 2)] * len(routes),
        "showlegend": state.compare is not None,
        "name": new_since(state.compare[0]) if state.compare else "",
    }


def _visible_points(feats: _Features, state: ViewState) -> list[_Point]:
    return [p for p in feats.points if p.group.layer in state.layers]


def marker_scale(frame: Frame) -> float:
    """Markers are drawn a little smaller on a phone-sized map, so a crowded region needs less spreading."""
    return 0.75 if frame.width < NARROW else 1.0


def _spread_points(feats: _Features, state: ViewState, proj: Projection,
                   shrink: float = 1.0) -> dict[str, tuple[float, float]]:
    return spread([Marker(p.id, p.lon, p.lat, p.size * shrink) for p in _visible_points(feats, state)], proj)


def _route_anchors(route: _Route, proj: Projection) -> list[tuple[float, float]]:
    """Points along a route to hang its label on: the middle of its visible part first."""
    fractions = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)
    seen = [p for p in route.along if proj.inside(*proj(*p))]
    if not seen:
        return []
    return [seen[int(f * (len(seen) - 1))] for f in fractions]


def _place(feats: _Features, state: ViewState, proj: Projection, places: dict[str, tuple[float, float]],
           shrink: float = 1.0) -> list[PlacedLabel]:
    sector, lang = state.sector, i18n.get_lang()
    requests: list[tuple[tuple, LabelRequest]] = []
    visible = _visible_points(feats, state)
    for p in visible:
        lon, lat = places.get(p.id, (p.lon, p.lat))
        rank = -1 if p.id == state.feature else (0 if p.id in PROMINENT else p.group.rank)
        key = (rank >= 0 and sector not in ("all", p.sector), rank)
        requests.append((key, LabelRequest(p.id, p.names[lang], lon, lat, p.size * shrink / 2 + 3)))
    for r in feats.routes:
        if r.layer not in state.layers:
            continue
        rank = -1 if r.id == state.feature else ROUTE_RANK
        key = (rank >= 0 and sector not in ("all", r.sector), rank)
        for lon, lat in _route_anchors(r, proj):
            requests.append((key, LabelRequest(r.id, r.names[lang], lon, lat, 5, 12)))
    requests.sort(key=lambda kr: kr[0])  # stable: data order within a rank
    obstacles = [marker_rect(*proj(*places.get(p.id, (p.lon, p.lat))), p.size * shrink) for p in visible]
    for (lon, lat), text in zip(COUNTRY_ANCHORS.values(), FOCUS.values(), strict=True):
        x, y = proj(lon, lat)
        w = len(text) * COUNTRY_SIZE * 0.68
        obstacles.append((x - w / 2, y - COUNTRY_SIZE * 0.7, x + w / 2, y + COUNTRY_SIZE * 0.7))
    stamp = len(year_stamp(state)) * STAMP_SIZE * 0.62 + 16
    note = STAMP_NOTE_SIZE * 1.4 if state.compare else 0  # the rings' name under the years
    obstacles.append((0, 0, stamp, STAMP_SIZE * 1.5 + 8 + note))  # the year stamp, top left
    return place_labels([r for _, r in requests], proj, obstacles)


def _labels(feats: _Features, state: ViewState, proj: Projection, places: dict[str, tuple[float, float]],
            shrink: float) -> dict:
    placed = _place(feats, state, proj, places, shrink)
    colors = {r.id: ROUTE_INK[r.kind] for r in feats.routes}
    return {
        "lon": [round(p.lon, 4) for p in placed],
        "lat": [round(p.lat, 4) for p in placed],
        "text": [f"<i>{p.text}</i>" if p.key in colors else (f"<b>{p.text}</b>" if p.key in PROMINENT else p.text)
                 for p in placed],
        "textposition": [p.position for p in placed],
        "textfont.color": [colors.get(p.key, theme.TEXT) for p in placed],
        "textfont.size": [12 if p.key in colors else 13 for p in placed],
        # Plotly sets text off its point by (marker radius / 0.8 + 1) px: invisible markers give each label the
        # clearance it was placed with.
        "marker.size": [round(2 * 0.8 * max(p.clearance - 1, 0), 2) for p in placed],
        "customdata": [p.key for p in placed],
    }


def map_labels(atlas: Atlas, state: ViewState, frame: Frame = DEFAULT_FRAME) -> list[PlacedLabel]:
    """The labels the map draws for ``state`` on ``frame``, each with its rectangle in frame pixels."""
    feats = _features(atlas)
    proj = projection(atlas, state, frame)
    shrink = marker_scale(frame)
    return _place(feats, state, proj, _spread_points(feats, state, proj, shrink), shrink)


def _selected_point(atlas: Atlas, feature: str | None,
                    places: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    if not feature:
        return None
    if feature in places:
        return round(places[feature][0], 4), round(places[feature][1], 4)
    for frame in (atlas.posts, atlas.ports, atlas.routes):
        hit = frame[frame["id"] == feature]
        if len(hit):
            geom = hit.geometry.iloc[0]
            p = geom if geom.geom_type == "Point" else geom.interpolate(0.5, normalized=True)
            return round(p.x, 4), round(p.y, 4)
    return None
