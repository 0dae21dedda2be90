"""Briefing callbacks: the slide on screen and the deck editor (thin adapters over briefing.deck).

The editor's text fields (title, caption, notes) are saved in the browser as they are typed
(``assets/deck.js``, ``atlasDeck.editText``): no round trip can drop a keystroke and no re-render can
replace a field being typed in. The slide list is drawn only when the editor opens and after a
structural change (add, move, delete, layout, import, reset).
"""

from __future__ import annotations

import base64
import json

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.briefing.deck import (
    Deck,
    add_slide,
    append_deck,
    current_view_slide,
    default_deck,
    delete_slide,
    load_or_default,
    move_slide,
    parse_deck,
    set_layout,
)
from dashboard.briefing.rows import callouts
from dashboard.data.load import Atlas
from dashboard.i18n import _, ngettext
from dashboard.layout.briefing import (
    briefing_bar,
    deck_list,
    import_prompt,
    slide_callouts,
    slide_notes,
    slide_source,
    stage_class,
)
from dashboard.state import Domain, decode

MOVES = {ids.SLIDE_UP: -1, ids.SLIDE_DOWN: 1}


def _deck_lang(deck_json: object) -> str | None:
    """The ``lang`` of a deck's JSON text (None when it is not a deck)."""
    try:
        data = json.loads(deck_json) if isinstance(deck_json, str) else None
    except ValueError:
        return None
    return data.get("lang") if isinstance(data, dict) else None


def register_briefing(app: Dash, atlas: Atlas, domain: Domain) -> None:
    def _lang(stored: object) -> str:
        """The page's language: the prepared story is shown in it (a user's own deck stays as typed)."""
        return decode(stored if isinstance(stored, str) else "", domain)[0].lang

    @app.callback(
        Output(ids.BRIEFING_BAR, "children"),
        Output(ids.SLIDE_CALLOUTS, "children"),
        Output(ids.SLIDE_SOURCE, "children"),
        Output(ids.SLIDE_NOTES_BOX, "children"),
        Output(ids.ROOT, "className"),
        Input(ids.STATE, "data"),
        Input(ids.DECK, "data"),
    )
    def show_slide(stored, deck_json):
        state = decode(stored or "", domain)[0]
        if not state.briefing:
            return [], [], [], [], "atlas"
        deck = load_or_default(deck_json, domain, state.lang)
        with i18n.using(state.lang):  # the callouts' figures and the bar's words in the page's language
            figures = callouts(atlas, deck.slides[min(state.briefing, len(deck.slides)) - 1])
            return (briefing_bar(deck, state), slide_callouts(figures), slide_source(deck, state),
                    slide_notes(deck, state), stage_class(deck, state, figures))

    @app.callback(
        Output(ids.DECK_PANEL, "is_open"),
        Input(ids.DECK_OPEN, "n_clicks"),
        Input({"type": ids.SLIDE_GOTO, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_editor(_clicks, _goto):
        if ctx.triggered_id == ids.DECK_OPEN:
            return True
        if ctx.triggered and ctx.triggered[0]["value"]:
            return False  # "Present from here" closes the editor: the slide is what the room must see
        raise PreventUpdate

    @app.callback(
        Output(ids.DECK_LIST, "children"),
        Input(ids.DECK_PANEL, "is_open"),
        State(ids.DECK, "data"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def list_slides(is_open, deck_json, stored):
        if not is_open:
            raise PreventUpdate
        lang = _lang(stored)
        with i18n.using(lang):  # the editor's words in the page's language (the slides' texts as they are)
            return deck_list(load_or_default(deck_json, domain, lang))

    @app.callback(
        Output(ids.DECK_DEFAULT, "data"),
        Input(ids.STATE, "data"),
        State(ids.DECK_DEFAULT, "data"),
    )
    def prepared_story(stored, shown):
        """The prepared story in the page's language: the one the editor starts from when the user edits it."""
        lang = _lang(stored)
        if _deck_lang(shown) == lang:
            raise PreventUpdate
        return default_deck(domain, lang).to_json()

    # Typed text goes straight into the stored deck, in the browser (see the module's docstring).
    app.clientside_callback(
        ClientsideFunction(namespace="atlasDeck", function_name="editText"),
        Output(ids.DECK, "data", allow_duplicate=True),
        Input({"type": ids.SLIDE_TITLE, "index": ALL}, "value"),
        Input({"type": ids.SLIDE_CAPTION, "index": ALL}, "value"),
        Input({"type": ids.SLIDE_NOTES, "index": ALL}, "value"),
        State(ids.DECK, "data"),
        State(ids.DECK_DEFAULT, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.DECK_DOWNLOAD, "data"),
        Input(ids.DECK_EXPORT, "n_clicks"),
        State(ids.DECK, "data"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def export_deck(_clicks, deck_json, stored):
        return dcc.send_string(load_or_default(deck_json, domain, _lang(stored)).to_json(),
                               "atlas-briefing-deck.json")

    @app.callback(
        Output(ids.DECK, "data", allow_duplicate=True),
        Output(ids.DECK_LIST, "children", allow_duplicate=True),
        Output(ids.DECK_MESSAGE, "children"),
        Output(ids.DECK_PENDING, "data"),
        Output(ids.DECK_CONFIRM_TEXT, "children"),
        Input(ids.DECK_ADD, "n_clicks"),
        Input(ids.DECK_RESET, "n_clicks"),
        Input(ids.DECK_UPLOAD, "contents"),
        Input(ids.DECK_REPLACE, "n_clicks"),
        Input(ids.DECK_APPEND, "n_clicks"),
        Input(ids.DECK_CANCEL, "n_clicks"),
        Input({"type": ids.SLIDE_UP, "index": ALL}, "n_clicks"),
        Input({"type": ids.SLIDE_DOWN, "index": ALL}, "n_clicks"),
        Input({"type": ids.SLIDE_DELETE, "index": ALL}, "n_clicks"),
        Input({"type": ids.SLIDE_LAYOUT, "index": ALL}, "value"),
        State(ids.DECK, "data"),
        State(ids.STATE, "data"),
        State(ids.DECK_UPLOAD, "filename"),
        State(ids.DECK_PENDING, "data"),
        prevent_initial_call=True,
    )
    def edit_deck(*args):
        with i18n.using(decode(args[-3] or "", domain)[0].lang):  # the view state's language
            return _edit_deck(*args)

    def _edit_deck(_add, _reset, upload, _replace, _append, _cancel, _up, _down, _delete, _layouts, deck_json,
                   stored, filename, pending):
        trigger, value = ctx.triggered_id, ctx.triggered[0]["value"] if ctx.triggered else None
        if value in (None, 0) and trigger != ids.DECK_RESET:
            raise PreventUpdate  # a freshly drawn slide list, not a user action
        lang = _lang(stored)
        deck = load_or_default(deck_json, domain, lang)
        if trigger == ids.DECK_RESET:
            return None, deck_list(load_or_default(None, domain, lang)), _("The prepared story is back."), None, ""
        if trigger == ids.DECK_UPLOAD:
            return _upload(upload, filename, deck)
        if trigger in (ids.DECK_REPLACE, ids.DECK_APPEND, ids.DECK_CANCEL):
            return _resolve_import(trigger, deck, pending)
        if trigger == ids.DECK_ADD:
            new = add_slide(deck, current_view_slide(decode(stored or "", domain)[0], domain, len(deck.slides) + 1))
            if new is deck:
                return no_update, no_update, _("The deck is full; delete a slide first."), no_update, no_update
            message = _("Added the current view as slide {n}; give it a title and caption.").format(n=len(new.slides))
            return new.to_json(), deck_list(new), message, no_update, no_update
        index, kind = trigger["index"], trigger["type"]
        if kind in MOVES:
            new = move_slide(deck, index, MOVES[kind])
        elif kind == ids.SLIDE_DELETE:
            new = delete_slide(deck, index)
        else:
            new = set_layout(deck, index, value)
            # the list keeps its fields (a layout change must not redraw a field being typed in)
            return (new.to_json(), no_update, None, no_update, no_update) if new != deck else (no_update,) * 5
        if new == deck:
            return (no_update,) * 5
        return new.to_json(), deck_list(new), None, no_update, no_update

    def _upload(contents: str, filename: str | None, deck: Deck):
        try:
            raw = base64.b64decode(contents.split(",", 1)[1], validate=True)
        except (ValueError, IndexError, AttributeError):
            raw = b""
        incoming, problems = parse_deck(raw, domain)
        name = (filename or _("the file"))[:60]
        if incoming is None:
            message = _("{name} was not imported; your deck is unchanged.").format(name=name) + " " + " ".join(
                problems[:5])
            return no_update, no_update, message, None, ""
        prompt = import_prompt(len(deck.slides), len(incoming.slides), name)
        return no_update, no_update, None, {"deck": incoming.to_json(), "name": name}, prompt

    def _resolve_import(trigger: str, deck: Deck, pending):
        incoming = parse_deck(pending.get("deck", ""), domain)[0] if isinstance(pending, dict) else None
        if trigger == ids.DECK_CANCEL or incoming is None:
            return no_update, no_update, _("Nothing was imported; your deck is unchanged."), None, ""
        name = str(pending.get("name", ""))[:60]
        n = len(incoming.slides)
        if trigger == ids.DECK_REPLACE:
            message = ngettext("Imported {n} slide from {name}.", "Imported {n} slides from {name}.", n).format(
                n=n, name=name)
            return incoming.to_json(), deck_list(incoming), message, None, ""
        merged, added = append_deck(deck, incoming)
        message = ngettext("Added {n} slide from {name} after yours.", "Added {n} slides from {name} after yours.",
                           added).format(n=added, name=name)
        if added < n:
            message += " " + ngettext("{left} slide did not fit (a deck holds at most {limit}).",
                                      "{left} slides did not fit (a deck holds at most {limit}).",
                                      n - added).format(left=n - added, limit=len(merged.slides))
        return merged.to_json(), deck_list(merged), message, None, ""
