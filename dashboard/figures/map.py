"""The map: a fixed list of traces built once, and a pure style function for every view state.

``map_figure`` draws everything; ``map_style`` returns, per trace, the few properties that
change with year, sector, layers and selection. The callback sends only those as a
``dash.Patch``, so a year change moves kilobytes, not the base map.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.data.load import Atlas
from dashboard.data.selectors import presence
from dashboard.figures import theme
from dashboard.figures.theme import apply_style
from dashboard.state import ViewState

DEFAULT_VIEW = (52.0, 43.5, 1.0)  # lon, lat, projection scale: Balkans to western China
LON_RANGE, LAT_RANGE = (10.0, 96.0), (34.0, 56.5)
FOCUS = {"KAZ": "Kazakhstan", "TUR": "Türkiye"}

ROUTE_STYLE = {  # kind -> colour, width, legend label
    "rail": ("#0072B2", 4, "Middle Corridor — rail"),
    "sea": ("#56B4E9", 4, "Middle Corridor — sea / ferry"),
    "gas_pipeline": ("#D55E00", 4, "Gas pipeline"),
    "oil_pipeline": ("#6B3A0F", 4, "Oil pipeline"),
}


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


POINT_GROUPS = (
    PointGroup("embassy", "Embassy", "posts", "star", theme.SECTOR_COLORS["diplomacy"], 20, frozenset({"embassy"})),
    PointGroup(
        "cg",
        "Consulate general",
        "posts",
        "diamond",
        theme.SECTOR_COLORS["diplomacy"],
        14,
        frozenset({"consulate_general"}),
    ),
    PointGroup(
        "hc",
        "Honorary consulate",
        "posts",
        "circle",
        theme.SECTOR_COLORS["diplomacy"],
        11,
        frozenset({"honorary_consulate"}),
        verified=True,
    ),
    PointGroup(
        "hc_unverified",
        "Honorary consulate — unverified",
        "posts",
        "circle-open",
        "#8c5a7a",
        12,
        frozenset({"honorary_consulate"}),
        verified=False,
    ),
    PointGroup(
        "planned_post",
        "Consulate — planned",
        "posts",
        "diamond-open",
        theme.SECTOR_COLORS["diplomacy"],
        14,
        frozenset({"consulate_planned"}),
    ),
    PointGroup("seaport", "Seaport", "ports", "square", "#0072B2", 12, frozenset({"seaport", "seaport_planned"})),
    PointGroup(
        "hub",
        "Rail hub / dry port",
        "ports",
        "triangle-up",
        "#0072B2",
        12,
        frozenset({"dry_port", "rail_border_station", "rail_hub"}),
    ),
    PointGroup(
        "energy_site",
        "Oil / gas terminal or field",
        "ports",
        "hexagon",
        "#D55E00",
        12,
        frozenset({"oil_terminal", "energy_terminal", "oil_field"}),
    ),
)
PROMINENT = {"port_kuryk"}  # the article's flagship joint project
LABELLED = {
    "port_kuryk": "<b>Kuryk port</b>",
    "port_baku_alat": "Alat (Baku)",
    "term_ceyhan": "Ceyhan",
    "kz_emb_ankara": "Ankara",
    "tr_emb_astana": "Astana",
}


def _pretty(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _since(row: pd.Series) -> str:
    opened = str(row.get("opened") or "").strip()
    return opened if opened and opened != "nan" else "opening date not found in sources"


def _hover(row: pd.Series) -> str:
    status = row["status"].replace("_", " ")
    return (
        f"<b>{row['name']}</b><br>{_pretty(row['kind'])} · {status}<br>Since: {_since(row)}"
        "<br><i>Click for details and sources</i>"
    )


HANDLE_STEP_DEG = 0.35  # spacing of the invisible hover/click handles along each route
HANDLE_CLEARANCE_DEG = 0.3  # no handle this close to a port or post, so those stay clickable
# Plotly ranks hovered points by max(d - r, 1 - 3/r): handles larger than any port or post marker always
# rank behind a marker under the cursor, and their wide radius makes the whole line easy to hit.
HANDLE_SIZE = 40


def route_handles(atlas: Atlas, route: pd.Series) -> tuple[list[float], list[float]]:
    """Invisible points along a route that carry its hover and click.

    Plotly geo lines only react at their vertices, and the vertices are the towns where ports and
    posts sit; handles between them make the whole line clickable without stealing a port's click.
    """
    points = np.concatenate([np.asarray(atlas.posts.geometry.values), np.asarray(atlas.ports.geometry.values)])
    line = route.geometry
    steps = max(int(line.length / HANDLE_STEP_DEG), 1)
    lons, lats = [], []
    for k in range(steps + 1):
        p = line.interpolate((k + 0.5) / (steps + 1), normalized=True)
        if shapely.distance(points, p).min() > HANDLE_CLEARANCE_DEG:
            lons.append(round(p.x, 3))
            lats.append(round(p.y, 3))
    return lons, lats


def trace_ids(atlas: Atlas) -> list[list[str]]:
    """Feature ids behind each trace, in trace order (empty for base-map traces)."""
    ids: list[list[str]] = [[], []]
    ids += [[rid] for rid in atlas.routes["id"]]
    ids += [[r["id"]] * len(route_handles(atlas, r)[0]) for _, r in atlas.routes.iterrows()]
    for g in POINT_GROUPS:
        ids.append(list(_group(atlas, g)["id"]))
    ids.append([])  # selection ring
    return ids


def _group(atlas: Atlas, g: PointGroup) -> gpd.GeoDataFrame:
    frame = atlas.posts if g.layer == "posts" else atlas.ports
    keep = frame["kind"].isin(g.kinds)
    if g.verified is not None:
        keep &= frame["verified"] == g.verified
    return frame[keep]


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
    )


def _country_labels(atlas: Atlas) -> go.Scattergeo:
    focus = atlas.countries[atlas.countries["iso_a3"].isin(list(FOCUS))].dissolve("iso_a3")
    pts = {"KAZ": (67.0, 48.3), "TUR": (35.0, 39.2)}  # label anchors inside each country
    assert all(focus.loc[k].geometry.contains(gpd.points_from_xy([x], [y])[0]) for k, (x, y) in pts.items())
    return go.Scattergeo(
        lon=[p[0] for p in pts.values()],
        lat=[p[1] for p in pts.values()],
        mode="text",
        text=[FOCUS[k].upper() for k in pts],
        textfont=dict(size=17, color="#56606b", family=theme.FONT),
        hoverinfo="skip",
        showlegend=False,
        name="labels",
    )


def map_figure(atlas: Atlas, state: ViewState) -> go.Figure:
    """The whole map for ``state``; pure (same inputs, same figure)."""
    fig = go.Figure()
    fig.add_trace(_focus_trace(atlas))
    fig.add_trace(_country_labels(atlas))
    seen: set[str] = set()
    for _, r in atlas.routes.iterrows():
        color, width, label = ROUTE_STYLE[r["kind"]]
        xs, ys = r.geometry.xy
        fig.add_trace(
            go.Scattergeo(
                lon=list(xs),
                lat=list(ys),
                mode="lines",
                line=dict(color=color, width=width),
                name=label,
                legendgroup=r["kind"],
                showlegend=r["kind"] not in seen,
                hoverinfo="skip",
                customdata=[r["id"]] * len(xs),
            )
        )
        seen.add(r["kind"])
    for _, r in atlas.routes.iterrows():
        lons, lats = route_handles(atlas, r)
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
                hovertext=_hover(r),
            )
        )
    for g in POINT_GROUPS:
        df = _group(atlas, g)
        fig.add_trace(
            go.Scattergeo(
                lon=list(df.geometry.x),
                lat=list(df.geometry.y),
                mode="markers+text",
                name=g.label,
                marker=dict(
                    symbol=g.symbol,
                    color=g.color,
                    line=dict(color="white", width=1),
                    size=[g.size * 1.7 if i in PROMINENT else g.size for i in df["id"]],
                ),
                text=[LABELLED.get(i, "") for i in df["id"]],
                textposition="top center",
                textfont=dict(size=13, color=theme.TEXT),
                customdata=list(df["id"]),
                hovertext=[_hover(r) for _, r in df.iterrows()],
                hoverinfo="text",
            )
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
        )
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
                font=dict(size=13),
                bgcolor="rgba(255,255,255,0.92)",
                entrywidth=215,
                itemclick=False,
                itemdoubleclick=False,
            ),
            uirevision="map",
            geo=dict(
                domain=dict(x=[0, 1], y=[0.13, 1]),
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
                lonaxis=dict(range=list(LON_RANGE)),
                lataxis=dict(range=list(LAT_RANGE)),
                fitbounds=False,
            ),
        )
    )
    apply_style(fig, map_style(atlas, state))
    return fig


# --------------------------------------------------------------------------- styling
def _dim(sector_match: bool, present: str) -> float:
    base = 1.0 if present in ("open", "unknown", "planned") else 0.22
    return base if sector_match else base * 0.3


def map_style(atlas: Atlas, state: ViewState) -> dict[int, dict]:
    """Per trace index, the properties that depend on the view state (visibility, opacity, dash)."""
    style: dict[int, dict] = {}
    year, sector, layers = state.year, state.sector, set(state.layers)
    n = 2
    for _, r in atlas.routes.iterrows():
        present = presence(r["status"], r["opened_year"], year)
        dash = theme.STATUS_DASH.get(r["status"], "solid")
        if present == "later":
            dash = "dot"
        style[n] = {
            "visible": r["layer"] in layers,
            "opacity": _dim(sector in ("all", r["sector"]), present),
            "line.dash": dash,
        }
        n += 1
    for layer in atlas.routes["layer"]:  # the routes' invisible hover handles
        style[n] = {"visible": layer in layers}
        n += 1
    for g in POINT_GROUPS:
        df = _group(atlas, g)
        opac = [
            _dim(sector in ("all", s), presence(st, oy, year))
            for s, st, oy in zip(df["sector"], df["status"], df["opened_year"], strict=True)
        ]
        style[n] = {"visible": g.layer in layers, "marker.opacity": opac}
        n += 1
    sel = _selected_point(atlas, state.feature)
    style[n] = {"lon": [sel[0]] if sel else [], "lat": [sel[1]] if sel else []}
    style["geo"] = _view(state)
    return style


def _selected_point(atlas: Atlas, feature: str | None) -> tuple[float, float] | None:
    if not feature:
        return None
    for frame in (atlas.posts, atlas.ports, atlas.routes):
        hit = frame[frame["id"] == feature]
        if len(hit):
            geom = hit.geometry.iloc[0]
            p = geom if geom.geom_type == "Point" else geom.interpolate(0.5, normalized=True)
            return round(p.x, 4), round(p.y, 4)
    return None


def _view(state: ViewState) -> dict:
    if state.view is None:
        return {"center": None, "projection.scale": 1.0}
    lon, lat, scale = state.view
    return {"center": {"lon": lon, "lat": lat}, "projection.scale": scale}
