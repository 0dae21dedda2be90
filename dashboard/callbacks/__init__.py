"""Thin adapters between the page and the pure modules: decode -> one pure call -> return.

``sync_state`` is the single writer of the view state (URL <-> controls <-> clicks); every
other callback only reads the state and renders.
"""

from __future__ import annotations

import copy

from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.briefing.deck import load_or_default, navigate
from dashboard.callbacks.briefing import register_briefing
from dashboard.data.load import Atlas
from dashboard.data.selectors import sector_indicators
from dashboard.data.tables import features, sector_points, series_options, trade_points
from dashboard.events import reduce
from dashboard.export.shown import visible_features
from dashboard.figures.map import map_style
from dashboard.figures.sector import coverage_note, option_label, sector_figure
from dashboard.figures.texts import map_summary, sector_summary, trade_summary
from dashboard.figures.theme import apply_style
from dashboard.figures.trade import restyle_trade, trade_figure
from dashboard.layout.page import export_menu_items
from dashboard.layout.panels import feature_card, headline_panel, sector_table
from dashboard.state import REPORTERS, Domain, ViewState, decode, encode, with_changes

EVENTS = {
    ids.SECTOR: "sector",
    ids.LAYERS: "layers",
    ids.REPORTER: "reporter",
    ids.YEAR: "year",
    ids.PLAY_TIMER: "tick",
    ids.MAP: "map",
    ids.TRADE: "chart",
    ids.SECTOR_CHART: "chart",
}
SLIDE_ACTIONS = {
    ids.BRIEFING_START: "start",
    ids.BRIEFING_NEXT: "next",
    ids.BRIEFING_PREV: "prev",
    ids.BRIEFING_EXIT: "exit",
}


def register(app: Dash, atlas: Atlas, domain: Domain, *, exports: str) -> None:
    """Attach every callback to ``app`` (never to the global registry: two apps must not collide).

    ``exports`` is the path of the export routes under the app's base path (for the Export menu's links).
    """
    feats = features(atlas)
    feature_sectors = dict(zip(feats["id"], feats["sector"], strict=True))
    milestone_years = dict(zip(atlas.milestones["id"], atlas.milestones["year"].astype(int), strict=True))
    # The trade chart depends on the reporter only (three variants); everything else is a patch.
    start = decode("", domain)[0]
    trade_figs = {r: trade_figure(atlas, with_changes(start, reporter=r)).to_plotly_json() for r in REPORTERS}

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
        Input(ids.URL, "search"),
        Input(ids.SECTOR, "value"),
        Input(ids.LAYERS, "value"),
        Input(ids.REPORTER, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        Input(ids.MAP, "clickData"),
        Input(ids.TRADE, "clickData"),
        Input(ids.SECTOR_CHART, "clickData"),
        Input(ids.MAP_VIEW, "data"),
        Input(ids.BRIEFING_START, "n_clicks"),
        Input(ids.BRIEFING_NEXT, "n_clicks"),
        Input(ids.BRIEFING_PREV, "n_clicks"),
        Input(ids.BRIEFING_EXIT, "n_clicks"),
        Input({"type": ids.SLIDE_GOTO, "index": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.DECK, "data"),
    )
    def sync_state(
        search,
        sector,
        layers,
        reporter,
        year,
        _tick,
        map_click,
        trade_click,
        sector_click,
        relayout,
        *_slides_and_state,
    ):
        *_, stored, deck_json = _slides_and_state
        trigger = ctx.triggered_id
        notice = None
        if trigger in (None, ids.URL) or stored is None:
            state, notices = decode(search or "", domain)
            notice = " ".join(notices) or None
            if state.briefing and not encode(with_changes(state, briefing=0), domain):  # ?briefing=N alone
                state = navigate(state, f"goto:{state.briefing}", load_or_default(deck_json, domain), domain)
        elif isinstance(trigger, dict) or trigger in SLIDE_ACTIONS:
            if not ctx.triggered[0]["value"]:
                raise PreventUpdate  # a button drawn anew, not pressed
            action = f"goto:{trigger['index'] + 1}" if isinstance(trigger, dict) else SLIDE_ACTIONS[trigger]
            state = navigate(current(stored), action, load_or_default(deck_json, domain), domain)
        elif trigger == ids.MAP_VIEW:
            state, notice = reduce(current(stored), "view", relayout, domain, feature_sectors, milestone_years)
        else:
            value = {
                ids.SECTOR: sector,
                ids.LAYERS: layers,
                ids.REPORTER: reporter,
                ids.YEAR: year,
                ids.PLAY_TIMER: None,
                ids.MAP: map_click,
                ids.TRADE: trade_click,
                ids.SECTOR_CHART: sector_click,
            }[trigger]
            state, notice = reduce(current(stored), EVENTS[trigger], value, domain, feature_sectors, milestone_years)
        query = encode(state, domain)
        search_out = f"?{query}" if query else ""
        if stored is not None and query == stored and trigger not in (None, ids.URL):
            # Nothing changed (the map's first relayout, a refused click): write nothing, so a late answer
            # can never undo a newer change, and keep any notice on screen unless there is a new one.
            return (*[no_update] * 6, notice or no_update)
        return (
            query,
            search_out if search_out != (search or "") else no_update,
            state.sector if state.sector != sector else no_update,
            list(state.layers) if list(state.layers) != (layers or []) else no_update,
            state.reporter if state.reporter != reporter else no_update,
            state.year if state.year != year else no_update,
            notice,
        )

    register_briefing(app, domain)

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

    # Only a user's pan or zoom reaches the view state; the map's own resizes (autosize) stay in the browser,
    # so they never race a real change through sync_state.
    app.clientside_callback(
        """(relayout) => {
            const keys = ["geo.center.lon", "geo.center.lat", "geo.projection.scale"];
            return relayout && keys.some(k => k in relayout) ? relayout : window.dash_clientside.no_update;
        }""",
        Output(ids.MAP_VIEW, "data"),
        Input(ids.MAP, "relayoutData"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.MAP, "figure"), Input(ids.STATE, "data"), prevent_initial_call=True)
    def restyle_map(stored):
        patch = Patch()
        apply_style(patch, map_style(atlas, current(stored)))
        return patch

    @app.callback(
        Output(ids.TRADE, "figure"), Input(ids.REPORTER, "value"), State(ids.STATE, "data"), prevent_initial_call=True
    )
    def redraw_trade(reporter, stored):
        fig = copy.deepcopy(trade_figs.get(reporter, trade_figs["KZ"]))
        restyle_trade(fig, atlas, current(stored))
        return fig

    @app.callback(
        Output(ids.TRADE, "figure", allow_duplicate=True), Input(ids.STATE, "data"), prevent_initial_call=True
    )
    def highlight_trade(stored):
        patch = Patch()
        restyle_trade(patch, atlas, current(stored))
        return patch

    @app.callback(
        Output(ids.HEADLINE, "children"),
        Output(ids.CARD, "children"),
        Output(ids.YEAR_LABEL, "children"),
        Output(ids.TRADE_SUMMARY, "children"),
        Output(ids.MAP_SUMMARY, "children"),
        Input(ids.STATE, "data"),
    )
    def panels(stored):
        state = current(stored)
        label = str(state.year) if state.year == state.year_start else f"{state.year_start}–{state.year}"
        return (
            headline_panel(atlas, state.year, state.reporter),
            feature_card(atlas, state.feature),
            label,
            trade_summary(trade_points(atlas, state.reporter), state.year, state.reporter),
            map_summary(visible_features(atlas, state), state.year, state.sector),
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
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )
    def play(_clicks, disabled):
        playing = bool(disabled)  # a click flips the state
        return not playing, ("❚❚ Pause" if playing else "▶ Play")
