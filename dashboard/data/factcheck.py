"""Fact-check of the source article: every verdict is recomputed from rows of the product's tables.

``geodata/factcheck.csv`` holds one row per checkable claim: the claim as written, the kind of
machine ``check`` with its parameters, the ``evidence`` (ids of rows in the product's tables),
the stored ``verdict`` and the corrected statement. :func:`evaluate` recomputes the verdict from
the data; :func:`check_all` reports every evidence id that does not exist, every stored verdict that
differs from the recomputed one, and every row a verdict relies on that the claim does not cite.

Check kinds (parameters in brackets):

``trade_value`` [year, reporter, flow, claimed_value_usd_m, tolerance_pct]
    The claimed value against the primary (plotted, full-year) trade row of that year, reporter and
    flow. A lower-bound row (">X") only contradicts a claim below it. With no row for the year, a
    flow larger than the same year's turnover is contradicted; otherwise the claim is unverified.
``growth`` [year_from, year_to, reporter, flow, claimed_pct, tolerance_pct (percentage points)]
    The claimed change against the change between the two primary rows.
``consistent_increase`` [year_from, year_to, reporter, flow]
    Every year-on-year step of the primary rows in the window; a missing year makes its steps
    unknown (never an increase). Any known fall contradicts the claim.
``date`` [claimed_date]
    The claimed date against the date of each evidence milestone / fact, compared at the precision
    both share (a year-only source cannot confirm a month).
``first_recognition`` [claimed_items = country, claimed_date]
    The claimed country against the earliest recognition date among the evidence rows.
``post_list`` [claimed_items = cities separated by ';']
    Each city against Kazakhstan's consular posts in Türkiye in the posts layer (verified or not),
    and the verified posts the list leaves out.
``count`` [claimed_count, count_of = words that follow the number, e.g. "meetings|times"]
    The claimed count against the counts the evidence rows' text states.
``target`` [claimed_value_usd_m, year, tolerance_pct]
    The claimed objective against the trade targets stated in or after ``year``.
``target_deadline`` [claimed_value_usd_m]
    Whether the first dated deadline for that target passed with trade below it.
``items`` [claimed_items = 'name=word|word;…']
    Each named item against the text of the evidence rows (any of its words counts): all named →
    supported, some → partly supported, none → unverified.
``route_chain`` [claimed_items = regions in order; '!Region' = a region the routes must not cross]
    The regions the cited routes cross, read from the base map along each line, in citation order.
``manual``
    Not machine-checkable; the stored verdict stands and the explanation must justify it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.data.labels import term
from dashboard.data.load import Atlas, Problem
from dashboard.data.selectors import is_blank
from dashboard.format import money, number, pct_change, percent, quality_of
from dashboard.i18n import N_, _, ngettext

FILE = "factcheck.csv"
EVIDENCE_TABLES = ("trade", "indicators", "targets", "milestones", "posts", "ports", "routes", "facts")
TABLE_FILES = {
    "trade": "trade_annual.csv", "indicators": "indicators.csv", "targets": "targets.csv",
    "milestones": "milestones.csv", "posts": "posts.geojson", "ports": "ports.geojson",
    "routes": "routes.geojson", "facts": "facts.csv",
}
DEFAULT_TOLERANCE_PCT = 2.0  # relative % for values; percentage points for growth
COMPONENT_FLOWS = ("kz_exports_to_tr", "tr_exports_to_kz")
# Names under which a country appears in the text of a milestone title or a fact.
COUNTRY_ALIASES = {
    "Türkiye": ("Türkiye", "Turkey"),
    "United States": ("United States", "U.S.", "USA"),
}
CONSULAR_KINDS = frozenset({"consulate_general", "honorary_consulate"})

SUPPORTED, CONTRADICTED, UNVERIFIED, PARTLY = "supported", "contradicted", "unverified", "partly supported"
# Reasons and details are written in the active language (dashboard.i18n); row ids, ISO dates and the claim's own
# words (cities, items, counted words) stay as they are. Country names the checks read out of English rows:
COUNTRY_NAMES = {"Türkiye": N_("Türkiye"), "United States": N_("United States")}


@dataclass(frozen=True)
class Verdict:
    """A recomputed verdict: what the data say, which rows said it, and in plain words how."""

    verdict: str
    reason: str
    used: tuple[str, ...] = ()  # row ids the verdict rests on (each must be cited as evidence)
    found: str | None = None  # the figure / date found in the data, formatted for display
    details: tuple[str, ...] = field(default_factory=tuple)
    manual: bool = False


# --------------------------------------------------------------------------- small helpers


def _num(v: object) -> float | None:
    return None if is_blank(v) else float(v)


def _int(v: object) -> int | None:
    return None if is_blank(v) else int(v)


def _text(v: object) -> str:
    return "" if is_blank(v) else str(v).strip()


def evidence_ids(claim: pd.Series | dict) -> list[str]:
    """The ids in a claim's ``evidence`` cell, in order."""
    return [e.strip() for e in _text(claim["evidence"]).split(";") if e.strip()]


def _tables(atlas: Atlas) -> dict[str, pd.DataFrame]:
    return {name: getattr(atlas, name) for name in EVIDENCE_TABLES if getattr(atlas, name, None) is not None}


def locate(atlas: Atlas, row_id: str) -> list[tuple[str, pd.Series]]:
    """Every (table, row) whose id is ``row_id`` (more than one means the id is ambiguous)."""
    out = []
    for name, df in _tables(atlas).items():
        if "id" in df.columns:
            hit = df[df["id"] == row_id]
            out += [(name, r) for _x, r in hit.iterrows()]
    return out


def evidence_rows(atlas: Atlas, claim: pd.Series | dict) -> list[tuple[str, str, pd.Series | None]]:
    """(id, table, row) for each evidence id; table '' and row None where the id is not found."""
    out = []
    for eid in evidence_ids(claim):
        hits = locate(atlas, eid)
        out.append((eid, hits[0][0], hits[0][1]) if hits else (eid, "", None))
    return out


def _fmt_pct(v: float, *, stated: bool = False) -> str:
    """A change in percent in the active language: computed to 0.1 point, a claimed one with its own digits."""
    return pct_change(v, stated=stated)


def _country(name: str) -> str:
    return _(COUNTRY_NAMES[name]) if name in COUNTRY_NAMES else name


def _join(names) -> str:
    return ", ".join(_country(n) for n in names)


def parse_date(text: str) -> tuple[tuple[int, ...], str] | None:
    """'1991-12-16' → ((1991, 12, 16), 'day'); '2009-10' → month; '2012' → year; None if unreadable."""
    m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(text))
    if not m:
        return None
    parts = tuple(int(p) for p in m.groups() if p)
    return parts, ("year", "month", "day")[len(parts) - 1]


def _fmt_date(parts: tuple[int, ...]) -> str:
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))


def _row_date(table: str, row: pd.Series) -> tuple[tuple[int, ...], str] | None:
    if table in ("milestones", "facts", "targets"):
        return parse_date(_text(row.get("date")))
    if table in ("trade", "indicators"):
        return ((int(row["year"]),), "year")
    if table == "posts":  # a post's sourced opening date ("1992-10"); none for a bound or an unknown date
        return parse_date(_text(row.get("opened")))
    return None


def _row_text(table: str, row: pd.Series) -> str:
    """The statement a row makes, for reading names and counts out of it."""
    if table == "milestones":
        return f"{_text(row.get('title'))}. {_text(row.get('description'))}"
    if table == "facts":
        return f"{_text(row.get('fact'))}. {_text(row.get('value'))}"
    return " ".join(_text(row.get(c)) for c in ("name", "indicator", "statement", "description") if c in row)


def _fold(text: str) -> str:
    """Lower case without accents or dots, so 'İzmir' matches 'Izmir' and 'Eskişehir' 'Eskisehir'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _primary(atlas: Atlas, year: int, reporter: str, flow: str) -> pd.Series | None:
    t = atlas.trade
    hit = t[(t["year"] == year) & (t["reporter"] == reporter) & (t["flow"] == flow) & (t["primary"] == True)]  # noqa: E712
    return hit.iloc[0] if len(hit) else None


def _describe(r: pd.Series) -> str:
    values = {"year": int(r["year"]), "value": money(float(r["value_usd_m"])), "id": r["id"],
              "quality": quality_of(r)}
    if r["quality"] == "official":
        return _("{year}: {value} [{id}]").format(**values)
    return _("{year}: {value} ({quality}) [{id}]").format(**values)


def _cited_trade(atlas: Atlas, claim, reporter: str, flow: str) -> pd.DataFrame:
    """Primary trade rows of this reporter and flow that the claim cites (for 'matches another year')."""
    ids = set(evidence_ids(claim))
    t = atlas.trade
    return t[t["id"].isin(ids) & (t["reporter"] == reporter) & (t["flow"] == flow)
             & (t["primary"] == True)].sort_values("year")  # noqa: E712


def _tolerance(claim) -> float:
    tol = _num(claim.get("tolerance_pct"))
    return DEFAULT_TOLERANCE_PCT if tol is None else tol


def _within(a: float, b: float, tol_pct: float) -> bool:
    return abs(a - b) <= abs(b) * tol_pct / 100


# --------------------------------------------------------------------------- checks
def _check_trade_value(claim, atlas: Atlas) -> Verdict:
    year, reporter, flow = _int(claim["year"]), _text(claim["reporter"]), _text(claim["flow"])
    claimed = _num(claim["claimed_value_usd_m"])
    tol = _tolerance(claim)
    if year is None or not reporter or not flow or claimed is None:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(
            check="trade_value", fields="year, reporter, flow, claimed_value_usd_m"))
    label = _("{flow} in {year} ({reporter}'s figure)").format(flow=term("flow", flow), year=year,
                                                                 reporter=term("reporter", reporter))
    others = [r for _x, r in _cited_trade(atlas, claim, reporter, flow).iterrows()
              if int(r["year"]) != year and _within(claimed, float(r["value_usd_m"]), tol)]
    details = tuple(_("The claimed {claimed} matches the {year} value ({value}, {id}).").format(
        claimed=money(claimed), year=int(r["year"]), value=money(float(r["value_usd_m"])), id=r["id"]) for r in others)
    row = _primary(atlas, year, reporter, flow)
    if row is not None:
        value = float(row["value_usd_m"])
        off = (claimed / value - 1) * 100
        values = {"label": label, "value": money(value), "quality": quality_of(row), "id": row["id"],
                  "claimed": money(claimed), "off": ("-" if off < 0 else "+") + percent(abs(off), places=0),
                  "tolerance": number(tol)}
        if _within(claimed, value, tol):
            verdict = SUPPORTED
        elif row["quality"] == "lower_bound" and claimed > value:
            verdict = UNVERIFIED
        else:
            verdict = CONTRADICTED
        if verdict == UNVERIFIED:
            reason = _("{label}: {value} ({quality}, {id}); claimed {claimed}, {off}; the row is only a lower bound, "
                       "so a higher figure is possible but not confirmed (tolerance ±{tolerance}%).").format(**values)
        else:
            reason = _("{label}: {value} ({quality}, {id}); claimed {claimed}, {off} (tolerance ±{tolerance}%)."
                       ).format(**values)
        return Verdict(verdict, reason, (str(row["id"]),), money(value), details)
    series = _cited_trade(atlas, claim, reporter, flow)
    if len(series):
        top = series.loc[series["value_usd_m"].idxmax()]
        details += (_("Highest cited figure for {flow}: {row}.").format(flow=term("flow", flow), row=_describe(top)),)
    if flow in COMPONENT_FLOWS:
        t = atlas.trade
        totals = t[(t["year"] == year) & (t["flow"] == "total_turnover") & (t["primary"] == True)]  # noqa: E712
        if len(totals):
            total = totals.loc[totals["value_usd_m"].idxmax()]
            tv = float(total["value_usd_m"])
            if claimed > tv:
                return Verdict(CONTRADICTED,
                               _("No row for {label}; the claimed {claimed} is larger than the whole {year} turnover "
                                 "({value}, {quality}, {id}), and one direction of trade cannot exceed the total."
                                 ).format(label=label, claimed=money(claimed), year=year, value=money(tv),
                                          quality=quality_of(total), id=total["id"]),
                               (str(total["id"]),), None, details)
            details += (_("The {year} turnover was {value} ({id}), so the claim is not ruled out.").format(
                year=year, value=money(tv), id=total["id"]),)
    return Verdict(UNVERIFIED, _("No row for {label}: the figure cannot be checked.").format(label=label), (), None,
                   details)


def _check_growth(claim, atlas: Atlas) -> Verdict:
    y0, y1 = _int(claim["year_from"]), _int(claim["year_to"])
    reporter, flow, claimed = _text(claim["reporter"]), _text(claim["flow"]), _num(claim["claimed_pct"])
    tol = _tolerance(claim)
    if y0 is None or y1 is None or not reporter or not flow or claimed is None:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(
            check="growth", fields="year_from, year_to, reporter, flow, claimed_pct"))
    a, b = _primary(atlas, y0, reporter, flow), _primary(atlas, y1, reporter, flow)
    # Where else does the claimed growth occur between consecutive cited years? (reported, not judged)
    series = _cited_trade(atlas, claim, reporter, flow).set_index("year", drop=False)
    details = []
    for y in series.index:
        if y + 1 in series.index and (y, y + 1) != (y0, y1):
            g = (float(series.loc[y + 1, "value_usd_m"]) / float(series.loc[y, "value_usd_m"]) - 1) * 100
            if abs(g - claimed) <= tol:
                details.append(_("The claimed {claimed} matches the change {first}→{last} ({change}: {ids}).").format(
                    claimed=_fmt_pct(claimed, stated=True), first=y, last=y + 1, change=_fmt_pct(g),
                    ids=f"{series.loc[y, 'id']}, {series.loc[y + 1, 'id']}"))
    if a is None or b is None:
        missing = [str(y) for y, r in ((y0, a), (y1, b)) if r is None]
        return Verdict(UNVERIFIED, _("No primary row ({flow}) for {years}: the change cannot be computed.").format(
                       flow=term("flow", flow), years=", ".join(missing)),
                       tuple(str(r["id"]) for r in (a, b) if r is not None), None, tuple(details))
    g = (float(b["value_usd_m"]) / float(a["value_usd_m"]) - 1) * 100
    rounded = [r["id"] for r in (a, b) if r["quality"] != "official"]
    verdict = SUPPORTED if abs(g - claimed) <= tol else CONTRADICTED
    values = {"flow": term("flow", flow), "first": y0, "last": y1, "before": money(float(a["value_usd_m"])),
              "after": money(float(b["value_usd_m"])), "change": _fmt_pct(g), "claimed": _fmt_pct(claimed, stated=True),
              "tolerance": number(tol), "ids": ", ".join(rounded)}
    if rounded:
        reason = _("{flow} {first} → {last}: {before} → {after} = {change} ({ids}: not an official statistic); claimed "
                   "{claimed} (tolerance ±{tolerance} points).").format(**values)
    else:
        reason = _("{flow} {first} → {last}: {before} → {after} = {change}; claimed {claimed} (tolerance ±{tolerance} "
                   "points).").format(**values)
    return Verdict(verdict, reason, (str(a["id"]), str(b["id"])), _fmt_pct(g), tuple(details))


def _check_consistent_increase(claim, atlas: Atlas) -> Verdict:
    y0, y1 = _int(claim["year_from"]), _int(claim["year_to"])
    reporter, flow = _text(claim["reporter"]) or "KZ", _text(claim["flow"]) or "total_turnover"
    if y0 is None or y1 is None or y1 <= y0:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="consistent_increase",
                                                                      fields="year_from < year_to"))
    rows = {y: _primary(atlas, y, reporter, flow) for y in range(y0, y1 + 1)}
    steps, falls, unknown = [], [], []
    for y in range(y0, y1):
        a, b = rows[y], rows[y + 1]
        if a is None or b is None:
            unknown.append(f"{y}→{y + 1}")
            steps.append(_("{step}: unknown (no figure for {year})").format(step=f"{y}→{y + 1}",
                                                                            year=y if a is None else y + 1))
            continue
        va, vb = float(a["value_usd_m"]), float(b["value_usd_m"])
        if vb > va and a["quality"] != "lower_bound":
            steps.append(_("{step}: up ({before} → {after})").format(
                step=f"{y}→{y + 1}", before=money(va), after=money(vb)))
        elif vb < va and b["quality"] != "lower_bound":
            falls.append(f"{y}→{y + 1}")
            steps.append(_("{step}: down ({before} → {after})").format(
                step=f"{y}→{y + 1}", before=money(va), after=money(vb)))
        else:
            unknown.append(f"{y}→{y + 1}")
            steps.append(_("{step}: not decidable ({before} → {after}, a bound is involved)").format(
                step=f"{y}→{y + 1}", before=money(va), after=money(vb)))
    used = tuple(str(r["id"]) for r in rows.values() if r is not None)
    rows_of = {"reporter": term("reporter", reporter), "flow": term("flow", flow), "first": y0, "last": y1}
    if falls:
        verdict = CONTRADICTED
        reason = _("Trade fell in {steps} ({reporter}'s primary rows, {flow}, {first}–{last}).").format(
            steps=", ".join(falls), **rows_of)
    elif unknown:
        verdict = UNVERIFIED
        reason = _("No fall among the known steps, but {steps} cannot be compared ({reporter}'s primary rows, "
                   "{flow}, {first}–{last}).").format(steps=", ".join(unknown), **rows_of)
    else:
        verdict = SUPPORTED
        reason = _("Every year-on-year step is an increase ({reporter}'s primary rows, {flow}, {first}–{last})."
                   ).format(**rows_of)
    return Verdict(verdict, reason, used, None, tuple(steps))


def _check_date(claim, atlas: Atlas) -> Verdict:
    parsed = parse_date(_text(claim["claimed_date"]))
    if parsed is None:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(
            check="date", fields="claimed_date (YYYY, YYYY-MM, YYYY-MM-DD)"))
    claimed, _x = parsed
    matches, clashes, coarse, details, used = [], [], [], [], []
    for eid, table, row in evidence_rows(atlas, claim):
        got = _row_date(table, row) if row is not None else None
        if got is None:
            continue
        parts, _x = got
        n = min(len(parts), len(claimed))
        used.append(eid)
        if parts[:n] != claimed[:n]:
            clashes.append(eid)
            details.append(_("{id}: {date} differs from the claimed {claimed}.").format(
                id=eid, date=_fmt_date(parts), claimed=_fmt_date(claimed)))
        elif len(parts) < len(claimed):
            coarse.append(eid)
            details.append(_("{id}: {date} agrees but cannot confirm the claimed {claimed}.").format(
                id=eid, date=_fmt_date(parts), claimed=_fmt_date(claimed)))
        else:
            matches.append(eid)
            details.append(_("{id}: {date} agrees with the claimed {claimed}.").format(
                id=eid, date=_fmt_date(parts), claimed=_fmt_date(claimed)))
    if not used:
        return Verdict(UNVERIFIED, _("No dated evidence row."))
    found = ", ".join(_fmt_date(_row_date(t, r)[0]) for _x, t, r in evidence_rows(atlas, claim)
                      if r is not None and _row_date(t, r) is not None)
    if matches and not clashes:
        return Verdict(SUPPORTED, _("The date {claimed} agrees with {ids}.").format(
                       claimed=_fmt_date(claimed), ids=", ".join(matches)),
                       tuple(used), found, tuple(details))
    if clashes and not matches:
        return Verdict(CONTRADICTED, _("The date {claimed} disagrees with {ids}.").format(
                       claimed=_fmt_date(claimed), ids=", ".join(clashes)),
                       tuple(used), found, tuple(details))
    if clashes:
        return Verdict(UNVERIFIED, _("The evidence rows disagree on the date."), tuple(used), found, tuple(details))
    return Verdict(UNVERIFIED, _("The sources give only {found}: the claimed {claimed} is more precise than any "
                                 "source.").format(found=found, claimed=_fmt_date(claimed)),
                   tuple(used), found, tuple(details))


def _country_of(text: str) -> str | None:
    """The first country named in a statement (by position), or None."""
    best: tuple[int, str] | None = None
    for country, aliases in COUNTRY_ALIASES.items():
        for alias in aliases:
            i = text.find(alias)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, country)
    return best[1] if best else None


def _check_first_recognition(claim, atlas: Atlas) -> Verdict:
    country = _text(claim["claimed_items"])
    if country not in COUNTRY_ALIASES:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(
            check="first_recognition", fields=f"claimed_items = {' | '.join(COUNTRY_ALIASES)}"))
    dated = []  # (date parts, country, id)
    for eid, table, row in evidence_rows(atlas, claim):
        if row is None or table not in ("milestones", "facts"):
            continue
        got = _row_date(table, row)
        who = _country_of(_text(row.get("title") if table == "milestones" else row.get("fact")))
        if got is not None and who is not None and got[1] == "day":
            dated.append((got[0], who, eid))
    if not dated:
        return Verdict(UNVERIFIED, _("No dated recognition row in the evidence."))
    dated.sort()
    first_date = dated[0][0]
    firsts = sorted({who for d, who, _x in dated if d == first_date})
    mine = [(d, eid) for d, who, eid in dated if who == country]
    used = tuple(eid for _x, _x, eid in dated)
    details = [_("{country} recognised Kazakhstan on {date} ({id}).").format(country=_country(who), date=_fmt_date(d),
                                                                            id=eid) for d, who, eid in dated]
    claimed = parse_date(_text(claim.get("claimed_date")))
    if claimed is not None:
        same = sorted({who for d, who, _x in dated if d == claimed[0]})
        if same and country not in same:
            details.append(_("The claimed date {date} is the recognition date of {countries}.").format(
                date=_fmt_date(claimed[0]), countries=_join(same)))
    found = _("{countries} on {date}").format(countries=_join(firsts), date=_fmt_date(first_date))
    if country in firsts:
        return Verdict(SUPPORTED, _("{country} recognised Kazakhstan on {date}, the earliest date in the evidence."
                                    ).format(country=_country(country), date=_fmt_date(first_date)),
                       used, found, tuple(details))
    if mine:
        d, eid = mine[0]
        gap = (date(*d) - date(*first_date)).days
        return Verdict(CONTRADICTED, ngettext(
            "{country} recognised Kazakhstan on {date} ({id}), {days} day after {first} ({first_date}).",
            "{country} recognised Kazakhstan on {date} ({id}), {days} days after {first} ({first_date}).", gap,
        ).format(country=_country(country), date=_fmt_date(d), id=eid, days=number(gap), first=_join(firsts),
                 first_date=_fmt_date(first_date)), used, found, tuple(details))
    return Verdict(UNVERIFIED, _("No dated recognition by {country} in the evidence; the earliest is {found}.").format(
                   country=_country(country), found=found), used, found, tuple(details))


def _consular_posts(atlas: Atlas) -> pd.DataFrame:
    """Kazakhstan's consulates and honorary consulates in Türkiye (the posts layer, verified or not)."""
    p = atlas.posts
    return p[(p["country"] == "TUR") & p["kind"].isin(CONSULAR_KINDS)]


def _city_post(posts: pd.DataFrame, city: str) -> pd.Series | None:
    key = _fold(city)
    for _x, r in posts.iterrows():
        if re.search(rf"\b{re.escape(key)}\b", _fold(str(r["name"]))):
            return r
    return None


def _check_post_list(claim, atlas: Atlas) -> Verdict:
    cities = [c.strip() for c in _text(claim["claimed_items"]).split(";") if c.strip()]
    if not cities:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="post_list",
                                                                      fields="claimed_items (city; city; …)"))
    posts = _consular_posts(atlas)
    confirmed, unverified, absent, used, details = [], [], [], [], []
    matched_ids = set()
    for city in cities:
        r = _city_post(posts, city)
        if r is None:
            absent.append(city)
            details.append(_("{city}: no Kazakh consular post in the posts layer.").format(city=city))
            continue
        used.append(str(r["id"]))
        matched_ids.add(r["id"])
        if bool(r["verified"]):
            confirmed.append(city)
            details.append(_("{city}: verified ({id}, {kind}).").format(city=city, id=r["id"],
                                                                         kind=term("feature_kind", r["kind"])))
        else:
            unverified.append(city)
            details.append(_("{city}: unverified ({id}, status: {status}).").format(
                city=city, id=r["id"], status=term("status", r["status"])))
    missing = posts[~posts["id"].isin(matched_ids) & (posts["verified"] == True)]  # noqa: E712
    used += [str(i) for i in missing["id"]]
    omitted = [str(n).split(" in ", 1)[-1].split(" (")[0] for n in missing["name"]]
    if omitted:
        details.append(_("Verified posts the list leaves out: {cities}.").format(cities=", ".join(omitted)))
    parts = [_("{count} of {total} cities verified").format(count=number(len(confirmed)), total=number(len(cities)))]
    parts += [_("unverified: {cities}").format(cities=", ".join(unverified))] if unverified else []
    parts += [_("not in the posts layer: {cities}").format(cities=", ".join(absent))] if absent else []
    parts += [_("not named by the claim: {cities}").format(cities=", ".join(omitted))] if omitted else []
    summary = "; ".join(parts) + "."
    if len(confirmed) == len(cities):
        verdict = SUPPORTED
    elif confirmed:
        verdict = PARTLY
    else:
        verdict = UNVERIFIED
    return Verdict(verdict, summary, tuple(used), _("{count}/{total} verified").format(
        count=len(confirmed), total=len(cities)), tuple(details))


def _stated_counts(text: str, count_of: str) -> list[int]:
    pattern = rf"\b(\d[\d,]*)\s+(?:[\w'-]+\s+){{0,2}}?(?:{count_of})\b"
    return [int(m.group(1).replace(",", "")) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def _check_count(claim, atlas: Atlas) -> Verdict:
    claimed, count_of = _int(claim["claimed_count"]), _text(claim["count_of"])
    if claimed is None or not count_of:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="count",
                                                                      fields="claimed_count, count_of"))
    found: dict[int, list[str]] = {}
    for eid, table, row in evidence_rows(atlas, claim):
        if row is None:
            continue
        for n in _stated_counts(_row_text(table, row), count_of):
            found.setdefault(n, [])
            if eid not in found[n]:
                found[n].append(eid)
    used = tuple(sorted({e for ids in found.values() for e in ids}))
    words = count_of.replace("|", " / ")
    details = tuple(_("{ids} states {count} ({words}).").format(ids=", ".join(ids), count=n, words=words)
                    for n, ids in sorted(found.items()))
    if not found:
        return Verdict(UNVERIFIED, _("No evidence row states a count of {words}.").format(words=words))
    shown = ", ".join(str(n) for n in sorted(found))
    if set(found) == {claimed}:
        return Verdict(SUPPORTED, _("The evidence states {count}, as claimed.").format(count=claimed), used, shown,
                       details)
    if claimed in found:
        return Verdict(UNVERIFIED, _("The evidence states different counts ({counts}).").format(counts=shown), used,
                       shown, details)
    return Verdict(CONTRADICTED, _("The evidence states {counts}, not {count}.").format(counts=shown, count=claimed),
                   used, shown, details)


def _check_target(claim, atlas: Atlas) -> Verdict:
    claimed, since = _num(claim["claimed_value_usd_m"]), _int(claim["year"])
    tol = _tolerance(claim)
    if claimed is None or since is None:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="target",
                                                                      fields="claimed_value_usd_m, year"))
    t = atlas.targets
    recent = t[(t["kind"] == "target") & (t["year"] >= since)].sort_values(["date", "id"])
    if recent.empty:
        return Verdict(UNVERIFIED, _("No trade target stated in or after {year}.").format(year=since))
    hits = recent[[_within(claimed, float(v) * 1000, tol) for v in recent["target_usd_bn"]]]
    details = tuple(_("{date}: {set_by} – {value} [{id}]").format(
        date=r["date"], set_by=r["set_by"], value=money(float(r["target_usd_bn"]) * 1000), id=r["id"])
        for _x, r in recent.iterrows())
    used = tuple(str(i) for i in recent["id"])
    if len(hits):
        higher = recent[recent["target_usd_bn"] * 1000 > claimed * (1 + tol / 100)]
        values = ", ".join(money(float(v) * 1000) for v in higher["target_usd_bn"].unique())
        hit_values = {"count": number(len(hits)), "total": number(len(recent)), "year": since,
                      "claimed": money(claimed), "ids": ", ".join(hits["id"]), "higher": values,
                      "higher_ids": ", ".join(higher["id"])}
        # "At present": the claim holds only if the most recently stated target is the one claimed.
        latest = recent[recent["date"] == recent["date"].max()]
        stale = [r for _x, r in latest.iterrows() if not _within(claimed, float(r["target_usd_bn"]) * 1000, tol)]
        if stale:
            since_first = recent[recent["id"].isin(higher["id"])].iloc[0]
            return Verdict(PARTLY, _("{count} of {total} targets stated since {year} are {claimed} ({ids}), but every "
                                     "target stated since {since} is {higher} ({higher_ids}), the latest on {latest}."
                                     ).format(**hit_values, since=since_first["date"], latest=stale[0]["date"]),
                           used, money(claimed), details)
        if len(higher):
            reason = _("{count} of {total} targets stated since {year} are {claimed} ({ids}); a higher target was "
                       "also stated: {higher} ({higher_ids}).").format(**hit_values)
        else:
            reason = _("{count} of {total} targets stated since {year} are {claimed} ({ids}).").format(**hit_values)
        return Verdict(SUPPORTED, reason, used, money(claimed), details)
    return Verdict(CONTRADICTED, _("None of the {total} targets stated since {year} is {claimed}.").format(
                   total=number(len(recent)), year=since, claimed=money(claimed)), used, None, details)


def _check_target_deadline(claim, atlas: Atlas) -> Verdict:
    claimed = _num(claim["claimed_value_usd_m"])
    if claimed is None:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="target_deadline",
                                                                      fields="claimed_value_usd_m"))
    t = atlas.targets
    dated = t[(t["kind"] == "target") & t["deadline_year"].notna()]
    dated = dated[[_within(claimed, float(v) * 1000, 1) for v in dated["target_usd_bn"]]].sort_values(["date", "id"])
    if dated.empty:
        return Verdict(UNVERIFIED, _("No {claimed} target with a deadline in the targets table.").format(
            claimed=money(claimed)))
    first = dated.iloc[0]
    year = int(first["deadline_year"])
    tr = atlas.trade
    rows = tr[(tr["year"] == year) & (tr["flow"] == "total_turnover") & (tr["primary"] == True)]  # noqa: E712
    if rows.empty:
        return Verdict(UNVERIFIED, _("The first deadline ({year}, {id}) has no turnover figure to compare.").format(
                       year=year, id=first["id"]),
                       (str(first["id"]),))
    top = rows.loc[rows["value_usd_m"].idxmax()]
    value = float(top["value_usd_m"])
    used = (str(first["id"]), str(top["id"]))
    if value < claimed:
        return Verdict(SUPPORTED, _("The first deadline for {claimed} was {year} ({id}); {year} turnover was {value} "
                                    "({row}), so the deadline passed unmet.").format(
                       claimed=money(claimed), year=year, id=first["id"], value=money(value), row=top["id"]),
                       used, money(value))
    return Verdict(CONTRADICTED, _("{year} turnover reached {value} ({row}): the first deadline ({id}) was met."
                                   ).format(year=year, value=money(value), row=top["id"], id=first["id"]),
                   used, money(value))


def _items(cell: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """'crude oil=oil|petroleum;!Russia' → [('crude oil', ('oil', 'petroleum'), True),
    ('Russia', ('Russia',), False)]: a name, the words that count as naming it, and whether it is wanted."""
    out = []
    for part in (p.strip() for p in cell.split(";") if p.strip()):
        wanted = not part.startswith("!")
        part = part.lstrip("!")
        name, _x, words = part.partition("=")
        out.append((name.strip(), tuple(w.strip() for w in (words or name).split("|") if w.strip()), wanted))
    return out


def _check_items(claim, atlas: Atlas) -> Verdict:
    items = _items(_text(claim["claimed_items"]))
    if not items:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(check="items",
                                                                      fields="claimed_items (name=word|word;…)"))
    rows = [(eid, _fold(_row_text(t, r))) for eid, t, r in evidence_rows(atlas, claim) if r is not None]
    found, missing, used, details = [], [], [], []
    for name, words, _x in items:
        hits = [eid for eid, text in rows if any(re.search(rf"\b{re.escape(_fold(w))}", text) for w in words)]
        if hits:
            found.append(name)
            used += [h for h in hits if h not in used]
            details.append(_("{item}: named by {ids}.").format(item=name, ids=", ".join(hits)))
        else:
            missing.append(name)
            details.append(_("{item}: no evidence row names it.").format(item=name))
    verdict = SUPPORTED if not missing else (PARTLY if found else UNVERIFIED)
    counts = {"count": number(len(found)), "total": number(len(items)), "items": ", ".join(missing)}
    reason = (_("{count} of {total} items are named by the evidence; not found: {items}.") if missing
              else _("{count} of {total} items are named by the evidence.")).format(**counts)
    return Verdict(verdict, reason, tuple(used), f"{len(found)}/{len(items)}", tuple(details))


# Region names a claim may use, and how the map's layers name them.
REGIONS = {"Kazakhstan": "KAZ", "Azerbaijan": "AZE", "Georgia": "GEO", "Türkiye": "TUR", "Greece": "GRC",
           "Albania": "ALB", "Bulgaria": "BGR", "Russia": "RUS", "China": "CHN", "Turkmenistan": "TKM",
           "Caspian Sea": "Caspian Sea"}
ROUTE_SAMPLES = 60  # points sampled along each route to read the regions it crosses


def route_regions(atlas: Atlas, route_id: str) -> list[str]:
    """The regions (country ISO code or sea / lake name) a route crosses, in order, from the base map."""
    hit = atlas.routes[atlas.routes["id"] == route_id]
    if hit.empty:
        return []
    line = hit.geometry.iloc[0]
    seq: list[str] = []
    for k in range(ROUTE_SAMPLES + 1):
        p = line.interpolate(k / ROUTE_SAMPLES, normalized=True)
        water = atlas.lakes[atlas.lakes.contains(p)]
        land = atlas.countries[atlas.countries.contains(p)]
        region = water["name"].iloc[0] if len(water) else (land["iso_a3"].iloc[0] if len(land) else None)
        if region and (not seq or seq[-1] != region):
            seq.append(region)
    return seq


def _region(atlas: Atlas, code: str) -> str:
    """A region the routes cross (ISO code or water body), named in the active language from the label tables."""
    if code in REGIONS.values() and not code.isupper():
        return atlas.label("lake", code, fallback=code)
    return atlas.label("country", code, fallback=code)


def _chain(atlas: Atlas, codes: list[str]) -> str:
    return " → ".join(_region(atlas, c) for c in codes)


def _region_names(atlas: Atlas, names: list[str]) -> str:
    """Region names of a claim ('Russia', 'Caspian Sea') in the active language."""
    return ", ".join(_region(atlas, REGIONS[n]) for n in names)


def _check_route_chain(claim, atlas: Atlas) -> Verdict:
    items = _items(_text(claim["claimed_items"]))
    unknown = [n for n, _x, _x in items if n not in REGIONS]
    if not items or unknown:
        return Verdict(UNVERIFIED, _("{check} needs {fields}").format(
            check="route_chain", fields=f"claimed_items: {' | '.join(REGIONS)}" + (f" ≠ {', '.join(unknown)}"
                                                                                  if unknown else "")))
    chain: list[str] = []
    used, details = [], []
    for eid, table, row in evidence_rows(atlas, claim):
        if table != "routes":
            continue
        used.append(eid)
        if row["status"] in ("proposed", "planned"):  # not built: read as a proposal, not as a path
            details.append(_("{id}: {status}, not built.").format(id=eid, status=term("status", row["status"])))
            continue
        regions = route_regions(atlas, eid)
        details.append(_("{id}: {regions}.").format(id=eid, regions=_chain(atlas, regions)) if regions
                       else _("{id}: no region read.").format(id=eid))
        chain += regions
    chain = [r for i, r in enumerate(chain) if i == 0 or chain[i - 1] != r]  # one entry per region crossed
    wanted = [REGIONS[n] for n, _x, w in items if w]
    avoided = [n for n, _x, w in items if not w and REGIONS[n] in chain]
    pos, missing = 0, []
    for code, name in zip(wanted, [n for n, _x, w in items if w], strict=True):
        if code in chain[pos:]:
            pos = chain.index(code, pos) + 1
        else:
            missing.append(name)
    found, shown = " → ".join(chain), _chain(atlas, chain)
    if avoided:
        return Verdict(CONTRADICTED, _("The cited routes cross {regions}: {chain}.").format(
                       regions=_region_names(atlas, avoided), chain=shown), tuple(used), found, tuple(details))
    if missing:
        return Verdict(UNVERIFIED, _("The cited routes ({chain}) do not pass {regions} in the claimed order.").format(
                       chain=shown, regions=_region_names(atlas, missing)), tuple(used), found, tuple(details))
    never = [n for n, _x, w in items if not w]
    if never:
        reason = _("The cited routes run {chain}, in the claimed order and never cross {regions}.").format(
            chain=shown, regions=_region_names(atlas, never))
    else:
        reason = _("The cited routes run {chain}, in the claimed order.").format(chain=shown)
    return Verdict(SUPPORTED, reason, tuple(used), found, tuple(details))


CHECKERS = {
    "trade_value": _check_trade_value,
    "growth": _check_growth,
    "consistent_increase": _check_consistent_increase,
    "date": _check_date,
    "first_recognition": _check_first_recognition,
    "post_list": _check_post_list,
    "count": _check_count,
    "target": _check_target,
    "target_deadline": _check_target_deadline,
    "items": _check_items,
    "route_chain": _check_route_chain,
}


def evaluate(claim_row: pd.Series | dict, atlas: Atlas) -> Verdict:
    """Recompute the verdict of one claim from the product's tables (manual claims keep their stored verdict)."""
    kind = _text(claim_row["check"])
    if kind == "manual":
        return Verdict(_text(claim_row["verdict"]), _("Not machine-checkable: the verdict was judged by hand "
                                                      "(justified in the explanation)."),
                       tuple(evidence_ids(claim_row)), None, (), manual=True)
    checker = CHECKERS.get(kind)
    if checker is None:
        return Verdict(UNVERIFIED, _("Unknown check kind {kind}.").format(kind=repr(kind)))
    return checker(claim_row, atlas)


def evaluate_all(atlas: Atlas) -> dict[str, Verdict]:
    """Recomputed verdict of every claim, by claim id."""
    return {str(r["id"]): evaluate(r, atlas) for _x, r in atlas.factcheck.iterrows()}


def check_all(atlas: Atlas) -> list[Problem]:
    """Every inconsistency between factcheck.csv and the tables; an empty list means all is well.

    Reported: evidence ids that are in no table (or in more than one), stored verdicts that differ
    from the recomputed ones, rows a verdict rests on that the claim does not cite, manual checks
    without a justification, and claims with no evidence at all.
    """
    problems: list[Problem] = []
    for i, (_x, claim) in enumerate(atlas.factcheck.iterrows()):
        row_no = i + 2
        cid = _text(claim["id"])
        ids = evidence_ids(claim)
        if not ids:
            problems.append(Problem(FILE, row_no, "evidence", f"claim {cid!r} cites no evidence row"))
        for eid in ids:
            hits = locate(atlas, eid)
            if not hits:
                problems.append(Problem(FILE, row_no, "evidence", f"claim {cid!r}: evidence id {eid!r} is not a row "
                                        f"of any table ({', '.join(TABLE_FILES[t] for t in EVIDENCE_TABLES)})"))
            elif len({t for t, _x in hits}) > 1 or len(hits) > 1:
                where = ", ".join(TABLE_FILES[t] for t, _x in hits)
                problems.append(Problem(FILE, row_no, "evidence", f"claim {cid!r}: evidence id {eid!r} is ambiguous "
                                        f"({where})"))
        if _text(claim["check"]) == "manual" and len(_text(claim["explanation"])) < 20:
            problems.append(Problem(FILE, row_no, "explanation", f"claim {cid!r} is checked by hand but does not "
                                    f"justify its verdict"))
        v = evaluate(claim, atlas)
        stored = _text(claim["verdict"])
        if v.verdict != stored:
            problems.append(Problem(FILE, row_no, "verdict", f"claim {cid!r}: stored verdict {stored!r} but the data "
                                    f"give {v.verdict!r} ({v.reason})"))
        uncited = [u for u in v.used if u not in ids]
        if uncited:
            problems.append(Problem(FILE, row_no, "evidence", f"claim {cid!r}: the verdict rests on rows it does not "
                                    f"cite: {', '.join(uncited)}"))
    return problems
