"""Sector indicators: one canonical series at a time, every point with its source; pure builders.

The chart draws the table of :func:`~dashboard.data.tables.sector_points`: one marker per year and
period (the plotted row); other values for the same year and period are alternatives, named in the
marker's hover and listed in the table under the chart, never drawn as overlapping markers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.data.labels import term
from dashboard.data.schema import SECTORS
from dashboard.data.tables import PERIOD_TYPES, PLOTTED, REPORTER_NAME, SEP, TURNOVER, TURNOVER_OPTION
from dashboard.figures import theme
from dashboard.format import attribution, axis_amount, period_label, quality_of, quantity, unit_label
from dashboard.i18n import N_, _
from dashboard.state import echo

SHAPE_LEGEND = {"KZ": N_("Kazakhstan's figure"), "TR": N_("Türkiye's figure"), "OTHER": N_("Other source")}
FULL_LEGEND = N_("Line: full calendar years")
PART_LEGEND = N_("Hollow: another period")
LANES_HEADING = N_("Other periods (not comparable)")
OTHER_LEGEND = N_("Other periods")
N_("Trade turnover (Kazakhstan's figures)")  # TURNOVER, the sector chart's first option: translated where shown


def indicator_name(name: str) -> str:
    """An indicator's name in the active language (a user's own indicator stays as typed)."""
    return _(TURNOVER) if name == TURNOVER else term("indicator", name, name)


def coverage_note(sector: str, indicators: pd.DataFrame) -> str:
    """Say plainly how much a sector's data cover, so a thin chart is never mistaken for a trend."""
    label = term("sector", sector) if sector in SECTORS else _("All sectors")
    if indicators.empty:
        return _("{sector}: no sourced indicator values yet. Trade totals above still apply.").format(sector=label)
    years = sorted(indicators["year"].astype(int).unique())
    full = (indicators["period"] == "full").sum()
    return _(
        "{sector}: {count} sourced values in {indicators} indicators, {first}–{last}; {full} cover a full year, "
        "the rest are partial periods, stocks or forecasts and are not comparable with each other."
    ).format(sector=label, count=len(indicators), indicators=indicators["indicator"].nunique(), first=years[0],
             last=years[-1], full=full)


def value_text(r: pd.Series) -> str:
    """The value as the source printed it, and in the chart's unit where that differs."""
    text = quantity(r["value"], r["unit"], r["quality"])
    if r["unit"] != r["display_unit"]:
        text += " " + _("(shown as {value})").format(value=quantity(r["y"], r["display_unit"]))
    return text


def point_hover(r: pd.Series, alternatives: list[pd.Series]) -> str:
    period = "" if r["period"] == "full" else f" ({period_label(r['period'])})"
    who = attribution(r["issuer"], r["channel"], r["source_date"]) or str(r["source_name"])
    lines = [
        f"<b>{int(r['year'])}{period}: {value_text(r)}</b>",
        indicator_name(str(r["indicator"])),
        f"{term('reporter', r['reporter'], REPORTER_NAME.get(r['reporter'], r['reporter']))} · "
        f"{quality_of(r, indicator=True)}",
        _("Source: {who}").format(who=who[:110]),
        _("row {row} (Sources & checks)").format(row=r["id"]),
    ]
    if alternatives:
        lines.append("<i>" + _("Other figures for the same period:") + "</i>")
        lines += [
            f"{value_text(a)} — {(attribution(a['issuer'], a['channel'], a['source_date']) or a['source_name'])[:70]}"
            for a in alternatives
        ]
    return "<br>".join(lines)


def _legend_only(name: str, symbol: str, fill: str, line: str, mode: str = "markers") -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode=mode,
        name=name,
        hoverinfo="skip",
        marker=dict(symbol=symbol, size=12, color=fill, line=dict(color=line, width=2.5)),
        line=dict(color=line, width=2),
    )


MAX_LABELS = 5  # value labels a narrow panel can hold without overlap
ROW_SHARE = 0.065  # height of one row of the other periods, as a share of the plot (at most LANES_MAX in all)
LANES_MAX = 0.45
LANES_GAP = 0.1  # between the full-year line's axis and the first row of other periods


def labelled_years(full: pd.DataFrame, year: int) -> set[int]:
    """Full-year points that carry a value label: all of them if few, else the first, the last, the highest
    and the selected year (the hover and the table give every value)."""
    years = [int(y) for y in full["year"]]
    if len(years) <= MAX_LABELS:
        return set(years)
    top = int(full.loc[full["y"].astype(float).idxmax(), "year"])
    return {years[0], years[-1], top} | ({year} if year in years else set())


def _hovers(points: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    by_id = {r["id"]: r for _i, r in rows.iterrows()}
    return [
        point_hover(r, [by_id[i] for i in str(r["alternatives"]).split(" ; ") if i in by_id])
        for _i, r in points.iterrows()
    ]


def _points(points: pd.DataFrame, rows: pd.DataFrame, **style) -> go.Scatter:
    """One marker per plotted row, its shape saying who reports it; clicking it selects its year."""
    return go.Scatter(
        x=list(points["year"]),
        mode="markers+text",
        showlegend=False,  # the legend-only entries explain shape, fill and rows separately
        cliponaxis=False,  # a label near the panel's edge is drawn whole, not cut
        textfont=dict(size=12),
        hovertext=_hovers(points, rows),
        hoverinfo="text",
        customdata=[["year", int(y), i] for y, i in zip(points["year"], points["id"], strict=True)],
        **style,
    )


def _full_line(full: pd.DataFrame, color: str) -> go.Scatter:
    """The line through consecutive full years only: a year without a figure breaks it (nothing is invented)."""
    value = dict(zip(full["year"].astype(int), full["y"].astype(float), strict=True))
    years = range(min(value), max(value) + 1)
    return go.Scatter(x=list(years), y=[value.get(y) for y in years], mode="lines", connectgaps=False,
                      line=dict(color=color, width=2), hoverinfo="skip", showlegend=False)


def sector_figure(rows: pd.DataFrame, sector: str, year: int) -> go.Figure:
    """One series, one period type per line or row: full calendar years are the line on the value axis; every
    partial year, forecast or stock is a hollow marker on a row of its own below it, labelled with its period and
    value, so it never sits on (or above) a full year's point.

    Marker shape says who reports the figure (Kazakhstan, Türkiye, another source); the legend explains every
    shape, the line and the hollow rows.
    """
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    if plotted.empty:
        return theme.message_figure(_("No sourced values for this selection."))
    color = theme.SECTOR_COLORS.get(sector, theme.SECTOR_COLORS["all"])
    symbols = {r: theme.REPORTER_SYMBOLS.get(r, "circle") for r in set(plotted["reporter"])}
    full = plotted[plotted["period_type"] == "full"]
    order = {t: n for n, t in enumerate(PERIOD_TYPES)}
    others = plotted[plotted["period_type"] != "full"]
    others = others.assign(_o=others["period_type"].map(order)).sort_values(["_o", "year", "period"], kind="stable")
    years = plotted["year"].astype(int)
    x_range = [years.min() - 1.6, years.max() + 1.6]
    lanes = 0.0 if others.empty else (1.0 if full.empty else min(LANES_MAX, ROW_SHARE * (len(others) + 1)))
    fig = go.Figure()
    if len(full):
        labelled = labelled_years(full, year)
        fig.add_trace(_full_line(full, color))
        fig.add_trace(_points(
            full, rows, y=list(full["y"]), name=_(PERIOD_TYPES["full"]),
            # the number alone: the title names the unit
            text=[axis_amount(v, u, q) if int(y) in labelled else ""
                  for v, u, q, y in zip(full["y"], full["display_unit"], full["quality"], full["year"], strict=True)],
            textposition="top center",
            marker=dict(size=14, color=color, line=dict(color=color, width=2.5),
                        symbol=[symbols[r] for r in full["reporter"]]),
        ))
    if len(others):
        right = x_range[0] + 0.62 * (x_range[1] - x_range[0])  # labels left of points beyond this, to stay inside
        fig.add_trace(_points(
            others, rows, y=list(range(len(others))), yaxis="y2", name=_(OTHER_LEGEND),
            text=[f"{period_label(r['period'])}: {axis_amount(r['y'], r['display_unit'], r['quality'])}"
                  for _i, r in others.iterrows()],
            textposition=["middle left" if x > right else "middle right" for x in others["year"]],
            marker=dict(size=11, color="white", line=dict(color=color, width=2.5),
                        symbol=[symbols[r] for r in others["reporter"]]),
        ))
    for rep in [r for r in SHAPE_LEGEND if r in symbols]:
        fig.add_trace(_legend_only(_(SHAPE_LEGEND[rep]), symbols[rep], theme.MUTED, theme.MUTED))
    if len(full):
        fig.add_trace(_legend_only(_(FULL_LEGEND), "circle", color, color, mode="lines+markers"))
    if len(others):
        fig.add_trace(_legend_only(_(PART_LEGEND), "circle", "white", color))
    unit = plotted["display_unit"].iloc[0]
    top = float(full["y"].max()) if len(full) else 1.0
    fig.update_layout(
        **theme.base_layout(
            margin=dict(l=10, r=10, t=30, b=10),
            showlegend=True,
            title=dict(text=f"{indicator_name(str(plotted['indicator'].iloc[0]))} ({unit_label(unit)})",
                       font=dict(size=15), x=0, xanchor="left", pad=dict(l=4), y=0.98),
            # At the foot of the figure, whatever its height: the plot area keeps clear of it, ticks included.
            legend=dict(orientation="h", x=0, y=0, yref="container", yanchor="bottom", font=dict(size=12)),
            # The value axis of the full years above; the rows of other periods below, one row each (no scale).
            yaxis=dict(domain=[min(1.0, lanes + LANES_GAP) if lanes else 0, 1], visible=bool(len(full)),
                       gridcolor=theme.GRID, range=[0, top * 1.2 or 1]),
            yaxis2=dict(domain=[0, max(lanes, 0.01)], visible=False, range=[len(others) - 0.5, -0.7],
                        fixedrange=True),
        )
    )
    fig.update_xaxes(
        # At most about five year labels: the panel is narrow and labels must stay readable, not tilted.
        # Room for the first and last value labels (centred on their points) inside a narrow panel.
        range=x_range,
        anchor="free", position=0,  # the time axis at the foot, under the rows of other periods
        dtick=max(1, -(-(int(years.max()) - int(years.min()) + 2) // 5)),
        tickangle=0,
        gridcolor=theme.GRID,
    )
    if len(full) and len(others):  # a heading between the line and the rows of other periods
        fig.add_annotation(text=f"<i>{_(LANES_HEADING)}</i>", xref="paper", yref="paper", x=0, y=lanes + LANES_GAP / 2,
                           xanchor="left", yanchor="middle", showarrow=False, font=dict(size=12, color=theme.MUTED))
    if years.min() <= year <= years.max():
        fig.add_shape(type="rect", xref="x", yref="paper", x0=year - 0.5, x1=year + 0.5, y0=0, y1=1,
                      fillcolor="#f0e442", opacity=0.28, line_width=0, layer="below")
    return fig


def option_label(option: str) -> str:
    """An option value as shown in the picker: 'Middle Corridor (TITR) cargo (Mt)'."""
    name, _sep, unit = option.rpartition(SEP)
    return f"{indicator_name(name)} ({unit_label(unit)})" if name else option


def unknown_indicator(asked: object, shown: str | None) -> str:
    """The notice for an indicator that is not one of the sector's series (the chart shows its first)."""
    if shown is None:
        return _("Ignored unknown indicator {value}.").format(value=echo(str(asked)))
    return _("Ignored unknown indicator {value}; the chart shows: {indicator}.").format(
        value=echo(str(asked)), indicator=option_label(shown))


__all__ = ["TURNOVER_OPTION", "coverage_note", "option_label", "point_hover", "sector_figure", "unknown_indicator",
           "value_text"]
