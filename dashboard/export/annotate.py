"""The one place where an exported picture gets its title, filters and source line; pure functions.

:func:`annotate` returns an exportable copy of a figure: a fixed pixel size, the title and the
filters at the top (``layout.title`` and its subtitle, positioned in container coordinates) and
the caption and source line in the bottom margin (annotations in paper coordinates, below the
plotting area). Margins are computed from the number of wrapped text lines, so nothing the
export adds ever overlaps the plot.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from datetime import date

import plotly.graph_objects as go

from dashboard.data.compare import years_label
from dashboard.data.labels import term
from dashboard.data.schema import SECTORS
from dashboard.figures import theme
from dashboard.figures.sector import option_label
from dashboard.i18n import N_, _, ngettext
from dashboard.state import ViewState
from dashboard.textfit import clean, text_width, wrap

#: The Atlas's name in English (file metadata, data.zip); :func:`atlas_name` gives it in the active language.
ATLAS_NAME = N_("Kazakhstan–Türkiye Partnership Atlas")
#: Whose trade statistics a view shows, as the filters line says it (whole phrases: word order differs).
REPORTER_TEXT = {"KZ": N_("Trade figures: Kazakhstan's"), "TR": N_("Trade figures: Türkiye's"),
                 "both": N_("Trade figures: Kazakhstan's and Türkiye's")}

EDGE = 24  # px between the image edge and any text the export adds
TITLE_SIZE, FILTER_SIZE, CAPTION_SIZE, SOURCE_SIZE = 24, 15, 15, 13
LINE = 1.35  # line height as a multiple of the font size
AVERAGE_EM = 0.6  # average glyph width in em, for character budgets (DejaVu Sans, the widest font used)
AXIS_ROOM = 34  # px below a cartesian plot for the x tick labels
CARTESIAN_LEFT = 84  # px left of a cartesian plot for y tick labels and title (no automargin push)
MAX_SOURCE_LINES = 8  # at most; the source budgets keep exports to 7 lines and slides to 4
EXPORT_SOURCE_LINES = 7
MAX_CAPTION_LINES = 7


# --------------------------------------------------------------------------- text
def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    flat = clean(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-(") + "…"


def distinct(names: Iterable[object], limit: int = 60) -> list[str]:
    """Shortened, non-empty names without repeats, in first-seen order."""
    out: dict[str, None] = {}
    for name in names:
        if name is None or (isinstance(name, float) and math.isnan(name)):
            continue
        short = shorten(str(name), limit)
        if short and short.lower() not in {"nan", "<na>"}:
            out.setdefault(short, None)
    return list(out)


def chars_per_line(font_px: float, width_px: float) -> int:
    """How many average characters fit on a line (for length budgets)."""
    return max(20, int(width_px / (font_px * AVERAGE_EM)))


def plotly_text(lines: list[str]) -> str:
    """Lines as plotly annotation text: escaped, so user text can never inject markup."""
    return "<br>".join(html.escape(line, quote=False) for line in lines)


# --------------------------------------------------------------------------- lines
def atlas_name() -> str:
    """The Atlas's name in the active language (the exports' title and source lines)."""
    return _(ATLAS_NAME)


def sector_text(sector: str) -> str:
    """The name of a view's sector in the active language ("All sectors" for ``all``)."""
    return term("sector", sector) if sector in SECTORS else _("All sectors")


def year_text(state: ViewState) -> str:
    if state.compare is not None:
        # TRANSLATORS: an exported view's two compared years; {years} is "2013 → 2022".
        return _("Compared: {years}").format(years=years_label(state.compare))
    start, end = sorted((state.year_start, state.year))
    return _("Year {year}").format(year=end) if start == end else _("Years {start}–{end}").format(start=start, end=end)


def filters_line(state: ViewState, *, feature_names: Mapping[str, str] | None = None,
                 indicator: str | None = None, layers: bool = True) -> str:
    """The view's settings in words, in the active language: year or range, sector, reporter, layers (unless
    ``layers`` is False: nothing shows a map), selected feature, indicator (``indicator`` as the option shown in the
    sector chart's picker). Never the map's coordinates or zoom: a reader cannot use them (the link holds them)."""
    parts = [year_text(state), _("Sector: {sector}").format(sector=sector_text(state.sector)),
             _(REPORTER_TEXT[state.reporter]) if state.reporter in REPORTER_TEXT else state.reporter]
    shown = [term("layer", layer) for layer in state.layers]
    if layers:
        parts.append(_("Map layers: {layers}").format(layers=", ".join(shown)) if shown else _("Map layers: none"))
    if state.feature:
        parts.append(_("Selected: {feature}").format(feature=(feature_names or {}).get(state.feature, state.feature)))
    if indicator:
        parts.append(_("Indicator: {indicator}").format(indicator=option_label(indicator)))
    return " · ".join(parts)


def source_budget(width: int, lines: int = EXPORT_SOURCE_LINES) -> int:
    """How many characters of source line fit in ``lines`` lines of an image ``width`` px wide."""
    return int(chars_per_line(SOURCE_SIZE, width - 2 * EDGE) * lines * 0.95)


#: Where an export's source line sends the reader for the sources it only counts.
SEE_CSV = N_("full list in shown.csv")


def source_line(names: Iterable[object], *, today: date, note: str = "", lead: str | None = None, prefix: str = "",
                max_chars: int | None = None, lines: tuple[float, float, int] | None = None, limit: int = 60,
                elsewhere: str = SEE_CSV, counted: int = 0) -> str:
    """``[prefix] Sources: A; B; C. [note] Kazakhstan–Türkiye Partnership Atlas, <ISO date>``.

    The words (``lead``, default "Sources", "none for this selection", "and 4 more", the Atlas's name) are
    in the active language; the source names stay as their sources write them; the date is ISO 8601.

    ``names`` are the source names of what is shown: shortened to ``limit`` characters, repeats
    dropped, in the order given. ``note`` adds what they do not cover (e.g. base-map credits).
    With ``max_chars`` (characters) or ``lines`` (``(font_px, width_px, max_lines)``: the text must wrap into
    that many lines, as :func:`wrap` measures it, so a longer language still fits), names are shortened further
    and, if still too long, the last ones are
    counted instead of listed ("and 4 more (full list in shown.csv)", at worst all of them: "12 sources
    (full list in shown.csv)"); ``elsewhere`` (an untranslated message) says where the full list is. The Atlas
    name and the date always stay. ``counted`` sources are only counted, never named (the map's features cite
    pages, not named sources: no list of web sites).
    """
    head = f"{clean(prefix)} " if clean(prefix) else ""
    tail = f" {clean(note)}" if clean(note) else ""
    end = f" {atlas_name()}, {today.isoformat()}"
    lead = _("Sources") if lead is None else lead

    def compose(listed: list[str], more: int = 0) -> str:
        more += counted
        if not listed and more:
            # TRANSLATORS: a source line too long for its image or page: the sources are only counted.
            return head + ngettext("{lead}: {count} source ({elsewhere}).",
                                   "{lead}: {count} sources ({elsewhere}).", more).format(
                lead=lead, count=more, elsewhere=_(elsewhere)) + tail + end
        if not listed:
            return head + _("{lead}: none for this selection.").format(lead=lead) + tail + end
        if more:
            # TRANSLATORS: the end of a list of source names that did not all fit on an exported image.
            rest = ngettext("; and {count} more ({elsewhere})",
                            "; and {count} more ({elsewhere})", more).format(count=more, elsewhere=_(elsewhere))
            return head + _("{lead}: {names}{rest}.").format(lead=lead, names="; ".join(listed), rest=rest) + tail + end
        return head + _("{lead}: {names}.").format(lead=lead, names="; ".join(listed)) + tail + end

    listed = distinct(names, limit)
    if max_chars is None and lines is None:
        return compose(listed)

    def fits(text: str) -> bool:
        return ((max_chars is None or len(text) <= max_chars)
                and (lines is None or len(wrap(text, lines[0], lines[1])) <= lines[2]))

    for short in (limit, 50, 40):
        listed = distinct(names, min(short, limit))
        if fits(compose(listed)):
            return compose(listed)
    keep = len(listed)
    while keep > 0 and not fits(compose(listed[:keep], len(listed) - keep)):
        keep -= 1
    return compose(listed[:keep], len(listed) - keep)


# --------------------------------------------------------------------------- layout
def _legend_entries(fig: go.Figure) -> list[str]:
    seen_groups: set[str] = set()
    names = []
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        group = getattr(trace, "legendgroup", None)
        if group:
            if group in seen_groups:
                continue
            seen_groups.add(group)
        names.append(str(trace.name))
    return names


def _legend_rows(names: list[str], font_px: float, width_px: float) -> int:
    """Rows a horizontal legend needs (greedy packing, conservative glyph width)."""
    rows, used = (1 if names else 0), 0.0
    for name in names:
        item = 46 + text_width(name, font_px)
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def _outside(legend) -> bool:
    """Whether a legend sits outside the plotting area (plotly's default is right of it; one placed in the
    figure's own coordinates, ``yref="container"``, is in a margin)."""
    if legend.yref == "container":
        return True
    y = legend.y if legend.y is not None else 1.0
    x = legend.x if legend.x is not None else 1.02
    above = y > 1 or (y >= 1 and legend.yanchor == "bottom")
    below = y < 0 or (y <= 0 and legend.yanchor == "top")
    beside = x > 1 or x < 0 or (x >= 1 and legend.xanchor == "left") or (x <= 0 and legend.xanchor == "right")
    return above or below or beside


def annotate(fig: go.Figure, title: str, filters: str, source: str, *, caption: str = "",
             width: int = 1600, height: int = 900) -> go.Figure:
    """An exportable copy of ``fig`` with title, filters, optional caption and source on the image.

    The title and filters sit in the top margin, the caption and source line in the bottom margin;
    both margins are sized from the wrapped text so nothing overlaps the plotting area. The
    original figure is not modified.
    """
    out = go.Figure(fig.to_dict())
    lay = out.layout
    cartesian = any(k.startswith(("xaxis", "yaxis")) for k in lay.to_plotly_json()) or any(
        t.type not in ("scattergeo", "choropleth", "scattermap", "choroplethmap") for t in out.data)
    left = max(CARTESIAN_LEFT if cartesian else 0, lay.margin.l or 0, EDGE)
    right = max(lay.margin.r or 0, EDGE)
    text_w = width - 2 * EDGE

    title_lines = wrap(title, TITLE_SIZE, text_w, max_lines=2, bold=True)
    filter_lines = wrap(filters, FILTER_SIZE, text_w, max_lines=3)
    header = (18 + len(title_lines) * TITLE_SIZE * LINE + 6 + len(filter_lines) * FILTER_SIZE * LINE + 14)

    legend_room = 0.0
    show_legend = lay.showlegend is not False and bool(_legend_entries(out))
    if show_legend and _outside(lay.legend):
        size = (lay.legend.font.size if lay.legend.font and lay.legend.font.size else 12)
        rows = _legend_rows(_legend_entries(out), size, width - left - right)
        legend_room = rows * (size * LINE + 6) + 8
        out.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                                      yref="paper", entrywidth=None, bgcolor="rgba(255,255,255,0)"))
    top = math.ceil(header + legend_room)

    caption_lines = wrap(caption, CAPTION_SIZE, text_w, max_lines=MAX_CAPTION_LINES) if caption.strip() else []
    source_lines = wrap(source, SOURCE_SIZE, text_w, max_lines=MAX_SOURCE_LINES)
    caption_h = len(caption_lines) * CAPTION_SIZE * LINE + (10 if caption_lines else 0)
    source_h = len(source_lines) * SOURCE_SIZE * LINE
    footer = 12 + caption_h + source_h + 16
    bottom = math.ceil(footer + (AXIS_ROOM if cartesian else 8))

    plot_w = max(1.0, width - left - right)
    plot_h = max(1.0, height - top - bottom)
    x_edge = (EDGE - left) / plot_w  # paper x of the image's left text edge

    def paper_y(px_from_bottom: float) -> float:  # image pixels above the bottom edge -> paper y
        return (px_from_bottom - bottom) / plot_h

    out.update_layout(
        width=width, height=height, autosize=False,
        margin=dict(l=left, r=right, t=top, b=bottom, autoexpand=True),
        title=dict(
            text=f"<b>{plotly_text(title_lines)}</b>", x=EDGE / width, xref="container", xanchor="left",
            # plotly grows a multi-line title upwards from its anchor: move the anchor down by the extra lines
            y=1 - (18 + (len(title_lines) - 1) * TITLE_SIZE * 1.3) / height, yref="container", yanchor="top",
            automargin=False,
            font=dict(size=TITLE_SIZE, color=theme.TEXT, family=theme.FONT),
            subtitle=dict(text=plotly_text(filter_lines), font=dict(size=FILTER_SIZE, color=theme.MUTED)),
        ),
    )
    notes = [
        dict(text=plotly_text(source_lines), x=x_edge, y=paper_y(16), name="export-source",
             font=dict(size=SOURCE_SIZE, color=theme.MUTED)),
    ]
    if caption_lines:
        notes.append(dict(text=plotly_text(caption_lines), x=x_edge, y=paper_y(16 + source_h + 10),
                          name="export-caption", font=dict(size=CAPTION_SIZE, color=theme.TEXT)))
    for note in notes:
        out.add_annotation(xref="paper", yref="paper", xanchor="left", yanchor="bottom", align="left",
                           showarrow=False, **note)
    rule_y = paper_y(footer - 4)
    out.add_shape(type="line", xref="paper", yref="paper", x0=x_edge, x1=1 + (right - EDGE) / plot_w,
                  y0=rule_y, y1=rule_y, line=dict(color=theme.GRID, width=1), layer="above")
    return out
