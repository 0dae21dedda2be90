"""Thin adapters between the page and the pure modules: decode -> one pure call -> return.

``sync_state`` is the single writer of the view state (URL <-> controls <-> clicks); every
other callback only reads the state and renders.
"""

from __future__ import annotations

import copy

from dash import ALL, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.briefing.deck import load_or_default
from dashboard.callbacks.briefing import register_briefing
from dashboard.data.load import Atlas
from dashboard.data.selectors import sector_indicators
from dashboard.data.tables import sector_points, series_options, trade_points
from dashboard.events import Context, Controls, briefing_entry, resolve, with_pending_edits, writes
from dashboard.export.shown import visible_features
from dashboard.figures.keys import Keys, apply_style
from dashboard.figures.map import Frame, home_view, map_keys, map_style, year_stamp
from dashboard.figures.sector import coverage_note, option_label, sector_figure
from dashboard.figures.texts import map_summary, sector_summary, trade_summary
from dashboard.figures.trade import trade_figure, trade_style
from dashboard.layout.page import export_menu_items
from dashboard.layout.panels import feature_card, headline_panel, sector_table, table_rows
from dashboard.state import REPORTERS, Domain, ViewState, decode, with_changes

# Which event each input of sync_state stands for (see dashboard.events.resolve).
EVENTS = {
    ids.URL: "url",
    ids.SECTOR: "sector",
    ids.LAYERS: "layers",
    ids.REPORTER: "reporter",
    ids.YEAR: "year",
    ids.PLAY_TIMER: "tick",
    ids.MAP: "map",
    ids.TABLE_PICK: "table",
    ids.TRADE: "chart",
    ids.SECTOR_CHART: "chart",
    ids.MAP_VIEW: "view",
    ids.CLEAR_FEATURE: "clear",
    ids.BRIEFING_START: "slide",
    ids.BRIEFING_NEXT: "slide",
    ids.BRIEFING_PREV: "slide",
    ids.BRIEFING_EXIT: "slide",
    ids.SLIDE_GOTO: "slide",
}
SLIDE_ACTIONS = {
    ids.BRIEFING_START: "start",
    ids.BRIEFING_NEXT: "next",
    ids.BRIEFING_PREV: "prev",
    ids.BRIEFING_EXIT: "exit",
}
BUTTONS = {ids.CLEAR_FEATURE, *SLIDE_ACTIONS, ids.SLIDE_GOTO}  # a click counts only if n_clicks is set


def register(app: Dash, atlas: Atlas, domain: Domain, *, exports: str) -> None:
    """Attach every callback to ``app`` (never to the global registry: two apps must not collide).

    ``exports`` is the path of the export routes under the app's base path (for the Export menu's links).
    """
    context = Context(
        domain=domain,
        milestone_years=dict(zip(atlas.milestones["id"], atlas.milestones["year"].astype(int), strict=True)),
        home=home_view(atlas)[:2],
    )
    # The trade chart depends on the reporter only (three variants); everything else is a patch.
    start = decode("", domain)[0]
    trade_figs = {r: trade_figure(atlas, with_changes(start, reporter=r)).to_plotly_json() for r in REPORTERS}
    trade_keys = {r: Keys.of(f) for r, f in trade_figs.items()}
    map_trace_keys = map_keys(atlas)

    def current(query: str | None) -> ViewState:
        return decode(query or "", domain)[0]

    @app.callback(
        Output(ids.STATE, "data"),
        Output(ids.URL, "search"),
        Output(ids.SECTOR, "value"),
        Output(ids.LAYERS, "value"),
        Output(ids.REPORTER, "value"),
        Output(ids.YEAR, "value"),
        Output(ids.NOTICE, "children"),
        Output(ids.BRIEFING_RETURN, "data"),
        Input(ids.URL, "search"),
        Input(ids.SECTOR, "value"),
        Input(ids.LAYERS, "value"),
        Input(ids.REPORTER, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        Input(ids.MAP, "clickData"),
        Input(ids.TABLE_PICK, "data"),
        Input(ids.TRADE, "clickData"),
        Input(ids.SECTOR_CHART, "clickData"),
        Input(ids.MAP_VIEW, "data"),
        Input(ids.CLEAR_FEATURE, "n_clicks"),
        Input(ids.BRIEFING_START, "n_clicks"),
        Input(ids.BRIEFING_NEXT, "n_clicks"),
        Input(ids.BRIEFING_PREV, "n_clicks"),
        Input(ids.BRIEFING_EXIT, "n_clicks"),
        Input({"type": ids.SLIDE_GOTO, "index": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.DECK, "data"),
        State(ids.BRIEFING_RETURN, "data"),
    )
    def sync_state(search, sector, layers, reporter, year, *_rest):
        """The single writer of the view state: decode the trigger, one pure call, encode the outputs."""
        stored, deck_json, saved = _rest[-3:]
        trigger = ctx.triggered_id
        tid = trigger["type"] if isinstance(trigger, dict) else trigger
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        if tid in BUTTONS and not value:
            raise PreventUpdate  # a button drawn anew, not pressed
        event = "url" if trigger is None or stored is None else EVENTS[tid]
        if event == "url":
            value = search
        elif event == "slide":
            value = trigger["index"] + 1 if isinstance(trigger, dict) else SLIDE_ACTIONS[tid]
        deck = load_or_default(deck_json, domain)
        controls = Controls(stored, search, sector, layers, reporter, year)
        before = current(stored) if event == "url" else with_pending_edits(current(stored), controls, deck, context)
        state, notice = resolve(event, value, before, deck, context)
        state, entry = briefing_entry(event, value, before, state, saved, domain)
        w = writes(event, state, notice, controls, domain)
        out = (w.stored, w.search, w.sector, w.layers, w.reporter, w.year)
        return (*[no_update if v is None else v for v in out], no_update if w.keep_notice else w.notice,
                no_update if entry == saved else entry)

    register_briefing(app, atlas, domain)

    @app.callback(Output(ids.EXPORT_MENU, "children"), Input(ids.STATE, "data"), Input(ids.SECTOR_INDICATOR, "value"))
    def export_links(stored, indicator):
        return export_menu_items(stored or "", indicator, exports)

    @app.callback(Output(ids.SOURCES_PANEL, "is_open"), Input(ids.SOURCES_OPEN, "n_clicks"), prevent_initial_call=True)
    def open_sources(_clicks):
        return True

    app.clientside_callback(
        """(n) => {
            if (!n) { return window.dash_clientside.no_update; }
            if (!navigator.clipboard) { return "Copy the address bar to share this view."; }
            return navigator.clipboard.writeText(window.location.href)
                .then(() => "Link copied", () => "Copy the address bar to share this view.");
        }""",
        Output(ids.SHARE_STATUS, "children"),
        Input(ids.SHARE, "n_clicks"),
        prevent_initial_call=True,
    )

    # Only a user's pan or zoom reaches the view state (the map's own resizes stay in the browser), and only
    # once the map has come to rest: assets/map.js debounces the relayout events (see atlasMap.settledView).
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="settledView"),
        Output(ids.MAP_VIEW, "data"),
        Input(ids.MAP, "relayoutData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.MAP, "figure"), Input(ids.STATE, "data"), Input(ids.MAP_FRAME, "data"), prevent_initial_call=True
    )
    def restyle_map(stored, frame):
        patch = Patch()
        apply_style(patch, map_style(atlas, current(stored), Frame.parse(frame)), map_trace_keys)
        return patch

    @app.callback(
        Output(ids.TRADE, "figure"), Input(ids.REPORTER, "value"), State(ids.STATE, "data"), prevent_initial_call=True
    )
    def redraw_trade(reporter, stored):
        reporter = reporter if reporter in trade_figs else "KZ"
        fig = copy.deepcopy(trade_figs[reporter])
        apply_style(fig, trade_style(atlas, current(stored)), trade_keys[reporter])
        return fig

    @app.callback(
        Output(ids.TRADE, "figure", allow_duplicate=True), Input(ids.STATE, "data"), prevent_initial_call=True
    )
    def highlight_trade(stored):
        state = current(stored)
        patch = Patch()
        apply_style(patch, trade_style(atlas, state), trade_keys[state.reporter])
        return patch

    @app.callback(
        Output(ids.HEADLINE, "children"),
        Output(ids.CARD, "children"),
        Output(ids.CARD_BOX, "className"),
        Output(ids.YEAR_LABEL, "children"),
        Output(ids.TABLE, "rowData"),
        Output(ids.TRADE_SUMMARY, "children"),
        Output(ids.MAP_SUMMARY, "children"),
        Input(ids.STATE, "data"),
    )
    def panels(stored):
        state = current(stored)
        return (
            headline_panel(atlas, state.year, state.reporter),
            feature_card(atlas, state.feature),
            "card-box has-feature" if state.feature else "card-box",
            year_stamp(state),
            table_rows(atlas, state),
            trade_summary(trade_points(atlas, state.reporter), state.year, state.reporter),
            map_summary(visible_features(atlas, state), state.year, state.sector),
        )

    # Only a row the user selected reaches the view state: the grid also reports an empty selection whenever its
    # rows are replaced (every state change), which must not race a real change through sync_state.
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="pickedRow"),
        Output(ids.TABLE_PICK, "data"),
        Input(ids.TABLE, "selectedRows"),
        prevent_initial_call=True,
    )

    # Pure presentation switches, answered in the browser: Map | Table, the analysis tabs, the header menu.
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="modeClass"),
        Output("map-body", "className"),
        Input(ids.MAP_MODE, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="tabClass"),
        Output("analysis", "className"),
        Input(ids.ANALYSIS_TABS, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="menuClass"),
        Output(ids.MENU, "className"),
        Output(ids.MENU_TOGGLE, "aria-expanded"),
        Input(ids.MENU_TOGGLE, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SECTOR_INDICATOR, "options"),
        Output(ids.SECTOR_INDICATOR, "value"),
        Output(ids.SECTOR_NOTE, "children"),
        Input(ids.STATE, "data"),
        State(ids.SECTOR_INDICATOR, "value"),
    )
    def sector_options(stored, chosen):
        state = current(stored)
        options = series_options(atlas, state.sector)
        value = chosen if chosen in options else (options[0] if options else None)
        labelled = [{"label": option_label(o), "value": o} for o in options]
        return labelled, value, coverage_note(state.sector, sector_indicators(atlas, state.sector))

    @app.callback(
        Output(ids.SECTOR_CHART, "figure"),
        Output(ids.SECTOR_TABLE, "children"),
        Output(ids.SECTOR_SUMMARY, "children"),
        Input(ids.SECTOR_INDICATOR, "value"),
        Input(ids.STATE, "data"),
    )
    def sector_chart(option, stored):
        state = current(stored)
        option, rows = sector_points(atlas, state.sector, option)
        summary = sector_summary(option_label(option or ""), rows)
        return sector_figure(rows, state.sector, state.year), sector_table(rows), summary

    @app.callback(
        Output(ids.PLAY_TIMER, "disabled"),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-pressed"),  # also read by assets/history.js: ticks are not history entries
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )
    def play(_clicks, disabled):
        playing = bool(disabled)  # a click flips the state
        return not playing, ("❚❚ Pause" if playing else "▶ Play"), "true" if playing else "false"
