"""The trade and sector charts as native PowerPoint charts (python-pptx), built from the app's chart tables.

A native chart carries its numbers ("Edit Data" in PowerPoint opens them) and can be restyled or corrected by
whoever presents it. It is drawn from the same tidy table as the app's figure and the CSV of what is shown
(:func:`~dashboard.data.tables.trade_points`, :func:`~dashboard.data.tables.sector_points`), in two steps: the
table becomes a :class:`Spec` (categories, series, per-point styling: pure, testable without python-pptx), and
:func:`add_chart` draws a spec on a slide. Years are the categories; a year without a value is a blank cell, drawn
as a gap (never a zero). What the app distinguishes stays distinguished, each explained by a legend entry:
official full-year figures filled, rounded figures, bounds and partial years hollow, the second reporter's
markers, the US$10 bn target as its own series, the selected year outlined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from dashboard.briefing.rows import Figure
from dashboard.data.tables import BAR, GAP, LINE, MARKER, OTHER, PLOTTED, reporters, trade_points
from dashboard.figures import theme
from dashboard.figures.sector import FULL_LEGEND, PART_LEGEND, SHAPE_LEGEND, indicator_name
from dashboard.figures.trade import HOLLOW_LEGEND, legend_name, target_text
from dashboard.format import period_label, quantity, unit_label
from dashboard.i18n import _
from dashboard.state import ViewState
from dashboard.textfit import text_width

MIN_POINTS = 3  # fewer comparable points than this is not a chart: the values are shown as callouts
CHART_FONT = 11  # pt: axis labels and legend
HIGHLIGHT = theme.TEXT  # the outline of the selected year's bars and markers
SYMBOLS = {"circle": "CIRCLE", "diamond": "DIAMOND", "square": "SQUARE", "x": "X", "triangle-up": "TRIANGLE"}


@dataclass
class Series:
    """One series of a native chart: its name (the legend entry), a value per category (None: no value), how it
    is drawn (``bar``, ``line`` with markers, ``markers`` alone) and the per-point styling."""

    name: str
    values: list[float | None]
    kind: str
    color: str
    symbol: str = "circle"
    dashed: bool = False
    size: int = 7
    hollow: list[bool] = field(default_factory=list)  # per point: a white marker with a coloured outline
    symbols: list[str] = field(default_factory=list)  # per point, where the shape says who reports the figure
    outlined: list[bool] = field(default_factory=list)  # per point: the selected year
    in_legend: bool = True  # False for a second slot of a series (a year with two values): one legend entry

    def __post_init__(self) -> None:
        n = len(self.values)
        self.hollow = self.hollow or [False] * n
        self.symbols = self.symbols or [self.symbol] * n
        self.outlined = self.outlined or [False] * n


@dataclass
class Spec:
    """A native chart: categories (years), series, the value axis's title, an optional chart title, and how many
    points are comparable (full-year figures of one series)."""

    categories: list[str]
    series: list[Series]
    axis_title: str
    title: str = ""
    comparable: int = 0


def _per_year(rows: pd.DataFrame, years: list[int]) -> list[list]:
    """Rows laid out on the years: slot lists, as many as the most values any one year has (a year with two
    partial-period figures needs two series); each slot is a list of the row (or None) per year."""
    slots: list[list] = []
    for _i, r in rows.iterrows():
        at = years.index(int(r["year"]))
        slot = next((s for s in slots if s[at] is None), None)
        if slot is None:
            slot = [None] * len(years)
            slots.append(slot)
        slot[at] = r
    return slots


def _values(slot: list) -> list[float | None]:
    return [None if r is None or pd.isna(r["y"]) else float(r["y"]) for r in slot]


def _selected(years: list[int], state: ViewState) -> list[bool]:
    start, end = sorted((state.year_start, state.year))
    return [start <= y <= end for y in years]


def _legend_only(name: str, n: int, color: str, symbol: str = "circle", *, hollow: bool) -> Series:
    return Series(name, [None] * n, "markers", color, symbol=symbol, hollow=[hollow] * n)


def trade_spec(points: pd.DataFrame, state: ViewState, *, target: bool = True) -> Spec:
    """The trade chart of ``trade_points`` as a native chart: the main reporter's exports as bars, each
    reporter's turnover as a line (hollow markers: not an official statistic), the second reporter's exports as
    markers, partial years and other figures as grey hollow markers, the US$10 bn target as a dashed series, the
    selected year outlined. Years with no full-year figure (the table's gaps) stay blank."""
    drawn = points[points["role"] != GAP]
    years = list(range(int(drawn["year"].min()), int(drawn["year"].max()) + 1))
    n, main = len(years), reporters(state.reporter)[0]
    selected = _selected(years, state)
    series: list[Series] = []
    for key in dict.fromkeys(drawn["trace"]):
        rows = drawn[drawn["trace"] == key]
        first = rows.iloc[0]
        role, name = first["role"], legend_name(first)
        for i, slot in enumerate(_per_year(rows, years)):
            label = name if i == 0 else f"{name} ({i + 1})"
            values = _values(slot)
            more = {"in_legend": i == 0}
            if role == BAR:
                series.append(Series(label, values, "bar", theme.FLOW_COLORS[first["flow"]], **more,
                                     outlined=[s and v is not None for s, v in zip(selected, values, strict=True)]))
            elif role == LINE:
                series.append(Series(label, values, "line", theme.FLOW_COLORS["total_turnover"],
                                     symbol=theme.REPORTER_SYMBOLS[first["reporter"]],
                                     dashed=first["reporter"] != main, size=8, **more,
                                     hollow=[r is not None and r["quality"] != "official" for r in slot],
                                     outlined=[s and v is not None for s, v in zip(selected, values, strict=True)]))
            elif role == MARKER:
                series.append(Series(label, values, "markers", theme.FLOW_COLORS[first["flow"]],
                                     symbol=theme.REPORTER_SYMBOLS[first["reporter"]], size=8, **more))
            elif role == OTHER:
                series.append(Series(label, values, "markers", theme.MUTED, size=8, hollow=[True] * n, **more))
    line = drawn[drawn["role"] == LINE]
    if len(line) and not line["quality"].eq("official").all():
        series.append(_legend_only(_(HOLLOW_LEGEND), n, theme.TEXT, hollow=True))
    if target:
        series.append(Series(_("US$10 bn target"), [10.0] * n, "line", theme.SECTOR_COLORS["energy"], dashed=True,
                             symbol="none"))
    series.append(_legend_only(_selected_text(state), n, HIGHLIGHT, "square", hollow=True))
    # Full-year figures on the turnover line are comparable with each other, whoever stated them (a statement is
    # drawn hollow, not left out): Türkiye's side has two official statistics but a dozen full-year figures.
    return Spec([str(y) for y in years], series, _("US$ bn"), comparable=len(line))


def _selected_text(state: ViewState) -> str:
    start, end = sorted((state.year_start, state.year))
    return _("Year {year}").format(year=end) if start == end else _("Years {start}–{end}").format(start=start, end=end)


def sector_spec(rows: pd.DataFrame, sector: str, state: ViewState) -> Spec | None:
    """The sector chart of ``sector_points`` as a native chart: the plotted values by year, full calendar years
    the line (a blank year a gap) and other periods hollow markers, the marker's shape saying who reports the
    figure (legend entries for each),
    the selected year outlined. None when the series has no plotted value."""
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    if plotted.empty:
        return None
    years = list(range(int(plotted["year"].min()), int(plotted["year"].max()) + 1))
    n, color = len(years), theme.SECTOR_COLORS.get(sector, theme.SECTOR_COLORS["all"])
    selected = _selected(years, state)
    series = []
    full = plotted["period"] == "full"
    for is_full, part in ((True, plotted[full]), (False, plotted[~full])):
        name = _(FULL_LEGEND) if is_full else _(PART_LEGEND)
        for i, slot in enumerate(_per_year(part, years)):
            values = _values(slot)
            kind = "line" if is_full and i == 0 else "markers"  # full years are the line, as in the app
            series.append(Series(name if i == 0 else f"{name} ({i + 1})", values, kind, color, size=9,
                                 hollow=[not is_full] * n, in_legend=i == 0,
                                 symbols=[theme.REPORTER_SYMBOLS.get(r["reporter"], "circle") if r is not None
                                          else "circle" for r in slot],
                                 outlined=[s and v is not None for s, v in zip(selected, values, strict=True)]))
    for rep in [r for r in SHAPE_LEGEND if r in set(plotted["reporter"])]:
        series.append(_legend_only(_(SHAPE_LEGEND[rep]), n, theme.MUTED, theme.REPORTER_SYMBOLS[rep], hollow=False))
    series.append(_legend_only(_selected_text(state), n, HIGHLIGHT, "square", hollow=True))
    unit = unit_label(str(plotted["display_unit"].iloc[0]))
    title = f"{indicator_name(str(plotted['indicator'].iloc[0]))} ({unit})"
    return Spec([str(y) for y in years], series, unit, title=title, comparable=int(full.sum()))


def sector_values(rows: pd.DataFrame) -> list[Figure]:
    """The plotted values of a sector series as big numbers (too few, or too unlike, for a chart): the value as
    its source states it and its year and period (as a slide's callouts are, from the row; the series' name
    stands above them)."""
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    out = []
    for _i, r in plotted.iterrows():
        when = str(int(r["year"])) if r["period"] == "full" else f"{int(r['year'])}, {period_label(r['period'])}"
        out.append(Figure(quantity(r["value"], str(r["unit"]), r["quality"]), when, str(r["id"])))
    return out


def trade_chart(atlas, state: ViewState) -> Spec:
    """The trade chart of a view (the app's table for its reporter choice)."""
    return trade_spec(trade_points(atlas, state.reporter), state, target=bool(target_text(atlas)))


# --------------------------------------------------------------------------- drawing (python-pptx)
def _rgb(color: str):
    from pptx.dml.color import RGBColor  # noqa: PLC0415

    return RGBColor.from_string(color.lstrip("#").upper())


def tint(color: str, white: float = 0.6) -> str:
    """A pale ``color`` for a hollow marker's inside: PowerPoint draws it inside the coloured outline; LibreOffice,
    which draws no marker outline, still shows a pale marker apart from the filled ones (a white one vanished)."""
    rgb = [int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


def _style_marker(marker, color: str, symbol: str, size: int, *, hollow: bool, outlined: bool) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    marker.style = getattr(XL_MARKER_STYLE, SYMBOLS.get(symbol, "CIRCLE"))
    marker.size = size + (3 if outlined else 0)
    fill = marker.format.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(tint(color) if hollow else color)
    marker.format.line.color.rgb = _rgb(HIGHLIGHT if outlined else color)
    marker.format.line.width = Pt(2.25 if outlined else 1.5)


def _style(chart_series, s: Series) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE  # noqa: PLC0415
    from pptx.enum.dml import MSO_LINE_DASH_STYLE  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    fmt = chart_series.format
    if s.kind == "bar":
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(s.color)
        for i, outlined in enumerate(s.outlined):
            if outlined:
                point = chart_series.points[i].format
                point.fill.solid()
                point.fill.fore_color.rgb = _rgb(s.color)
                point.line.color.rgb = _rgb(HIGHLIGHT)
                point.line.width = Pt(2.25)
        return
    if s.kind == "markers":
        fmt.line.fill.background()  # no line between the points
    else:
        fmt.line.color.rgb = _rgb(s.color)
        fmt.line.width = Pt(2 if s.dashed else 2.5)
        if s.dashed:
            fmt.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    chart_series.smooth = False
    if s.symbol == "none":
        chart_series.marker.style = XL_MARKER_STYLE.NONE
        return
    _style_marker(chart_series.marker, s.color, s.symbol, s.size, hollow=all(s.hollow), outlined=False)
    for i, value in enumerate(s.values):
        if value is not None and (s.hollow[i] != all(s.hollow) or s.outlined[i] or s.symbols[i] != s.symbol):
            _style_marker(chart_series.points[i].marker, s.color, s.symbols[i], s.size, hollow=s.hollow[i],
                          outlined=s.outlined[i])


def _bars_apart(chart, spec: Spec) -> None:
    """Move the bar series out of the line chart into a clustered bar chart on the same axes (python-pptx makes
    one chart type per chart; a combination chart is a second chart element in the same plot area)."""
    from lxml import etree  # noqa: PLC0415
    from pptx.oxml.ns import qn  # noqa: PLC0415

    line = chart._chartSpace.find(".//" + qn("c:lineChart"))
    bar_ser = [ser for ser, s in zip(line.findall(qn("c:ser")), spec.series, strict=True) if s.kind == "bar"]
    if not bar_ser:
        return
    bar = etree.Element(qn("c:barChart"))
    for tag, val in (("c:barDir", "col"), ("c:grouping", "clustered"), ("c:varyColors", "0")):
        etree.SubElement(bar, qn(tag)).set("val", val)
    for ser in bar_ser:
        for tag in ("c:marker", "c:smooth"):
            for child in ser.findall(qn(tag)):
                ser.remove(child)
        for dpt in ser.findall(qn("c:dPt")):  # a bar's data point has no marker
            for child in dpt.findall(qn("c:marker")):
                dpt.remove(child)
        bar.append(ser)
    etree.SubElement(bar, qn("c:gapWidth")).set("val", "60")
    etree.SubElement(bar, qn("c:overlap")).set("val", "0")
    for ax in line.findall(qn("c:axId")):
        etree.SubElement(bar, qn("c:axId")).set("val", ax.get("val"))
    line.addprevious(bar)  # drawn first: the lines and markers stay on top of the bars


def _one_entry_each(chart, spec: Spec) -> None:
    """Hide the legend entries of second slots (the series they continue already explains them)."""
    from pptx.oxml.ns import qn  # noqa: PLC0415

    legend = chart._chartSpace.find(".//" + qn("c:legend"))
    position = legend.find(qn("c:legendPos"))
    for i, s in reversed(list(enumerate(spec.series))):
        if not s.in_legend:
            entry = legend.makeelement(qn("c:legendEntry"), {})
            entry.append(entry.makeelement(qn("c:idx"), {"val": str(i)}))
            entry.append(entry.makeelement(qn("c:delete"), {"val": "1"}))
            position.addnext(entry)  # the schema's order: legendPos, legendEntry*, layout, overlay


def tick_skip(categories: list[str], width_pt: float) -> int:
    """Every how many years a category label is written so the labels never touch (measured)."""
    label = max((text_width(c, CHART_FONT) for c in categories), default=0) + 1.5 * CHART_FONT
    room = max(width_pt - 60, 1)  # the value axis's labels and title take about this much
    return max(1, math.ceil(len(categories) * label / room))


def add_chart(slide, box, spec: Spec, *, font: str):
    """Draw ``spec`` on ``slide`` in ``box`` (inches): a native, editable chart with its data embedded."""
    from pptx.chart.data import CategoryChartData  # noqa: PLC0415
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION  # noqa: PLC0415
    from pptx.oxml.ns import qn  # noqa: PLC0415
    from pptx.util import Inches, Pt  # noqa: PLC0415

    data = CategoryChartData(number_format="General")
    data.categories = spec.categories
    for s in spec.series:
        data.add_series(s.name, s.values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(box.left), Inches(box.top),
                                   Inches(box.width), Inches(box.height), data)
    chart = frame.chart
    chart.font.size = Pt(CHART_FONT)
    chart.font.name = font
    for chart_series, s in zip(chart.plots[0].series, spec.series, strict=True):
        _style(chart_series, s)
    _bars_apart(chart, spec)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(CHART_FONT - (1 if box.height > 3.5 else 2))
    _one_entry_each(chart, spec)
    chart.has_title = bool(spec.title)
    if spec.title:
        chart.chart_title.text_frame.text = spec.title
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_FONT + 2)
    value_axis = chart.value_axis
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = spec.axis_title
    value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_FONT)
    value_axis.minimum_scale = 0
    value_axis.major_gridlines.format.line.color.rgb = _rgb(theme.GRID)
    category_axis = chart.category_axis
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    category_axis.format.line.color.rgb = _rgb(theme.MUTED)
    category_axis.tick_labels.font.size = Pt(CHART_FONT)
    # A label every few years (PowerPoint, Keynote); LibreOffice ignores the skip and turns the labels instead,
    # which also keeps them apart (a level label forced there was broken in two: "19/92").
    skip = str(tick_skip(spec.categories, box.width * 72))
    last = category_axis._element.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):  # the schema's order: before noMultiLvlLbl
        last.addprevious(last.makeelement(qn(tag), {"val": skip}))
    return frame
