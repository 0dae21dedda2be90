"""One briefing slide as a page: where each element goes, and the pictures of its focus; shared by the
PowerPoint and the PDF export, so both lay a slide out the way the screen does.

The page is 16:9 (13.333 x 7.5 in): the title and caption on top, the focus filling the stage (the map,
a chart, or the map beside the focus in a split), the big-number callouts beside it, the source line at
the bottom. :func:`boxes` gives each element's box in inches; :func:`focus_pictures` the figures to
render into the picture boxes, each sized to its box (rendered at 2x by the caller).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard.briefing.deck import Slide
from dashboard.briefing.rows import Figure
from dashboard.data.load import Atlas
from dashboard.data.tables import PLOTTED, features, sector_points
from dashboard.export.annotate import clean, filters_line, source_line, wrap
from dashboard.export.charts import chart_sources, feature_names
from dashboard.export.native import MIN_POINTS, sector_spec, sector_values
from dashboard.export.shown import plotted_trade_rows, visible_features
from dashboard.figures.map import Frame, map_figure
from dashboard.figures.sector import sector_figure
from dashboard.figures.trade import trade_figure
from dashboard.i18n import N_, _
from dashboard.state import ViewState

WIDTH, HEIGHT = 13.333, 7.5  # inches: a 16:9 slide
#: Where a slide's source line sends the reader for the sources it only counts.
SEE_NOTES = N_("see notes / sources slide")
PX = 96  # CSS px per inch: the pictures are rendered at their box size in px, times 2
MARGIN = 0.45
STAGE_TOP, STAGE_BOTTOM = 2.4, 6.68


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    def px(self) -> tuple[int, int]:
        return round(self.width * PX), round(self.height * PX)


def boxes(slide: Slide, callouts: int) -> dict[str, Box | list[Box]]:
    """The slide's boxes: ``title``, ``caption``, ``source``, ``focus`` (and ``map`` in a split), ``callouts``."""
    inner = WIDTH - 2 * MARGIN
    stage_h = STAGE_BOTTOM - STAGE_TOP
    out: dict[str, Box | list[Box]] = {
        "title": Box(MARGIN, 0.3, inner, 0.75),
        "caption": Box(MARGIN, 1.05, inner, 1.3),
        "source": Box(MARGIN, STAGE_BOTTOM + 0.08, inner, HEIGHT - STAGE_BOTTOM - 0.15),
    }
    if slide.layout == "split":
        map_w = inner * 0.53
        right = MARGIN + map_w + 0.2
        right_w = WIDTH - MARGIN - right
        out["map"] = Box(MARGIN, STAGE_TOP, map_w, stage_h)
        strip = 1.05 if callouts else 0.0
        gap = 0.15
        out["callouts"] = [Box(right + i * (right_w + gap) / max(callouts, 1), STAGE_TOP,
                               (right_w + gap) / max(callouts, 1) - gap, strip) for i in range(callouts)]
        out["focus"] = Box(right, STAGE_TOP + strip + (0.15 if callouts else 0), right_w,
                           stage_h - strip - (0.15 if callouts else 0))
        return out
    column = 2.75 if callouts else 0.0
    out["focus"] = Box(MARGIN, STAGE_TOP, inner - column - (0.2 if callouts else 0), stage_h)
    each = stage_h / 3
    top = STAGE_TOP + (stage_h - each * callouts) / 2
    out["callouts"] = [Box(WIDTH - MARGIN - column, top + i * each + 0.06, column, each - 0.12)
                       for i in range(callouts)]
    return out


def value_boxes(box: Box, count: int) -> tuple[Box, list[Box]]:
    """Where a series too thin for a chart goes instead (its name, then each value as a big number): a heading
    across the top of ``box``, the values in a row (two rows if more than three; at most six) under it."""
    heading = Box(box.left, box.top, box.width, 0.5)
    below = Box(box.left, box.top + 0.6, box.width, box.height - 0.6)
    count = min(count, 6)
    rows = 1 if count <= 3 else 2
    per_row = max(1, -(-count // rows))
    gap = 0.2
    w = (below.width - gap * (per_row - 1)) / per_row
    h = min(1.8, (below.height - gap * (rows - 1)) / rows)
    top = below.top + (below.height - rows * h - gap * (rows - 1)) / 2
    return heading, [Box(below.left + (i % per_row) * (w + gap), top + (i // per_row) * (h + gap), w, h)
                     for i in range(count)]


def values_instead(atlas: Atlas, state: ViewState) -> tuple[str, list[Figure]] | None:
    """The sector chart's series as a heading and big numbers when fewer than three of its values are comparable
    (three values of three different periods are not a trend: drawn, they were three unlabelled hollow dots);
    None when it is a chart."""
    _option, rows = sector_points(atlas, state.sector, None)
    spec = sector_spec(rows, state.sector, state)
    if spec is not None and spec.comparable >= MIN_POINTS:
        return None
    return (spec.title if spec else _("No sourced values for this selection.")), sector_values(rows)


def plain(fig: go.Figure) -> go.Figure:
    """The figure without its own title: the slide's title says what it shows."""
    fig.update_layout(title_text="")
    return fig


def figure(atlas: Atlas, state: ViewState, chart: str, box: Box) -> go.Figure:
    """The app's figure ``chart`` for ``state``, fitted to ``box``."""
    if chart == "map":
        return map_figure(atlas, state, Frame(*box.px()))
    if chart == "trade":
        return plain(trade_figure(atlas, state))
    _option, rows = sector_points(atlas, state.sector, None)
    return sector_figure(rows, state.sector, state.year)


def source_text(atlas: Atlas, slide: Slide, state: ViewState, *, today: date, width: float, sizes: tuple[float, ...],
                lines: int | Callable[[float], int] = 4, names: dict[str, str] | None = None,
                elsewhere: str = SEE_NOTES) -> tuple[str, float]:
    """The source line of a printed slide and its font size: the slide's sources, the view it saved (year, sector
    ...; the map layers only where a map is shown), the sources of what its pictures plot, the Atlas and the date
    (as the image exports have it). The size is the largest of ``sizes`` at which the line fits ``lines`` lines (or
    ``lines(size)``) of ``width`` (same unit as the sizes): a Kazakh or Russian line is ~30 % longer, and its end
    (the Atlas, the date) is never cut off. Sources only counted are found ``elsewhere`` (the PowerPoint's notes and
    sources slide; a PDF has neither, and says shown.csv)."""
    charts = [c for c, _box in focus_pictures(slide, 0)]
    view = filters_line(state, feature_names=names if names is not None else feature_names(atlas),
                        layers="map" in charts)
    head = _("Source: {source}.").format(source=slide.source.strip().rstrip(".")) if slide.source.strip() else ""
    prefix = f"{head} " + _("View: {view}.").format(view=view)
    views = [chart_sources(atlas, state, c) for c in charts]
    plotted = [n for v in views for n in v.source_names]
    counted = sum(v.counted for v in views)
    note = " ".join(dict.fromkeys(v.note for v in views if v.note))
    for size in sizes:
        room = lines(size) if callable(lines) else lines
        text = source_line(plotted, today=today, note=note, lead=_("Chart data"), prefix=prefix,
                           lines=(size, width, room), elsewhere=elsewhere, counted=counted)
        if len(wrap(text, size, width)) <= room:
            break
    return text, size


def chart_rows(atlas: Atlas, slide: Slide, state: ViewState) -> list[str]:
    """The ids of the rows the slide's pictures and charts show (the map's visible features, the trade chart's
    points, the sector series' plotted values): the speaker notes and the sources slide list them, so the source
    line can point there."""
    ids: list[str] = []
    for chart, _box in focus_pictures(slide, 0):
        if chart == "map":
            ids += list(visible_features(atlas, state)["id"])
        elif chart == "trade":
            ids += list(plotted_trade_rows(atlas, state)["id"])
        elif chart == "sector":
            rows = sector_points(atlas, state.sector, None)[1]
            ids += list(rows.loc[rows["role"] == PLOTTED, "id"]) if len(rows) else []
    return list(dict.fromkeys(i for i in ids if i))


def card_text(atlas: Atlas, feature: str | None) -> str:
    """The feature card as text: the feature's name and description."""
    table = features(atlas)
    hit = table[table["id"] == feature]
    if hit.empty:
        return _("No feature is selected in this slide's view.")
    row = hit.iloc[0]
    name = atlas.label("feature", row["id"], fallback=row["name"])
    return f"{name}\n\n{clean(row.get('description', '') or '')}"


def focus_pictures(slide: Slide, callouts: int) -> list[tuple[str, Box]]:
    """Which figure goes into which picture box: the map in a split, then the focus (a card or headline
    figures stand on the map and the trade chart, which show what they describe)."""
    placed = boxes(slide, callouts)
    pictures = [("map", placed["map"])] if slide.layout == "split" else []
    chart = slide.chart if not (slide.layout == "split" and slide.focus == "card") else None
    if chart and not (slide.layout == "split" and chart == "map"):
        pictures.append((chart, placed["focus"]))
    return pictures
