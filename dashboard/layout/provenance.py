"""Provenance views: where every figure comes from, what is missing, where the sources disagree, and
which claims of the source article the data support or contradict.

Pure builders returning Dash components (no callbacks): :func:`provenance_view` (four tabs) and
:func:`caveats_summary` (plain sentences for the briefing's caveats slide).
"""

from __future__ import annotations

import threading
from html import escape
from urllib.parse import urlparse

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import i18n
from dashboard.cache import per_atlas
from dashboard.data.factcheck import Verdict, check_all, evaluate, evidence_rows
from dashboard.data.labels import term
from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS, TABLES
from dashboard.data.selectors import is_blank, mirror_pairs, trade_series
from dashboard.figures.coverage import sector_coverage_figure, trade_coverage, trade_coverage_figure
from dashboard.format import (
    attribution,
    date_label,
    money,
    number,
    period_label,
    publisher,
    quality_label,
    quantity,
    signed_number,
    signed_percent,
)
from dashboard.i18n import N_, _, ngettext
from dashboard.layout.panels import source_links

PROV_IDS = {
    "tabs": "prov-tabs",
    "sources": "prov-tab-sources",
    "coverage": "prov-tab-coverage",
    "mirror": "prov-tab-mirror",
    "factcheck": "prov-tab-factcheck",
    "trade_coverage": "prov-trade-coverage",
    "sector_coverage": "prov-sector-coverage",
    "mirror_table": "prov-mirror-table",
    "factcheck_cards": "prov-factcheck-cards",
}

# What each shipped file is and under which terms its content comes (from geodata/README.md); shown translated.
_QUOTED = N_("No licence stated: figures and short quotes from the cited public sources (news, ministry pages, "
             "papers).")
DATASETS: dict[str, tuple[str, str]] = {
    "posts": (
        N_("Diplomatic posts of Kazakhstan in Türkiye and of Türkiye in Kazakhstan, with verification status."),
        N_("No licence stated: figures and short quotes from the cited public sources (news, ministry pages, "
           "papers). Coordinates: GeoNames cities1000, CC BY 4.0 (credit “GeoNames (geonames.org)”); Natural Earth "
           "(public domain) where stated."),
    ),
    "ports": (
        N_("Seaports, oil and energy terminals, rail hubs and dry ports."),
        N_("No licence stated: figures and short quotes from the cited public sources (news, ministry pages, "
           "papers). Coordinates per row (GeoNames CC BY 4.0, Natural Earth and NGA World Port Index public domain, "
           "Wikipedia)."),
    ),
    "routes": (
        N_("Middle Corridor segments and pipelines as schematic lines (real towns joined by straight lines)."),
        _QUOTED,
    ),
    "countries": (N_("Countries of the region (base map)."), N_("Natural Earth 1:50m, public domain.")),
    "lakes": (N_("The Caspian Sea and large lakes (base map)."), N_("Natural Earth, public domain.")),
    "trade": (
        N_("Bilateral trade by year, reporter and flow, US$ million; partial-year, rounded and dubious rows are kept "
           "and marked."),
        _QUOTED,
    ),
    "indicators": (
        N_("Sector indicator values (corridor cargo, oil via BTC, Kuryk, grain, metals, investment …)."),
        _QUOTED,
    ),
    "targets": (N_("Trade targets and forecasts: who set them, when, by when."), _QUOTED),
    "milestones": (N_("Dated political, economic, energy and transport milestones."), _QUOTED),
    "facts": (
        N_("Dated diplomatic facts used as fact-check evidence (copied verbatim from the research file)."),
        _QUOTED,
    ),
    "factcheck": (
        N_("Claims of the article under review, each with its machine check, evidence rows and verdict."),
        N_("Derived: no sources of its own; every verdict cites rows of the tables above."),
    ),
}
# What each data set is about, as a reader knows it (the Sources tab's headings; file names are in the ZIP's README)
SOURCE_TOPICS: dict[str, str] = {
    "posts": N_("Diplomatic posts"),
    "ports": N_("Ports, terminals and hubs"),
    "routes": N_("Middle Corridor routes and pipelines"),
    "countries": N_("Base map: countries"),
    "lakes": N_("Base map: seas and lakes"),
    "trade": N_("Bilateral trade"),
    "indicators": N_("Sector indicators"),
    "targets": N_("Trade targets and forecasts"),
    "milestones": N_("Milestones"),
    "facts": N_("Diplomatic facts (fact-check evidence)"),
    "factcheck": N_("Fact-check of the article"),
}
PUBLISHERS_SHOWN = 12  # publishers listed open; the rest fold into a <details>
NATURAL_EARTH = ("Natural Earth", "https://www.naturalearthdata.com/")
DETAILS_AFTER = 6  # longer source lists fold into a <details>

VERDICT_BADGE = {  # symbol, label, Okabe–Ito background, border style: never colour alone
    "supported": ("✓", N_("Supported"), "#009E73", "solid"),
    "contradicted": ("✗", N_("Contradicted"), "#D55E00", "solid"),
    "partly supported": ("◐", N_("Partly supported"), "#56B4E9", "solid"),
    "unverified": ("?", N_("Unverified"), "#F0E442", "dashed"),
}
CHECK_LABEL = {
    "trade_value": N_("value vs the primary trade row"),
    "growth": N_("growth vs the two trade rows"),
    "consistent_increase": N_("year-on-year sequence of trade rows"),
    "date": N_("date vs milestone / fact dates"),
    "first_recognition": N_("earliest recognition date in the evidence"),
    "post_list": N_("cities vs the posts layer"),
    "count": N_("count vs the count stated in the evidence"),
    "target": N_("objective vs the stated trade targets"),
    "target_deadline": N_("first deadline vs that year's trade"),
    "items": N_("each item named vs the lists of goods in the evidence"),
    "route_chain": N_("regions the cited routes cross, read from the base map"),
    "manual": N_("checked by hand (not machine-checkable)"),
}
TOPIC_LABEL = {  # the topic column of factcheck.csv
    "trade": N_("trade"),
    "diplomacy": N_("diplomacy"),
    "targets": N_("targets"),
    "transport": N_("transport"),
    "posts": N_("diplomatic posts"),
    "investment": N_("investment"),
}
MIRROR_REASONS = [
    (
        N_("Origin versus consignment"),
        N_("An importer usually records goods by country of origin, an exporter by the country they are shipped or "
           "sold to. Kazakh oil or metals sold through traders (for example in Switzerland or the Netherlands) can "
           "count as imports from Kazakhstan in Türkiye's figures while Kazakhstan records an export to the "
           "trader's country."),
    ),
    (
        N_("CIF imports, FOB exports"),
        N_("Imports are usually valued including freight and insurance (CIF), exports at the border (FOB), so the "
           "importer's figure tends to be higher for the same goods."),
    ),
    (N_("Timing"), N_("Goods shipped at the end of one year may be recorded as imports early in the next.")),
    (
        N_("Different collectors"),
        N_("TİM (the Turkish Exporters Assembly) counts shipments registered by its exporters; TurkStat counts "
           "general trade. A politician's rounded figure is not a statistic at all."),
    ),
]
# Reporter-specific sentences (a country's name takes a case ending in Turkish, Kazakh and Russian).
TURNOVER_GAPS = {
    "KZ": N_("Kazakhstan's turnover ({first}–{last}): {gaps}."),
    "TR": N_("Türkiye's turnover ({first}–{last}): {gaps}."),
}
GAP_KINDS = (
    ("missing", N_("no figure in {years}")),
    ("partial", N_("part of the year only in {years}")),
    ("dubious", N_("dubious figure only in {years}")),
    ("rounded", N_("rounded or “more than” only in {years}")),
)
ONLY_ONE_SIDE = {"KZ": N_("only Kazakhstan reports {years}"), "TR": N_("only Türkiye reports {years}")}
TARGET_KIND = {"target": N_("target"), "forecast": N_("forecast")}
SIDE_LABEL = {"business": N_("business"), "joint": N_("joint")}  # the side column of targets.csv


# --------------------------------------------------------------------------- small helpers


def _s(v: object) -> str:
    return "" if is_blank(v) else str(v).strip()


def _host(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


def _side(code: str) -> str:
    """A reporter (KZ, TR, OTHER) or a target's side (business, joint) in the active language."""
    return _(SIDE_LABEL[code]) if code in SIDE_LABEL else term("reporter", code, code)


def year_ranges(years: list[int]) -> str:
    """[1994, 1995, 1996, 2014] → '1994–1996, 2014'."""
    out: list[str] = []
    ys = sorted(set(int(y) for y in years))
    i = 0
    while i < len(ys):
        j = i
        while j + 1 < len(ys) and ys[j + 1] == ys[j] + 1:
            j += 1
        out.append(str(ys[i]) if i == j else f"{ys[i]}–{ys[j]}")
        i = j + 1
    return ", ".join(out)


def _to_html(node) -> str:
    """Escaped HTML of a small tree of text and dash.html components (links keep only http(s) targets)."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(_to_html(n) for n in node)
    tag = type(node).__name__.lower()
    attrs = ""
    if getattr(node, "className", None):
        attrs += f' class="{escape(node.className)}"'
    if getattr(node, "title", None):
        attrs += f' title="{escape(node.title)}"'
    href = getattr(node, "href", None) if tag == "a" else None
    if href and str(href).startswith(("http://", "https://")):
        attrs += f' href="{escape(href)}" target="_blank" rel="noopener noreferrer"'
    return f"<{tag}{attrs}>{_to_html(getattr(node, 'children', None))}</{tag}>"


def _table(header: list[str], rows: list[list], class_name: str = "table table-sm source-table") -> html.Div:
    """A table as one component: thousands of cells as Dash components take the browser seconds to mount."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_to_html(c)}</td>" for c in r) + "</tr>" for r in rows)
    markup = dcc.Markdown(
        f'<table class="{escape(class_name)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
        dangerously_allow_html=True,
    )
    return html.Div(markup, style={"overflowX": "auto"})  # a phone scrolls a wide table inside its box, not the page


GRAPH_MIN_WIDTH = 760  # px: below it (a phone) a heatmap of 30-odd years scrolls sideways instead of squeezing


def _graph(graph_id: str, figure, label: str) -> html.Div:
    """A graph as tall as its figure (dcc.Graph's default 450 px would squeeze the heatmap rows), at least
    GRAPH_MIN_WIDTH wide: on a narrow screen it scrolls inside its own box (a keyboard can scroll it too)."""
    height = figure.layout.height or 450
    graph = dcc.Graph(
        id=graph_id, figure=figure, config={"displaylogo": False, "responsive": True},
        style={"height": f"{height}px", "minWidth": f"{GRAPH_MIN_WIDTH}px"},
    )
    return html.Div(graph, style={"overflowX": "auto"}, tabIndex="0", role="region", **{"aria-label": label})


# --------------------------------------------------------------------------- Sources
def dataset_sources(atlas: Atlas, key: str) -> pd.DataFrame:
    """Distinct sources of one data set: name, url, reporter, date and how many rows cite each."""
    cols = ["name", "url", "reporter", "date", "rows"]
    if key in ("countries", "lakes"):
        return pd.DataFrame([[*NATURAL_EARTH, "", "", len(getattr(atlas, key))]], columns=cols)
    df = getattr(atlas, key, None)
    if df is None or key == "factcheck" or "source_url" not in df.columns:
        return pd.DataFrame(columns=cols)
    recs = []
    for _i, r in df.iterrows():
        urls = [u.strip() for u in _s(r.get("source_url")).split(" ; ") if u.strip()]
        urls += [u.strip() for u in _s(r.get("evidence_url")).split(" ; ") if u.strip() and u.strip() not in urls]
        reporter = when = ""
        if key in ("trade", "indicators"):
            reporter, when = _s(r.get("reporter")), _s(r.get("source_date"))
        elif key == "targets":
            reporter, when = _s(r.get("side")), _s(r.get("date"))
        elif key == "facts":
            when = _s(r.get("date"))
        for n, url in enumerate(urls):
            name = _s(r.get("source_name")) if n == 0 and _s(r.get("source_name")) else _host(url)
            recs.append({"name": name, "url": url, "reporter": _side(reporter), "date": when})
    if not recs:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(recs)
    return (
        out.groupby(["name", "url", "reporter", "date"], sort=False)
        .size()
        .reset_index(name="rows")
        .sort_values(["name", "date"], kind="stable")
        .reset_index(drop=True)
    )


def _sources_block(atlas: Atlas, key: str) -> html.Div:
    spec = TABLES[key]
    what, licence = DATASETS.get(key, ("", N_("See geodata/README.md.")))
    df = getattr(atlas, key, None)
    n_rows = 0 if df is None else len(df)
    src = dataset_sources(atlas, key)
    body: list = [
        html.P(_(what) if what else "", className="mb-1"),
        html.P([html.B(_("Licence / terms:")), " ", _(licence)], className="mb-1"),
        html.P(
            [html.B(_("Rows:")), " ", number(n_rows), "  ·  ", html.B(_("Distinct sources:")), " ", number(len(src))],
            className="mb-2",
        ),
    ]
    if len(src):
        rows = [
            [
                r["name"],
                source_links(r["url"], _host(r["url"])),
                r["reporter"] or "—",
                date_label(r["date"]) or r["date"] or "—",
                number(int(r["rows"])),
            ]
            for _i, r in src.iterrows()
        ]
        table = _table([_("Source"), _("Link"), _("Reporter"), _("Date"), _("Rows")], rows)
        if len(src) > DETAILS_AFTER:
            summary = ngettext("Show all {count} sources", "Show all {count} sources", len(src))
            body.append(html.Details([html.Summary(summary.format(count=number(len(src)))), table],
                                     className="sector-details"))
        else:
            body.append(table)
    elif key == "factcheck":
        body.append(
            html.P(
                _("Each claim is quoted from the article under review; the Fact-check tab lists the rows every "
                  "verdict rests on, with their sources."),
                className="muted",
            )
        )
    title = _(SOURCE_TOPICS[key]) if key in SOURCE_TOPICS else spec.file
    return html.Div([html.H4(title, className="panel-sub"), *body], className="panel mb-3", id=f"prov-source-{key}")


@per_atlas
def publishers(atlas: Atlas) -> pd.DataFrame:
    """Every publisher the rows cite: its site, the topics (data sets, by their English topic) it is cited for,
    how many rows cite it and how many of its pages; most cited first."""
    found = pd.concat([dataset_sources(atlas, key).assign(topic=SOURCE_TOPICS[key]) for key in TABLES
                       if key in SOURCE_TOPICS], ignore_index=True)
    found["publisher"] = found["url"].map(publisher)
    out = found.groupby("publisher").agg(
        topics=("topic", lambda t: [k for k in SOURCE_TOPICS.values() if k in set(t)]),
        rows=("rows", "sum"), pages=("url", "nunique"),
    )
    return out.reset_index().sort_values(["rows", "publisher"], ascending=[False, True], kind="stable")


def _publishers_block(atlas: Atlas) -> html.Div:
    pubs = publishers(atlas)
    rows = [[r["publisher"], ", ".join(_(t) for t in r["topics"]), number(int(r["rows"])), number(int(r["pages"]))]
            for _i, r in pubs.iterrows()]
    header = [_("Publisher"), _("Cited for"), _("Rows"), _("Pages")]
    body: list = [_table(header, rows[:PUBLISHERS_SHOWN])]
    if len(rows) > PUBLISHERS_SHOWN:
        summary = ngettext("Show all {count} publishers", "Show all {count} publishers", len(rows))
        body.append(html.Details([html.Summary(summary.format(count=number(len(rows)))),
                                  _table(header, rows[PUBLISHERS_SHOWN:])], className="sector-details"))
    return html.Div(body, className="panel mb-3", id="prov-publishers")


def sources_tab(atlas: Atlas) -> html.Div:
    return html.Div(
        [
            html.P(
                _("Who published the figures the Atlas shows and what each topic holds: its terms, how many rows it "
                  "has and which sources they cite. Nothing was interpolated; a missing year is missing."),
                className="muted",
            ),
            html.H3(_("By publisher"), className="panel-sub"),
            _publishers_block(atlas),
            html.H3(_("By topic"), className="panel-sub"),
            *[_sources_block(atlas, key) for key in TABLES],
        ]
    )


# --------------------------------------------------------------------------- Coverage
def coverage_gaps(atlas: Atlas) -> list[str]:
    """Plain sentences naming the gaps and partial years of the turnover series."""
    cov = trade_coverage(atlas)
    turn = cov[cov["flow"] == "total_turnover"]
    out = []
    nobody = turn.groupby("year")["category"].apply(lambda c: (c == "missing").all())
    if nobody.any():
        out.append(_("No turnover figure from any reporter: {years}.").format(
            years=year_ranges(list(nobody[nobody].index))))
    for rep, sentence in TURNOVER_GAPS.items():
        s = turn[turn["reporter"] == rep]
        have = s[s["category"] != "missing"]
        if have.empty:
            continue
        lo, hi = int(have["year"].min()), int(have["year"].max())
        inner = s[(s["year"] >= lo) & (s["year"] <= hi)]
        parts = []
        for cat, text in GAP_KINDS:
            ys = list(inner.loc[inner["category"] == cat, "year"])
            if ys:
                parts.append(_(text).format(years=year_ranges(ys)))
        if parts:
            out.append(_(sentence).format(first=lo, last=hi, gaps="; ".join(parts)))
    return out


def coverage_tab(atlas: Atlas) -> html.Div:
    trade_title = _("Trade: which figure exists for each year, reporter and flow")
    sector_title = _("Sector indicators: number of values per sector and year")
    return html.Div(
        [
            html.H3(trade_title, className="panel-sub"),
            html.P(
                _("Dark blue: a full-year official statistic. Light blue: a full-year figure that is rounded or only "
                  "a lower bound. Orange: only part of the year. Purple: only a figure flagged as dubious. Grey: "
                  "nothing. Hover over a cell to see the rows in it."),
                className="muted",
            ),
            _graph(PROV_IDS["trade_coverage"], trade_coverage_figure(atlas), trade_title),
            html.Ul([html.Li(s) for s in coverage_gaps(atlas)], className="mt-2"),
            html.H3(sector_title, className="panel-sub mt-3"),
            html.P(
                _("Top: values for a full calendar year. Bottom: everything else — part of a year, forecasts and "
                  "capacities, stocks to date. Grey: no value."),
                className="muted",
            ),
            _graph(PROV_IDS["sector_coverage"], sector_coverage_figure(atlas), sector_title),
        ]
    )


# --------------------------------------------------------------------------- Mirror statistics
def mirror_rows(atlas: Atlas) -> pd.DataFrame:
    """Years and flows where both sides report a primary full-year figure, with the gap (TR minus KZ)."""
    pairs = mirror_pairs(atlas)
    return pairs.sort_values(["year", "flow"]).reset_index(drop=True)


def one_side_years(atlas: Atlas) -> dict[str, dict[str, list[int]]]:
    """{flow: {'KZ': years only Kazakhstan reports, 'TR': years only Türkiye reports}} (primary full-year rows)."""
    out: dict[str, dict[str, list[int]]] = {}
    for flow in FLOWS:
        kz = set(trade_series(atlas, "KZ", flow)["year"].astype(int))
        tr = set(trade_series(atlas, "TR", flow)["year"].astype(int))
        out[flow] = {"KZ": sorted(kz - tr), "TR": sorted(tr - kz)}
    return out


def _fig_cell(value: float, quality: str) -> list:
    note = "" if quality == "official" else f" ({quality_label(quality)})"
    return [html.B(money(value, quality)), note]


def mirror_tab(atlas: Atlas) -> html.Div:
    pairs = mirror_rows(atlas)
    if pairs.empty:
        table = html.P(_("No year in which both sides report the same flow."), className="muted")
    else:
        kz, tr = term("reporter", "KZ"), term("reporter", "TR")
        rows = [
            [
                int(r["year"]),
                term("flow", r["flow"]),
                _fig_cell(float(r["value_usd_m_kz"]), r["quality_kz"]),
                _fig_cell(float(r["value_usd_m_tr"]), r["quality_tr"]),
                signed_number(r["gap_usd_m"]) if r["comparable"] else _("not comparable"),
                signed_percent(r["gap_pct"]) if r["comparable"]
                else _("a statement or bound, not a statistic"),
                [*source_links(r["source_url_kz"], kz), " · ", *source_links(r["source_url_tr"], tr)],
            ]
            for _i, r in pairs.iterrows()
        ]
        table = html.Div(
            _table(
                [
                    _("Year"),
                    _("Flow"),
                    _("Kazakhstan's figure"),
                    _("Türkiye's figure"),
                    _("Gap, US$ m (TR − KZ)"),
                    _("Gap, % of KZ"),
                    _("Sources"),
                ],
                rows,
                "table table-sm source-table mirror-table",
            ),
            id=PROV_IDS["mirror_table"],
        )
    single = one_side_years(atlas)
    lines = []
    for flow, sides in single.items():
        bits = [_(ONLY_ONE_SIDE[rep]).format(years=year_ranges(ys)) for rep, ys in sides.items() if ys]
        if bits:
            lines.append(html.Li([html.B(term("flow", flow)), ": ", "; ".join(bits), "."]))
    return html.Div(
        [
            html.P(
                _("Trade between two countries is recorded twice: as Kazakhstan's exports and imports and as "
                  "Türkiye's. Where both sides report a full-year figure for the same year and flow, they are listed "
                  "here; only two official statistics are compared (a gap against a rounded statement or a bound is "
                  "not computed)."),
                className="muted",
            ),
            table,
            html.H3(_("Why mirror figures differ"), className="panel-sub mt-3"),
            html.P(_("General trade-statistics practice, not a finding of the sources cited here:"),
                   className="muted"),
            html.Ul([html.Li([html.B(_(t)), ": ", _(txt)]) for t, txt in MIRROR_REASONS]),
            html.H3(_("Years in which only one side reports"), className="panel-sub mt-3"),
            html.Ul(lines) if lines else html.P(_("None."), className="muted"),
        ]
    )


# --------------------------------------------------------------------------- Fact-check
def verdict_badge(verdict: str) -> html.Span:
    symbol, label, colour, border = VERDICT_BADGE.get(verdict, ("?", verdict, "#BBBBBB", "dotted"))
    return html.Span(
        f"{symbol} {_(label)}",
        className=f"verdict-badge verdict-{verdict.replace(' ', '-')}",
        style={
            "background": colour,
            "color": "#000",
            "fontWeight": 700,
            "fontSize": "15px",
            "padding": "2px 10px",
            "borderRadius": "12px",
            "border": f"2px {border} #1d2733",
            "whiteSpace": "nowrap",
        },
    )


def _evidence_text(atlas: Atlas, table: str, row: pd.Series) -> tuple[str | list, str]:
    """What one evidence row states, in the active language, and the URL(s) of its sources."""
    url = _s(row.get("source_url"))
    if table == "trade":
        text = _("{flow}, {year} ({period}), {reporter}: {value} — {quality}; {attribution}").format(
            flow=term("flow", row["flow"]), year=int(row["year"]), period=period_label(row["period"]),
            reporter=term("reporter", row["reporter"]), value=money(float(row["value_usd_m"]), row["quality"]),
            quality=quality_label(row["quality"]),
            attribution=attribution(row.get("issuer"), row.get("channel"), row.get("source_date")),
        )
    elif table == "indicators":
        text = _("{indicator}, {year} ({period}): {value} — {quality}").format(
            indicator=term("indicator", row["indicator"], row["indicator"]), year=int(row["year"]),
            period=period_label(row["period"]),
            value=quantity(float(row["value"]), row["unit"], row["quality"]),
            quality=quality_label(row["quality"], indicator=True),
        )
    elif table == "targets":
        values = {"date": date_label(row["date"]) or _("undated"), "set_by": row["set_by"],
                  "kind": _(TARGET_KIND[row["kind"]]) if row["kind"] in TARGET_KIND else row["kind"],
                  "value": money(float(row["target_usd_bn"]) * 1000)}
        if is_blank(row.get("deadline_year")):
            text = _("{date}: {set_by} — {kind} {value}").format(**values)
        else:
            text = _("{date}: {set_by} — {kind} {value} by {year}").format(**values, year=int(row["deadline_year"]))
    elif table == "milestones":
        text = _("{date}: {title}").format(date=date_label(row["date"]),
                                          title=atlas.label("milestone", row["id"], fallback=row["title"]))
    elif table == "facts":  # the research file's statement, copied verbatim: shown as written, in English
        value = f" — {row['value']}" if _s(row.get("value")) else ""
        text = [date_label(row["date"]), ": ", html.Span(f"{row['fact']}{value}", lang="en")]
    elif table == "posts":
        name = atlas.label("feature", row["id"], fallback=row["name"])
        if bool(row.get("verified")):
            text = _("{name} — verified").format(name=name)
        else:
            status = term("status", row.get("status"))
            text = _("{name} — UNVERIFIED (status: {status})").format(name=name, status=status)
        ev = _s(row.get("evidence_url"))
        if ev and ev not in url:
            url = f"{url} ; {ev}" if url else ev
    else:
        name = atlas.label("feature", row["id"], fallback=_s(row.get("name")))
        opened = _s(row.get("opened"))
        text = (_("{name} — opened {date}").format(name=name, date=date_label(opened)) if opened
                else _("{name} — opening date not found").format(name=name))
    return text, url


def _evidence_item(atlas: Atlas, eid: str, table: str, row: pd.Series | None) -> html.Li:
    if row is None:
        return html.Li([html.Code(eid), " — ", _("not a row of any table")], style={"color": "#a03d00"})
    text, url = _evidence_text(atlas, table, row)
    label = _s(row.get("source_name")) or _host(url.split(" ; ")[0])
    label = label if len(label) <= 70 else label[:69].rstrip() + "…"
    links = source_links(url, label) if url else [_("no source URL")]
    return html.Li([html.Code(eid), " ", *(text if isinstance(text, list) else [text]), " · ", *links])


def _quote(atlas: Atlas, claim: pd.Series) -> list:
    """The claim as the article writes it; in another language its marked translation beside it."""
    quote = [html.Span(f"“{claim['claim']}”", lang="en")]
    if i18n.get_lang() != i18n.DEFAULT:
        translation = atlas.label("claim", claim["id"], fallback="")
        if translation:
            quote += [" ", html.Span(_("(translation: {text})").format(text=translation),
                                     className="quote-translation", style={"fontStyle": "normal"})]
    return quote


def fact_card(atlas: Atlas, claim: pd.Series, recomputed: Verdict | None = None) -> dbc.Card:
    """One claim: quoted as written, the verdict badge, the corrected statement and the evidence rows."""
    v = recomputed or evaluate(claim, atlas)
    stored = _s(claim["verdict"])
    check = _s(claim["check"])
    body: list = [
        html.Blockquote(
            _quote(atlas, claim),
            className="mb-2",
            style={"fontSize": "17px", "fontStyle": "italic", "borderLeft": "4px solid #9aa5b1", "paddingLeft": "10px"},
        )
    ]
    if _s(claim.get("corrected")):
        corrected = atlas.label("corrected", claim["id"], fallback=claim["corrected"])
        body.append(
            html.P([html.B(_("What the data say:")), " ", corrected], className="mb-2", style={"fontSize": "16px"})
        )
    body.append(
        html.P(
            [html.B(_("Check:")), " ", _("{check}.").format(check=_(CHECK_LABEL[check])) if check in CHECK_LABEL
             else check, " ", v.reason],
            className="mb-1",
            style={"fontSize": "14px"},
        )
    )
    if v.details:
        body.append(html.Ul([html.Li(d) for d in v.details], style={"fontSize": "14px"}))
    if v.verdict != stored:
        body.append(
            html.P(
                _("Warning: the stored verdict is “{stored}” but the data now give “{recomputed}”.").format(
                    stored=term("verdict", stored), recomputed=term("verdict", v.verdict)),
                style={"color": "#a03d00", "fontWeight": 700},
            )
        )
    body += [
        html.Div(html.B(_("Evidence rows")), className="mt-2", style={"fontSize": "14px"}),
        html.Ul(
            [_evidence_item(atlas, eid, table, row) for eid, table, row in evidence_rows(atlas, claim)],
            className="milestone-list",
        ),
        html.P(atlas.label("explanation", claim["id"], fallback=claim["explanation"]), className="muted mb-0",
               style={"fontSize": "14px"}),
    ]
    topic = _s(claim["topic"])
    header = dbc.CardHeader(
        [
            verdict_badge(stored),
            " ",
            html.Span(f"{claim['id']} · {_(TOPIC_LABEL[topic]) if topic in TOPIC_LABEL else topic}",
                      className="muted", style={"fontSize": "13px"}),
        ]
    )
    return dbc.Card([header, dbc.CardBody(body)], className="mb-3", id=f"prov-claim-{claim['id']}")


def factcheck_tab(atlas: Atlas) -> html.Div:
    fc = atlas.factcheck
    counts = fc["verdict"].value_counts()
    summary = " · ".join(_("{verdict}: {count}").format(verdict=_(VERDICT_BADGE[k][1]), count=number(counts[k]))
                         for k in VERDICT_BADGE if k in counts)
    problems = check_all(atlas)
    alert = (
        [
            dbc.Alert(
                [html.B(_("The fact-check table disagrees with the data:")),
                 html.Ul([html.Li(str(p)) for p in problems])],
                color="warning",
            )
        ]
        if problems
        else []
    )
    intro = ngettext("{count} claim of the article under review ({summary}).",
                     "{count} claims of the article under review ({summary}).", len(fc))
    return html.Div(
        [
            html.P(
                [
                    intro.format(count=number(len(fc)), summary=summary),
                    " ",
                    _("Each verdict is recomputed from the rows listed on its card; the few claims no machine can "
                      "check are marked “checked by hand”. The badge shows a symbol and a word, not colour alone."),
                ],
                className="muted",
            ),
            *alert,
            html.Div([fact_card(atlas, r) for _i, r in fc.iterrows()], id=PROV_IDS["factcheck_cards"]),
        ]
    )


def caveats_summary(atlas: Atlas) -> list[str]:
    """Short plain sentences for the caveats slide: the corrections of every claim the data contradict."""
    out: list[str] = []
    for _i, claim in atlas.factcheck.iterrows():
        if evaluate(claim, atlas).verdict != "contradicted":
            continue
        text = _s(claim.get("corrected")) or _s(claim.get("explanation"))
        if text and text not in out:
            out.append(text)
    return out


# --------------------------------------------------------------------------- the view
TABS = {  # key: (tab label, builder); the tab ids are PROV_IDS[key], the shown tab's content is built on demand
    "sources": (N_("Sources"), sources_tab),
    "coverage": (N_("Coverage"), coverage_tab),
    "mirror": (N_("Mirror statistics"), mirror_tab),
    "factcheck": (N_("Fact-check"), factcheck_tab),
}
PANEL_ID = "prov-panel"


def tab_strip(active: str = "sources") -> html.Div:
    """The four tabs as a WAI-ARIA tablist of plain buttons (← → move between them: assets/a11y.js).

    dbc.Tabs (2.0.4) gave every tab the id ``…-tab-null`` (``aria-controls`` pointing nowhere); these
    buttons carry their own ids, and only the shown tab is in the Tab order (a roving tabindex).
    """
    return html.Div(
        [
            html.Button(
                _(label),
                id=PROV_IDS[key],
                n_clicks=0,
                type="button",
                role="tab",
                className="prov-tab active" if key == active else "prov-tab",
                tabIndex="0" if key == active else "-1",
                **{"aria-selected": "true" if key == active else "false", "aria-controls": PANEL_ID},
            )
            for key, (label, _builder) in TABS.items()
        ],
        id=PROV_IDS["tabs"],
        role="tablist",
        className="prov-tabs",
        **{"aria-label": _("Sources & checks")},  # the panel's one name (glossary: sources_checks)
    )


def tab_states(active: str) -> list[tuple[str, str, str]]:
    """(className, tabIndex, aria-selected) of each tab, in TABS order, when ``active`` is shown."""
    return [
        ("prov-tab active", "0", "true") if key == active else ("prov-tab", "-1", "false") for key in TABS
    ]


def provenance_tab(atlas: Atlas, key: str) -> html.Div:
    """The content of one tab in the active language (built the first time it is asked for in that language;
    the atlas never changes)."""
    return _built(atlas, key, i18n.get_lang())


_BUILDING: dict[tuple[str, str], threading.Lock] = {}  # one lock per tab and language: built once, not twice at once
_WARMING: set[str] = set()
_GUARD = threading.Lock()


def _built(atlas: Atlas, key: str, lang: str) -> html.Div:
    with _GUARD:
        lock = _BUILDING.setdefault((key, lang), threading.Lock())
    with lock:  # a request for a tab being built (by warm_tabs) waits for it rather than building it again
        return _tab_in(atlas, key, lang)


def warm_tabs(atlas: Atlas, lang: str) -> None:
    """Build every tab of a language in the background, once per process, when the dialog is first opened in
    it: the tab a reader switches to next is then ready."""
    with _GUARD:
        if lang in _WARMING:
            return
        _WARMING.add(lang)
    threading.Thread(target=lambda: [_built(atlas, key, lang) for key in TABS], name=f"sources-tabs-{lang}",
                     daemon=True).start()


@per_atlas
def _tab_in(atlas: Atlas, key: str, lang: str) -> html.Div:
    with i18n.using(lang):
        return html.Div(TABS[key][1](atlas), id=f"prov-content-{key}")  # whose content it is, for the reader's tests


def provenance_view(atlas: Atlas | None, active: str = "sources") -> html.Div:
    """Sources, Coverage, Mirror statistics and Fact-check: the tab strip and the shown tab's panel
    (empty without ``atlas``: the page starts so and fills it when the dialog opens)."""
    return html.Div(
        [
            tab_strip(active),
            html.Div(
                provenance_tab(atlas, active) if atlas is not None else None,
                id=PANEL_ID,
                role="tabpanel",
                tabIndex="0",
                className="prov-panel",
                **{"aria-labelledby": PROV_IDS[active], "data-loading": _("Loading…")},
            ),
        ]
    )
