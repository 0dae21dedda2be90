"""Plain-text views of the chart tables: headline figures, the mirror line, screen-reader summaries.

The panels (Dash components) and the handout (HTML) render these strings, so the two say the same
thing; both read the tidy tables of :mod:`dashboard.data.tables`, as the charts do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.schema import LAYERS, SECTORS
from dashboard.data.selectors import presence
from dashboard.data.tables import (
    GAP,
    LINE,
    OTHER,
    PLOTTED,
    REPORTER_NAME,
    HeadlineItem,
    Mirror,
    reporters,
)
from dashboard.figures.trade import FIGURES_OF
from dashboard.format import attribution, money, pct_change, quality_label, quantity
from dashboard.i18n import _

QUALITY_NOUN = {
    "rounded": "a rounded statement",
    "lower_bound": "a lower bound",
    "upper_bound": "an upper bound",
    "forecast": "a forecast",
    "dubious": "a dubious claim",
}


@dataclass(frozen=True)
class HeadlineText:
    """What one headline block says, in plain text."""

    label: str
    value: str  # "US$6.3 bn" or "—"
    title: str  # tooltip: source and row
    change: str  # "-5.3% on 2022, as stated by the source" or ""
    change_title: str  # the source's words or the rows it was computed from
    meta: str  # "Kazakhstan · official statistic · Kazakh statistics, as reported by Trend (20 May 2024)"
    url: str  # the row's source URL(s)
    missing: str  # "no full-year figure" (with the partial figure, if any) or ""


def _who(r: pd.Series) -> str:
    return attribution(r.get("issuer"), r.get("channel"), r.get("source_date")) or str(r["source_name"])


def _change(h: HeadlineItem) -> tuple[str, str]:
    c = h.change
    if c is None:
        return h.no_change, ""
    who = c.quote.split(":")[0].strip() if ":" in c.quote else "the source"
    how = f"as stated by {who}" if c.stated else "computed from two official statistics"
    title = f"{c.quote} (row {c.row_id})" if c.stated else c.quote
    return f"{pct_change(c.pct, stated=c.stated)} on {c.base}, {how}", title


def headline_text(h: HeadlineItem, reporter: str) -> HeadlineText:
    """One headline block: value as stated, change (stated, or computed from unrounded statistics), source."""
    if h.row is None:
        missing, url = "no full-year figure", ""
        if h.partial is not None:
            p = h.partial
            missing += f"; {p['period']} only: {money(p['value_usd_m'], p['quality'])} ({_who(p)})"
            url = str(p["source_url"])
        change, change_title = _change(h) if h.partial is not None else ("", "")
        return HeadlineText(h.label, "—", "", change, change_title, "", url, missing)
    r = h.row
    change, change_title = _change(h)
    meta = f"{REPORTER_NAME[reporter]} · {quality_label(r['quality'])} · {_who(r)}"
    return HeadlineText(
        h.label,
        money(r["value_usd_m"], r["quality"]),
        f"{r['source_name']} · row {r['id']}",
        change,
        change_title,
        meta,
        str(r["source_url"]),
        "",
    )


def mirror_text(m: Mirror | None, year: int, reporter: str) -> str:
    """The other side's figure; 'mirror statistics disagree' only between two statistics."""
    if m is None:
        return ""
    other = REPORTER_NAME[m.reporter]
    mine = REPORTER_NAME[reporters(reporter)[0]]
    r = m.row
    value = money(r["value_usd_m"], r["quality"])
    if m.both_statistics:
        return (
            f"{other}'s statistic for {year}: {value} ({m.gap_pct:+.0f}% vs {mine}'s) — mirror statistics "
            f"disagree · {_who(r)}"
        )
    if r["quality"] == "official":
        return f"{other}'s statistic for {year}: {value} · {_who(r)}"
    what = QUALITY_NOUN.get(r["quality"], "a statement")
    return f"{other}'s side for {year}: {value}, {what}, not a statistic · {_who(r)}"


def trade_summary(points: pd.DataFrame, year: int, reporter: str) -> str:
    """What the trade chart shows, in sentences for a screen reader (from the chart's own table)."""
    line = points[points["role"] == LINE]
    parts = [f"Trade chart, {FIGURES_OF.get(reporter, '')}, in US$ bn."]
    for rep, rows in line.groupby("reporter", sort=False):
        rows = rows.sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            f"{REPORTER_NAME[rep]}'s turnover: {len(rows)} yearly figures from {int(first['year'])} "
            f"({money(first['value_usd_m'], first['quality'])}) to {int(last['year'])} "
            f"({money(last['value_usd_m'], last['quality'])})."
        )
    gaps = points[points["role"] == GAP]["year"].tolist()
    if gaps:
        parts.append(f"No full-year figure for {', '.join(map(str, gaps))}.")
    record = record_text(points, year, reporter)
    if record:
        parts.append(record)
    now = points[(points["year"] == year) & (points["role"] != GAP)]
    if len(now):
        bits = [
            f"{r['legend'].split(' (')[0]}: {money(r['value_usd_m'], r['quality'])}"
            + ("" if r["period"] == "full" else f" ({r['period']} only)")
            for _i, r in now.iterrows()
        ]
        parts.append(f"{year}: " + "; ".join(bits) + ".")
    other = points[points["role"] == OTHER]
    if len(other):
        parts.append(f"{len(other)} hollow markers: partial years, other sources or conflicting figures.")
    return " ".join(parts)


def sector_summary(option_label: str, rows: pd.DataFrame) -> str:
    """What the sector chart shows, in sentences for a screen reader."""
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    if plotted.empty:
        return f"Sector chart: {option_label}: no sourced values."
    bits = [
        f"{int(r['year'])}" + ("" if r["period"] == "full" else f" {r['period']}")
        + f": {quantity(r['y'], r['display_unit'], r['quality'])}"
        for _i, r in plotted.sort_values(["year", "period"]).iterrows()
    ]
    alt = len(rows) - len(plotted)
    more = f" {alt} other figures for the same periods are listed in the table." if alt else ""
    return f"Sector chart: {option_label}, {len(plotted)} values. " + "; ".join(bits) + "." + more


def map_summary(features: pd.DataFrame, year: int, sector: str) -> str:
    """What the map shows for the view, in sentences for a screen reader (from the visible features)."""
    if features.empty:
        return "Map: all layers are off."
    parts = [f"Map for {year}, {SECTORS.get(sector, 'all sectors').lower()}."]
    for layer, rows in features.groupby("layer", sort=False):
        states = [presence(s, y, year) for s, y in zip(rows["status"], rows["opened_year"], strict=True)]
        later = sum(s == "later" for s in states)
        planned = sum(s == "planned" for s in states)
        names = ", ".join(rows["name"].head(6)) + (" …" if len(rows) > 6 else "")
        extra = "".join([f"; {later} opened after {year} (faded)" if later else "",
                         f"; {planned} planned or proposed (dotted)" if planned else ""])
        parts.append(f"{LAYERS.get(layer, layer)}: {len(rows)} ({names}){extra}.")
    proxies = features[features.get("coord_note", pd.Series("", index=features.index)).fillna("").ne("")]
    if len(proxies):
        parts.append(f"{len(proxies)} drawn at a nearby town, not at the facility: {', '.join(proxies['name'])}.")
    return " ".join(parts)


def record_text(points: pd.DataFrame, year: int, reporter: str) -> str:
    """Where the year's turnover stands in the main reporter's own series of yearly figures ("" if it has none)."""
    main = reporters(reporter)[0]
    line = points[(points["role"] == LINE) & (points["reporter"] == main)]
    now = line[line["year"] == year]
    if now.empty or len(line) < 3:
        return ""
    value = float(now["value_usd_m"].iloc[0])
    if value >= line["value_usd_m"].max():
        return _("{year} is the highest turnover on record in {who}'s figures.").format(
            year=year, who=REPORTER_NAME[main])
    if value <= line["value_usd_m"].min():
        return _("{year} is the lowest turnover on record in {who}'s figures.").format(
            year=year, who=REPORTER_NAME[main])
    return ""


def announcement(turnover: HeadlineText, year: int, sector_label: str, record: str) -> str:
    """The one sentence a screen reader hears when the view changes: year, sector, the year's turnover."""
    if turnover.missing:
        figure = _("Turnover {year}: {value}.").format(year=year, value=turnover.missing)
    else:
        figure = _("Turnover {year}: {value}, {meta}.").format(year=year, value=turnover.value, meta=turnover.meta)
    return " ".join(filter(None, [_("Showing {year}, {sector}.").format(year=year, sector=sector_label), figure,
                                  record]))
