"""Briefing deck -> one self-contained HTML file: a presentation that opens from disk, with no server and no network.

For a USB stick, an e-mail to a delegation's staff or a laptop that cannot run the Atlas: the file holds the
Atlas's plotly.js bundle (``assets/vendor``), the regional base map (``assets/plotly_topojson/region``, handed to
plotly as ``window.PlotlyGeoAssets`` so it never fetches one), every slide's figures as plotly JSON (interactive:
hover, zoom, pan), the text of each slide, its speaker notes and a sources slide. A title slide opens it. Each
slide is laid out as the screen and the PowerPoint lay it out (``dashboard.export.slides``: which figures it shows,
its callouts, the feature card, the source line); the page's words are in the active language. Built from the
Jinja2 template ``templates/htmldeck.html`` (autoescaped); the keyboard navigation is the only script of its own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go

from dashboard import i18n
from dashboard.briefing.deck import Deck, Slide
from dashboard.briefing.rows import Figure, Row, callouts, citations, row, speaker_notes
from dashboard.data.load import Atlas
from dashboard.export.annotate import atlas_name
from dashboard.export.render import TOPOJSON_DIR
from dashboard.export.slides import PX, boxes, card_text, chart_rows, figure, focus_pictures, source_text
from dashboard.export.templating import data_json, render, script_code, script_json
from dashboard.i18n import _, ngettext
from dashboard.layout.page import GRAPH_CONFIG, plotly_locale
from dashboard.state import Domain, decode

ROOT = Path(__file__).resolve().parents[2]
PLOTLY_JS = ROOT / "assets" / "vendor" / "plotly-atlas.min.js"
#: The base map the app draws (``resolution=50`` on the whole-world scope, cut to the region): plotly's name for it.
TOPOJSON_NAME = "world_50m"
REGION_TOPOJSON = TOPOJSON_DIR / "region" / f"{TOPOJSON_NAME}.json"
MIME = "text/html; charset=utf-8"


@functools.cache
def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Chart:
    """One figure of a slide: what it is (``map``, ``trade``, ``sector``) and its plotly JSON."""

    kind: str
    name: str  # what a screen reader says: "Map of the partnership"
    json: str


@dataclass(frozen=True)
class HtmlSlide:
    title: str
    caption: str
    layout: str
    charts: list[Chart]
    callouts: list[Figure]
    card: str  # the feature card as text, in a split whose focus is the card
    source: str
    notes: str


def _chart(fig: go.Figure, kind: str) -> Chart:
    """The figure as the browser draws it: filling its box (the box's size only fitted the map's projection)."""
    from dashboard.export.pptx import PICTURES  # noqa: PLC0415 -- one set of names for the pictures of both

    fig.update_layout(width=None, height=None, autosize=True)
    return Chart(kind, _(PICTURES[kind]), fig.to_json())


def _slide(atlas: Atlas, domain: Domain, slide: Slide, *, today: date, names: dict[str, str] | None) -> HtmlSlide:
    state = decode(slide.query, domain)[0]
    figures = callouts(atlas, slide)
    charts = [_chart(figure(atlas, state, kind, box), kind) for kind, box in focus_pictures(slide, len(figures))]
    card = card_text(atlas, state.feature) if slide.focus == "card" and slide.layout == "split" else ""
    width = boxes(slide, len(figures))["source"].width * PX
    source, _size = source_text(atlas, slide, state, today=today, width=width, sizes=(12,), names=names)
    return HtmlSlide(slide.title, slide.caption, slide.layout, charts, figures, card, source,
                     speaker_notes(atlas, slide))


def deck_html(atlas: Atlas, domain: Domain, deck: Deck, *, today: date,
              names: dict[str, str] | None = None) -> str:
    """The deck as one HTML file in the active language: a title slide with the region's map, one slide per deck
    slide, and the sources slide (publisher, title, date, link; row ids only in the speaker notes)."""
    slides = [_slide(atlas, domain, s, today=today, names=names) for s in deck.slides]
    overview = _chart(figure(atlas, decode("", domain)[0], "map", boxes(deck.slides[0], 0)["focus"]), "map")
    n = len(deck.slides)
    # The same sources as the PowerPoint's last slides: what the slides cite and what their charts and maps show.
    shown = [r for s in deck.slides for r in chart_rows(atlas, s, decode(s.query, domain)[0])]
    cited: list[Row] = [row(atlas, r) for r in dict.fromkeys([*(r for s in deck.slides for r in s.rows), *shown])]
    sources = list(citations(cited).items())
    config = {**GRAPH_CONFIG, "topojsonURL": "./", "displayModeBar": False, **plotly_locale()}
    return render(
        "htmldeck.html",
        lang=i18n.get_lang(),
        atlas=atlas_name(),
        title=_("{atlas} — briefing").format(atlas=atlas_name()),
        subtitle=ngettext("Briefing, {n} slide · {day}", "Briefing, {n} slides · {day}", n).format(
            n=n, day=today.isoformat()),
        overview=overview,
        slides=slides,
        sources=sources,
        plotly_js=script_code(_asset(PLOTLY_JS)),
        topojson=script_json(_asset(REGION_TOPOJSON)),
        topojson_name=TOPOJSON_NAME,
        config=data_json(config),
        script_json=script_json,
        words={
            "sources": _("Sources"),
            "notes": _("Speaker notes"),
            "previous": _("Previous slide (← or PageUp)"),
            "next": _("Next slide (→, PageDown or Space)"),
            "toggle_notes": _("Notes"),
            "toggle_notes_title": _("Notes: show or hide the speaker notes (N)"),
            "no_notes": _("No notes for this slide."),
            "every_figure": _("every figure sourced: see the notes and the last slide"),
            "sources_lead": _("The pages the figures and statements of this briefing come from, by publisher."),
            "undated": _("undated"),
        },
    )
