"""The page: small component factories, no I/O and no callbacks."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.briefing.deck import Deck
from dashboard.data.load import Atlas
from dashboard.data.schema import LAYERS, SECTORS
from dashboard.figures import theme
from dashboard.figures.map import map_figure
from dashboard.figures.trade import trade_figure
from dashboard.layout.briefing import briefing_controls, deck_editor
from dashboard.layout.panels import feature_card, headline_panel
from dashboard.layout.provenance import provenance_view
from dashboard.state import ViewState

GRAPH_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def graph_config(topojson_url: str, filename: str) -> dict:
    """Every graph: no cloud button, local topojson, PNG export named after the view."""
    return {
        **GRAPH_CONFIG,
        "topojsonURL": topojson_url,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def _sector_chips(state: ViewState) -> dbc.RadioItems:
    options = [{"label": "All sectors", "value": "all"}] + [
        {"label": html.Span([html.Span(className=f"dot sector-{k}"), v]), "value": k} for k, v in SECTORS.items()
    ]
    return dbc.RadioItems(
        id=ids.SECTOR,
        options=options,
        value=state.sector,
        inline=True,
        className="sector-chips",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-dark btn-chip",
        labelCheckedClassName="active",
    )


def _controls(state: ViewState) -> html.Div:
    return html.Div(
        [
            html.H2("Layers", className="panel-title"),
            dbc.Checklist(
                id=ids.LAYERS,
                options=[{"label": v, "value": k} for k, v in LAYERS.items()],
                value=list(state.layers),
                className="layer-list",
                switch=True,
            ),
            html.H2("Trade figures as reported by", className="panel-title mt-3"),
            dbc.RadioItems(
                id=ids.REPORTER,
                value=state.reporter,
                className="reporter-list",
                options=[
                    {"label": "Kazakhstan", "value": "KZ"},
                    {"label": "Türkiye", "value": "TR"},
                    {"label": "Both, side by side", "value": "both"},
                ],
            ),
            html.Div(id=ids.NOTICE, className="notice", role="status", **{"aria-live": "polite"}),
            html.P(
                [
                    "Map: posts and hubs whose opening date the sources do not give are shown in every year; "
                    "features opened after the selected year are faded; proposed routes are dotted. "
                    "Lines are schematic (real towns joined straight)."
                ],
                className="map-note muted",
            ),
        ],
        className="panel controls",
    )


def _year_bar(state: ViewState, years: tuple[int, int]) -> html.Div:
    lo, hi = years
    # Every fifth year, plus the ends unless they would crowd a neighbouring mark.
    marks = {y: {"label": str(y)} for y in range(lo, hi + 1) if y % 5 == 0 or (y in (lo, hi) and 2 <= y % 5 <= 3)}
    return html.Div(
        [
            html.Button(
                "▶ Play",
                id=ids.PLAY,
                className="btn btn-dark btn-play",
                n_clicks=0,
                title="Step through the years",
                **{"aria-label": "Play years"},
            ),
            html.Div(str(state.year), id=ids.YEAR_LABEL, className="year-label", **{"aria-live": "polite"}),
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
            ),
            dcc.Interval(id=ids.PLAY_TIMER, interval=1400, disabled=True),
        ],
        className="year-bar",
    )


def _button(label: str, cid: str, title: str, style: str = "btn-outline-light") -> html.Button:
    return html.Button(label, id=cid, n_clicks=0, className=f"btn {style} btn-action", title=title)


def _actions(exports: str) -> html.Div:
    return html.Div(
        [
            _button(
                "▶ Briefing",
                ids.BRIEFING_START,
                "Present the briefing deck full screen (→ next, ← previous, Esc leaves)",
                "btn-light",
            ),
            _button(
                "Deck ✎", ids.DECK_OPEN, "Edit the briefing deck: add this view, captions, order; export or import"
            ),
            dbc.DropdownMenu(
                export_menu_items("", None, exports),
                id=ids.EXPORT_MENU,
                label="Export",
                color="light",
                align_end=True,
                className="btn-action-menu",
            ),
            _button("Share link", ids.SHARE, "Copy a link that reopens exactly this view"),
            html.Span(id=ids.SHARE_STATUS, className="share-status", role="status"),
            _button(
                "Sources & checks",
                ids.SOURCES_OPEN,
                "Every data set and source, coverage, mirror statistics, fact-check of the article",
            ),
        ],
        className="actions",
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

    return [
        item("Images (title, filters and sources printed on them)", header=True),
        link("Map — PNG", f"{exports}map.png{q}"),
        link("Map — SVG", f"{exports}map.svg{q}"),
        link("Trade chart — PNG", f"{exports}trade.png{q}"),
        link("Trade chart — SVG", f"{exports}trade.svg{q}"),
        link("Sector chart — PNG", f"{exports}sector.png{sector_q}"),
        item(divider=True),
        item("Data", header=True),
        link("CSV of this view (with sources)", f"{exports}shown.csv{q}"),
        link("Full data set (ZIP of CSVs)", f"{exports}data.zip"),
        item(divider=True),
        item("Print", header=True),
        link("One-page handout of this view", f"{exports}handout{q}", new_tab=True),
        link("Briefing PDF — prepared story", f"{exports}briefing.pdf"),
        item("Briefing PDF — my deck", id=ids.DECK_PDF, n_clicks=0),
    ]


def sources_panel(atlas: Atlas) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Sources, coverage, mirror statistics and fact-check")),
            dbc.ModalBody(provenance_view(atlas)),
        ],
        id=ids.SOURCES_PANEL,
        is_open=False,
        fade=False,  # no fade: it would wait on CSS transitions that projectors and headless browsers skip
        fullscreen=True,
        scrollable=True,
    )


def page(atlas: Atlas, state: ViewState, years: tuple[int, int], topojson_url: str, deck: Deck, *,
         exports: str) -> html.Div:
    """The whole page for the initial ``state``; callbacks bring it in line with the URL.

    ``exports`` is the path of the export routes under the app's base path.
    """
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE, data=None),
            dcc.Store(id=ids.MAP_VIEW, data=None),
            dcc.Store(id=ids.DECK, storage_type="local"),
            html.Header(
                [
                    html.Div(
                        [
                            html.H1("Kazakhstan–Türkiye Partnership Atlas"),
                            html.Div(
                                "Diplomatic posts, the Middle Corridor, pipelines and bilateral trade — "
                                "every figure sourced",
                                className="subtitle",
                            ),
                        ],
                        className="brand",
                    ),
                    _sector_chips(state),
                    _actions(exports),
                ],
                className="topbar",
            ),
            html.Section(
                [html.Div(id=ids.BRIEFING_BAR), briefing_controls()],
                className="briefing-bar",
                **{"aria-label": "Briefing slide"},
            ),
            deck_editor(deck),
            sources_panel(atlas),
            html.Main(
                [
                    _controls(state),
                    html.Section(
                        [
                            dcc.Graph(
                                id=ids.MAP,
                                figure=map_figure(atlas, state),
                                className="map-graph",
                                config=graph_config(topojson_url, "kz-tr-atlas-map"),
                            ),
                            html.P(id=ids.MAP_SUMMARY, className="visually-hidden"),
                        ],
                        className="panel map-panel",
                        **{"aria-label": "Map of posts, ports and routes"},
                    ),
                    html.Aside(
                        [
                            html.Div(
                                headline_panel(atlas, state.year, state.reporter), id=ids.HEADLINE, className="headline"
                            ),
                            html.Div(feature_card(atlas, state.feature), id=ids.CARD, className="card-body-scroll"),
                        ],
                        className="panel side",
                    ),
                    _year_bar(state, years),
                    html.Section(
                        [
                            dcc.Graph(
                                id=ids.TRADE,
                                figure=trade_figure(atlas, state),
                                className="trade-graph",
                                config=graph_config(topojson_url, "kz-tr-trade"),
                            ),
                            html.P(id=ids.TRADE_SUMMARY, className="visually-hidden"),
                        ],
                        className="panel trade-panel",
                        **{"aria-label": "Bilateral trade by year and milestones"},
                    ),
                    html.Section(
                        [
                            dcc.Dropdown(
                                id=ids.SECTOR_INDICATOR, clearable=False, searchable=False, className="indicator-pick"
                            ),
                            html.P(id=ids.SECTOR_NOTE, className="sector-note"),
                            dcc.Graph(
                                id=ids.SECTOR_CHART,
                                figure=theme.message_figure(""),
                                className="sector-graph",
                                config=graph_config(topojson_url, "kz-tr-sector"),
                            ),
                            html.P(id=ids.SECTOR_SUMMARY, className="visually-hidden"),
                            html.Details(
                                [html.Summary("All values and sources"), html.Div(id=ids.SECTOR_TABLE)],
                                className="sector-details",
                            ),
                        ],
                        className="panel sector-panel",
                        **{"aria-label": "Sector indicators"},
                    ),
                ],
                className="atlas-grid",
            ),
            html.Footer(
                [
                    "Data: sourced news, ministry and statistics releases (see geodata/README.md); base map "
                    "Natural Earth (public domain) and plotly.js UN topojson; city coordinates GeoNames "
                    "(geonames.org, CC BY 4.0)."
                ],
                className="footer",
            ),
        ],
        id=ids.ROOT,
        className="atlas",
    )
