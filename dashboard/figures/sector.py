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
from dashboard.data.tables import PLOTTED, REPORTER_NAME, SEP, TURNOVER, TURNOVER_OPTION
from dashboard.figures import theme
from dashboard.format import attribution, axis_amount, period_label, quality_label, quantity, unit_label
from dashboard.i18n import N_, _
from dashboard.state import echo

SHAPE_LEGEND = {"KZ": N_("Kazakhstan's figure"), "TR": N_("Türkiye's figure"), "OTHER": N_("Other source")}
FULL_LEGEND = N_("Filled: a full calendar year")
PART_LEGEND = N_("Hollow: part of a year, stock to date, forecast or capacity")
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
        f"{quality_label(r['quality'], indicator=True)}",
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


def _legend_only(name: str, symbol: str, fill: str, line: str) -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        hoverinfo="skip",
        marker=dict(symbol=symbol, size=12, color=fill, line=dict(color=line, width=2.5)),
    )


MAX_LABELS = 5  # value labels a narrow panel can hold without overlap


def labelled_years(full: pd.DataFrame, year: int) -> set[int]:
    """Full-year points that carry a value label: all of them if few, else the first, the last, the highest
    and the selected year (the hover and the table give every value)."""
    years = [int(y) for y in full["year"]]
    if len(years) <= MAX_LABELS:
        return set(years)
    top = int(full.loc[full["y"].astype(float).idxmax(), "year"])
    return {years[0], years[-1], top} | ({year} if year in years else set())


def sector_figure(rows: pd.DataFrame, sector: str, year: int) -> go.Figure:
    """The plotted rows of one series by year: full years filled and labelled, other periods hollow.

    Marker shape says who reports the figure (Kazakhstan, Türkiye, another source); the legend
    explains every shape and fill in use.
    """
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    if plotted.empty:
        return theme.message_figure(_("No sourced values for this selection."))
    color = theme.SECTOR_COLORS.get(sector, theme.SECTOR_COLORS["all"])
    fig = go.Figure()
    labelled = labelled_years(plotted[plotted["period"] == "full"], year)
    by_id = {r["id"]: r for _i, r in rows.iterrows()}
    for full, sub in plotted.groupby(plotted["period"] == "full"):
        hovers = [
            point_hover(r, [by_id[i] for i in str(r["alternatives"]).split(" ; ") if i in by_id])
            for _i, r in sub.iterrows()
        ]
        fig.add_trace(
            go.Scatter(
                x=list(sub["year"]),
                y=list(sub["y"]),
                mode="markers+text",
                name=_(FULL_LEGEND) if full else _(PART_LEGEND),
                showlegend=False,  # the legend-only entries below explain fill and shape separately
                # Labels on a few full-year values only: more would overlap in the narrow panel (hover has all);
                # the number alone, as the title and the axis name the unit.
                text=[
                    axis_amount(v, u, q) if int(y) in labelled else ""
                    for v, u, q, y in zip(sub["y"], sub["display_unit"], sub["quality"], sub["year"], strict=True)
                ]
                if full
                else None,
                textposition="top center",
                textfont=dict(size=12),
                cliponaxis=False,  # a label near the panel's edge is drawn whole, not cut
                marker=dict(
                    size=14,
                    color=color if full else "white",
                    line=dict(color=color, width=2.5),
                    symbol=[theme.REPORTER_SYMBOLS.get(r, "circle") for r in sub["reporter"]],
                ),
                hovertext=hovers,
                hoverinfo="text",
                customdata=[["year", int(y), i] for y, i in zip(sub["year"], sub["id"], strict=True)],
            )
        )
    for rep in [r for r in SHAPE_LEGEND if r in set(plotted["reporter"])]:
        fig.add_trace(_legend_only(_(SHAPE_LEGEND[rep]), theme.REPORTER_SYMBOLS[rep], theme.MUTED, theme.MUTED))
    fills = set(plotted["period"] == "full")
    if True in fills:
        fig.add_trace(_legend_only(_(FULL_LEGEND), "square", color, color))
    if False in fills:
        fig.add_trace(_legend_only(_(PART_LEGEND), "square", "white", color))
    unit = plotted["display_unit"].iloc[0]
    years = plotted["year"].astype(int)
    fig.update_layout(
        **theme.base_layout(
            margin=dict(l=10, r=10, t=30, b=10),
            showlegend=True,
            title=dict(text=f"{indicator_name(str(plotted['indicator'].iloc[0]))} ({unit_label(unit)})",
                       font=dict(size=15), x=0, xanchor="left", pad=dict(l=4), y=0.98),
            # At the foot of the figure, whatever its height: the plot area keeps clear of it, ticks included.
            legend=dict(orientation="h", x=0, y=0, yref="container", yanchor="bottom", font=dict(size=12)),
        )
    )
    fig.update_xaxes(
        # At most about five year labels: the panel is narrow and labels must stay readable, not tilted.
        # Room for the first and last value labels (centred on their points) inside a narrow panel.
        range=[years.min() - 1.6, years.max() + 1.6],
        dtick=max(1, -(-(int(years.max()) - int(years.min()) + 2) // 5)),
        tickangle=0,
        gridcolor=theme.GRID,
    )
    # The unit is in the title: an axis title standing on its side ran into the title in a short panel
    # ("млрд долл. США" is taller than the plot at 1920x1080).
    fig.update_yaxes(gridcolor=theme.GRID, rangemode="tozero")
    if years.min() <= year <= years.max():
        fig.add_vrect(x0=year - 0.5, x1=year + 0.5, fillcolor="#f0e442", opacity=0.28, line_width=0, layer="below")
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
