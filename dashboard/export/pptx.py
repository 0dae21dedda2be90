"""Briefing deck -> an editable PowerPoint file (python-pptx), laid out as the slides are on screen.

One 16:9 slide per deck slide, in the deck's order, between a title slide and the sources slide(s). On each:
the title in the layout's title placeholder and the caption in a text box (native, editable text, never
baked into a picture); the map as a picture rendered by the same server-side renderer as the PNG export
(kaleido) at 2x; the trade or sector chart as a native chart with its data (:mod:`dashboard.export.native`);
the big-number callouts and the source line as text; speaker notes holding the presenter's notes plus every
cited row and every row the slide's map and charts show (id, source, date, URL). Every text box is fitted
when the file is written (measured by :mod:`dashboard.textfit`) and set so that every viewer draws it the
same. The last slide(s) list the sources as a reader cites them, grouped by publisher, without row ids. Text
goes in as plain text (python-pptx escapes it), so a caption cannot inject markup into the file.
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import unquote

from dashboard.briefing.deck import Deck, Slide
from dashboard.briefing.rows import Figure, Row, callouts, citations, row, speaker_notes
from dashboard.data.load import Atlas
from dashboard.data.tables import sector_points
from dashboard.export.annotate import atlas_name, shorten
from dashboard.export.native import add_chart, sector_spec, trade_chart
from dashboard.export.render import ExportUnavailable, Renderer
from dashboard.export.slides import (
    HEIGHT,
    MARGIN,
    WIDTH,
    Box,
    boxes,
    card_text,
    chart_rows,
    figure,
    focus_pictures,
    source_text,
    value_boxes,
    values_instead,
)
from dashboard.i18n import N_, _, ngettext
from dashboard.state import Domain, decode
from dashboard.textfit import clean, fit, wrap

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ACCENT, MUTED, TEXT = (0x0B, 0x3C, 0x5D), (0x5B, 0x66, 0x73), (0x1D, 0x27, 0x33)
SCALE = 2  # pictures at twice their box size in px: sharp on a projector and when zoomed
#: The text's font. Measured in DejaVu Sans (:mod:`dashboard.textfit`), which is wider than Arial and its
#: metric twin Liberation Sans: text fitted here fits in PowerPoint, Keynote and LibreOffice, with or without Arial.
FONT = "Arial"
LINE = 1.2  # exact line height, times the font size
INSET_X, INSET_Y = 0.08, 0.04  # in: a text box's inner margins, set explicitly (viewers' defaults differ)
TITLE_SIZES, CAPTION_SIZES, SOURCE_SIZES = (30, 26, 20), (16, 15, 14, 13, 12), (9, 8, 7)  # 20 pt: two title lines
SOURCES_SIZE = 10  # pt: the sources slides' entries
#: What each focus picture shows, for its name and alternative text (what a screen reader says).
PICTURES = {"map": N_("Map of the partnership"), "trade": N_("Trade chart"), "sector": N_("Sector chart")}


def _pptx():
    try:
        import pptx  # noqa: PLC0415 -- only the PowerPoint route needs it
    except ImportError as exc:
        raise ExportUnavailable(_("PowerPoint export needs the python-pptx package on the server "
                                  "(see requirements.txt).")) from exc
    return pptx


def _frame(frame) -> None:
    """A text frame every viewer draws the same: wrapped, never resized or shrunk at open time, fixed insets."""
    from pptx.enum.text import MSO_AUTO_SIZE  # noqa: PLC0415
    from pptx.util import Inches  # noqa: PLC0415

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(INSET_X)
    frame.margin_top = frame.margin_bottom = Inches(INSET_Y)


def _run(paragraph, text: str, size: float, *, bold: bool = False, color=TEXT) -> None:
    """One paragraph of ``text`` at a fixed size, with an exact line height (the one :func:`textfit.fit` counts)."""
    from pptx.dml.color import RGBColor  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    paragraph.line_spacing = Pt(size * LINE)
    paragraph.space_before = paragraph.space_after = Pt(0)
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor(*color)


def _inner(box: Box) -> tuple[float, float]:
    """The room for text in ``box``, in pt: less the insets, and a little for a renderer that wraps a hair early."""
    return (box.width - 2 * INSET_X) * 72 * 0.97, (box.height - 2 * INSET_Y) * 72


def fitted(text: str, box: Box, sizes: tuple[float, ...], *, bold: bool = False) -> tuple[str, float]:
    """``text`` as it fits ``box``: wrapped at the largest of ``sizes`` that holds it, else shortened by whole
    words (never cutting a number) at the smallest."""
    width, height = _inner(box)
    lines, size = fit(text, width, height, sizes, line=LINE, bold=bold)
    whole = clean(text)
    return (whole if " ".join(lines) == whole else " ".join(lines)), size


def _text(frame, text: str, box: Box, sizes: tuple[float, ...], *, bold: bool = False, color=TEXT) -> None:
    _frame(frame)
    frame.text = ""
    words, size = fitted(text, box, sizes, bold=bold)
    _run(frame.paragraphs[0], words, size, bold=bold, color=color)


def _box(slide, box: Box):
    from pptx.util import Inches  # noqa: PLC0415

    return slide.shapes.add_textbox(Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height))


def _place_title(shape, box: Box, text: str, sizes: tuple[float, ...] = TITLE_SIZES) -> None:
    from pptx.enum.text import MSO_ANCHOR  # noqa: PLC0415
    from pptx.util import Inches  # noqa: PLC0415

    shape.left, shape.top, shape.width, shape.height = (Inches(box.left), Inches(box.top), Inches(box.width),
                                                        Inches(box.height))
    _text(shape.text_frame, text, box, sizes, bold=True, color=ACCENT)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP


def callout_sizes(value: str, label: str, box: Box) -> tuple[str, float, str, float]:
    """A callout's figure and label as they fit its box together: the figure as large as fits in two lines, the
    label under it (shortened by whole words only if it cannot fit at its smallest size)."""
    width, height = _inner(box)
    big = (28, 24, 20, 18, 16) if box.height > 1 else (22, 20, 18, 16, 14)
    for label_size in (12, 11, 10):
        label_lines = wrap(label, label_size, width)
        for size in big:
            value_lines = wrap(value, size, width, bold=True)
            if len(value_lines) <= 2 and (len(value_lines) * size + len(label_lines) * label_size) * LINE <= height:
                return clean(value), size, clean(label), label_size
    size = big[-1]
    room = height - len(wrap(value, size, width, bold=True)) * size * LINE
    short, label_size = fitted(label, Box(0, 0, box.width, max(room, 10 * LINE) / 72 + 2 * INSET_Y), (10,))
    return clean(value), size, short, label_size


def _callout(slide, box: Box, fig: Figure, name: str) -> None:
    from pptx.dml.color import RGBColor  # noqa: PLC0415
    from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415
    from pptx.enum.text import MSO_ANCHOR  # noqa: PLC0415
    from pptx.util import Inches  # noqa: PLC0415

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(box.left), Inches(box.top), Inches(box.width),
                                   Inches(box.height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0xEE, 0xF5, 0xFB)
    shape.line.color.rgb = RGBColor(*ACCENT)
    frame = shape.text_frame
    _frame(frame)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    value, size, label, label_size = callout_sizes(fig.value, fig.label, box)
    frame.text = ""
    _run(frame.paragraphs[0], value, size, bold=True, color=ACCENT)
    _run(frame.add_paragraph(), label, label_size)
    shape.name = name


def _picture(slide, png: bytes, box: Box, chart: str) -> None:
    """A rendered focus picture, named and described (alternative text) in the active language."""
    from pptx.util import Inches  # noqa: PLC0415

    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(box.left), Inches(box.top), Inches(box.width),
                                   Inches(box.height))
    _describe(pic, _(PICTURES[chart]))


def _describe(shape, name: str) -> None:
    shape.name = name
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", name)  # python-pptx has no API for the alternative text


def _values_grid(slide, box: Box, title: str, values: list[Figure]) -> None:
    """Too few comparable values for a chart: the series' name, then each value as a big number."""
    heading, places = value_boxes(box, len(values))
    shape = _box(slide, heading)
    shape.name = "Chart values"
    _text(shape.text_frame, title, heading, (15, 14, 13), bold=True, color=ACCENT)
    for place, value in zip(places, values, strict=False):
        _callout(slide, place, value, f"Chart value {value.row}")


def _chart(slide, atlas: Atlas, state, chart: str, box: Box) -> None:
    """The trade or sector chart of the view as a native chart, or its values as big numbers when fewer than
    three of them are comparable."""
    if chart == "sector" and (thin := values_instead(atlas, state)):
        _values_grid(slide, box, *thin)
        return
    spec = trade_chart(atlas, state) if chart == "trade" else sector_spec(
        sector_points(atlas, state.sector, None)[1], state.sector, state)
    _describe(add_chart(slide, box, spec, font=FONT), _(PICTURES[chart]))


def _slide(prs, atlas: Atlas, domain: Domain, deck_slide: Slide, renderer: Renderer, layout, *, today: date,
           names: dict[str, str] | None) -> list[str]:
    """One deck slide; returns the ids of the rows its map and charts show (for the sources slide)."""
    state = decode(deck_slide.query, domain)[0]
    figures = callouts(atlas, deck_slide)
    placed = boxes(deck_slide, len(figures))
    slide = prs.slides.add_slide(layout)
    _place_title(slide.shapes.title, placed["title"], deck_slide.title)
    caption = _box(slide, placed["caption"])
    caption.name = "Caption"
    _text(caption.text_frame, deck_slide.caption, placed["caption"], CAPTION_SIZES)
    for chart, box in focus_pictures(deck_slide, len(figures)):
        if chart == "map":
            width, height = box.px()
            _picture(slide, renderer.render(figure(atlas, state, chart, box), "png", width, height, scale=SCALE),
                     box, chart)
        else:
            _chart(slide, atlas, state, chart, box)
    if deck_slide.focus == "card" and deck_slide.layout == "split":
        card = _box(slide, placed["focus"])
        card.name = "Feature card"
        _text(card.text_frame, card_text(atlas, state.feature), placed["focus"], (14, 13, 12))
    for box, fig in zip(placed["callouts"], figures, strict=True):
        _callout(slide, box, fig, f"Callout {fig.row}")
    source = _box(slide, placed["source"])
    source.name = "Source"
    width, height = _inner(placed["source"])
    text, size = source_text(atlas, deck_slide, state, today=today, width=width, sizes=SOURCE_SIZES,
                             lines=lambda pt: int(height // (pt * LINE)), names=names)
    _text(source.text_frame, text, placed["source"], (size,), color=MUTED)
    plotted = chart_rows(atlas, deck_slide, state)
    notes = speaker_notes(atlas, deck_slide)
    if plotted:
        notes += "\n\n" + "\n".join([_("Shown on the map and charts of this slide (id — source (date) — URL):"),
                                      *(f"• {row(atlas, r).line()}" for r in plotted)])
    slide.notes_slide.notes_text_frame.text = notes.strip()
    return plotted


def _title_slide(prs, atlas: Atlas, deck: Deck, renderer: Renderer, today: date, domain: Domain) -> None:
    from pptx.util import Inches  # noqa: PLC0415

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _place_title(slide.shapes.title, Box(0.6, 0.6, WIDTH - 1.2, 1.2), atlas_name(), (36, 32, 28))
    subtitle = slide.placeholders[1]
    box = Box(0.6, 1.8, WIDTH - 1.2, 0.9)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (Inches(box.left), Inches(box.top),
                                                                    Inches(box.width), Inches(box.height))
    n = len(deck.slides)
    _text(subtitle.text_frame, ngettext("Briefing, {n} slide · {day}", "Briefing, {n} slides · {day}", n).format(
        n=n, day=today.isoformat()) + " · " + _("every figure sourced: see the notes and the last slide"), box,
        (18, 16, 15), color=MUTED)
    box = Box(0.6, 2.9, WIDTH - 1.2, HEIGHT - 3.3)
    width, height = box.px()
    png = renderer.render(figure(atlas, decode("", domain)[0], "map", box), "png", width, height, scale=SCALE)
    _picture(slide, png, box, "map")
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [_("Slides of this briefing:"), *(f"{i}. {s.title}" for i, s in enumerate(deck.slides, start=1))])


def citation_paragraphs(rows: list[Row]) -> list[tuple[str, bool, str]]:
    """The sources slide's paragraphs as (text, bold, link): each publisher in bold, then its sources, each once,
    as a reader cites them — title, date, address (no row ids: those are in the speaker notes)."""
    out: dict[str, tuple[str, bool, str]] = {}
    for publisher, cited in citations(rows).items():
        out.setdefault(clean(publisher), (clean(publisher), True, ""))
        for r in cited:
            link = r.url if r.url.startswith(("http://", "https://")) else ""
            where = shorten(unquote(link.split("://", 1)[-1]).removeprefix("www."), 60) if link else ""
            title = "" if r.source.removeprefix("www.") in (publisher, where.split("/")[0]) else r.source
            text = clean(" — ".join(p for p in (title, r.date, where) if p))
            if text:  # the same page under the same words is one citation
                out.setdefault(text, (text, False, link))
    return list(out.values())


def _columns(paragraphs: list[tuple[str, bool, str]], box: Box, size: float) -> list[list[tuple[str, bool, str]]]:
    """The paragraphs flowed into columns of ``box``'s size (each paragraph measured, wrapped, never split)."""
    width, height = _inner(box)
    columns: list[list] = [[]]
    used = 0.0
    for paragraph in paragraphs:
        lines = wrap(paragraph[0], size, width - size, bold=paragraph[1])  # less the hanging indent
        need = len(lines) * size * LINE + (size * 0.4 if paragraph[1] else 0)
        if used + need > height and columns[-1]:
            columns.append([])
            used = 0.0
        columns[-1].append(paragraph)
        used += need
    return columns


def _sources_slides(prs, atlas: Atlas, deck: Deck, layout, shown: list[str]) -> None:
    """The last slide(s): every source the deck cites or its charts and map show, grouped by publisher, two
    columns a slide, as many slides as the list needs at a readable size; the row ids in the notes."""
    from pptx.util import Pt  # noqa: PLC0415

    rows = [row(atlas, r) for r in dict.fromkeys([*(r for s in deck.slides for r in s.rows), *shown])]
    column = Box(MARGIN, 1.15, (WIDTH - 2 * MARGIN - 0.3) / 2, HEIGHT - 1.15 - 0.35)
    columns = _columns(citation_paragraphs(rows), column, SOURCES_SIZE)
    for first in range(0, len(columns), 2):
        slide = prs.slides.add_slide(layout)
        _place_title(slide.shapes.title, Box(MARGIN, 0.3, WIDTH - 2 * MARGIN, 0.75), _("Sources"))
        for i, paragraphs in enumerate(columns[first:first + 2]):
            box = Box(column.left + i * (column.width + 0.3), column.top, column.width, column.height)
            shape = _box(slide, box)
            shape.name = f"Sources {first + i + 1}"
            frame = shape.text_frame
            _frame(frame)
            for j, (text, bold, link) in enumerate(paragraphs):
                paragraph = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
                _run(paragraph, text, SOURCES_SIZE, bold=bold, color=ACCENT if bold else TEXT)
                if bold and j:
                    paragraph.space_before = Pt(SOURCES_SIZE * 0.4)
                if link:
                    paragraph.runs[0].hyperlink.address = link
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [_("Every data row this deck cites (id — source (date) — URL):"), *(r.line() for r in rows)])


def briefing_pptx(atlas: Atlas, domain: Domain, deck: Deck, renderer: Renderer, *, today: date,
                  names: dict[str, str] | None = None) -> bytes:
    """The deck as a .pptx file: a title slide, one slide per deck slide, a sources slide."""
    pptx = _pptx()
    from pptx.util import Inches  # noqa: PLC0415

    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    title_only = prs.slide_layouts[5]
    _title_slide(prs, atlas, deck, renderer, today, domain)
    shown: list[str] = []
    for deck_slide in deck.slides:
        shown += _slide(prs, atlas, domain, deck_slide, renderer, title_only, today=today, names=names)
    _sources_slides(prs, atlas, deck, title_only, shown)
    props = prs.core_properties
    props.title = _("{atlas} — briefing").format(atlas=atlas_name())
    props.author = atlas_name()
    props.subject = clean("; ".join(s.title for s in deck.slides))[:255]  # the core properties hold 255 characters
    props.language = deck.lang
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
