"""What a view shows, as rows with their sources: pure functions over the Atlas (no Flask, no I/O).

Each function lists the rows a figure builder plots for a :class:`~dashboard.state.ViewState`,
by calling the same selectors the builder calls, so an export can never show or cite something
else than the chart. :func:`shown_table` puts them into one tidy table for ``shown.csv``.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS, LAYERS, SECTORS
from dashboard.data.selectors import presence, sector_indicators, trade_extra, trade_series
from dashboard.figures.map import visible_feature_ids
from dashboard.figures.sector import SEP, select_series, series_options
from dashboard.figures.trade import reporters
from dashboard.state import ViewState

#: Columns of ``shown.csv``, in order. ``table`` is trade / indicator / feature / milestone.
COLUMNS = [
    "table", "id", "label", "year", "period", "value", "unit", "reporter", "quality", "shown_as", "sector",
    "in_selected_sector", "kind", "status", "presence_in_year", "note", "source_name", "source_url", "source_date",
]
#: Where coordinates-only features are documented (they have no fact source of their own).
COORD_DATASETS = {
    "GeoNames": "https://www.geonames.org/",
    "Natural Earth": "https://www.naturalearthdata.com/",
    "NGA World Port Index": "https://msi.nga.mil/Publications/WPI",
}
_URL_RE = re.compile(r"https?://[^\s;,)'\"]+")

TRADE_BAR, TRADE_LINE, TRADE_MARKER, TRADE_OTHER = (
    "bar", "turnover line", "marker (second reporter)", "hollow marker: partial year, other source or conflicting")


# --------------------------------------------------------------------------- trade
def plotted_trade_rows(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    """Every trade row :func:`~dashboard.figures.trade.trade_figure` plots for ``state``, with ``shown_as``.

    Same selectors, same order: the main reporter's export bars, each reporter's turnover line,
    the second reporter's export markers, then partial / other-source / conflicting rows
    (dubious rows excluded). One row per plotted point.
    """
    reps = reporters(state)
    main = reps[0]
    exports = ("kz_exports_to_tr", "tr_exports_to_kz")
    parts = [trade_series(atlas, main, flow).assign(shown_as=TRADE_BAR) for flow in exports]
    for rep in reps:
        parts.append(trade_series(atlas, rep, "total_turnover").assign(shown_as=TRADE_LINE))
        if rep != main:
            parts += [trade_series(atlas, rep, flow).assign(shown_as=TRADE_MARKER) for flow in exports]
    extra = trade_extra(atlas, (*reps, "OTHER"))
    extra = extra[extra["quality"] != "dubious"]
    other = pd.concat([extra, trade_series(atlas, "OTHER", "total_turnover")]).drop_duplicates("id")
    parts.append(other.assign(shown_as=TRADE_OTHER))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- sector
def sector_series(atlas: Atlas, sector: str, indicator: str | None) -> tuple[str | None, pd.DataFrame]:
    """The series the sector chart shows: ``indicator`` if it is one of the options, else the first."""
    rows = sector_indicators(atlas, sector)
    options = series_options(rows)
    option = indicator if indicator in options else (options[0] if options else None)
    return option, select_series(rows, option)


# --------------------------------------------------------------------------- map
def host(url: str) -> str:
    """``https://www.inform.kz/en/x`` -> ``inform.kz``."""
    name = (urlparse(url.strip()).hostname or "").lower()
    return name.removeprefix("www.")


def urls(cell: object) -> list[str]:
    """The URLs of a ``' ; '``-separated cell."""
    return [u.strip() for u in str(cell or "").split(" ; ") if u.strip().startswith(("http://", "https://"))]


def _coord_url(coord_source: str) -> str:
    for name, url in COORD_DATASETS.items():
        if coord_source.startswith(name):
            return url
    found = _URL_RE.search(coord_source)
    return found.group(0) if found else ""


def _feature_frame(atlas: Atlas) -> pd.DataFrame:
    parts = []
    for gdf in (atlas.posts, atlas.ports, atlas.routes):
        df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
        for col in ("coord_source", "verified"):
            if col not in df:
                df[col] = "" if col == "coord_source" else True
        parts.append(df)
    return pd.concat(parts, ignore_index=True).set_index("id", drop=False)


def visible_features(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    """Map features drawn visible for ``state`` (by the map's own trace styling), in trace order.

    Adds ``presence_in_year`` (open / later / planned / unknown, as the map fades them),
    ``in_selected_sector`` and a ``source_url`` for every row: the fact sources, or for a
    feature known only by its coordinates the coordinate data set's page.
    """
    wanted = visible_feature_ids(atlas, state)
    frame = _feature_frame(atlas)
    df = frame.loc[[i for i in wanted if i in frame.index]].reset_index(drop=True)
    df["presence_in_year"] = [presence(s, y, state.year) for s, y in zip(df["status"], df["opened_year"], strict=True)]
    df["in_selected_sector"] = df["sector"].eq(state.sector) | (state.sector == "all")
    coords = df["coord_source"].fillna("").astype(str)
    src = df["source_url"].fillna("").astype(str)
    df["source_url"] = [s if urls(s) else _coord_url(c) for s, c in zip(src, coords, strict=True)]
    df["source_name"] = [
        "; ".join(dict.fromkeys(host(u) for u in urls(s))) if urls(s) else f"coordinates only: {c}"
        for s, c in zip(src, coords, strict=True)
    ]
    return df


def map_source_names(features: pd.DataFrame) -> list[str]:
    """Source web sites of the visible features, the most cited first."""
    counts: dict[str, int] = {}
    credited = {host(u) for u in COORD_DATASETS.values()}  # named in map_credits instead
    for cell in features["source_url"]:
        for name in dict.fromkeys(host(u) for u in urls(cell)):
            if name and name not in credited:
                counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))


def map_credits(features: pd.DataFrame) -> str:
    """Base-map and coordinate credits for the visible features (licences as in geodata/README.md)."""
    coords = " ".join(features["coord_source"].fillna("").astype(str)) if "coord_source" in features else ""
    credits = {"GeoNames": "GeoNames (CC BY 4.0)", "Natural Earth": "Natural Earth",
               "NGA World Port Index": "NGA World Port Index", "Wikipedia": "Wikipedia"}
    used = [label for key, label in credits.items() if key in coords]
    text = "Base map: Natural Earth (public domain), plotly.js UN topojson."
    return text + (f" Coordinates: {', '.join(used)}." if used else "") + " Lines are schematic."


# --------------------------------------------------------------------------- the table
def _trade_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "table": "trade", "id": rows["id"], "label": rows["flow"].map(FLOWS), "year": rows["year"],
        "period": rows["period"], "value": rows["value_usd_m"], "unit": "USD m", "reporter": rows["reporter"],
        "quality": rows["quality"], "shown_as": "trade chart: " + rows["shown_as"], "kind": rows["flow"],
        "note": rows["note"], "source_name": rows["source_name"], "source_url": rows["source_url"],
        "source_date": rows["source_date"],
    })


def _indicator_table(rows: pd.DataFrame, option: str | None) -> pd.DataFrame:
    keys = rows["indicator"] + SEP + rows["unit"]
    return pd.DataFrame({
        "table": "indicator", "id": rows["id"], "label": rows["indicator"], "year": rows["year"],
        "period": rows["period"], "value": rows["value"], "unit": rows["unit"], "reporter": rows["reporter"],
        "quality": rows["quality"], "shown_as": ["sector chart" if k == option else "sector data (other series)"
                                                 for k in keys],
        "sector": rows["sector"], "note": rows["note"], "source_name": rows["source_name"],
        "source_url": rows["source_url"], "source_date": rows["source_date"],
    })


def _feature_table(df: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    return pd.DataFrame({
        "table": "feature", "id": df["id"], "label": df["name"], "year": df["opened_year"], "period": df["opened"],
        "shown_as": ["map: " + LAYERS.get(layer, layer) + (" (selected)" if i == state.feature else "")
                     for layer, i in zip(df["layer"], df["id"], strict=True)],
        "sector": df["sector"], "in_selected_sector": df["in_selected_sector"], "kind": df["kind"],
        "status": df["status"], "presence_in_year": df["presence_in_year"], "note": df.get("description"),
        "source_name": df["source_name"], "source_url": df["source_url"],
    })


def _milestone_table(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    m = atlas.milestones
    return pd.DataFrame({
        "table": "milestone", "id": m["id"], "label": m["title"], "year": m["year"], "period": m["date"],
        "shown_as": "trade chart: milestone", "sector": m["sector"],
        "in_selected_sector": m["sector"].eq(state.sector) | (state.sector == "all"), "kind": m["kind"],
        "note": m["description"], "source_name": m["source_name"], "source_url": m["source_url"],
    })


def shown_table(atlas: Atlas, state: ViewState, indicator: str | None = None) -> pd.DataFrame:
    """One tidy table of everything the view shows, every row with ``source_name`` and ``source_url``.

    ``table`` says what a row is: ``trade`` (each point of the trade chart), ``milestone`` (the
    trade chart's timeline), ``indicator`` (every indicator row of the selected sector; the series
    charted is marked in ``shown_as``) and ``feature`` (map features of the visible layers with
    their presence in the selected year).
    """
    option, _ = sector_series(atlas, state.sector, indicator)
    parts = [
        _trade_table(plotted_trade_rows(atlas, state)),
        _milestone_table(atlas, state),
        _indicator_table(sector_indicators(atlas, state.sector), option),
        _feature_table(visible_features(atlas, state), state),
    ]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return table.reindex(columns=COLUMNS)


# --------------------------------------------------------------------------- CSV
def _cell(value: object) -> str:
    """Text for a spreadsheet cell: empty for missing, no formula injection, integers without '.0'."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.0f}" if value.is_integer() else repr(float(value))
    text = str(value)
    if text in {"nan", "<NA>", "None"}:
        return ""
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not text[1:2].isdigit()):
        return "'" + text  # a spreadsheet must never evaluate a cell
    return text


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: opens cleanly in Excel, LibreOffice, pandas."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def sector_label(sector: str) -> str:
    return SECTORS.get(sector, "All sectors")
