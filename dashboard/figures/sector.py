"""Sector indicators: one series (indicator + unit) at a time, every point with its source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.data.schema import SECTORS
from dashboard.figures import theme
from dashboard.figures.trade import QUALITY_NOTE, REPORTER_NAME

SEP = " · "  # between indicator name and unit in an option value


def series_options(indicators: pd.DataFrame) -> list[str]:
    """Indicator-and-unit series of a sector, the best covered (most distinct years) first."""
    if indicators.empty:
        return []
    keys = indicators["indicator"] + SEP + indicators["unit"]
    years = indicators.assign(key=keys).groupby("key")["year"].nunique()
    return list(years.sort_values(ascending=False, kind="stable").index)


def select_series(indicators: pd.DataFrame, option: str | None) -> pd.DataFrame:
    if not option or SEP not in option:
        return indicators.iloc[0:0]
    name, unit = option.rsplit(SEP, 1)
    return indicators[(indicators["indicator"] == name) & (indicators["unit"] == unit)]


def coverage_note(sector: str, indicators: pd.DataFrame) -> str:
    """Say plainly how much a sector's data cover, so a thin chart is never mistaken for a trend."""
    label = SECTORS.get(sector, "All sectors")
    if indicators.empty:
        return f"{label}: no sourced indicator values yet. Trade totals above still apply."
    years = sorted(indicators["year"].astype(int).unique())
    full = (indicators["period"] == "full").sum()
    return (
        f"{label}: {len(indicators)} sourced values in {indicators['indicator'].nunique()} indicators, "
        f"{years[0]}–{years[-1]}; {full} cover a full year, the rest are partial periods, stocks or forecasts "
        "and are not comparable with each other."
    )


def _hover(r: pd.Series) -> str:
    period = "" if r["period"] == "full" else f" ({r['period']})"
    return (
        f"<b>{int(r['year'])}{period}: {r['value']:,g} {r['unit']}</b><br>{r['indicator']}"
        f"<br>{REPORTER_NAME.get(r['reporter'], r['reporter'])} · {QUALITY_NOTE.get(r['quality'], r['quality'])}"
        f"<br>Source: {str(r['source_name'])[:90]}<br>{r['source_date'] or ''} · row {r['id']} (Sources view)"
    )


def sector_figure(rows: pd.DataFrame, sector: str, year: int) -> go.Figure:
    """Points of one series by year; full years filled, partial periods hollow and labelled."""
    if rows.empty:
        return theme.message_figure("No sourced values for this selection.")
    color = theme.SECTOR_COLORS.get(sector, theme.SECTOR_COLORS["all"])
    fig = go.Figure()
    for full, sub in rows.groupby(rows["period"] == "full"):
        fig.add_trace(
            go.Scatter(
                x=list(sub["year"]),
                y=list(sub["value"]),
                mode="markers+text",
                name="Full year" if full else "Partial period / stock / forecast",
                # Labels on full-year values only: partial periods and forecasts would crowd them (hover has all).
                text=[f"{v:,g}" for v in sub["value"]] if full else None,
                textposition="top center",
                textfont=dict(size=12),
                marker=dict(
                    size=14,
                    color=color if full else "white",
                    line=dict(color=color, width=2.5),
                    symbol=[theme.REPORTER_SYMBOLS.get(r, "circle") for r in sub["reporter"]],
                ),
                hovertext=[_hover(r) for _, r in sub.iterrows()],
                hoverinfo="text",
                customdata=[["year", int(y)] for y in sub["year"]],
            )
        )
    unit = rows["unit"].iloc[0]
    years = rows["year"].astype(int)
    fig.update_layout(
        **theme.base_layout(
            margin=dict(l=10, r=10, t=30, b=10),
            showlegend=True,
            title=dict(text=f"{rows['indicator'].iloc[0]} ({unit})", font=dict(size=15), x=0, y=0.98),
            legend=dict(orientation="h", x=0, y=-0.15, yanchor="top", font=dict(size=12)),
        )
    )
    fig.update_xaxes(
        # At most about five year labels: the panel is narrow and labels must stay readable, not tilted.
        range=[years.min() - 1, years.max() + 1],
        dtick=max(1, -(-(int(years.max()) - int(years.min()) + 2) // 5)),
        tickangle=0,
        gridcolor=theme.GRID,
    )
    fig.update_yaxes(title=dict(text=unit, font=dict(size=13)), gridcolor=theme.GRID, rangemode="tozero")
    if years.min() <= year <= years.max():
        fig.add_vrect(x0=year - 0.5, x1=year + 0.5, fillcolor="#f0e442", opacity=0.28, line_width=0, layer="below")
    return fig
