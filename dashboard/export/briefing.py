"""Briefing deck -> PDF: one kaleido-rendered page per slide, joined with pypdf.

Kaleido renders one figure per call (Chromium's print-to-PDF of the figure's page), so each slide
becomes a one-page PDF (title, filters, chart, caption and source line drawn on the figure) and
the pages are joined into one document.
"""

from __future__ import annotations

import io
import logging
from datetime import date

from dashboard.briefing.deck import Deck, default_deck
from dashboard.data.load import Atlas
from dashboard.export.annotate import ATLAS_NAME
from dashboard.export.charts import slide_figure
from dashboard.export.render import ExportUnavailable, Renderer
from dashboard.state import Domain, decode

log = logging.getLogger(__name__)


def default_deck_or_none(domain: Domain) -> Deck | None:
    try:
        return default_deck(domain)
    except (OSError, ValueError):
        log.exception("the shipped default deck cannot be read")
        return None


def join_pdfs(pages: list[bytes], *, title: str, subject: str) -> bytes:
    """One PDF of all ``pages`` (each a PDF document), in order, with document metadata."""
    try:
        from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- only the PDF route needs it
    except ImportError as exc:
        raise ExportUnavailable("PDF export needs the pypdf package on the server (see requirements.txt).") from exc
    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": ATLAS_NAME, "/Producer": "kaleido + pypdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def briefing_pdf(atlas: Atlas, domain: Domain, deck: Deck, renderer: Renderer, *, today: date,
                 names: dict[str, str] | None = None) -> bytes:
    """The deck as a PDF: one page per slide, each with its chart for the saved view."""
    pages = []
    sources = []
    for slide in deck.slides:
        state = decode(slide.query, domain)[0]
        export = slide_figure(atlas, state, slide.chart, title=slide.title, caption=slide.caption,
                              slide_source=slide.source, today=today, names=names)
        pages.append(renderer.render(export.figure, "pdf", export.width, export.height))
        if slide.source.strip():
            sources.append(slide.source.strip())
    title = f"{ATLAS_NAME} — briefing ({len(deck.slides)} slides, {today.isoformat()})"
    return join_pdfs(pages, title=title, subject=" | ".join(sources)[:4000])
