"""Thin adapters between the page and the pure modules: decode -> one pure call -> return.

``sync_state`` is the single writer of the view state (URL <-> controls <-> clicks); every
other callback only reads the state and renders.
"""

from __future__ import annotations

import copy
import json

from dash import ALL, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update, set_props
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.briefing.deck import load_or_default
from dashboard.cache import BUDGET
from dashboard.callbacks.briefing import register_briefing
from dashboard.data.load import Atlas
from dashboard.data.selectors import sector_indicators
from dashboard.data.tables import as_cards, known_series, sector_points, series_options, trade_points
from dashboard.events import Context, Controls, briefing_entry, resolve, with_pending_edits, writes
from dashboard.export.shown import visible_features
from dashboard.figures.keys import Keys, apply_style
from dashboard.figures.map import Frame, home_view, map_keys, map_style, year_stamp
from dashboard.figures.sector import coverage_note, option_label, sector_figure, unknown_indicator
from dashboard.figures.texts import map_summary, sector_summary, trade_summary
from dashboard.figures.trade import trade_figure, trade_style
from dashboard.layout.page import export_menu_items, play_label
from dashboard.layout.panels import (
    feature_card,
    feature_table_view,
    headline_for,
    milestone_table,
    next_sort,
    ringed_text,
    sector_cards,
    sector_table,
    table_rows,
    trade_table,
    view_announcement,
)
from dashboard.layout.provenance import PANEL_ID as PROV_PANEL
from dashboard.layout.provenance import PROV_IDS, provenance_tab, tab_states, warm_tabs
from dashboard.layout.provenance import TABS as PROV_TABS
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
    ids.SLIDE_PICK: "slide",
    ids.LANG: "lang",
    ids.COMPARE_FROM: "compare",
    ids.COMPARE_TO: "compare",
}
SLIDE_ACTIONS = {
    ids.BRIEFING_START: "start",
    ids.BRIEFING_NEXT: "next",
    ids.BRIEFING_PREV: "prev",
    ids.BRIEFING_EXIT: "exit",
}
PROV_TABS_BY_ID = {PROV_IDS[k]: k for k in PROV_TABS}
BUTTONS = {ids.CLEAR_FEATURE, *SLIDE_ACTIONS}  # a click counts only if n_clicks is set


def language(value: object) -> str:
    """The page's language from the language menu's value (a callback payload: English unless supported)."""
    return value if i18n.is_supported(value) else i18n.DEFAULT


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
    mine = object()  # this app's entries in the cache budget

    def trade_base(reporter: str, lang: str) -> dict:
        """The trade chart for a reporter choice in a language (a copy: callers style it), kept in the cache budget."""
        def build():
            with i18n.using(lang):
                return trade_figure(atlas, with_changes(start, reporter=reporter)).to_plotly_json()

        return copy.deepcopy(BUDGET.remember(("trade figure", mine, reporter, lang), build))

    trade_keys = {r: Keys.of(trade_base(r, i18n.DEFAULT)) for r in REPORTERS}
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
        Output(ids.LANG, "value"),
        Output(ids.COMPARE_FROM, "value"),
        Output(ids.COMPARE_TO, "value"),
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
        Input(ids.SLIDE_PICK, "data"),
        Input(ids.LANG, "value"),
        Input(ids.COMPARE_FROM, "value"),
        Input(ids.COMPARE_TO, "value"),
        State(ids.STATE, "data"),
        State(ids.DECK, "data"),
        State(ids.BRIEFING_RETURN, "data"),
    )
    def sync_state(search, sector, layers, reporter, year, *_rest):
        """The single writer of the view state: decode the trigger, one pure call, encode the outputs."""
        lang, compare_from, compare_to, stored, deck_json, saved = _rest[-6:]
        compare = [compare_from, compare_to]
        tid = ctx.triggered_id
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        if tid in BUTTONS and not value:
            raise PreventUpdate  # a button drawn anew, not pressed
        event = "url" if tid is None or stored is None else EVENTS[tid]
        if event == "url":
            value = search
        elif tid == ids.SLIDE_PICK:
            value = value.get("slide") if isinstance(value, dict) else None  # None: "no such slide" notice
        elif event == "slide":
            value = SLIDE_ACTIONS[tid]
        elif event == "compare":
            value = compare
        deck = load_or_default(deck_json, domain)
        controls = Controls(stored, search, sector, layers, reporter, year, lang, compare)
        before = current(stored) if event == "url" else with_pending_edits(current(stored), controls, deck, context)
        with i18n.using(before.lang):
            state, notice = resolve(event, value, before, deck, context)
        state, entry = briefing_entry(event, value, before, state, saved, domain)
        w = writes(event, state, notice, controls, domain)
        out = (w.stored, w.search, w.sector, w.layers, w.reporter, w.year)
        return (*[no_update if v is None else v for v in out], no_update if w.keep_notice else w.notice,
                no_update if entry == saved else entry, no_update if w.lang is None else w.lang,
                *((no_update, no_update) if w.compare is None else w.compare))

    register_briefing(app, atlas, domain)

    @app.callback(Output(ids.EXPORT_MENU, "children"), Input(ids.STATE, "data"), Input(ids.SECTOR_INDICATOR, "value"))
    def export_links(stored, indicator):
        state = current(stored)
        with i18n.using(state.lang):
            return export_menu_items(stored or "", known_series(atlas, state.sector, indicator), exports)

    @app.callback(Output(ids.SOURCES_PANEL, "is_open"), Input(ids.SOURCES_OPEN, "n_clicks"), prevent_initial_call=True)
    def open_sources(_clicks):
        return True

    tab_ids = [PROV_IDS[k] for k in PROV_TABS]

    @app.callback(
        Output(PROV_PANEL, "children"),
        Output(PROV_PANEL, "aria-labelledby"),
        *[Output(t, p) for t in tab_ids for p in ("className", "tabIndex", "aria-selected")],
        Input(ids.SOURCES_PANEL, "is_open"),
        *[Input(t, "n_clicks") for t in tab_ids],
        *[State(t, "aria-selected") for t in tab_ids],
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def sources_tab(is_open, *rest):
        """The shown tab of the Sources dialog, built when it is shown; nothing while the dialog is closed."""
        selected, lang = rest[len(tab_ids):-1], language(rest[-1])
        trigger = ctx.triggered_id
        if trigger in tab_ids:
            active = trigger
        else:
            active = next((t for t, sel in zip(tab_ids, selected, strict=True) if sel == "true"), tab_ids[0])
        key = PROV_TABS_BY_ID[active]
        if is_open:
            warm_tabs(atlas, lang)  # the other tabs are built while the reader reads this one
        with i18n.using(lang):
            body = provenance_tab(atlas, key) if is_open else None
        return (body, active, *[v for state in tab_states(key) for v in state])

    # A tab click is shown at once in the browser: the new tab selected and the previous tab's content replaced by
    # "Loading…" until the server's answer (above) fills it, so old content never stands under the new title.
    app.clientside_callback(
        """(...args) => {
            const tabs = TAB_IDS, n = tabs.length, selected = args.slice(n, 2 * n), loading = args[2 * n];
            const trig = (window.dash_clientside.callback_context.triggered || [])[0];
            const at = trig ? tabs.indexOf(trig.prop_id.split(".")[0]) : -1;
            if (at < 0 || selected[at] === "true") { throw window.dash_clientside.PreventUpdate; }
            const states = tabs.flatMap((t, i) => i === at ? ["prov-tab active", "0", "true"]
                                                           : ["prov-tab", "-1", "false"]);
            const body = {type: "P", namespace: "dash_html_components",
                          props: {children: loading, className: "muted", role: "status"}};
            return [body, tabs[at], ...states];
        }""".replace("TAB_IDS", json.dumps(tab_ids)),
        Output(PROV_PANEL, "children", allow_duplicate=True),
        Output(PROV_PANEL, "aria-labelledby", allow_duplicate=True),
        *[Output(t, p, allow_duplicate=True) for t in tab_ids for p in ("className", "tabIndex", "aria-selected")],
        *[Input(t, "n_clicks") for t in tab_ids],
        *[State(t, "aria-selected") for t in tab_ids],
        State(PROV_PANEL, "data-loading"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        """(n) => {
            if (!n) { return window.dash_clientside.no_update; }
            const said = document.getElementById("share-link").dataset;  // in the page's language
            if (!navigator.clipboard) { return said.failed; }
            return navigator.clipboard.writeText(window.location.href).then(() => said.copied, () => said.failed);
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
        state = current(stored)
        with i18n.using(state.lang):
            apply_style(patch, map_style(atlas, state, Frame.parse(frame)), map_trace_keys)
        return patch

    # The analysis charts are drawn once their panel comes near the screen (assets/a11y.js sets ANALYSIS_SEEN):
    # below the first screen they would only slow down the first map.
    @app.callback(
        Output(ids.TRADE, "figure"), Input(ids.REPORTER, "value"), Input(ids.ANALYSIS_SEEN, "data"),
        State(ids.STATE, "data"), State(ids.LANG, "value"),
    )
    def redraw_trade(reporter, seen, stored, lang):
        if not seen:
            return no_update
        reporter = reporter if reporter in REPORTERS else "KZ"
        # The view state may not be written yet when the chart first comes into view: the language menu, drawn in
        # the page's language, says which words the chart has (highlight_trade then styles it for the view).
        state = current(stored) if stored is not None else with_changes(current(None), lang=language(lang))
        fig = trade_base(reporter, state.lang)
        with i18n.using(state.lang):
            apply_style(fig, trade_style(atlas, state), trade_keys[reporter])
        return fig

    @app.callback(
        Output(ids.TRADE, "figure", allow_duplicate=True), Input(ids.STATE, "data"), State(ids.ANALYSIS_SEEN, "data"),
        prevent_initial_call=True,
    )
    def highlight_trade(stored, seen):
        if not seen:
            return no_update  # not drawn yet: redraw_trade will draw it styled for the view
        state = current(stored)
        patch = Patch()
        with i18n.using(state.lang):
            apply_style(patch, trade_style(atlas, state), trade_keys[state.reporter])
        return patch

    def named(feats):
        """Features with their names in the active language."""
        return feats.assign(name=[atlas.label("feature", i, fallback=n) for i, n in zip(feats["id"], feats["name"],
                                                                                         strict=True)])

    @app.callback(
        Output(ids.HEADLINE, "children"),
        Output(ids.CARD, "children"),
        Output(ids.CARD_BOX, "className"),
        Output(ids.YEAR_LABEL, "children"),
        Output(ids.ANNOUNCE, "children"),
        Output(ids.TRADE_SUMMARY, "children"),
        Output(ids.MAP_SUMMARY, "children"),
        Input(ids.STATE, "data"),
    )
    def panels(stored):
        state = current(stored)
        with i18n.using(state.lang):
            return _panels(state)

    def _panels(state: ViewState) -> tuple:
        return (
            headline_for(atlas, state),
            feature_card(atlas, state.feature),
            "card-box has-feature" if state.feature else "card-box",
            year_stamp(state),
            view_announcement(atlas, state),
            trade_summary(trade_points(atlas, state.reporter), state.year, state.reporter),
            " ".join(filter(None, [map_summary(named(visible_features(atlas, state)), state.year, state.sector),
                                   ringed_text(atlas, state)])),
        )

    @app.callback(Output(ids.TRADE_TABLE, "children"), Input(ids.TRADE_DATA, "n_clicks"), Input(ids.STATE, "data"))
    def trade_data(clicks, stored):
        """The trade chart's data table and the milestones, built once the reader opens them."""
        if not clicks:
            return None
        state = current(stored)
        with i18n.using(state.lang):
            return [trade_table(trade_points(atlas, state.reporter)), milestone_table(atlas)]

    # The Table view is built while it is shown (nothing in the page otherwise), sorted and filtered as asked.
    @app.callback(
        Output(ids.TABLE, "children"),
        Input(ids.STATE, "data"),
        Input(ids.MAP_MODE, "value"),
        Input(ids.TABLE_SORT, "data"),
        Input(ids.TABLE_FILTER, "value"),
    )
    def feature_table(stored, mode, sort, query):
        if mode != "table":
            return None
        state = current(stored)
        with i18n.using(state.lang):
            rows = table_rows(atlas, state)
            return feature_table_view(rows, sort, query, len(rows))

    @app.callback(
        Output(ids.TABLE_SORT, "data"),
        Input({"type": ids.TABLE_SORT_BY, "index": ALL}, "n_clicks"),
        State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def sort_table(_clicks, sort):
        if not isinstance(ctx.triggered_id, dict) or not (ctx.triggered and ctx.triggered[0]["value"]):
            raise PreventUpdate  # headers drawn anew, not pressed
        return next_sort(sort, ctx.triggered_id["index"])

    # Only a row the user pressed reaches the view state (a freshly drawn table has every n_clicks at 0).
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="pickedRow"),
        Output(ids.TABLE_PICK, "data"),
        Input({"type": ids.TABLE_ROW, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    # "Present from here" buttons are redrawn with every deck change; relaying their clicks through a store in the
    # browser keeps sync_state from being called again (and racing its own first answer) each time they are redrawn.
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="pickedSlide"),
        Output(ids.SLIDE_PICK, "data"),
        Input({"type": ids.SLIDE_GOTO, "index": ALL}, "n_clicks"),
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
        with i18n.using(state.lang):
            labelled = [{"label": option_label(o), "value": o} for o in options]
            return labelled, value, coverage_note(state.sector, sector_indicators(atlas, state.sector))

    @app.callback(
        Output(ids.SECTOR_CHART, "figure"),
        Output(ids.SECTOR_TABLE, "children"),
        Output(ids.SECTOR_SUMMARY, "children"),
        Output(ids.SECTOR_CARDS, "children"),
        Output(ids.SECTOR_CHART, "style"),
        Input(ids.SECTOR_INDICATOR, "value"),
        Input(ids.STATE, "data"),
        Input(ids.ANALYSIS_SEEN, "data"),
    )
    def sector_chart(asked, stored, seen):
        state = current(stored)
        option, rows = sector_points(atlas, state.sector, asked)
        cards = len(rows) > 0 and as_cards(rows)  # fewer than three full years: the figures as cards, no chart
        with i18n.using(state.lang):
            if asked and asked != option:  # the page only offers the sector's series: a tampered or stale value
                set_props(ids.NOTICE, {"children": unknown_indicator(asked, option)})
            name = option_label(option or "")
            summary = sector_summary(name, rows)
            figure = sector_figure(rows, state.sector, state.year) if seen and not cards else no_update
            return (figure, sector_table(rows), summary, sector_cards(rows, name) if cards else [],
                    {"display": "none"} if cards else {})

    @app.callback(
        Output(ids.PLAY_TIMER, "disabled"),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-pressed"),  # also read by assets/history.js: ticks are not history entries
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def play(_clicks, disabled, lang):
        playing = bool(disabled)  # a click flips the state
        with i18n.using(language(lang)):
            return not playing, play_label(playing), "true" if playing else "false"
