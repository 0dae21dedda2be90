"""Briefing: the presenter's caption bar and the deck editor. Pure component builders."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.briefing.deck import MAX_TEXT, Deck
from dashboard.i18n import _
from dashboard.state import ViewState


def briefing_bar(deck: Deck, state: ViewState) -> list:
    """Title, caption, source line and slide controls of the slide being presented (empty otherwise)."""
    if not state.briefing:
        return []
    n = min(state.briefing, len(deck.slides))
    slide = deck.slides[n - 1]
    return [
        html.Div(
            [
                html.Div(f"{n} / {len(deck.slides)}", className="slide-counter", **{"aria-live": "polite"}),
                html.H1(slide.title, className="slide-title"),  # the page's heading while the header is hidden
                html.P(slide.caption, className="slide-caption"),
                html.P(["Source: ", slide.source], className="slide-source"),
            ],
            className="slide-text",
        ),
    ]


def _slide_button(label: str, cid: str, title: str, style: str = "btn-outline-light") -> html.Button:
    return html.Button(label, id=cid, n_clicks=0, className=f"btn {style}", title=title, **{"aria-label": title})


def briefing_controls() -> html.Div:
    """Always in the page (hidden unless presenting), so keyboard shortcuts have buttons to press."""
    return html.Div(
        [
            _slide_button("◀", ids.BRIEFING_PREV, "Previous slide (← or PageUp)"),
            _slide_button("▶", ids.BRIEFING_NEXT, "Next slide (→, PageDown or Space)"),
            _slide_button("Full screen", ids.BRIEFING_FULLSCREEN, "Full screen"),
            _slide_button("Exit", ids.BRIEFING_EXIT, "Exit the briefing (Esc)", "btn-light"),  # name starts as seen
        ],
        className="slide-controls",
    )


def _slide_row(n: int, title: str, caption: str, count: int) -> html.Li:
    return html.Li(
        [
            html.Div(
                [
                    html.Span(f"{n + 1}.", className="slide-no"),
                    dbc.Input(
                        id={"type": ids.SLIDE_TITLE, "index": n},
                        value=title,
                        debounce=True,
                        maxLength=MAX_TEXT["title"],
                        placeholder=f"Title of slide {n + 1}",
                    ),
                ],
                className="slide-row-head",
            ),
            dbc.Textarea(
                id={"type": ids.SLIDE_CAPTION, "index": n},
                value=caption,
                debounce=True,
                rows=2,
                maxLength=MAX_TEXT["caption"],
                placeholder=f"Caption of slide {n + 1}",
            ),
            html.Div(
                [
                    html.Button(
                        "▶ Present from here",
                        id={"type": ids.SLIDE_GOTO, "index": n},
                        n_clicks=0,
                        className="btn btn-sm btn-dark",
                    ),
                    html.Button(
                        "↑",
                        id={"type": ids.SLIDE_UP, "index": n},
                        n_clicks=0,
                        disabled=n == 0,
                        className="btn btn-sm btn-outline-secondary",
                        **{"aria-label": f"Move slide {n + 1} up"},
                    ),
                    html.Button(
                        "↓",
                        id={"type": ids.SLIDE_DOWN, "index": n},
                        n_clicks=0,
                        disabled=n == count - 1,
                        className="btn btn-sm btn-outline-secondary",
                        **{"aria-label": f"Move slide {n + 1} down"},
                    ),
                    html.Button(
                        "Delete",
                        id={"type": ids.SLIDE_DELETE, "index": n},
                        n_clicks=0,
                        disabled=count == 1,
                        className="btn btn-sm btn-outline-danger",
                    ),
                ],
                className="slide-row-actions",
            ),
        ],
        className="slide-row",
    )


def deck_list(deck: Deck) -> html.Ol:
    return html.Ol(
        [_slide_row(n, s.title, s.caption, len(deck.slides)) for n, s in enumerate(deck.slides)], className="deck-list"
    )


def deck_editor(deck: Deck) -> dbc.Offcanvas:
    """Add the current view as a slide, edit captions, reorder, delete; export and import the deck."""
    return dbc.Offcanvas(
        [
            html.P(
                "Each slide is a saved view (year, sector, layers, selected feature, reporter, map view) with a "
                "caption. The deck is kept in this browser and survives a reload.",
                className="muted",
            ),
            html.Div(
                [
                    html.Button("+ Add current view", id=ids.DECK_ADD, n_clicks=0, className="btn btn-primary"),
                    html.Button("Export deck (JSON)", id=ids.DECK_EXPORT, n_clicks=0, className="btn btn-outline-dark"),
                    html.Div(  # names dcc.Upload's file input for screen readers (assets/a11y.js)
                        dcc.Upload(
                            html.Button("Import deck…", className="btn btn-outline-dark"),
                            id=ids.DECK_UPLOAD,
                            accept=".json,application/json",
                            max_size=512 * 1024,
                        ),
                        **{"data-input-label": _("Import deck (JSON file)")},
                    ),
                    html.Button(
                        "Reset to prepared story", id=ids.DECK_RESET, n_clicks=0, className="btn btn-outline-secondary"
                    ),
                ],
                className="deck-actions",
            ),
            html.Div(id=ids.DECK_MESSAGE, className="notice", role="status", **{"aria-live": "polite"}),
            html.Div(deck_list(deck), id=ids.DECK_LIST),
            dcc.Download(id=ids.DECK_DOWNLOAD),
        ],
        id=ids.DECK_PANEL,
        title=html.Span("Briefing deck", id="deck-title"),
        labelledby="deck-title",  # the dialog's accessible name
        placement="end",
        is_open=False,
        scrollable=True,
        className="deck-panel",
    )
