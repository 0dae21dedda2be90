"""Briefing: the presenter's caption bar and the deck editor. Pure component builders."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.briefing.deck import MAX_DECK_BYTES, MAX_TEXT, Deck, Slide
from dashboard.briefing.rows import Figure
from dashboard.i18n import N_, _, ngettext
from dashboard.state import ViewState


def briefing_bar(deck: Deck, state: ViewState) -> list:
    """Counter, title and caption of the slide being presented (empty otherwise)."""
    if not state.briefing:
        return []
    n = min(state.briefing, len(deck.slides))
    slide = deck.slides[n - 1]
    return [
        html.Div(
            [
                html.Div(_("{n} / {count}").format(n=n, count=len(deck.slides)), className="slide-counter",
                         **{"aria-live": "polite"}),
                html.H1(slide.title, className="slide-title"),  # the page's heading while the header is hidden
                html.P(slide.caption, className="slide-caption"),
            ],
            className="slide-text",
        ),
    ]


LONG_FIGURE = 10  # characters: "US$6.3 bn" keeps the big size


def slide_callouts(figures: list[Figure]) -> list:
    """The slide's big numbers: each the figure of a data row (from the data, never typed) and its label."""
    return [
        # a long figure ("6,3 млрд долл. США") is set smaller so that three still fit the column
        html.Div([html.Div(f.value, className="callout-value long" if len(f.value) > LONG_FIGURE else "callout-value"),
                  html.Div(f.label, className="callout-label")], className="callout")
        for f in figures
    ]


def slide_source(deck: Deck, state: ViewState) -> list:
    """The source line under the slide (row ids stay in the notes and exports)."""
    if not state.briefing:
        return []
    slide = deck.slides[min(state.briefing, len(deck.slides)) - 1]
    return [html.Span(_("Source: "), className="slide-source-lead"), slide.source] if slide.source else []


def slide_notes(deck: Deck, state: ViewState) -> list:
    """The presenter's notes of the slide (shown when the presenter switches them on; N)."""
    if not state.briefing:
        return []
    slide = deck.slides[min(state.briefing, len(deck.slides)) - 1]
    return [html.Div(_("Speaker notes"), className="notes-head"),
            html.P(slide.notes or _("No notes for this slide."), className="notes-text")]


def stage_class(deck: Deck, state: ViewState, figures: list[Figure]) -> str:
    """The page's class: how the slide being presented lays out its focus (plain ``atlas`` otherwise)."""
    if not state.briefing:
        return "atlas"
    slide = deck.slides[min(state.briefing, len(deck.slides)) - 1]
    callouts = " has-callouts" if figures else ""
    return f"atlas presenting layout-{slide.layout} focus-{slide.focus}{callouts}"


def _slide_button(label: str, cid: str, title: str, style: str = "btn-outline-light") -> html.Button:
    return html.Button(label, id=cid, n_clicks=0, className=f"btn {style}", title=title, **{"aria-label": title})


def briefing_controls() -> html.Div:
    """Always in the page (hidden unless presenting), so keyboard shortcuts have buttons to press."""
    return html.Div(
        [
            _slide_button("◀", ids.BRIEFING_PREV, _("Previous slide (← or PageUp)")),
            _slide_button("▶", ids.BRIEFING_NEXT, _("Next slide (→, PageDown or Space)")),
            _slide_button(_("Notes"), ids.BRIEFING_NOTES, _("Notes: show or hide the speaker notes (N)")),
            _slide_button(_("Full screen"), ids.BRIEFING_FULLSCREEN, _("Full screen (F)")),
            # the accessible name starts with the visible text (WCAG 2.5.3)
            _slide_button(_("Exit"), ids.BRIEFING_EXIT, _("Exit the briefing (Esc)"), "btn-light"),
        ],
        className="slide-controls",
    )


LAYOUT_CHOICES = {
    "full:map": N_("Map"),
    "full:trade": N_("Trade chart"),
    "full:sector": N_("Sector chart"),
    "full:card": N_("Feature card"),
    "full:headline": N_("Headline figures"),
    "split:trade": N_("Map + trade chart"),
    "split:sector": N_("Map + sector chart"),
    "split:card": N_("Map + feature card"),
    "split:headline": N_("Map + headline figures"),
}


def _row_button(label: str, kind: str, n: int, style: str, *, disabled: bool = False, aria: str | None = None):
    extra = {"aria-label": aria} if aria else {}
    return html.Button(label, id={"type": kind, "index": n}, n_clicks=0, disabled=disabled,
                       className=f"btn btn-sm {style}", **extra)


def _labelled(text: str, field) -> html.Label:
    """A field with its name for screen readers (the placeholder says it to the eye)."""
    return html.Label([html.Span(text, className="visually-hidden"), field], className="slide-field")


def _slide_row(n: int, slide: Slide, count: int) -> html.Li:
    """One slide in the editor. The text fields save as they are typed (in the browser, no round trip), so
    nothing typed is lost to a blur, a re-render or a reload."""
    number = n + 1
    return html.Li(
        [
            html.Div(
                [
                    html.Span(f"{number}.", className="slide-no"),
                    _labelled(_("Title of slide {n}").format(n=number), dbc.Input(
                        id={"type": ids.SLIDE_TITLE, "index": n},
                        value=slide.title,
                        debounce=False,
                        maxLength=MAX_TEXT["title"],
                        placeholder=_("Title of slide {n}").format(n=number),
                    )),
                ],
                className="slide-row-head",
            ),
            _labelled(_("Caption of slide {n}").format(n=number), dbc.Textarea(
                id={"type": ids.SLIDE_CAPTION, "index": n},
                value=slide.caption,
                debounce=False,
                rows=3,
                maxLength=MAX_TEXT["caption"],
                placeholder=_("Caption of slide {n}").format(n=number),
            )),
            _labelled(_("Speaker notes of slide {n}").format(n=number), dbc.Textarea(
                id={"type": ids.SLIDE_NOTES, "index": n},
                value=slide.notes,
                debounce=False,
                rows=2,
                maxLength=MAX_TEXT["notes"],
                placeholder=_("Speaker notes of slide {n} (shown in the presenter's notes and the PowerPoint)").format(
                    n=number),
                className="slide-notes-field",
            )),
            html.Label(
                [
                    html.Span(_("Shows"), className="slide-layout-label"),
                    dbc.Select(
                        id={"type": ids.SLIDE_LAYOUT, "index": n},
                        options=[{"label": _(v), "value": k} for k, v in LAYOUT_CHOICES.items()],
                        value=f"{slide.layout}:{slide.focus}",
                        size="sm",
                    ),
                ],
                className="slide-row-layout",
            ),
            html.Div(
                [
                    _row_button(_("▶ Present from here"), ids.SLIDE_GOTO, n, "btn-dark"),
                    _row_button("↑", ids.SLIDE_UP, n, "btn-outline-secondary", disabled=n == 0,
                                aria=_("Move slide {n} up").format(n=number)),
                    _row_button("↓", ids.SLIDE_DOWN, n, "btn-outline-secondary", disabled=n == count - 1,
                                aria=_("Move slide {n} down").format(n=number)),
                    _row_button(_("Delete"), ids.SLIDE_DELETE, n, "btn-outline-danger", disabled=count == 1),
                ],
                className="slide-row-actions",
            ),
        ],
        className="slide-row",
    )


def deck_list(deck: Deck) -> html.Ol:
    return html.Ol([_slide_row(n, s, len(deck.slides)) for n, s in enumerate(deck.slides)], className="deck-list")


def import_prompt(count: int, incoming: int, name: str) -> str:
    """The question asked before an imported deck replaces the one in the editor."""
    return ngettext("{name} has {incoming} slide.", "{name} has {incoming} slides.", incoming).format(
        name=name, incoming=incoming) + " " + ngettext(
        "Replace your deck ({count} slide) with it, or add its slides after yours?",
        "Replace your deck ({count} slides) with it, or add its slides after yours?", count).format(count=count)


def _import_confirm() -> html.Div:
    """Replace, append or cancel a pending import (shown only while one is pending: its text is not empty)."""
    return html.Div(
        [
            html.P(id=ids.DECK_CONFIRM_TEXT, className="deck-confirm-text"),
            html.Div(
                [
                    html.Button(_("Replace my deck"), id=ids.DECK_REPLACE, n_clicks=0,
                                className="btn btn-danger btn-sm"),
                    html.Button(_("Append the slides"), id=ids.DECK_APPEND, n_clicks=0,
                                className="btn btn-primary btn-sm"),
                    html.Button(_("Cancel"), id=ids.DECK_CANCEL, n_clicks=0,
                                className="btn btn-outline-secondary btn-sm"),
                ],
                className="deck-actions",
            ),
        ],
        id=ids.DECK_CONFIRM,
        className="deck-confirm",
        role="group",
        **{"aria-label": _("Import a deck")},
    )


def deck_editor() -> dbc.Offcanvas:
    """Add the current view as a slide, edit texts, notes and layouts, reorder, delete; export and import.

    The slide list is empty until the editor opens: only then is it known which deck to list (the reader's own,
    kept in the browser, or the prepared story in the page's language), so no other deck is ever shown first."""
    return dbc.Offcanvas(
        [
            html.P(
                _("Each slide is a saved view (year, sector, layers, selected feature, reporter, map view) with a "
                  "caption, speaker notes and a layout. The deck is kept in this browser and survives a reload."),
                className="muted",
            ),
            html.Div(
                [
                    html.Button(_("+ Add current view"), id=ids.DECK_ADD, n_clicks=0, className="btn btn-primary"),
                    html.Button(_("Export deck (JSON)"), id=ids.DECK_EXPORT, n_clicks=0,
                                className="btn btn-outline-dark"),
                    html.Button(_("PowerPoint (.pptx)"), id=ids.DECK_PPTX, n_clicks=0,
                                className="btn btn-outline-dark", title=_("Download this deck as an editable "
                                                                          "PowerPoint file with speaker notes")),
                    html.Button(_("HTML deck (.html)"), id=ids.DECK_HTML, n_clicks=0,
                                className="btn btn-outline-dark",
                                title=_("Download this deck as one HTML file that opens in any browser, offline")),
                    html.Div(  # names dcc.Upload's file input for screen readers (assets/a11y.js)
                        dcc.Upload(
                            html.Button(_("Import deck…"), className="btn btn-outline-dark"),
                            id=ids.DECK_UPLOAD,
                            accept=".json,application/json",
                            max_size=MAX_DECK_BYTES,
                        ),
                        # dcc.Upload drops a larger file without a word: assets/deck.js says why
                        **{"data-input-label": _("Import deck (JSON file)"), "data-max-size": str(MAX_DECK_BYTES),
                           "data-too-large": _("{name} was not imported: the file is too large (limit: {size} KB); "
                                               "your deck is unchanged.").format(name="{name}",
                                                                                 size=MAX_DECK_BYTES // 1024)},
                    ),
                    html.Button(
                        _("Reset to prepared story"), id=ids.DECK_RESET, n_clicks=0,
                        className="btn btn-outline-secondary"
                    ),
                ],
                className="deck-actions",
            ),
            _import_confirm(),
            html.Div(id=ids.DECK_MESSAGE, className="notice", role="status", **{"aria-live": "polite"}),
            html.Div(id=ids.DECK_LIST),  # drawn when the editor opens (callbacks.briefing.list_slides)
            dcc.Download(id=ids.DECK_DOWNLOAD),
            dcc.Store(id=ids.DECK_PENDING, data=None),
        ],
        id=ids.DECK_PANEL,
        title=html.Span(_("Briefing deck"), id="deck-title"),
        labelledby="deck-title",  # the dialog's accessible name
        placement="end",
        is_open=False,
        scrollable=True,
        className="deck-panel",
    )
