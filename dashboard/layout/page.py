"""The page: small component factories, no I/O and no callbacks."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.briefing.deck import Deck
from dashboard.data.load import Atlas
from dashboard.data.schema import LAYERS, SECTORS
from dashboard.events import COMPARE_OFF
from dashboard.figures import theme
from dashboard.figures.map import map_figure, year_stamp
from dashboard.i18n import N_, _
from dashboard.layout.briefing import briefing_controls, deck_editor
from dashboard.layout.panels import feature_card, headline_for
from dashboard.layout.provenance import provenance_view
from dashboard.state import ViewState

GRAPH_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


# The words plotly.js itself shows (mode bar buttons, their notices, the double-click hint), by its English text:
# given to plotly in the page's language through its ``locales`` setting (numbers are formatted by the Atlas).
PLOTLY_WORDS = (
    N_("Download plot as a PNG"), N_("Zoom"), N_("Pan"), N_("Zoom in"), N_("Zoom out"), N_("Autoscale"),
    N_("Reset axes"), N_("Preparing image - this may take a few seconds"), N_("Image download succeeded"),
    N_("Sorry, there was a problem downloading your image!"), N_("Double-click to zoom back out"),
    N_("Double-click on legend to isolate one trace"),
)


def plotly_locale() -> dict:
    """plotly.js's own words in the active language (English: plotly's built-in ones)."""
    lang = i18n.get_lang()
    if lang == i18n.DEFAULT:
        return {}
    return {"locale": lang, "locales": {lang: {"dictionary": {w: _(w) for w in PLOTLY_WORDS}}}}


def graph_config(topojson_url: str, filename: str) -> dict:
    """Every graph: no cloud button, local topojson, PNG export named after the view, plotly's words translated."""
    return {
        **GRAPH_CONFIG,
        "topojsonURL": topojson_url,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        **plotly_locale(),
    }


def _chip_text(label: str) -> list:
    """A sector's name, its first word always shown and the rest only where the header has room."""
    first, sep, rest = label.partition(" ")
    return [first, html.Span(sep + rest, className="chip-rest")] if sep else [label]


def _buttons(kind, cid: str, options: list, value, class_name: str, button_class: str):
    """Radio items or a checklist drawn as a row of toggle buttons (one look for chips, layers and tabs)."""
    return kind(
        id=cid,
        options=options,
        value=value,
        inline=True,
        className=class_name,
        inputClassName="btn-check",
        labelClassName=f"btn {button_class}",
        labelCheckedClassName="active",
    )


def _sector_chips(atlas: Atlas, state: ViewState) -> dbc.RadioItems:
    options = [{"label": _("All sectors"), "value": "all"}] + [
        {"label": html.Span([html.Span(className=f"dot sector-{k}"), *_chip_text(v)], title=v), "value": k}
        for k, v in ((k, atlas.label("sector", k)) for k in SECTORS)
    ]
    return _buttons(dbc.RadioItems, ids.SECTOR, options, state.sector, "sector-chips", "btn-outline-dark btn-chip")


def _layer_toggles(atlas: Atlas, state: ViewState) -> dbc.Checklist:
    options = [{"label": atlas.label("layer", k), "value": k} for k in LAYERS]
    return _buttons(dbc.Checklist, ids.LAYERS, options, list(state.layers), "layer-list",
                    "btn-outline-secondary btn-layer")


def _reporter(atlas: Atlas, state: ViewState) -> html.Div:
    return html.Div(
        [
            html.Span(_("Figures as reported by"), className="reporter-label", id="reporter-label"),
            dbc.RadioItems(
                id=ids.REPORTER,
                value=state.reporter,
                inline=True,
                className="reporter-list",
                options=[
                    {"label": atlas.label("reporter", "KZ"), "value": "KZ"},
                    {"label": atlas.label("reporter", "TR"), "value": "TR"},
                    {"label": _("Both"), "value": "both"},
                ],
            ),
        ],
        className="reporter",
        role="group",
        **{"aria-labelledby": "reporter-label"},
    )


MAP_MODES = {"map": N_("Map"), "table": N_("Table")}


def _map_toolbar(atlas: Atlas, state: ViewState) -> html.Div:
    modes = [{"label": _(v), "value": k} for k, v in MAP_MODES.items()]
    return html.Div(
        [
            _buttons(dbc.RadioItems, ids.MAP_MODE, modes, "map", "mode-switch", "btn-outline-dark btn-mode"),
            _layer_toggles(atlas, state),
        ],
        className="map-toolbar",
    )


def _zoom_buttons() -> html.Div:
    """The map's own controls, in its corner as on any web map: the toolbar above keeps one row for the layers
    in every language (in Turkish, Kazakh and Russian a zoom row of its own cost the map a tenth of a projector)."""
    zoom = [
        _button("+", ids.MAP_ZOOM_IN, _("Zoom in"), "btn-light btn-zoom", **{"aria-label": _("Zoom in")}),
        _button("−", ids.MAP_ZOOM_OUT, _("Zoom out"), "btn-light btn-zoom", **{"aria-label": _("Zoom out")}),
        _button("⟲", ids.MAP_RESET, _("Back to the whole region"), "btn-light btn-zoom",
                **{"aria-label": _("Reset view")}),
    ]
    return html.Div(zoom, className="zoom-buttons", role="group", **{"aria-label": _("Map zoom")})


def table_view() -> html.Div:
    """The Table view of the map: a filter box and the table, built only while the view is shown (callback)."""
    return html.Div(
        [
            html.Div(
                [
                    html.Label(_("Filter features"), htmlFor=ids.TABLE_FILTER, className="table-filter-label"),
                    dbc.Input(id=ids.TABLE_FILTER, type="search", debounce=300, maxLength=80,
                              placeholder=_("name, kind, country, status, year or sector"),
                              className="table-filter", autoComplete="off"),
                ],
                className="table-tools",
            ),
            html.Div(id=ids.TABLE, className="table-scroll"),
            dcc.Store(id=ids.TABLE_SORT, data=None),
        ],
        className="table-view",
    )


def icon(symbol: str) -> html.Span:
    """A symbol beside a button's words: seen, not read out (the words are the button's name)."""
    return html.Span(symbol + " ", className="icon", **{"aria-hidden": "true"})


def play_label(playing: bool) -> list:
    """Play's face: "▶ Play", or "❚❚ Pause" while the years are playing."""
    return [icon("❚❚"), _("Pause")] if playing else [icon("▶"), _("Play")]


def _year_bar(state: ViewState, years: tuple[int, int]) -> html.Div:
    lo, hi = years
    # Every fifth year, plus the ends unless they would crowd a neighbouring mark.
    marks = {y: {"label": str(y)} for y in range(lo, hi + 1) if y % 5 == 0 or (y in (lo, hi) and 2 <= y % 5 <= 3)}
    return html.Div(
        [
            html.Button(
                play_label(False),
                id=ids.PLAY,
                className="btn btn-dark btn-play",
                n_clicks=0,
                type="button",
                title=_("Step through the years"),
                **{"aria-pressed": "false"},  # assets/history.js: while playing, year ticks are not history entries
            ),
            html.Div(year_stamp(state), id=ids.YEAR_LABEL, className="year-label", **{"aria-hidden": "true"}),
            html.Div(id=ids.ANNOUNCE, className="visually-hidden", role="status", **{"aria-live": "polite"}),
            html.Div(
                dcc.Slider(
                    id=ids.YEAR,
                    min=lo,
                    max=hi,
                    step=1,
                    value=state.year,
                    marks=marks,
                    included=False,
                    updatemode="mouseup",
                    tooltip={"placement": "top", "always_visible": False},
                ),
                className="year-slider",
                id="year-slider-box",
                role="group",
                **{"aria-label": _("Year"), "data-handle-label": _("Year shown"),
                   "data-input-label": _("Type a year")},
            ),
            _compare_control(state, years),
            dcc.Interval(id=ids.PLAY_TIMER, interval=1400, disabled=True),
        ],
        className="year-bar",
    )


def _compare_control(state: ViewState, years: tuple[int, int]) -> html.Div:
    """Two years to compare: native <select>s (keyboard and screen-reader ready, a phone's own picker); the first
    set to "off" ends the comparison."""
    first, second = state.compare or (COMPARE_OFF, state.year)
    choices = [{"label": str(y), "value": str(y)} for y in range(years[0], years[1] + 1)]
    return html.Div(
        [
            html.Span(_("Compare"), id="compare-label", className="compare-label"),
            html.Label(_("First year to compare"), htmlFor=ids.COMPARE_FROM, className="visually-hidden"),
            dbc.Select(id=ids.COMPARE_FROM, value=str(first), className="compare-pick",
                       options=[{"label": _("off"), "value": COMPARE_OFF}, *choices]),
            html.Span("→", className="compare-arrow", **{"aria-hidden": "true"}),
            html.Label(_("Second year to compare"), htmlFor=ids.COMPARE_TO, className="visually-hidden"),
            dbc.Select(id=ids.COMPARE_TO, value=str(second), className="compare-pick", options=choices),
        ],
        className="compare",
        role="group",
        title=_("Compare two years: the map rings what opened in between, the headline shows both years"),
        **{"aria-labelledby": "compare-label"},
    )


def _button(label: str, cid: str, title: str, style: str = "btn-outline-light btn-action", **attrs) -> html.Button:
    return html.Button(label, id=cid, n_clicks=0, className=f"btn {style}", title=title, **attrs)


def _actions(state: ViewState, exports: str) -> html.Div:
    return html.Div(
        [
            _button(
                _("▶ Briefing"),
                ids.BRIEFING_START,
                _("Present the briefing deck full screen (→ next, ← previous, Esc leaves)"),
                "btn-light btn-action",
            ),
            _button(
                _("Deck ✎"), ids.DECK_OPEN,
                _("Edit the briefing deck: add this view, captions, order; export or import"),
            ),
            dbc.DropdownMenu(
                export_menu_items(encode_lang(state), None, exports),
                id=ids.EXPORT_MENU,
                label=_("Export"),
                color="light",
                align_end=True,
                className="btn-action-menu",
            ),
            _button(_("Share link"), ids.SHARE, _("Copy a link that reopens exactly this view"),
                    **{"data-copied": _("Link copied"), "data-failed": _("Copy the address bar to share this view.")}),
            html.Span(id=ids.SHARE_STATUS, className="share-status", role="status"),
            _language_menu(state),
            _button(
                _("Sources & checks"),
                ids.SOURCES_OPEN,
                _("Every data set and source, coverage, mirror statistics, fact-check of the article"),
            ),
        ],
        className="actions",
        # What assets/exports.js says while a deck of one's own is rendered, in the page's language.
        **{"data-busy-pdf": _("Rendering your deck as a PDF…"),
           "data-busy-pptx": _("Rendering your deck as a PowerPoint file…"),
           "data-busy-html": _("Writing your deck as an HTML file…"),
           # TRANSLATORS: {error} is the server's reason, already in the page's language.
           "data-failed-pdf": _("The PDF could not be made: {error}"),
           "data-failed-pptx": _("The PowerPoint file could not be made: {error}"),
           # TRANSLATORS: {error} is the server's reason, already in the page's language.
           "data-failed-html": _("The HTML deck could not be made: {error}")},
    )


def encode_lang(state: ViewState) -> str:
    """The query of a page that differs from the default view only by its language (the export menu's first links)."""
    return f"lang={state.lang}" if state.lang != i18n.DEFAULT else ""


def _language_menu(state: ViewState) -> html.Div:
    """The language menu: each language named in itself (a native <select>, keyboard and screen-reader ready)."""
    return html.Div(
        [
            html.Label(_("Language"), htmlFor=ids.LANG, className="visually-hidden", id="lang-label"),
            dbc.Select(id=ids.LANG, value=state.lang, className="lang-pick",
                       options=[{"label": name, "value": code} for code, name in i18n.LANGUAGES.items()]),
        ],
        className="lang-menu",
    )


def export_menu_items(query: str, indicator: str | None, exports: str) -> list:
    """Export links for the current view: the query string travels with every link.

    ``exports`` is the path of the export routes under the app's base path (``export_url(app, "")``).
    """
    q = f"?{query}" if query else ""
    sector_q = q + ("&" if q else "?") + urlencode({"indicator": indicator}) if indicator else q
    item = dbc.DropdownMenuItem

    def link(label: str, href: str, new_tab: bool = False):
        return item(label, href=href, external_link=True, target="_blank" if new_tab else None)

    lang_q = f"?lang={i18n.get_lang()}" if i18n.get_lang() != i18n.DEFAULT else ""  # the prepared story's language
    return [
        item(_("Images (title, filters and sources printed on them)"), header=True),
        link(_("Map — PNG"), f"{exports}map.png{q}"),
        link(_("Map — SVG"), f"{exports}map.svg{q}"),
        link(_("Trade chart — PNG"), f"{exports}trade.png{q}"),
        link(_("Trade chart — SVG"), f"{exports}trade.svg{q}"),
        link(_("Sector chart — PNG"), f"{exports}sector.png{sector_q}"),
        item(divider=True),
        item(_("Data"), header=True),
        link(_("CSV of this view (with sources; column headers in English)"), f"{exports}shown.csv{q}"),
        link(_("Full data set (ZIP of CSVs)"), f"{exports}data.zip"),
        item(divider=True),
        item(_("Print"), header=True),
        link(_("One-page handout of this view"), f"{exports}handout{q}", new_tab=True),
        link(_("Briefing PDF — prepared story"), f"{exports}briefing.pdf{lang_q}"),
        item(_("Briefing PDF — my deck"), id=ids.DECK_PDF, n_clicks=0),
        item(divider=True),
        item(_("PowerPoint (editable, with speaker notes)"), header=True),
        link(_("PowerPoint — prepared story"), f"{exports}briefing.pptx{lang_q}"),
        item(_("PowerPoint — my deck"), id=ids.DECK_PPTX_MENU, n_clicks=0),
        item(divider=True),
        item(_("HTML deck (one file, opens in any browser without a server or network)"), header=True),
        link(_("HTML deck — prepared story"), f"{exports}briefing.html{lang_q}"),
        item(_("HTML deck — my deck"), id=ids.DECK_HTML_MENU, n_clicks=0),
    ]


SOURCES_TITLE = "sources-title"


def sources_panel() -> dbc.Modal:
    """The "Sources & checks" dialog, empty until opened: its shown tab is built on demand (callbacks)."""
    return dbc.Modal(
        [
            dbc.ModalHeader(
                dbc.ModalTitle(_("Sources, coverage, mirror statistics and fact-check"), id=SOURCES_TITLE),
                close_button=True,
            ),
            dbc.ModalBody(provenance_view(None), id=ids.SOURCES_BODY),
        ],
        id=ids.SOURCES_PANEL,
        is_open=False,
        fade=False,  # no fade: it would wait on CSS transitions that projectors and headless browsers skip
        fullscreen=True,
        scrollable=True,
        labelledby=SOURCES_TITLE,  # the dialog's accessible name
    )


def _header(atlas: Atlas, state: ViewState, exports: str) -> html.Header:
    return html.Header(
        [
            html.Div(
                [
                    html.H1(_("Kazakhstan–Türkiye Partnership Atlas")),
                    html.Div(
                        _("Posts, the Middle Corridor, pipelines and bilateral trade — every figure sourced"),
                        className="subtitle",
                    ),
                ],
                className="brand",
            ),
            html.Div(_sector_chips(atlas, state), className="chips-scroll"),
            _button(
                _("☰ Menu"),
                ids.MENU_TOGGLE,
                _("Briefing, deck, export, share link, sources, language"),
                "btn-outline-light btn-menu",
                **{"aria-controls": ids.MENU, "aria-expanded": "false"},
            ),
            html.Div(_actions(state, exports), id=ids.MENU, className="header-menu"),
        ],
        className="topbar",
    )


def _analysis(atlas: Atlas, state: ViewState, topojson_url: str) -> html.Section:
    tabs = _buttons(
        dbc.RadioItems,
        ids.ANALYSIS_TABS,
        [{"label": _("Trade timeline & milestones"), "value": "trade"},
         {"label": _("Sector indicators"), "value": "sector"}],
        "trade",
        "analysis-tabs",
        "btn-outline-dark btn-tab",
    )
    return html.Section(
        [
            tabs,
            html.Section(
                [
                    dcc.Graph(
                        id=ids.TRADE,
                        figure=theme.message_figure(""),  # drawn when the panel nears the screen (callbacks)
                        className="trade-graph",
                        config=graph_config(topojson_url, "kz-tr-trade"),
                    ),
                    html.P(id=ids.TRADE_SUMMARY, className="visually-hidden"),
                    html.Details(
                        [html.Summary(_("All values, milestones and sources")), html.Div(id=ids.TRADE_TABLE)],
                        id=ids.TRADE_DATA,
                        n_clicks=0,
                        className="sector-details chart-data",
                    ),
                ],
                className="panel trade-panel",
                **{"aria-label": _("Bilateral trade by year and milestones"), "aria-describedby": ids.TRADE_SUMMARY},
            ),
            html.Section(
                [
                    html.Label(_("Indicator"), htmlFor=ids.SECTOR_INDICATOR, className="visually-hidden"),
                    # A native <select>: dcc.Dropdown (Dash 4) leaves a focusable element inside aria-hidden.
                    dbc.Select(id=ids.SECTOR_INDICATOR, options=[], className="indicator-pick"),
                    html.P(id=ids.SECTOR_NOTE, className="sector-note"),
                    dcc.Graph(
                        id=ids.SECTOR_CHART,
                        figure=theme.message_figure(""),
                        className="sector-graph",
                        config=graph_config(topojson_url, "kz-tr-sector"),
                    ),
                    html.Div(id=ids.SECTOR_CARDS, className="sector-cards"),
                    html.P(id=ids.SECTOR_SUMMARY, className="visually-hidden"),
                    html.Details(
                        [html.Summary(_("All values and sources")), html.Div(id=ids.SECTOR_TABLE)],
                        className="sector-details",
                    ),
                ],
                className="panel sector-panel",
                **{"aria-label": _("Sector indicators"), "aria-describedby": ids.SECTOR_SUMMARY},
            ),
        ],
        id="analysis",
        className="analysis show-trade",
    )


def page(atlas: Atlas, state: ViewState, years: tuple[int, int], topojson_url: str, deck: Deck, *,
         exports: str) -> html.Div:
    """The whole page for the initial ``state``; callbacks bring it in line with the URL.

    ``deck`` is the prepared story in the page's language (the deck editor starts from it when the reader has no
    deck of their own); ``exports`` is the path of the export routes under the app's base path.
    """
    map_config = {**graph_config(topojson_url, "kz-tr-atlas-map"), "scrollZoom": True,
                  "modeBarButtonsToRemove": [*GRAPH_CONFIG["modeBarButtonsToRemove"], "zoomInGeo", "zoomOutGeo",
                                             "resetGeo", "hoverClosestGeo", "pan2d"]}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE, data=None),
            dcc.Store(id=ids.MAP_VIEW, data=None),
            dcc.Store(id=ids.MAP_FRAME, data=None),
            dcc.Store(id=ids.TABLE_PICK, data=None),
            dcc.Store(id=ids.SLIDE_PICK, data=None),
            dcc.Store(id=ids.ANALYSIS_SEEN, data=False),
            dcc.Store(id=ids.DECK, storage_type="local"),
            dcc.Store(id=ids.DECK_DEFAULT, data=deck.to_json()),
            dcc.Store(id=ids.BRIEFING_RETURN, storage_type="session"),
            _header(atlas, state, exports),
            html.Section(
                [html.Div(id=ids.BRIEFING_BAR), briefing_controls()],
                className="briefing-bar",
                **{"aria-label": _("Briefing slide")},
            ),
            deck_editor(),
            sources_panel(),
            html.Main(
                [
                    html.Section(
                        [
                            _map_toolbar(atlas, state),
                            html.Div(
                                [
                                    dcc.Graph(
                                        id=ids.MAP,
                                        figure=map_figure(atlas, state),
                                        className="map-graph",
                                        config=map_config,
                                    ),
                                    _zoom_buttons(),
                                    table_view(),
                                ],
                                id="map-body",
                                className="map-body show-map",
                            ),
                            html.P(id=ids.MAP_SUMMARY, className="visually-hidden"),
                        ],
                        className="panel map-panel",
                        **{"aria-label": _("Map of posts, ports and routes"), "aria-describedby": ids.MAP_SUMMARY},
                    ),
                    html.Aside(
                        [
                            _reporter(atlas, state),
                            html.Div(id=ids.NOTICE, className="notice", role="status", **{"aria-live": "polite"}),
                            html.Div(
                                headline_for(atlas, state), id=ids.HEADLINE, className="headline"
                            ),
                            html.Div(
                                [
                                    _button(
                                        _("✕ Clear selection"),
                                        ids.CLEAR_FEATURE,
                                        _("Close this card and deselect the feature (filters stay as set)"),
                                        "btn-sm btn-outline-secondary btn-clear",
                                    ),
                                    html.Div(feature_card(atlas, state.feature), id=ids.CARD),
                                ],
                                id=ids.CARD_BOX,
                                className="card-box",
                            ),
                            html.P(
                                _("Posts whose opening date the sources do not give are drawn pale until a dated "
                                  "source lists them as working; ports and hubs with no date are shown in every year; "
                                  "features opened after the selected year are faded; proposed routes are dotted. "
                                  "Lines are schematic (real towns joined straight). Markers that would cover each "
                                  "other are drawn a little apart, with a thin line to their true place."),
                                className="map-note muted",
                            ),
                        ],
                        className="panel side",
                    ),
                    _year_bar(state, years),
                    _analysis(atlas, state, topojson_url),
                    html.Aside(id=ids.SLIDE_CALLOUTS, className="slide-callouts",
                               **{"aria-label": _("Key figures of the slide")}),
                ],
                className="atlas-grid",
            ),
            html.Section(id=ids.SLIDE_SOURCE, className="slide-source-bar",
                         **{"aria-label": _("Sources of the slide")}),
            html.Section(id=ids.SLIDE_NOTES_BOX, className="slide-notes", **{"aria-label": _("Speaker notes")}),
            html.Footer(
                [
                    _("Data: sourced news, ministry and statistics releases (see geodata/README.md); base map "
                      "Natural Earth (public domain) and plotly.js UN topojson; city coordinates GeoNames "
                      "(geonames.org, CC BY 4.0).")
                ],
                className="footer",
            ),
        ],
        id=ids.ROOT,
        className="atlas",
        # dash-bootstrap-components names the close (×) button of its dialogs "Close", with no property to change
        # it: assets/a11y.js names every one from here, in the page's language.
        **{"data-close-label": _("Close")},
    )
