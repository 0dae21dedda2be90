"""The exported figures: the app's own figure builders for a view, plus title, filters and sources.

Pure (no Flask, no rendering): :func:`chart_view` gives the figure the app draws for a view and
the source names of what it plots; :func:`export_figure` passes it through
:func:`~dashboard.export.annotate.annotate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard.data.compare import years_label
from dashboard.data.load import Atlas
from dashboard.data.tables import PLOTTED, features, sector_points
from dashboard.export.annotate import (
    ATLAS_NAME,
    EDGE,
    EXPORT_SOURCE_LINES,
    SOURCE_SIZE,
    annotate,
    filters_line,
    sector_text,
    source_budget,
    source_line,
)
from dashboard.export.shown import map_credits, map_pages, plotted_trade_rows, visible_features
from dashboard.figures.map import EXPORT_FRAME, map_figure
from dashboard.figures.sector import option_label, sector_figure
from dashboard.figures.trade import trade_figure
from dashboard.i18n import N_, _
from dashboard.state import ViewState

CHARTS = ("map", "trade", "sector")
SIZES = {"map": (1600, 900), "trade": (1600, 800), "sector": (1600, 800)}
TRADE_NOTE = N_("Milestones and the US$10 bn target: one source per item in the Atlas data (shown.csv).")


@dataclass(frozen=True)
class ChartView:
    """A chart as the app draws it for one view, and what it cites."""

    figure: go.Figure
    title: str
    source_names: list[str]
    note: str
    indicator: str | None = None  # the sector series shown (sector chart only)
    counted: int = 0  # sources only counted, not named (the pages the map's features cite)


@dataclass(frozen=True)
class Export:
    """An annotated figure ready to render, with the texts drawn on it."""

    figure: go.Figure
    title: str
    filters: str
    source: str
    width: int
    height: int
    filename_stem: str


def feature_names(atlas: Atlas, lang: str | None = None) -> dict[str, str]:
    """Feature id -> name in ``lang`` (default: the active language), as the map names it."""
    f = features(atlas)
    return {i: atlas.label("feature", i, lang, fallback=name) for i, name in zip(f["id"], f["name"], strict=True)}


def _plain_title(fig: go.Figure, fallback: str) -> str:
    text = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    return text.replace("<br>", " ").replace("<b>", "").replace("</b>", "") or fallback


def map_title(state: ViewState) -> str:
    """The exported map's title: sector and year (or years) of the view, in the active language."""
    start, end = sorted((state.year_start, state.year))
    sector = sector_text(state.sector)
    if state.compare is not None:
        return _("Kazakhstan–Türkiye partnership map: {sector}, compared: {years}").format(
            sector=sector, years=years_label(state.compare))
    if start == end:
        return _("Kazakhstan–Türkiye partnership map: {sector}, year {year}").format(sector=sector, year=end)
    return _("Kazakhstan–Türkiye partnership map: {sector}, years {start}–{end}").format(sector=sector, start=start,
                                                                                        end=end)


@dataclass(frozen=True)
class Cited:
    """What a chart of a view cites: the source names of what it plots, a note on what they do not cover, how many
    sources are only counted, and the sector series shown."""

    source_names: list[str]
    note: str
    counted: int = 0
    indicator: str | None = None


def chart_sources(atlas: Atlas, state: ViewState, chart: str, indicator: str | None = None) -> Cited:
    """The sources of ``chart`` in ``state``, from the chart's own table, without building its figure (a slide's
    source line needs only these)."""
    if chart == "map":
        shown = visible_features(atlas, state)
        return Cited([], map_credits(shown), len(map_pages(shown)))
    if chart == "trade":
        rows = plotted_trade_rows(atlas, state).sort_values("year", kind="stable")
        return Cited(list(rows["source_name"]), _(TRADE_NOTE))
    if chart == "sector":
        option, rows = sector_points(atlas, state.sector, indicator)
        plotted = rows[rows["role"] == PLOTTED].sort_values("year", kind="stable")
        return Cited(list(plotted["source_name"]), "", indicator=option)
    raise ValueError(f"unknown chart {chart!r}")


def chart_view(atlas: Atlas, state: ViewState, chart: str, indicator: str | None = None) -> ChartView:
    """The app's figure for ``chart`` in ``state`` and the source names of the rows it plots; its words in the
    active language (the source names as their sources write them)."""
    cited = chart_sources(atlas, state, chart, indicator)
    if chart == "map":
        return ChartView(map_figure(atlas, state, EXPORT_FRAME), map_title(state), cited.source_names, cited.note,
                         counted=cited.counted)
    if chart == "trade":
        fig = trade_figure(atlas, state)
        return ChartView(fig, _plain_title(fig, _("Kazakhstan–Türkiye trade by year (US$ bn)")), cited.source_names,
                         cited.note)
    option = cited.indicator
    _option, rows = sector_points(atlas, state.sector, option)
    title = (_("{sector}: {indicator}").format(sector=sector_text(state.sector), indicator=option_label(option))
             if option else _("{sector}: no sourced indicator values").format(sector=sector_text(state.sector)))
    return ChartView(sector_figure(rows, state.sector, state.year), title, cited.source_names, "", option)


def filename_stem(chart: str, state: ViewState) -> str:
    """``kz-tr-atlas_trade_2010-2022_energy``: chart, year or range, sector."""
    start, end = sorted((state.year_start, state.year))
    years = str(end) if start == end else f"{start}-{end}"
    if state.compare is not None:
        years = "{}-vs-{}".format(*state.compare)
    sector = state.sector if state.sector != "all" else "all-sectors"
    return f"kz-tr-atlas_{chart}_{years}_{sector}"


def export_figure(atlas: Atlas, state: ViewState, chart: str, *, today: date, indicator: str | None = None,
                  names: dict[str, str] | None = None) -> Export:
    """The annotated figure of ``GET /export/<chart>.<fmt>`` for ``state``."""
    width, height = SIZES[chart]
    view = chart_view(atlas, state, chart, indicator)
    filters = filters_line(state, feature_names=names if names is not None else feature_names(atlas),
                           indicator=view.indicator)
    source = source_line(view.source_names, today=today, note=view.note, counted=view.counted,
                         max_chars=source_budget(width),
                         lines=(SOURCE_SIZE, width - 2 * EDGE, EXPORT_SOURCE_LINES))
    fig = annotate(view.figure, view.title, filters, source, width=width, height=height)
    return Export(fig, view.title, filters, source, width, height, filename_stem(chart, state))


__all__ = ["ATLAS_NAME", "CHARTS", "SIZES", "ChartView", "Export", "chart_view", "export_figure"]
