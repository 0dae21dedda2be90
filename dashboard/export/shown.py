"""What a view shows, as rows with their sources: pure functions over the Atlas (no Flask, no I/O).

Every row comes from the tidy table the chart itself draws (:mod:`dashboard.data.tables`): the
trade chart's points, the sector chart's series with its alternatives, the map's visible features.
:func:`shown_table` puts them into one table for ``shown.csv``, so an export can never show or cite
something else than the chart.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS, LAYERS
from dashboard.data.selectors import presences, sector_indicators
from dashboard.data.tables import GAP, PLOTTED, feature_table, sector_points, trade_points
from dashboard.figures.map import ringed_ids, visible_feature_ids
from dashboard.format import attribution
from dashboard.i18n import _
from dashboard.state import ViewState

#: Columns of ``shown.csv``, in order. ``table`` is trade / indicator / feature / milestone.
COLUMNS = [
    "table", "id", "label", "year", "period", "value", "unit", "reporter", "quality", "shown_as", "sector",
    "in_selected_sector", "kind", "status", "presence_in_year", "note", "attribution", "issuer_kind", "source_name",
    "source_url", "source_date", "archived_copy", "compared_years",
]
#: Where coordinates-only features are documented (they have no fact source of their own).
COORD_DATASETS = {
    "GeoNames": "https://www.geonames.org/",
    "Natural Earth": "https://www.naturalearthdata.com/",
    "NGA World Port Index": "https://msi.nga.mil/Publications/WPI",
}
_URL_RE = re.compile(r"https?://[^\s;,)'\"]+")


def plotted_trade_rows(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    """The trade chart's points for ``state`` (its own table), without the gap markers: rows with a source."""
    points = trade_points(atlas, state.reporter)
    return points[points["role"] != GAP].reset_index(drop=True)


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


def visible_features(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    """Map features drawn visible for ``state`` (the map's own :func:`visible_feature_ids`), in trace order.

    Adds ``presence_in_year`` (open / later / planned / unknown, as the map fades them),
    ``in_selected_sector`` and a ``source_url`` for every row: the fact sources, or for a
    feature known only by its coordinates the coordinate data set's page.
    """
    wanted = visible_feature_ids(atlas, state)
    frame = feature_table(atlas)
    df = frame.loc[[i for i in wanted if i in frame.index]].reset_index(drop=True)
    df["presence_in_year"] = presences(df, state.year)
    df["in_selected_sector"] = df["sector"].eq(state.sector) | (state.sector == "all")
    coords = df["coord_source"].fillna("").astype(str)
    src = df["source_url"].fillna("").astype(str)
    df["source_url"] = [s if urls(s) else _coord_url(c) for s, c in zip(src, coords, strict=True)]
    df["source_name"] = [
        "; ".join(dict.fromkeys(host(u) for u in urls(s))) if urls(s) else f"coordinates only: {c}"
        for s, c in zip(src, coords, strict=True)
    ]
    return df


def map_pages(features: pd.DataFrame) -> list[str]:
    """The pages the visible features cite (their URLs, each once; the coordinate data sets are credited by
    :func:`map_credits` instead)."""
    credited = {host(u) for u in COORD_DATASETS.values()}
    return list(dict.fromkeys(u for cell in features["source_url"] for u in urls(cell) if host(u) not in credited))


def map_credits(features: pd.DataFrame) -> str:
    """Base-map and coordinate credits for the visible features (licences as in geodata/README.md), in the active
    language (the data sets' names stay as they write them)."""
    coords = " ".join(features["coord_source"].fillna("").astype(str)) if "coord_source" in features else ""
    credits = {"GeoNames": "GeoNames (CC BY 4.0)", "Natural Earth": "Natural Earth",
               "NGA World Port Index": "NGA World Port Index", "Wikipedia": "Wikipedia"}
    used = [label for key, label in credits.items() if key in coords]
    text = _("Base map: Natural Earth (public domain), plotly.js UN topojson.")
    if used:
        text += " " + _("Coordinates: {datasets}.").format(datasets=", ".join(used))
    return text + " " + _("Lines are schematic.")


# --------------------------------------------------------------------------- the table
def _who(rows: pd.DataFrame) -> list[str]:
    return [
        attribution(i, c, d)
        for i, c, d in zip(rows.get("issuer", ""), rows.get("channel", ""), rows.get("source_date", ""), strict=True)
    ]


def _trade_table(points: pd.DataFrame) -> pd.DataFrame:
    rows = points.reset_index(drop=True)
    gap = rows["role"] == GAP
    return pd.DataFrame({
        "table": "trade", "id": rows["id"], "label": rows["flow"].map(FLOWS), "year": rows["year"],
        "period": rows["period"], "value": rows["value_usd_m"].where(~gap), "unit": ["" if g else "USD m" for g in gap],
        "reporter": rows["reporter"], "quality": rows["quality"], "shown_as": "trade chart: " + rows["role"],
        "kind": rows["flow"], "note": rows["note"], "attribution": ["" if g else a for g, a in zip(gap, _who(
            rows.fillna({"issuer": "", "channel": "", "source_date": ""})), strict=True)],
        "issuer_kind": rows["issuer_kind"], "source_name": rows["source_name"], "source_url": rows["source_url"],
        "source_date": rows["source_date"],
    })


def _indicator_table(atlas: Atlas, sector: str, option: str | None, series: pd.DataFrame) -> pd.DataFrame:
    """The charted series (plotted rows and alternatives) and the sector's other series."""
    rows = sector_indicators(atlas, sector)
    rows = rows[~rows["id"].isin(series["id"])]
    rows = rows.assign(role="sector data (other series)")
    charted = series.assign(role=["sector chart" if r == PLOTTED else "sector chart: alternative for the same period"
                                  for r in series["role"]])
    both = pd.concat([charted, rows], ignore_index=True)
    both["sector"] = both.get("sector", pd.Series(sector, index=both.index)).fillna(sector)
    both = both.fillna({"issuer": "", "channel": "", "source_date": ""})
    return pd.DataFrame({
        "table": "indicator", "id": both["id"], "label": both["indicator"], "year": both["year"],
        "period": both["period"], "value": both["value"], "unit": both["unit"], "reporter": both["reporter"],
        "quality": both["quality"], "shown_as": both["role"], "sector": both["sector"], "note": both["note"],
        "attribution": _who(both), "issuer_kind": both["issuer_kind"], "source_name": both["source_name"],
        "source_url": both["source_url"],
        "source_date": both["source_date"],
    })


def _feature_table(df: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    return pd.DataFrame({
        "table": "feature", "id": df["id"], "label": df["name"], "year": df["opened_year"], "period": df["opened"],
        "shown_as": ["map: " + LAYERS.get(layer, layer) + (" (selected)" if i == state.feature else "")
                     for layer, i in zip(df["layer"], df["id"], strict=True)],
        "sector": df["sector"], "in_selected_sector": df["in_selected_sector"], "kind": df["kind"],
        "status": df["status"], "presence_in_year": df["presence_in_year"],
        "note": [" ".join(str(x) for x in (d, c) if isinstance(x, str) and x)
                 for d, c in zip(df.get("description"), df.get("coord_note"), strict=True)],
        "source_name": df["source_name"], "source_url": df["source_url"], "archived_copy": df.get("archived_copy"),
    })


def _milestone_table(atlas: Atlas, state: ViewState) -> pd.DataFrame:
    m = atlas.milestones
    return pd.DataFrame({
        "table": "milestone", "id": m["id"], "label": m["title"], "year": m["year"], "period": m["date"],
        "shown_as": "trade chart: milestone", "sector": m["sector"],
        "in_selected_sector": m["sector"].eq(state.sector) | (state.sector == "all"), "kind": m["kind"],
        "note": m["description"], "source_name": m["source_name"], "source_url": m["source_url"],
        "archived_copy": m["archived_copy"],
    })


def chart_tables(atlas: Atlas, state: ViewState, indicator: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV rows of the trade chart and of the sector chart (with the sector's other series) for a view."""
    option, series = sector_points(atlas, state.sector, indicator)
    return _trade_table(trade_points(atlas, state.reporter)), _indicator_table(atlas, state.sector, option, series)


def shown_table(atlas: Atlas, state: ViewState, indicator: str | None = None) -> pd.DataFrame:
    """One tidy table of everything the view shows, every row with ``source_name`` and ``source_url``.

    ``table`` says what a row is: ``trade`` (each point of the trade chart, including the markers of
    years with no figure), ``milestone`` (the trade chart's timeline), ``indicator`` (the charted
    series — plotted values and the alternatives for the same period — then the sector's other
    series) and ``feature`` (map features of the visible layers with their presence in the year).
    While two years are compared, ``compared_years`` says which (``2013..2022``, the link's spelling) on every row,
    the trade rows of those years are marked "compared year" and the features the map rings "new since <first>".
    """
    trade, indicators = chart_tables(atlas, state, indicator)
    parts = [trade, _milestone_table(atlas, state), indicators, _feature_table(visible_features(atlas, state), state)]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    if state.compare is not None:
        table = _mark_comparison(table, atlas, state)
    return table.reindex(columns=COLUMNS)


def _mark_comparison(table: pd.DataFrame, atlas: Atlas, state: ViewState) -> pd.DataFrame:
    first, second = state.compare
    year = pd.to_numeric(table["year"], errors="coerce")
    compared = table["table"].eq("trade") & year.isin([first, second]) & table["value"].notna()
    ringed = table["table"].eq("feature") & table["id"].isin(ringed_ids(atlas, state))
    shown_as = table["shown_as"].where(~compared, table["shown_as"] + " (compared year)")
    shown_as = shown_as.where(~ringed, shown_as + f" (ringed: new since {first})")
    return table.assign(shown_as=shown_as, compared_years=f"{first}..{second}")


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


