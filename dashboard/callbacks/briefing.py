"""Briefing callbacks: the caption bar and the deck editor (thin adapters over briefing.deck)."""

from __future__ import annotations

import base64

from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.briefing.deck import (
    add_slide,
    current_view_slide,
    delete_slide,
    edit_slide,
    load_or_default,
    move_slide,
    parse_deck,
)
from dashboard.layout.briefing import briefing_bar, deck_list
from dashboard.state import Domain, decode

MOVES = {ids.SLIDE_UP: -1, ids.SLIDE_DOWN: 1}


def register_briefing(app: Dash, domain: Domain) -> None:
    @app.callback(
        Output(ids.BRIEFING_BAR, "children"),
        Output(ids.ROOT, "className"),
        Input(ids.STATE, "data"),
        Input(ids.DECK, "data"),
    )
    def show_slide(stored, deck_json):
        state = decode(stored or "", domain)[0]
        deck = load_or_default(deck_json, domain)
        return briefing_bar(deck, state), "atlas presenting" if state.briefing else "atlas"

    @app.callback(Output(ids.DECK_PANEL, "is_open"), Input(ids.DECK_OPEN, "n_clicks"), prevent_initial_call=True)
    def open_editor(_clicks):
        return True

    @app.callback(Output(ids.DECK_LIST, "children"), Input(ids.DECK, "data"))
    def list_slides(deck_json):
        return deck_list(load_or_default(deck_json, domain))

    @app.callback(
        Output(ids.DECK_DOWNLOAD, "data"),
        Input(ids.DECK_EXPORT, "n_clicks"),
        State(ids.DECK, "data"),
        prevent_initial_call=True,
    )
    def export_deck(_clicks, deck_json):
        return dcc.send_string(load_or_default(deck_json, domain).to_json(), "atlas-briefing-deck.json")

    @app.callback(
        Output(ids.DECK, "data"),
        Output(ids.DECK_MESSAGE, "children"),
        Input(ids.DECK_ADD, "n_clicks"),
        Input(ids.DECK_RESET, "n_clicks"),
        Input(ids.DECK_UPLOAD, "contents"),
        Input({"type": ids.SLIDE_TITLE, "index": ALL}, "value"),
        Input({"type": ids.SLIDE_CAPTION, "index": ALL}, "value"),
        Input({"type": ids.SLIDE_UP, "index": ALL}, "n_clicks"),
        Input({"type": ids.SLIDE_DOWN, "index": ALL}, "n_clicks"),
        Input({"type": ids.SLIDE_DELETE, "index": ALL}, "n_clicks"),
        State(ids.DECK, "data"),
        State(ids.STATE, "data"),
        State(ids.DECK_UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def edit_deck(_add, _reset, upload, _titles, _captions, _up, _down, _delete, deck_json, stored, filename):
        trigger, value = ctx.triggered_id, ctx.triggered[0]["value"] if ctx.triggered else None
        if value in (None, 0) and trigger != ids.DECK_RESET:
            raise PreventUpdate  # a freshly drawn slide list, not a user action
        deck = load_or_default(deck_json, domain)
        if trigger == ids.DECK_RESET:
            return None, "The prepared story is back."
        if trigger == ids.DECK_UPLOAD:
            return _import(upload, filename, deck_json)
        if trigger == ids.DECK_ADD:
            new = add_slide(deck, current_view_slide(decode(stored or "", domain)[0], domain, len(deck.slides) + 1))
            if new is deck:
                return no_update, "The deck is full; delete a slide first."
            return new.to_json(), f"Added the current view as slide {len(new.slides)}; give it a title and caption."
        index = trigger["index"]
        kind = trigger["type"]
        if kind in MOVES:
            new = move_slide(deck, index, MOVES[kind])
        elif kind == ids.SLIDE_DELETE:
            new = delete_slide(deck, index)
        else:
            new = edit_slide(deck, index, **{"title" if kind == ids.SLIDE_TITLE else "caption": value})
        return (new.to_json(), None) if new != deck else (no_update, no_update)

    def _import(contents: str, filename: str | None, deck_json):
        try:
            raw = base64.b64decode(contents.split(",", 1)[1], validate=True)
        except (ValueError, IndexError, AttributeError):
            raw = b""
        deck, problems = parse_deck(raw, domain)
        name = (filename or "the file")[:60]
        if deck is None:
            return no_update, f"{name} was not imported; your deck is unchanged. " + " ".join(problems[:5])
        return deck.to_json(), f"Imported {len(deck.slides)} slides from {name}."
