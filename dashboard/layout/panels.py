"""Pure builders of the text panels: headline figures for a year and the feature detail card."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import i18n, ids
from dashboard.cache import per_atlas
from dashboard.data.compare import compared_headline, years_label
from dashboard.data.labels import term
from dashboard.data.load import Atlas
from dashboard.data.schema import SECTORS
from dashboard.data.selectors import is_blank, milestones_for
from dashboard.data.tables import (
    BAR,
    GAP,
    LINE,
    MARKER,
    OTHER,
    PLOTTED,
    feature_record,
    feature_table,
    headline,
    mirror,
    reporters,
    trade_points,
)
from dashboard.figures.map import ringed_ids, visible_feature_ids
from dashboard.figures.sector import value_text
from dashboard.figures.texts import (
    HeadlineText,
    _who,
    announcement,
    compared_announcement,
    compared_text,
    headline_text,
    mirror_text,
    record_text,
    ringed_summary,
)
from dashboard.figures.trade import legend_name
from dashboard.format import attribution, money, period_label, quality_of
from dashboard.i18n import N_, _, ngettext
from dashboard.state import ViewState


def source_links(urls: str, label: str | None = None) -> list:
    """One link per URL in a ' ; '-separated cell; links open in a new tab and are plain text otherwise."""
    label = _("source") if label is None else label
    out: list = []
    for n, url in enumerate(u.strip() for u in str(urls).split(" ; ") if u.strip()):
        if n:
            out.append(" · ")
        text = label if n == 0 else f"{label} {n + 1}"
        out.append(html.A(text, href=url, target="_blank", rel="noopener noreferrer", title=url))
    return out


def _figure_block(t: HeadlineText) -> html.Div:
    if t.missing:
        body = [html.Div(t.missing, className="hl-missing")]
        if t.change:
            body.append(html.Div(t.change, className="hl-meta", title=t.change_title))
        if t.url:
            body.append(html.Div(source_links(t.url), className="hl-meta"))
        return html.Div([html.Div(t.label, className="hl-label"), *body], className="hl-item")
    blocks = [
        html.Div(t.label, className="hl-label"),
        html.Div(t.value, className="hl-value", title=t.title),
    ]
    if t.change and t.change_shown:  # a change is shown; otherwise why none is
        up = not t.change.startswith("-")
        blocks.append(html.Div(t.change, className="hl-change " + ("up" if up else "down"), title=t.change_title))
    elif t.change:
        blocks.append(html.Div(t.change, className="hl-meta"))
    blocks.append(html.Div([f"{t.meta} · ", *source_links(t.url)], className="hl-meta"))
    return html.Div(blocks, className="hl-item")


def headline_panel(atlas: Atlas, year: int, reporter: str) -> html.Div:
    """Turnover, exports and imports for the year, each with reporter, quality and source (from the chart's table)."""
    main = reporters(reporter)[0]
    points = trade_points(atlas, reporter)
    items = [_figure_block(headline_text(h, main)) for h in headline(points, year, main)]
    return html.Div([html.H2(_("Trade in {year}").format(year=year), className="panel-title"), *items,
                     *_mirror_lines(atlas, (year,), reporter)])


def compared_panel(atlas: Atlas, years: tuple[int, int], reporter: str) -> html.Div:
    """Turnover, exports and imports in both compared years side by side, each with its quality and source; the
    change only between two unrounded official statistics (else both values and why there is no percentage)."""
    main = reporters(reporter)[0]
    items = compared_headline(trade_points(atlas, reporter), *years, main)
    blocks = []
    for t in (compared_text(c, years, main) for c in items):
        columns = [html.Div([html.Div(str(year), className="hl-year"), *_year_block(y)], className="hl-col")
                   for year, y in zip(years, (t.first, t.second), strict=True)]
        change = []
        if t.change and t.change_shown:
            up = not t.change.startswith("-")
            change = [html.Div(t.change, className="hl-change " + ("up" if up else "down"), title=t.change_title)]
        elif t.change:
            change = [html.Div(t.change, className="hl-meta")]
        blocks.append(html.Div([html.Div(t.label, className="hl-label"), html.Div(columns, className="hl-pair"),
                                *change], className="hl-item hl-compared"))
    # TRANSLATORS: the headline's title while two years are compared; {years} is "2013 → 2022".
    title = _("Trade compared: {years}").format(years=years_label(years))
    return html.Div([html.H2(title, className="panel-title"), *blocks, *_mirror_lines(atlas, years, reporter)])


def _mirror_lines(atlas: Atlas, years: tuple[int, ...], reporter: str) -> list:
    """The other side's turnover for each year it reports one (a statistic or a statement, said which)."""
    out = []
    for year in years:
        m = mirror(atlas, year, reporter)
        line = mirror_text(m, year, reporter)
        if line:
            out.append(html.Div([line, " · ", *source_links(m.row["source_url"])], className="hl-mirror"))
    return out


def _year_block(t: HeadlineText) -> list:
    """One year's figure in a comparison: the value (or that there is none, with a partial year's months), its
    quality and source."""
    if t.missing:
        return [html.Div(t.missing, className="hl-missing"),
                *([html.Div(source_links(t.url), className="hl-meta")] if t.url else [])]
    return [html.Div(t.value, className="hl-value", title=t.title),
            html.Div([f"{t.meta} · ", *source_links(t.url)], className="hl-meta")]


def ringed_text(atlas: Atlas, state: ViewState) -> str:
    """What the map's rings mark while two years are compared, for a screen reader ("" otherwise)."""
    if not state.compare:
        return ""
    names = [atlas.label("feature", i, fallback=feature_table(atlas).loc[i, "name"]) for i in ringed_ids(atlas, state)]
    return ringed_summary(names, state.compare[0])


def headline_for(atlas: Atlas, state: ViewState) -> html.Div:
    """The headline of a view: the year's figures, or both compared years' side by side."""
    if state.compare:
        return compared_panel(atlas, state.compare, state.reporter)
    return headline_panel(atlas, state.year, state.reporter)


def view_announcement(atlas: Atlas, state: ViewState) -> str:
    """The live region's sentence for a view: year, sector, the year's turnover as the headline gives it (both
    years' while two are compared)."""
    main = reporters(state.reporter)[0]
    points = trade_points(atlas, state.reporter)
    sector = term("sector", state.sector) if state.sector in SECTORS else _("all sectors")
    if state.compare:
        turnover = compared_headline(points, *state.compare, main)[0]
        return compared_announcement(compared_text(turnover, state.compare, main), sector)
    items = headline(points, state.year, main)
    return announcement(headline_text(items[0], main), state.year, sector,
                        record_text(points, state.year, state.reporter))


def trade_table(points: pd.DataFrame) -> html.Table:
    """Every point of the trade chart (bars, turnover line, hollow markers, gaps) with its reporter and source."""
    head = html.Thead(html.Tr([html.Th(_(h), scope="col") for h in (
        N_("Year"), N_("Series"), N_("Value"), N_("Period"), N_("Quality"), N_("In the chart"), N_("Source"))]))
    rows = []
    for _i, r in points.sort_values(["year", "reporter", "flow"], kind="stable").iterrows():
        gap = r["role"] == GAP
        rows.append(html.Tr([
            html.Th(int(r["year"]), scope="row"),
            html.Td(legend_name(r)),
            html.Td("—" if gap else money(r["value_usd_m"], r["quality"])),
            html.Td("" if gap else period_label(r["period"])),
            html.Td("" if gap else quality_of(r)),
            html.Td(_(ROLE_NAMES.get(r["role"], r["role"]))),
            html.Td("" if gap else source_links(r["source_url"], _who(r)[:60])),
        ]))
    return html.Table([html.Caption(_("Trade chart: every figure drawn, US$")), head, html.Tbody(rows)],
                      className="table table-sm source-table")


def milestone_table(atlas: Atlas) -> html.Table:
    """The milestones marked on the trade chart, with their sources."""
    head = html.Thead(html.Tr([html.Th(_(h), scope="col") for h in (
        N_("Date"), N_("Milestone"), N_("Sector"), N_("Source"))]))
    rows = [
        html.Tr([html.Th(r["date"], scope="row"), html.Td(atlas.label("milestone", r["id"], fallback=r["title"])),
                 html.Td(term("sector", r["sector"])),
                 html.Td(source_links(r["source_url"]))])
        for _i, r in atlas.milestones.sort_values("date", kind="stable").iterrows()
    ]
    return html.Table([html.Caption(_("Milestones on the trade chart")), head, html.Tbody(rows)],
                      className="table table-sm source-table")


FACT_LABELS = {
    "kind": N_("Kind"),
    "side": N_("Post"),
    "status": N_("Status"),
    "opened": N_("Opened"),
    "operating_by": N_("Known to be working by"),
    "length_km": N_("Length (km)"),
    "capacity": N_("Capacity"),
    "operator": N_("Operator"),
    "waypoints": N_("Waypoints (schematic line)"),
    "description": N_("About"),
    "evidence": N_("Verification"),
    "coord_source": N_("Coordinates"),
}
# What each point of the trade chart is drawn as (the trade table's "In the chart" column).
ROLE_NAMES = {BAR: N_("bar"), LINE: N_("turnover line"), MARKER: N_("marker (second reporter)"),
              OTHER: N_("hollow marker: partial year, other source or conflicting figure"),
              GAP: N_("no full-year figure")}


def feature_card(atlas: Atlas, feature_id: str | None) -> html.Div:
    """Every fact the data hold about a feature, with its sources and milestones."""
    rec = feature_record(atlas, feature_id) if feature_id else None
    if rec is None:
        return html.Div(
            [
                html.H2(_("Details"), className="panel-title"),
                html.P(
                    _("Click a post, port or route on the map, or a milestone on the timeline, to see what the "
                      "sources say about it."),
                    className="muted",
                ),
            ]
        )
    facts = []
    for key, label in FACT_LABELS.items():
        if key in rec:
            if key in ("kind", "status") and i18n.get_lang() != i18n.DEFAULT:
                value = term(f"feature_{key}" if key == "kind" else key, rec[key], str(rec[key]).replace("_", " "))
            else:  # English: the data's own words
                value = str(rec[key]).replace("_", " ") if key in ("kind", "status") else str(rec[key])
            facts += [html.Dt(_(label)), html.Dd(value)]
    if "opened" not in rec:
        facts += [html.Dt(_("Opened")), html.Dd(_("not found in the sources"), className="muted")]
    badges = []
    if rec.get("verified") is False:
        badges.append(html.Div(_("Unverified: not on the Kazakh MFA's 2026 list of posts"),
                               className="badge-unverified"))
    if rec.get("coord_note"):
        # Drawn at a nearby town (or moved off a border): say where the marker really is.
        badges.append(html.Div([_("Location approximate: "), rec["coord_note"]], className="badge-proxy"))
    ms = milestones_for(atlas, feature=feature_id)
    archived = rec.get("archived_copy", "")
    return html.Div(
        [
            html.H2(atlas.label("feature", feature_id, fallback=rec["name"]), className="panel-title"),
            html.Div(term("sector", rec["sector"]), className=f"sector-tag sector-{rec['sector']}"),
            *badges,
            html.Dl(facts, className="facts"),
            html.Div(
                [
                    _("Sources: "),
                    *source_links(rec.get("source_url", "")),
                    *(
                        [" · ", _("verification: "), *source_links(rec["evidence_url"], _("list"))]
                        if rec.get("evidence_url")
                        else []
                    ),
                    *([" · ", *source_links(archived, _("archived copy"))] if archived else []),
                ],
                className="hl-meta",
            ),
            *(
                [
                    html.H3(_("Milestones"), className="panel-sub"),
                    html.Ul(
                        [
                            html.Li([html.B(r["date"]),
                                     f" {atlas.label('milestone', r['id'], fallback=r['title'])} · ",
                                     *source_links(r["source_url"])])
                            for _i, r in ms.iterrows()
                        ],
                        className="milestone-list",
                    ),
                ]
                if len(ms)
                else []
            ),
        ]
    )


def sector_table(rows: pd.DataFrame) -> html.Table:
    """All values of the chosen series with their period, reporter, quality, source and role in the chart."""
    head = html.Thead(
        html.Tr([html.Th(_(h)) for h in (N_("Year"), N_("Period"), N_("Value"), N_("By"), N_("Quality"),
                                         N_("In the chart"), N_("Source"))])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(int(r["year"])),
                    html.Td(period_label(r["period"])),
                    html.Td(value_text(r)),
                    html.Td(term("reporter", r["reporter"])),
                    html.Td(quality_of(r, indicator=True)),
                    html.Td(_("plotted") if r["role"] == PLOTTED else _("alternative (same period)")),
                    html.Td(
                        source_links(
                            r["source_url"],
                            (attribution(r["issuer"], r["channel"], r["source_date"]) or str(r["source_name"]))[:60],
                        )
                    ),
                ],
                className="" if r["role"] == PLOTTED else "alt-row",
            )
            for _i, r in rows.iterrows()
        ]
    )
    return html.Table([head, body], className="table table-sm source-table")


def sector_cards(rows: pd.DataFrame, series: str) -> list:
    """The plotted figures of a series with fewer than three full years under the series' name (as a chart's
    title: on a slide the picker that names it is hidden), one labelled card each (value with its unit, period,
    who reports it and how good the figure is, source): a few points are not a trend."""
    plotted = rows[rows["role"] == PLOTTED]
    cards = [
        html.Li(
            [
                html.Div(value_text(r), className="card-value"),
                html.Div(f"{int(r['year'])} · {period_label(r['period'])}", className="card-period"),
                html.Div(f"{term('reporter', r['reporter'])} · {quality_of(r, indicator=True)}",
                         className="card-quality"),
                html.Div(source_links(r["source_url"], (attribution(r["issuer"], r["channel"], r["source_date"])
                                                        or str(r["source_name"]))[:80]), className="card-source"),
            ],
            className="figure-card",
        )
        for _i, r in plotted.iterrows()
    ]
    why = _("Fewer than three full-year figures: each is shown on its own card, not as a trend.")
    return [html.H3(series, className="cards-title"), html.P(why, className="cards-why"),
            html.Ul(cards, className="figure-cards")]


def _countries(atlas: Atlas) -> dict[str, tuple[str, ...]]:
    """Countries (ISO codes) of each feature: a post's or port's country, the countries a route crosses (west to
    east)."""
    out = {}
    for frame in (atlas.posts, atlas.ports):
        out.update({i: (c,) for i, c in zip(frame["id"], frame["country"], strict=True)})
    crossed = atlas.routes[["id", "geometry"]].sjoin(atlas.countries, predicate="intersects")
    for rid, hit in crossed.groupby("id"):
        order = hit.geometry.iloc[0]
        west_first = sorted(hit["iso_a3"], key=lambda iso, o=order: _westmost(atlas, iso, o))
        out[rid] = tuple(dict.fromkeys(west_first))
    return out


def _country_names(atlas: Atlas, codes: tuple[str, ...], lang: str | None = None) -> str:
    names = dict(zip(atlas.countries["iso_a3"], atlas.countries["name_en"], strict=True))
    names["TUR"] = "Türkiye"  # the country's own name in English since 2022 (Natural Earth still has "Turkey")
    return ", ".join(atlas.label("country", c, lang, fallback=names.get(c, c)) for c in codes)


def _westmost(atlas: Atlas, iso: str, line) -> float:
    shape = atlas.countries.loc[atlas.countries["iso_a3"] == iso].geometry.union_all()
    part = line.intersection(shape)
    return part.bounds[0] if not part.is_empty else 999.0


@per_atlas
def _feature_rows(atlas: Atlas) -> dict[str, dict]:
    """The Table view's row of every feature, from the map's feature table (the one shown.csv lists too)."""
    countries = _countries(atlas)
    rows = {}
    for fid, r in feature_table(atlas).iterrows():
        links = [u.strip() for u in str(r["source_url"] or "").split(" ; ") if u.strip().startswith("http")]
        rows[fid] = {
            "id": fid,
            "name": r["name"] + ("" if r["verified"] is not False else " (unverified)"),
            "kind": str(r["kind"]).replace("_", " "),
            "country": _country_names(atlas, countries.get(fid, ()), i18n.DEFAULT),
            "countries": countries.get(fid, ()),
            "status": str(r["status"]).replace("_", " "),
            "since": "" if is_blank(r["opened"]) else str(r["opened"]),
            "sector": SECTORS.get(r["sector"], r["sector"]),
            "sources": " ; ".join(links),
        }
    return rows


def table_rows(atlas: Atlas, state: ViewState) -> list[dict]:
    """One row per feature on the map's shown layers: what the Table view lists (and the map's text alternative)."""
    rows = _feature_rows(atlas)
    return [{**rows[fid], **_in_language(atlas, fid), "current": fid == state.feature}
            for fid in visible_feature_ids(atlas, state)]


def _in_language(atlas: Atlas, fid: str) -> dict:
    """A Table view row's name, kind, status and sector in the active language (English: as in the data)."""
    if i18n.get_lang() == i18n.DEFAULT:
        return {}
    r = feature_table(atlas).loc[fid]
    name = atlas.label("feature", fid, fallback=r["name"])
    return {
        "name": name if r["verified"] is not False else _("{name} (unverified)").format(name=name),
        "kind": term("feature_kind", r["kind"], str(r["kind"]).replace("_", " ")),
        "status": term("status", r["status"], str(r["status"]).replace("_", " ")),
        "sector": term("sector", r["sector"], str(r["sector"])),
        "country": _country_names(atlas, _feature_rows(atlas)[fid]["countries"]),
    }


# The Table view's columns: field, header, sortable.
TABLE_COLUMNS = [
    ("name", N_("Name"), True),
    ("kind", N_("Kind"), True),
    ("country", N_("Country"), True),
    ("status", N_("Status"), True),
    ("since", N_("Since"), True),
    ("sector", N_("Sector"), True),
    ("sources", N_("Sources"), False),
]
SORTABLE = {field for field, _label, sortable in TABLE_COLUMNS if sortable}
ARIA_SORT = {False: "ascending", True: "descending"}


def parse_sort(sort: object) -> tuple[str | None, bool]:
    """(field, descending) of the Table view's sort store; anything else: the map's order."""
    if isinstance(sort, dict) and sort.get("by") in SORTABLE:
        return sort["by"], bool(sort.get("desc"))
    return None, False


def next_sort(sort: object, field: str) -> dict:
    """A header pressed: sort by it ascending, or flip the order if it is already the sort."""
    by, desc = parse_sort(sort)
    return {"by": field, "desc": (not desc) if by == field else False}


def filter_sort_rows(rows: list[dict], sort: object, query: object) -> list[dict]:
    """The rows whose text contains every word of ``query`` (case-insensitive), sorted as ``sort`` says
    (blanks last, whatever the direction)."""
    words = str(query or "").casefold().split()[:10]
    if words:
        rows = [r for r in rows if all(w in " ".join(str(r[f]) for f, *_x in TABLE_COLUMNS).casefold() for w in words)]
    by, desc = parse_sort(sort)
    if by:
        filled = sorted((r for r in rows if r[by]), key=lambda r: str(r[by]).casefold(), reverse=desc)
        rows = filled + [r for r in rows if not r[by]]
    return rows


def feature_table_view(rows: list[dict], sort: object, query: object, total: int) -> html.Table:
    """The map's text alternative: one row per shown feature; its name is a button that opens the card.

    Column headers are buttons that sort (``aria-sort`` says how); the caption counts the rows shown.
    """
    by, desc = parse_sort(sort)
    shown = filter_sort_rows(rows, sort, query)

    def head(field: str, label: str, sortable: bool) -> html.Th:
        if not sortable:
            return html.Th(_(label), scope="col")
        state = ARIA_SORT[desc] if by == field else "none"
        arrow = ("▼" if desc else "▲") if by == field else "↕"
        return html.Th(
            html.Button([_(label), html.Span(" " + arrow, className="sort-arrow", **{"aria-hidden": "true"})],
                        id={"type": ids.TABLE_SORT_BY, "index": field}, n_clicks=0, type="button",
                        className="btn-sort", title=_("Sort by this column")),
            scope="col",
            **{"aria-sort": state},
        )

    def cell(r: dict, field: str):
        if field == "name":
            return html.Th(
                html.Button(r["name"], id={"type": ids.TABLE_ROW, "index": r["id"]}, n_clicks=0, type="button",
                            className="btn-row", title=_("Show this feature's card")),
                scope="row",
            )
        if field == "sources":
            return html.Td(source_links(r["sources"]) if r["sources"] else "—")
        return html.Td(r[field])

    caption = (_("{shown} of {total} features (the map's shown layers)").format(shown=len(shown), total=total)
               if len(shown) != total else
               ngettext("{count} feature (the map's shown layers)", "{count} features (the map's shown layers)",
                        total).format(count=total))
    body = [
        html.Tr([cell(r, f) for f, *_x in TABLE_COLUMNS], className="row-current" if r.get("current") else None,
                **({"aria-current": "true"} if r.get("current") else {}))
        for r in shown
    ]
    if not body:
        empty = _("No features: every map layer is switched off.") if not total else _("No feature matches the filter.")
        body = [html.Tr(html.Td(empty, colSpan=len(TABLE_COLUMNS)))]
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([head(f, label, srt) for f, label, srt in TABLE_COLUMNS])),
            html.Tbody(body),
        ],
        className="table table-sm feature-list",
    )
