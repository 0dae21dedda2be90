"""Briefing deck -> an editable PowerPoint file (python-pptx), laid out as the slides are on screen.

One 16:9 slide per deck slide, in the deck's order, between a title slide and a sources slide. On each:
the title in the layout's title placeholder and the caption in a text box (native, editable text, never
baked into a picture), the focus as a picture rendered by the same server-side renderer as the PNG
export (kaleido) at 2x, the big-number callouts and the source line as text, and speaker notes holding
the presenter's notes plus every cited row (id, source, URL, date). The last slide lists every row the
deck cites, once, each linked to its source. Text goes in as plain text (python-pptx escapes it), so a
caption cannot inject markup into the file.
"""

from __future__ import annotations

import io
from datetime import date

from dashboard.briefing.deck import Deck, Slide
from dashboard.briefing.rows import Figure, callouts, deck_rows, speaker_notes
from dashboard.data.load import Atlas
from dashboard.export.annotate import atlas_name, clean
from dashboard.export.render import ExportUnavailable, Renderer
from dashboard.export.slides import HEIGHT, WIDTH, Box, boxes, card_text, figure, focus_pictures, source_text
from dashboard.i18n import N_, _, ngettext
from dashboard.state import Domain, decode

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ACCENT, MUTED, TEXT = (0x0B, 0x3C, 0x5D), (0x5B, 0x66, 0x73), (0x1D, 0x27, 0x33)
SCALE = 2  # pictures at twice their box size in px: sharp on a projector and when zoomed
#: What each focus picture shows, for its name and alternative text (what a screen reader says).
PICTURES = {"map": N_("Map of the partnership"), "trade": N_("Trade chart"), "sector": N_("Sector chart")}


def _pptx():
    try:
        import pptx  # noqa: PLC0415 -- only the PowerPoint route needs it
    except ImportError as exc:
        raise ExportUnavailable(_("PowerPoint export needs the python-pptx package on the server "
                                  "(see requirements.txt).")) from exc
    return pptx


def _text(frame, text: str, size: float, *, bold: bool = False, color=TEXT, wrap: bool = True) -> None:
    from pptx.dml.color import RGBColor  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    frame.word_wrap = wrap
    frame.text = clean(text)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor(*color)


def _box(slide, box: Box):
    from pptx.util import Inches  # noqa: PLC0415

    return slide.shapes.add_textbox(Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height))


def _place_title(shape, box: Box, text: str, size: float) -> None:
    from pptx.util import Inches  # noqa: PLC0415

    shape.left, shape.top, shape.width, shape.height = (Inches(box.left), Inches(box.top), Inches(box.width),
                                                        Inches(box.height))
    _text(shape.text_frame, text, size, bold=True, color=ACCENT)


def _callout(slide, box: Box, fig: Figure) -> None:
    from pptx.dml.color import RGBColor  # noqa: PLC0415
    from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415
    from pptx.util import Inches, Pt  # noqa: PLC0415

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(box.left), Inches(box.top), Inches(box.width),
                                   Inches(box.height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0xEE, 0xF5, 0xFB)
    shape.line.color.rgb = RGBColor(*ACCENT)
    frame = shape.text_frame
    frame.word_wrap = True
    _text(frame, fig.value, 28 if box.height > 1 else 22, bold=True, color=ACCENT)
    label = frame.add_paragraph()
    label.text = clean(fig.label)
    label.runs[0].font.size = Pt(12)
    label.runs[0].font.color.rgb = RGBColor(*TEXT)
    shape.name = f"Callout {fig.row}"


def _picture(slide, png: bytes, box: Box, chart: str) -> None:
    """A rendered focus picture, named and described (alternative text) in the active language."""
    from pptx.util import Inches  # noqa: PLC0415

    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(box.left), Inches(box.top), Inches(box.width),
                                   Inches(box.height))
    pic.name = _(PICTURES[chart])
    pic._element.nvPicPr.cNvPr.set("descr", pic.name)  # python-pptx has no API for the alternative text


def _slide(prs, atlas: Atlas, domain: Domain, deck_slide: Slide, renderer: Renderer, layout, *, today: date,
           names: dict[str, str] | None) -> None:
    state = decode(deck_slide.query, domain)[0]
    figures = callouts(atlas, deck_slide)
    placed = boxes(deck_slide, len(figures))
    slide = prs.slides.add_slide(layout)
    _place_title(slide.shapes.title, placed["title"], deck_slide.title, 30)
    caption = _box(slide, placed["caption"])
    caption.name = "Caption"
    _text(caption.text_frame, deck_slide.caption, 16)
    for chart, box in focus_pictures(deck_slide, len(figures)):
        width, height = box.px()
        png = renderer.render(figure(atlas, state, chart, box), "png", width, height, scale=SCALE)
        _picture(slide, png, box, chart)
    if deck_slide.focus == "card" and deck_slide.layout == "split":
        card = _box(slide, placed["focus"])
        card.name = "Feature card"
        _text(card.text_frame, card_text(atlas, state.feature), 14)
    for box, fig in zip(placed["callouts"], figures, strict=True):
        _callout(slide, box, fig)
    source = _box(slide, placed["source"])
    source.name = "Source"
    inner = (placed["source"].width - 0.2) * 72  # pt: the text box less its 0.1 in margins
    text, size = source_text(atlas, deck_slide, state, today=today, width=inner, sizes=(9, 8, 7), names=names)
    _text(source.text_frame, text, size, color=MUTED)
    slide.notes_slide.notes_text_frame.text = speaker_notes(atlas, deck_slide)


def _title_slide(prs, atlas: Atlas, deck: Deck, renderer: Renderer, today: date, domain: Domain) -> None:
    from pptx.util import Inches  # noqa: PLC0415

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _place_title(slide.shapes.title, Box(0.6, 0.6, WIDTH - 1.2, 1.2), atlas_name(), 36)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (Inches(0.6), Inches(1.8), Inches(WIDTH - 1.2),
                                                                    Inches(0.9))
    n = len(deck.slides)
    _text(subtitle.text_frame, ngettext("Briefing, {n} slide · {day}", "Briefing, {n} slides · {day}", n).format(
        n=n, day=today.isoformat()) + " · " + _("every figure sourced: see the notes and the last slide"), 18,
        color=MUTED)
    box = Box(0.6, 2.9, WIDTH - 1.2, HEIGHT - 3.3)
    width, height = box.px()
    png = renderer.render(figure(atlas, decode("", domain)[0], "map", box), "png", width, height, scale=SCALE)
    _picture(slide, png, box, "map")
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [_("Slides of this briefing:"), *(f"{i}. {s.title}" for i, s in enumerate(deck.slides, start=1))])


def _sources_slide(prs, atlas: Atlas, deck: Deck, layout) -> None:
    from pptx.util import Inches, Pt  # noqa: PLC0415

    rows = deck_rows(atlas, deck)
    slide = prs.slides.add_slide(layout)
    _place_title(slide.shapes.title, Box(0.45, 0.3, WIDTH - 0.9, 0.75), _("Sources"), 30)
    half = (len(rows) + 1) // 2
    size = 11 if len(rows) <= 50 else 9 if len(rows) <= 80 else 7  # a reference slide: as large as fits
    for col, chunk in enumerate((rows[:half], rows[half:])):
        box = slide.shapes.add_textbox(Inches(0.45 + col * 6.3), Inches(1.15), Inches(6.1), Inches(6.1))
        box.name = f"Sources {col + 1}"
        frame = box.text_frame
        frame.word_wrap = True
        for i, row in enumerate(chunk):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = clean(f"{row.id} — {row.source}" + (f" ({row.date})" if row.date else ""))
            run.font.size = Pt(size)
            if row.url.startswith(("http://", "https://")):
                run.hyperlink.address = row.url
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
    for deck_slide in deck.slides:
        _slide(prs, atlas, domain, deck_slide, renderer, title_only, today=today, names=names)
    _sources_slide(prs, atlas, deck, title_only)
    props = prs.core_properties
    props.title = _("{atlas} — briefing").format(atlas=atlas_name())
    props.author = atlas_name()
    props.subject = clean("; ".join(s.title for s in deck.slides))[:255]  # the core properties hold 255 characters
    props.language = deck.lang
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
