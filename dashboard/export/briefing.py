"""Briefing deck -> PDF: one kaleido-rendered page per slide, joined with pypdf.

Each page is laid out as the slide is on screen and in the PowerPoint (``dashboard.export.slides``):
the focus pictures are rendered first (the same renderer as the PNG export, at 2x) and placed on a
16:9 page with the title, caption, callouts and source line as text. Kaleido renders one figure per
call (Chromium's print-to-PDF), so each slide becomes a one-page PDF and the pages are joined.
"""

from __future__ import annotations

import base64
import io
import logging
from datetime import date

import plotly.graph_objects as go

from dashboard import i18n
from dashboard.briefing.deck import Deck, Slide, default_deck
from dashboard.briefing.rows import callouts
from dashboard.data.load import Atlas
from dashboard.export.annotate import LINE, SEE_CSV, atlas_name, plotly_text, wrap
from dashboard.export.render import ExportUnavailable, Renderer
from dashboard.export.slides import (
    HEIGHT,
    PX,
    WIDTH,
    Box,
    boxes,
    card_text,
    figure,
    focus_pictures,
    source_text,
    value_boxes,
    values_instead,
)
from dashboard.i18n import ngettext
from dashboard.state import Domain, decode

log = logging.getLogger(__name__)
#: The font of a page's text (tests/app/test_fonts.py checks it draws every letter of the prepared briefings).
PAGE_FONT = "DejaVu Sans, Arial, sans-serif"
CALLOUT_LABEL = 13  # px: a callout's label under its figure


def default_deck_or_none(domain: Domain, lang: str = i18n.DEFAULT) -> Deck | None:
    """The prepared story in ``lang`` (None, logged, when the shipped file cannot be read)."""
    try:
        return default_deck(domain, lang)
    except (OSError, ValueError):
        log.exception("the shipped default deck cannot be read")
        return None


def join_pdfs(pages: list[bytes], *, title: str, subject: str) -> bytes:
    """One PDF of all ``pages`` (each a PDF document), in order, with document metadata (the creator is the
    Atlas's name in the active language)."""
    try:
        from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- only the PDF route needs it
    except ImportError as exc:
        raise ExportUnavailable("PDF export needs the pypdf package on the server (see requirements.txt).") from exc
    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": atlas_name(),
                         "/Producer": "kaleido + pypdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(png: bytes, box: Box) -> dict:
    """A rendered picture placed on the page in ``box`` (paper coordinates of the 16:9 page)."""
    return {"source": "data:image/png;base64," + base64.b64encode(png).decode("ascii"), "xref": "paper",
            "yref": "paper", "x": box.left / WIDTH, "y": 1 - box.top / HEIGHT, "sizex": box.width / WIDTH,
            "sizey": box.height / HEIGHT, "xanchor": "left", "yanchor": "top", "sizing": "stretch", "layer": "below"}


def _words(text: str, box: Box, size: float, *, bold: bool = False, color: str = "#1d2733",
           max_lines: int | None = None) -> dict:
    """Wrapped text at the top left of ``box`` (font size in px of the 1280 x 720 page)."""
    lines = wrap(text, size, box.width * PX, max_lines=max_lines, bold=bold)
    body = plotly_text(lines)
    return {"text": f"<b>{body}</b>" if bold else body, "xref": "paper", "yref": "paper", "x": box.left / WIDTH,
            "y": 1 - box.top / HEIGHT, "xanchor": "left", "yanchor": "top", "align": "left", "showarrow": False,
            "font": {"size": size, "color": color}}


def callout_words(value: str, label: str, box: Box) -> list[dict]:
    """A callout's figure and label stacked in ``box``: the figure as large as fits in two lines at most ("6,3 млрд
    долл. США" is twice as long as "US$6.3 bn"), the label under it, never over it."""
    inner = Box(box.left + 0.12, box.top + 0.08, box.width - 0.2, box.height - 0.16)
    width, room = inner.width * PX, inner.height * PX
    label_h = len(wrap(label, CALLOUT_LABEL, width, max_lines=3)) * CALLOUT_LABEL * LINE
    sizes = (30, 26, 22, 20, 18, 16) if box.height > 1 else (24, 22, 20, 18, 16)
    for size in sizes:
        value_h = len(wrap(value, size, width, bold=True)) * size * LINE
        if len(wrap(value, size, width, bold=True)) <= 2 and value_h + 4 + label_h <= room:
            break
    label_box = Box(inner.left, inner.top + (value_h + 4) / PX, inner.width, label_h / PX)
    return [_words(value, inner, size, bold=True, color="#0b3c5d", max_lines=2),
            _words(label, label_box, CALLOUT_LABEL, max_lines=3)]


def slide_page(atlas: Atlas, domain: Domain, slide: Slide, renderer: Renderer, *, today: date,
               names: dict[str, str] | None = None) -> go.Figure:
    """One slide as a 16:9 page laid out as on screen and in the PowerPoint (``export.slides``): title,
    caption, the focus pictures, callouts and the source line; the text is real text, not a picture."""
    state = decode(slide.query, domain)[0]
    figures = callouts(atlas, slide)
    placed = boxes(slide, len(figures))
    images, notes, framed = [], [], list(placed["callouts"])
    for chart, box in focus_pictures(slide, len(figures)):
        if chart == "sector" and (thin := values_instead(atlas, state)):  # too few comparable values: big numbers
            title, values = thin
            heading, places = value_boxes(box, len(values))
            notes.append(_words(title, heading, 19, bold=True, color="#0b3c5d", max_lines=1))
            for place, value in zip(places, values, strict=False):
                notes += callout_words(value.value, value.label, place)
            framed += places
            continue
        width, height = box.px()
        images.append(_image(renderer.render(figure(atlas, state, chart, box), "png", width, height, scale=2),
                             box))
    source, source_size = source_text(atlas, slide, state, today=today, width=placed["source"].width * PX,
                                        sizes=(11, 10, 9), names=names, elsewhere=SEE_CSV)
    notes += [
        _words(slide.title, placed["title"], 30, bold=True, color="#0b3c5d", max_lines=2),
        _words(slide.caption, placed["caption"], 17, max_lines=5),
        _words(source, placed["source"], source_size, color="#5b6673", max_lines=4),
    ]
    for box, fig in zip(placed["callouts"], figures, strict=True):
        notes += callout_words(fig.value, fig.label, box)
    if slide.focus == "card" and slide.layout == "split":
        notes.append(_words(card_text(atlas, state.feature), placed["focus"], 15, max_lines=14))
    shapes = [{"type": "rect", "xref": "paper", "yref": "paper", "x0": b.left / WIDTH, "x1": (b.left + b.width) / WIDTH,
               "y0": 1 - (b.top + b.height) / HEIGHT, "y1": 1 - b.top / HEIGHT, "fillcolor": "#eef5fb",
               "line": {"color": "#0b3c5d", "width": 1}, "layer": "below"} for b in framed]
    page = go.Figure()
    page.update_layout(width=round(WIDTH * PX), height=round(HEIGHT * PX), margin={"l": 0, "r": 0, "t": 0, "b": 0},
                       paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", images=images, annotations=notes,
                       shapes=shapes, xaxis={"visible": False}, yaxis={"visible": False}, showlegend=False,
                       font={"family": PAGE_FONT})
    return page


def briefing_pdf(atlas: Atlas, domain: Domain, deck: Deck, renderer: Renderer, *, today: date,
                 names: dict[str, str] | None = None) -> bytes:
    """The deck as a PDF: one 16:9 page per slide, laid out as the slide is on screen."""
    pages = []
    for slide in deck.slides:
        page = slide_page(atlas, domain, slide, renderer, today=today, names=names)
        pages.append(renderer.render(page, "pdf", page.layout.width, page.layout.height))
    n = len(deck.slides)
    title = ngettext("{atlas} — briefing ({n} slide, {day})", "{atlas} — briefing ({n} slides, {day})", n).format(
        atlas=atlas_name(), n=n, day=today.isoformat())
    sources = [s.source.strip() for s in deck.slides if s.source.strip()]
    return join_pdfs(pages, title=title, subject=" | ".join(sources)[:4000])
