"""Pure builders of the text panels: headline figures for a year and the feature detail card."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.cache import per_atlas
from dashboard.data.load import Atlas
from dashboard.data.schema import SECTORS
from dashboard.data.selectors import (
    Headline,
    feature_record,
    features,
    headlines,
    is_blank,
    milestones_for,
    trade_series,
)
from dashboard.figures.map import visible_feature_ids
from dashboard.figures.trade import QUALITY_NOTE, REPORTER_NAME
from dashboard.state import ViewState


def source_links(urls: str, label: str = "source") -> list:
    """One link per URL in a ' ; '-separated cell; links open in a new tab and are plain text otherwise."""
    out: list = []
    for n, url in enumerate(u.strip() for u in str(urls).split(" ; ") if u.strip()):
        if n:
            out.append(" · ")
        text = label if n == 0 else f"{label} {n + 1}"
        out.append(html.A(text, href=url, target="_blank", rel="noopener noreferrer", title=url))
    return out


def _fmt_bn(value_usd_m: float) -> str:
    return f"US${value_usd_m / 1000:,.2f} bn" if value_usd_m >= 1000 else f"US${value_usd_m:,.0f} m"


def _figure_block(h: Headline, reporter: str) -> html.Div:
    if h.row is None:
        body = [html.Div("no full-year figure", className="hl-missing")]
        if h.partial is not None:
            p = h.partial
            body.append(
                html.Div(
                    [f"{p['period']} only: {_fmt_bn(p['value_usd_m'])} · ", *source_links(p["source_url"])],
                    className="hl-meta",
                )
            )
        return html.Div([html.Div(h.label, className="hl-label"), *body], className="hl-item")
    r = h.row
    change = h.change_pct
    meta = [f"{REPORTER_NAME[reporter]} · {QUALITY_NOTE[r['quality']]} · ", *source_links(r["source_url"])]
    blocks = [
        html.Div(h.label, className="hl-label"),
        html.Div(_fmt_bn(r["value_usd_m"]), className="hl-value", title=f"{r['source_name']} · row {r['id']}"),
    ]
    if change is not None:
        blocks.append(
            html.Div(
                f"{change:+.1f}% on {int(h.previous['year'])} (same reporter)",
                className="hl-change " + ("up" if change >= 0 else "down"),
            )
        )
    elif h.previous is not None:
        blocks.append(
            html.Div(
                f"change on {int(h.previous['year'])} not computed: a rounded figure is involved", className="hl-meta"
            )
        )
    blocks.append(html.Div(meta, className="hl-meta"))
    return html.Div(blocks, className="hl-item")


def _mirror_line(atlas: Atlas, year: int, reporter: str) -> html.Div | None:
    """Where the other side reports the same year's turnover differently, say so."""
    other = "TR" if reporter == "KZ" else "KZ"
    mine = trade_series(atlas, reporter, "total_turnover").set_index("year", drop=False)
    theirs = trade_series(atlas, other, "total_turnover").set_index("year", drop=False)
    if year not in theirs.index:
        return None
    t = theirs.loc[year]
    text = f"{REPORTER_NAME[other]}'s figure: {_fmt_bn(t['value_usd_m'])}"
    if year in mine.index:
        gap = (t["value_usd_m"] / mine.loc[year]["value_usd_m"] - 1) * 100
        text += f" ({gap:+.0f}% vs {REPORTER_NAME[reporter]}'s) — mirror statistics disagree"
    return html.Div([text, " · ", *source_links(t["source_url"])], className="hl-mirror")


def headline_panel(atlas: Atlas, year: int, reporter: str) -> html.Div:
    """Turnover, exports and imports for the year, each with reporter, quality and source."""
    main = "KZ" if reporter == "both" else reporter
    items = [_figure_block(h, main) for h in headlines(atlas, year, main)]
    mirror = _mirror_line(atlas, year, main)
    return html.Div(
        [
            html.H2(f"Trade in {year}", className="panel-title"),
            *items,
            *([mirror] if mirror is not None else []),
        ]
    )


FACT_LABELS = {
    "kind": "Kind",
    "side": "Post",
    "status": "Status",
    "opened": "Opened",
    "length_km": "Length (km)",
    "capacity": "Capacity",
    "operator": "Operator",
    "waypoints": "Waypoints (schematic line)",
    "description": "About",
    "evidence": "Verification",
    "coord_source": "Coordinates",
}


def feature_card(atlas: Atlas, feature_id: str | None) -> html.Div:
    """Every fact the data hold about a feature, with its sources and milestones."""
    rec = feature_record(atlas, feature_id) if feature_id else None
    if rec is None:
        return html.Div(
            [
                html.H2("Details", className="panel-title"),
                html.P(
                    "Click a post, port or route on the map, or a milestone on the timeline, to see what the "
                    "sources say about it.",
                    className="muted",
                ),
            ]
        )
    facts = []
    for key, label in FACT_LABELS.items():
        if key in rec:
            value = str(rec[key]).replace("_", " ") if key in ("kind", "status") else str(rec[key])
            facts += [html.Dt(label), html.Dd(value)]
    if "opened" not in rec:
        facts += [html.Dt("Opened"), html.Dd("not found in the sources", className="muted")]
    if rec.get("verified") is False:
        facts = [
            html.Div("Unverified: not on the Kazakh MFA's 2026 list of posts", className="badge-unverified"),
            *facts,
        ]
    ms = milestones_for(atlas, feature=feature_id)
    return html.Div(
        [
            html.H2(rec["name"], className="panel-title"),
            html.Div(SECTORS[rec["sector"]], className=f"sector-tag sector-{rec['sector']}"),
            html.Dl(facts, className="facts"),
            html.Div(
                [
                    "Sources: ",
                    *source_links(rec.get("source_url", "")),
                    *(
                        [" · verification: ", *source_links(rec["evidence_url"], "list")]
                        if rec.get("evidence_url")
                        else []
                    ),
                ],
                className="hl-meta",
            ),
            *(
                [
                    html.H3("Milestones", className="panel-sub"),
                    html.Ul(
                        [
                            html.Li([html.B(r["date"]), f" {r['title']} · ", *source_links(r["source_url"])])
                            for _, r in ms.iterrows()
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
    """All values of the chosen series with their period, reporter, quality and source."""
    head = html.Thead(html.Tr([html.Th(h) for h in ("Year", "Period", "Value", "By", "Quality", "Source")]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(int(r["year"])),
                    html.Td(r["period"]),
                    html.Td(f"{r['value']:,g} {r['unit']}"),
                    html.Td(r["reporter"]),
                    html.Td(QUALITY_NOTE.get(r["quality"], r["quality"])),
                    html.Td(source_links(r["source_url"], str(r["source_name"])[:40])),
                ]
            )
            for _, r in rows.iterrows()
        ]
    )
    return html.Table([head, body], className="table table-sm source-table")


def _countries(atlas: Atlas) -> dict[str, str]:
    """Country names of each feature: a post's or port's country, the countries a route crosses (west to east)."""
    names = dict(zip(atlas.countries["iso_a3"], atlas.countries["name_en"], strict=True))
    names["TUR"] = "Türkiye"  # the country's own name in English since 2022 (Natural Earth still has "Turkey")
    out = {}
    for frame in (atlas.posts, atlas.ports):
        out.update({i: names.get(c, c) for i, c in zip(frame["id"], frame["country"], strict=True)})
    crossed = atlas.routes[["id", "geometry"]].sjoin(atlas.countries, predicate="intersects")
    for rid, hit in crossed.groupby("id"):
        order = hit.geometry.iloc[0]
        west_first = sorted(hit["iso_a3"], key=lambda iso, o=order: _westmost(atlas, iso, o))
        out[rid] = ", ".join(names.get(iso, iso) for iso in dict.fromkeys(west_first))
    return out


def _westmost(atlas: Atlas, iso: str, line) -> float:
    shape = atlas.countries.loc[atlas.countries["iso_a3"] == iso].geometry.union_all()
    part = line.intersection(shape)
    return part.bounds[0] if not part.is_empty else 999.0


@per_atlas
def _feature_rows(atlas: Atlas) -> dict[str, dict]:
    f = features(atlas).set_index("id")
    countries = _countries(atlas)
    urls = {}
    for frame in (atlas.posts, atlas.ports, atlas.routes):
        urls.update(dict(zip(frame["id"], frame["source_url"], strict=True)))
    rows = {}
    for fid, r in f.iterrows():
        links = [u.strip() for u in str(urls.get(fid, "")).split(" ; ") if u.strip().startswith("http")]
        rows[fid] = {
            "id": fid,
            "name": r["name"] + ("" if r["verified"] is not False else " (unverified)"),
            "kind": str(r["kind"]).replace("_", " "),
            "country": countries.get(fid, ""),
            "status": str(r["status"]).replace("_", " "),
            "since": "" if is_blank(r["opened"]) else str(r["opened"]),
            "sector": SECTORS.get(r["sector"], r["sector"]),
            "sources": " · ".join(f"[source {n + 1}]({u})" for n, u in enumerate(links)),
        }
    return rows


def table_rows(atlas: Atlas, state: ViewState) -> list[dict]:
    """One row per feature on the map's shown layers: what the Table view lists (and the map's text alternative)."""
    rows = _feature_rows(atlas)
    return [{**rows[fid], "current": fid == state.feature} for fid in visible_feature_ids(atlas, state)]
