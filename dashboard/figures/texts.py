"""Plain-text views of the chart tables: headline figures, the mirror line, screen-reader summaries.

The panels (Dash components) and the handout (HTML) render these strings, so the two say the same
thing; both read the tidy tables of :mod:`dashboard.data.tables`, as the charts do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.data.compare import ComparedItem, years_label
from dashboard.data.labels import term
from dashboard.data.selectors import presences
from dashboard.data.tables import (
    GAP,
    LINE,
    OTHER,
    PLOTTED,
    REPORTER_NAME,
    Change,
    HeadlineItem,
    Mirror,
    reporters,
)
from dashboard.figures.trade import FIGURES_OF
from dashboard.format import attribution, money, pct_change, period_label, quality_of, quantity
from dashboard.i18n import N_, _, ngettext

QUALITY_NOUN = {
    "rounded": N_("a rounded statement"),
    "lower_bound": N_("a lower bound"),
    "upper_bound": N_("an upper bound"),
    "forecast": N_("a forecast"),
    "dubious": N_("a dubious claim"),
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
    change_shown: bool = False  # ``change`` is a change (else: why none is shown, or nothing)


def _who(r: pd.Series) -> str:
    return attribution(r.get("issuer"), r.get("channel"), r.get("source_date")) or str(r["source_name"])


def _change(h: HeadlineItem) -> tuple[str, str]:
    return _change_words(h.change, h.no_change)


def _change_words(c: Change | None, no_change: str) -> tuple[str, str]:
    """A change in words and its tooltip (the source's words or the rows), or why none is shown."""
    if c is None:
        return no_change, ""
    if c.stated:
        who = c.quote.split(":")[0].strip() if ":" in c.quote else _("the source")
        text = _("{change} on {base}, as stated by {who}").format(
            change=pct_change(c.pct, stated=True), base=c.base, who=who)
        return text, _("{quote} (row {row})").format(quote=c.quote, row=c.row_id)
    text = _("{change} on {base}, computed from two official statistics").format(
        change=pct_change(c.pct, stated=False), base=c.base)
    return text, c.quote


def headline_text(h: HeadlineItem, reporter: str) -> HeadlineText:
    """One headline block: value as stated, change (stated, or computed from unrounded statistics), source."""
    label = term("flow", h.flow, h.label)
    if h.row is None:
        missing, url = _("no full-year figure"), ""
        if h.partial is not None:
            p = h.partial
            missing = _("no full-year figure; {period} only: {value} ({who})").format(
                period=p["period"], value=money(p["value_usd_m"], p["quality"]), who=_who(p))
            url = str(p["source_url"])
        change, change_title = _change(h) if h.partial is not None else ("", "")
        return HeadlineText(label, "—", "", change, change_title, "", url, missing, h.change is not None)
    r = h.row
    change, change_title = _change(h)
    meta = f"{term('reporter', reporter, REPORTER_NAME[reporter])} · {quality_of(r)} · {_who(r)}"
    return HeadlineText(
        label,
        money(r["value_usd_m"], r["quality"]),
        _("{source} · row {row}").format(source=r["source_name"], row=r["id"]),
        change,
        change_title,
        meta,
        str(r["source_url"]),
        "",
        h.change is not None,
    )


@dataclass(frozen=True)
class ComparedText:
    """One headline figure in both compared years, in plain text: each year's block as the headline gives it
    (value, quality, source; a partial year with its months; "—" where there is none), and the change."""

    label: str
    years: tuple[int, int]
    first: HeadlineText
    second: HeadlineText
    change: str  # "+88.9% on 2010, computed from two official statistics", why none is shown, or ""
    change_title: str
    change_shown: bool


def compared_text(c: ComparedItem, years: tuple[int, int], reporter: str) -> ComparedText:
    """Both years' figures side by side; a change only between two unrounded official statistics."""
    first, second = (headline_text(replace(h, change=None, no_change=""), reporter) for h in (c.first, c.second))
    change, title = _change_words(c.change, c.no_change)
    return ComparedText(first.label, years, first, second, change, title, c.change is not None)


def mirror_text(m: Mirror | None, year: int, reporter: str) -> str:
    """The other side's figure; 'mirror statistics disagree' only between two statistics."""
    if m is None:
        return ""
    other = _reporter(m.reporter)
    mine = _reporter(reporters(reporter)[0])
    r = m.row
    value = money(r["value_usd_m"], r["quality"])
    if m.both_statistics:
        return _("{other}'s statistic for {year}: {value} ({gap} vs {mine}'s) — mirror statistics disagree · "
                 "{who}").format(other=other, year=year, value=value, gap=pct_change(round(m.gap_pct), stated=True),
                                 mine=mine, who=_who(r))
    if r["quality"] == "official":
        return _("{other}'s statistic for {year}: {value} · {who}").format(
            other=other, year=year, value=value, who=_who(r))
    what = _(QUALITY_NOUN.get(r["quality"], N_("a statement")))
    return _("{other}'s side for {year}: {value}, {what}, not a statistic · {who}").format(
        other=other, year=year, value=value, what=what, who=_who(r))


def _reporter(code: str) -> str:
    return term("reporter", code, REPORTER_NAME.get(code, code))


def trade_summary(points: pd.DataFrame, year: int, reporter: str) -> str:
    """What the trade chart shows, in sentences for a screen reader (from the chart's own table)."""
    line = points[points["role"] == LINE]
    parts = [_("Trade chart, {figures}, in US$ bn.").format(figures=figures_of(reporter))]
    for rep, rows in line.groupby("reporter", sort=False):
        rows = rows.sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(ngettext(
            "{who}'s turnover: {count} yearly figure from {first} ({first_value}) to {last} ({last_value}).",
            "{who}'s turnover: {count} yearly figures from {first} ({first_value}) to {last} ({last_value}).",
            len(rows)).format(
            who=_reporter(rep), count=len(rows), first=int(first["year"]),
            first_value=money(first["value_usd_m"], first["quality"]), last=int(last["year"]),
            last_value=money(last["value_usd_m"], last["quality"])))
    gaps = points[points["role"] == GAP]
    for rep in dict.fromkeys(line["reporter"]):
        years = gaps[gaps["reporter"].str.split(";").map(lambda codes, rep=rep: rep in codes)]["year"]
        if len(years):
            parts.append(_("No full-year figure — {who}: {years}.").format(
                who=_reporter(rep), years=", ".join(map(str, years))))
    record = record_text(points, year, reporter)
    if record:
        parts.append(record)
    now = points[(points["year"] == year) & (points["role"] != GAP)]
    if len(now):
        bits = [
            f"{series_name(r)}: {money(r['value_usd_m'], r['quality'])}"
            + ("" if r["period"] == "full" else " " + _("({period} only)").format(period=period_label(r["period"])))
            for _i, r in now.iterrows()
        ]
        parts.append(f"{year}: " + "; ".join(bits) + ".")
    other = points[points["role"] == OTHER]
    if len(other):
        parts.append(ngettext("{count} hollow marker: partial years, other sources or conflicting figures.",
                              "{count} hollow markers: partial years, other sources or conflicting figures.",
                              len(other)).format(count=len(other)))
    return " ".join(parts)


def series_name(r: pd.Series) -> str:
    """The name of a trade point's series in the active language (its flow), without the reporter."""
    return term("flow", r["flow"], str(r["legend"]).split(" (")[0])


def figures_of(reporter: str) -> str:
    """ "Kazakhstan's figures" (whose figures a trade view shows) in the active language."""
    return _(FIGURES_OF.get(reporter, FIGURES_OF["KZ"]))


def sector_summary(option_label: str, rows: pd.DataFrame) -> str:
    """What the sector chart shows, in sentences for a screen reader."""
    plotted = rows[rows["role"] == PLOTTED] if len(rows) else rows
    if plotted.empty:
        return _("Sector chart: {indicator}: no sourced values.").format(indicator=option_label)
    bits = [
        f"{int(r['year'])}" + ("" if r["period"] == "full" else f" {period_label(r['period'])}")
        + f": {quantity(r['y'], r['display_unit'], r['quality'])}"
        for _i, r in plotted.sort_values(["year", "period"]).iterrows()
    ]
    alt = len(rows) - len(plotted)
    text = ngettext("Sector chart: {indicator}, {count} value.", "Sector chart: {indicator}, {count} values.",
                    len(plotted)).format(indicator=option_label, count=len(plotted))
    text += " " + "; ".join(bits) + "."
    if alt:
        text += " " + ngettext("{count} other figure for the same periods is listed in the table.",
                               "{count} other figures for the same periods are listed in the table.",
                               alt).format(count=alt)
    return text


def map_summary(features: pd.DataFrame, year: int, sector: str) -> str:
    """What the map shows for the view, in sentences for a screen reader (from the visible features)."""
    if features.empty:
        return _("Map: all layers are off.")
    sector_name = term("sector", sector) if sector != "all" else _("all sectors")
    parts = [_("Map for {year}, {sector}.").format(year=year, sector=sector_name.lower())]
    for layer, rows in features.groupby("layer", sort=False):
        states = presences(rows, year)
        later = sum(s == "later" for s in states)
        planned = sum(s == "planned" for s in states)
        unknown = sum(s == "unknown" for s in states)
        names = ", ".join(rows["name"].head(6)) + (" …" if len(rows) > 6 else "")
        extra = "".join([("; " + _("{count} opened after {year} (faded)").format(count=later, year=year))
                         if later else "",
                         ("; " + _("{count} planned or proposed (dotted)").format(count=planned)) if planned else "",
                         ("; " + _("{count} with no known opening date in {year} (pale)").format(
                             count=unknown, year=year)) if unknown else ""])
        parts.append(f"{term('layer', layer)}: {len(rows)} ({names}){extra}.")
    proxies = features[features.get("coord_note", pd.Series("", index=features.index)).fillna("").ne("")]
    if len(proxies):
        parts.append(_("{count} drawn at a nearby town, not at the facility: {names}.").format(
            count=len(proxies), names=", ".join(proxies["name"])))
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
            year=year, who=_reporter(main))
    if value <= line["value_usd_m"].min():
        return _("{year} is the lowest turnover on record in {who}'s figures.").format(
            year=year, who=_reporter(main))
    return ""


def compared_announcement(turnover: ComparedText, sector_label: str) -> str:
    """The live region's sentence while two years are compared: both years' turnover and the change (or why none)."""
    parts = [_("Comparing: {years}; {sector}.").format(years=years_label(turnover.years), sector=sector_label)]
    for year, t in zip(turnover.years, (turnover.first, turnover.second), strict=True):
        parts.append(_("Turnover {year}: {value}.").format(year=year, value=t.missing or t.value))
    if turnover.change:
        parts.append(f"{turnover.change}.")
    return " ".join(parts)


def ringed_summary(names: list[str], first: int) -> str:
    """What the map's rings mark, for a screen reader ("" when nothing shown opened in between)."""
    if not names:
        return ""
    shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
    # TRANSLATORS: the map's rings while two years are compared; {year} is the first year, {names} the features.
    return ngettext("Ringed as new since {year}: {count} feature ({names}).",
                    "Ringed as new since {year}: {count} features ({names}).", len(names)).format(
        year=first, count=len(names), names=shown)


def announcement(turnover: HeadlineText, year: int, sector_label: str, record: str) -> str:
    """The one sentence a screen reader hears when the view changes: year, sector, the year's turnover."""
    if turnover.missing:
        figure = _("Turnover {year}: {value}.").format(year=year, value=turnover.missing)
    else:
        figure = _("Turnover {year}: {value}, {meta}.").format(year=year, value=turnover.value, meta=turnover.meta)
    return " ".join(filter(None, [_("Showing {year}, {sector}.").format(year=year, sector=sector_label), figure,
                                  record]))
