"""How much of each series the data cover: trade by year × reporter × flow, indicators by sector × year.

Pure builders: the coverage tables are plain DataFrames (testable), the figures are heatmaps whose
cells say what kind of figure exists, so gaps and partial years stand out at a glance. Each cell
also carries a symbol, so the chart never relies on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.data.labels import term
from dashboard.data.load import Atlas
from dashboard.data.schema import SECTORS
from dashboard.figures import theme
from dashboard.format import money, number, period_label, quality_of
from dashboard.i18n import N_, _, ngettext

# (key, legend label, colour, cell symbol) — Okabe–Ito colours, best coverage first; labels translated where shown.
TRADE_CATEGORIES: list[tuple[str, str, str, str]] = [
    ("official", N_("Full year, official statistic"), "#0072B2", "●"),
    ("rounded", N_("Full year, a statement, rounded figure or a bound"), "#56B4E9", "≈"),
    ("partial", N_("Part of the year only"), "#E69F00", "½"),
    ("dubious", N_("Dubious figure only"), "#CC79A7", "?"),
    ("missing", N_("No figure"), "#EEF0F2", ""),
]
CATEGORY_LABEL = {k: label for k, label, _c, _s in TRADE_CATEGORIES}
FLOW_SHORT = {"total_turnover": N_("turnover"), "kz_exports_to_tr": N_("exports KZ→TR"),
              "tr_exports_to_kz": N_("exports TR→KZ")}
SERIES_ORDER = [(rep, flow) for rep in ("KZ", "TR", "OTHER") for flow in FLOW_SHORT]

# Indicator periods grouped for the sector chart.
FULL_PERIOD = "full"
FORECAST_PERIODS = frozenset({"forecast", "capacity"})
STOCK_PERIODS = frozenset({"cumulative"})
BLUES = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
ORANGES = ["#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
EMPTY = "#eef0f2"
MAX_IDS_IN_HOVER = 8


def series_label(reporter: str, flow: str) -> str:
    """A row of the trade heatmap in the active language: 'Kazakhstan: turnover'."""
    return _("{reporter}: {flow}").format(reporter=term("reporter", reporter), flow=_(FLOW_SHORT[flow]))


def _row_note(r: pd.Series) -> str:
    """One trade row in a heatmap cell's hover: id, period, value, quality, whether it is plotted."""
    values = {"id": r["id"], "period": period_label(r["period"]),
              "value": money(float(r["value_usd_m"]), r["quality"]), "quality": quality_of(r)}
    if r["primary"]:
        return _("{id} ({period}, {value}, {quality}, plotted)").format(**values)
    return _("{id} ({period}, {value}, {quality})").format(**values)


# --------------------------------------------------------------------------- trade coverage
def _category(rows: pd.DataFrame) -> str:
    if rows.empty:
        return "missing"
    sound = rows[rows["quality"] != "dubious"]
    full = sound[sound["period"] == "full"]
    if (full["quality"] == "official").any():
        return "official"
    if len(full):
        return "rounded"
    if len(sound):
        return "partial"
    return "dubious"


def trade_coverage(atlas: Atlas) -> pd.DataFrame:
    """One row per year × reporter × flow: the best kind of figure there is, and which rows are in the cell."""
    t = atlas.trade
    lo, hi = int(t["year"].min()), int(t["year"].max())
    out = []
    for rep, flow in SERIES_ORDER:
        sub = t[(t["reporter"] == rep) & (t["flow"] == flow)]
        for year in range(lo, hi + 1):
            rows = sub[sub["year"] == year]
            out.append({
                "year": year, "reporter": rep, "flow": flow, "series": series_label(rep, flow),
                "category": _category(rows), "ids": list(rows["id"]),
                "rows": [_row_note(r) for _i, r in rows.iterrows()],
            })
    return pd.DataFrame(out)


def _discrete_scale(colours: list[str]) -> list[list]:
    n = len(colours)
    scale = []
    for i, c in enumerate(colours):
        scale += [[i / n, c], [(i + 1) / n, c]]
    return scale


def trade_coverage_figure(atlas: Atlas) -> go.Figure:
    """Years × (reporter, flow): which kind of figure exists in each cell; hover names the rows."""
    cov = trade_coverage(atlas)
    if cov.empty:
        return theme.message_figure(_("No trade rows to show."))
    codes = {k: i for i, (k, _l, _c, _s) in enumerate(TRADE_CATEGORIES)}
    symbols = {k: s for k, _l, _c, s in TRADE_CATEGORIES}
    years = sorted(cov["year"].unique())
    labels = [series_label(r, f) for r, f in SERIES_ORDER][::-1]  # first series on top
    grid = cov.set_index(["series", "year"])
    z, text, custom = [], [], []
    for lab in labels:
        zr, tr, cr = [], [], []
        for y in years:
            cell = grid.loc[(lab, y)]
            zr.append(codes[cell["category"]])
            tr.append(symbols[cell["category"]])
            rows = "<br>".join(cell["rows"]) if cell["rows"] else _("no row in {file}").format(file="trade_annual.csv")
            category = _(CATEGORY_LABEL[cell["category"]])
            cr.append([category, f"<b>{y} · {lab}</b><br>{category}<br>{rows}"])
        z.append(zr)
        text.append(tr)
        custom.append(cr)
    fig = go.Figure(go.Heatmap(
        z=z, x=years, y=labels, text=text, texttemplate="%{text}", textfont=dict(size=14),
        customdata=custom, hovertemplate="%{customdata[1]}<extra></extra>",
        colorscale=_discrete_scale([c for _k, _l, c, _s in TRADE_CATEGORIES]),
        zmin=-0.5, zmax=len(TRADE_CATEGORIES) - 0.5, showscale=False, xgap=2, ygap=2, name="coverage",
    ))
    for _key, label, colour, symbol in TRADE_CATEGORIES:  # legend entries (the heatmap has none of its own)
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{symbol} {_(label)}".strip(), showlegend=True, hoverinfo="skip",
            marker=dict(symbol="square", size=16, color=colour, line=dict(color=theme.BORDER, width=1)),
        ))
    fig.update_layout(**theme.base_layout(
        height=120 + 46 * len(labels),
        margin=dict(l=10, r=10, t=70, b=10),
        # container-referenced, so the legend sits above the cells in every plotly.js version
        legend=dict(orientation="h", yref="container", yanchor="top", y=0.99, xanchor="left", x=0,
                    font=dict(size=14)),
    ))
    fig.update_xaxes(tickmode="linear", dtick=1, tickangle=-90, tickfont=dict(size=13), showgrid=False,
                     range=[years[0] - 0.5, years[-1] + 0.5])
    fig.update_yaxes(showgrid=False, type="category", categoryorder="array", categoryarray=labels)
    return fig


# --------------------------------------------------------------------------- indicator coverage
def period_group(period: str) -> str:
    """'full' for a calendar year; 'other' for part-year, forecast, capacity, stock and unstated periods."""
    return "full" if period == FULL_PERIOD else "other"


PERIOD_KINDS = {  # how many values of each kind a sector-chart cell holds (hover), in the active language
    "full": lambda n: ngettext("{count} full-year value", "{count} full-year values", n),
    "forecast": lambda n: ngettext("{count} forecast or capacity", "{count} forecasts or capacities", n),
    "stock": lambda n: ngettext("{count} stock to date", "{count} stocks to date", n),
    "unstated": lambda n: ngettext("{count} value with no period stated", "{count} values with no period stated", n),
    "part": lambda n: ngettext("{count} part-year value", "{count} part-year values", n),
}


def _period_kind(period: str) -> str:
    if period == FULL_PERIOD:
        return "full"
    if period in FORECAST_PERIODS:
        return "forecast"
    if period in STOCK_PERIODS:
        return "stock"
    if period == "unstated":
        return "unstated"
    return "part"


def kinds_text(kinds: dict[str, int]) -> str:
    """'2 part-year values, 1 forecast or capacity' in the active language."""
    return ", ".join(PERIOD_KINDS[k](int(n)).format(count=number(n)) for k, n in kinds.items())


def sector_coverage(atlas: Atlas) -> pd.DataFrame:
    """Counts of indicator values per sector × year × group (full / other), with the row ids."""
    ind = atlas.indicators
    if ind.empty:
        return pd.DataFrame(columns=["sector", "year", "group", "count", "ids", "kinds"])
    lo, hi = int(ind["year"].min()), int(ind["year"].max())
    out = []
    for sector in SECTORS:
        for year in range(lo, hi + 1):
            rows = ind[(ind["sector"] == sector) & (ind["year"] == year)]
            for group in ("full", "other"):
                g = rows[rows["period"].map(period_group) == group]
                kinds = g["period"].map(_period_kind).value_counts()
                out.append({"sector": sector, "year": year, "group": group, "count": len(g), "ids": list(g["id"]),
                            "kinds": kinds_text(dict(kinds.items()))})
    return pd.DataFrame(out)


def _count_scale(colours: list[str], zmax: int) -> list[list]:
    """Grey for zero, then a light-to-dark ramp for 1…zmax."""
    cut = 0.5 / max(zmax, 1)
    scale = [[0.0, EMPTY], [cut, EMPTY]]
    for i, c in enumerate(colours):
        scale.append([cut + (1 - cut) * i / (len(colours) - 1), c])
    return scale


def sector_coverage_figure(atlas: Atlas) -> go.Figure:
    """Sectors × years: how many indicator values exist; full-year values above, all others below."""
    cov = sector_coverage(atlas)
    if cov.empty:
        return theme.message_figure(_("No indicator rows to show."))
    years = sorted(cov["year"].unique())
    sectors = list(SECTORS)[::-1]
    labels = [term("sector", s) for s in sectors]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=(_("Full calendar-year values"),
                                        _("Other values: part of a year, forecast or capacity, stock to date")))
    for i, (group, colours) in enumerate((("full", BLUES), ("other", ORANGES)), start=1):
        grid = cov[cov["group"] == group].set_index(["sector", "year"])
        zmax = max(int(grid["count"].max()), 1)  # each panel uses its own ramp, so a single value still shows
        z, text, custom = [], [], []
        for s in sectors:
            zr, tr, cr = [], [], []
            for y in years:
                cell = grid.loc[(s, y)]
                n = int(cell["count"])
                ids = list(cell["ids"])
                more = len(ids) - MAX_IDS_IN_HOVER
                shown = ", ".join(ids[:MAX_IDS_IN_HOVER]) + (
                    " " + ngettext("… and {count} more", "… and {count} more", more).format(count=number(more))
                    if more > 0 else "")
                zr.append(n)
                tr.append(str(n) if n else "")
                cr.append([f"<b>{term('sector', s)} · {y}</b><br>" + (f"{cell['kinds']}<br>{shown}" if n
                                                                      else _("no value"))])
            z.append(zr)
            text.append(tr)
            custom.append(cr)
        fig.add_trace(go.Heatmap(
            z=z, x=years, y=labels, text=text, texttemplate="%{text}", textfont=dict(size=14),
            customdata=custom, hovertemplate="%{customdata[0]}<extra></extra>",
            colorscale=_count_scale(colours, zmax), zmin=0, zmax=zmax, showscale=False, xgap=2, ygap=2,
            name=_("full-year values") if group == "full" else _("other values"),
        ), row=i, col=1)
    fig.update_layout(**theme.base_layout(height=640, margin=dict(l=10, r=10, t=40, b=10), showlegend=False))
    fig.update_annotations(font=dict(size=15))
    fig.update_xaxes(tickmode="linear", dtick=1, tickangle=-90, tickfont=dict(size=13), showgrid=False)
    fig.update_yaxes(showgrid=False, type="category")
    return fig
