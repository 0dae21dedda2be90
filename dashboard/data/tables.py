"""One tidy table behind each chart (data → table → chart): exactly the points a chart draws.

:func:`trade_points` (the trade chart), :func:`sector_points` (the sector chart) and
:func:`feature_table` (the map's features) return one row per plotted point or feature, with its
role in the chart, its quality and its source. The figure builders, the CSV of what is shown
(``export/shown.py``), the source lines, the headline, the handout and the screen-reader summaries
all read these frames, so none of them can show or cite something the chart does not.
Pure functions of the :class:`~dashboard.data.load.Atlas`: no Dash, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.cache import per_atlas
from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS
from dashboard.data.selectors import is_blank, missing_years, sector_indicators, trade_extra, trade_series
from dashboard.format import MASS_UNITS, decimals, period_label
from dashboard.i18n import N_, _

REPORTER_ORDER = {"KZ": ("KZ",), "TR": ("TR",), "both": ("KZ", "TR")}
REPORTER_NAME = {"KZ": "Kazakhstan", "TR": "Türkiye", "OTHER": "other sources"}
EXPORT_FLOWS = ("kz_exports_to_tr", "tr_exports_to_kz")

# Roles of the trade chart's points (what a point is drawn as), in drawing order.
BAR, LINE, MARKER, OTHER, GAP = (
    "bar",
    "turnover line",
    "marker (second reporter)",
    "hollow marker: partial year, other source or conflicting figure",
    "no full-year figure",
)
OTHER_LEGEND = N_("Partial year or another figure")
GAP_LEGEND = N_("No full-year figure")


def gap_reporters(codes: object, names: dict[str, str] = REPORTER_NAME) -> str:
    """The reporters a gap marker names ('KZ;TR' or ['KZ', 'TR'] → 'Kazakhstan, Türkiye')."""
    codes = codes.split(";") if isinstance(codes, str) else codes
    return ", ".join(names.get(c, c) for c in codes)


def reporters(choice: str) -> tuple[str, ...]:
    """The reporters a view shows, the main one first ('both' is Kazakhstan's and Türkiye's)."""
    return REPORTER_ORDER.get(choice, ("KZ",))


# --------------------------------------------------------------------------- trade chart
def _assign(rows: pd.DataFrame, role: str, trace: str, legend: str) -> pd.DataFrame:
    out = rows.copy()
    out["role"], out["trace"], out["legend"] = role, trace, legend
    out["y"] = out["value_usd_m"].astype(float) / 1000
    return out


@per_atlas
def trade_points(atlas: Atlas, reporter: str) -> pd.DataFrame:
    """Every point of the trade chart for a reporter choice, one row each, in drawing order.

    Roles: the main reporter's export bars, each reporter's turnover line, the second reporter's
    export markers, then partial-year / other-source / conflicting rows (hollow markers; dubious
    rows are never drawn) and the years with no full-year turnover figure (``GAP``, no value).
    ``trace`` names the trace a point belongs to; ``y`` is the value in US$ bn as drawn.
    """
    reps = reporters(reporter)
    main = reps[0]
    parts = [
        _assign(trade_series(atlas, main, flow), BAR, f"bar:{flow}:{main}", f"{FLOWS[flow]} ({main})")
        for flow in EXPORT_FLOWS
    ]
    for rep in reps:
        line = trade_series(atlas, rep, "total_turnover")
        parts.append(_assign(line, LINE, f"turnover:{rep}", f"Turnover — {REPORTER_NAME[rep]} figures"))
        if rep != main:
            parts += [
                _assign(trade_series(atlas, rep, flow), MARKER, f"marker:{flow}:{rep}", f"{FLOWS[flow]} ({rep})")
                for flow in EXPORT_FLOWS
            ]
    extra = trade_extra(atlas, (*reps, "OTHER"))
    extra = extra[extra["quality"] != "dubious"]
    other = pd.concat([extra, trade_series(atlas, "OTHER", "total_turnover")]).drop_duplicates("id")
    parts.append(_assign(other.sort_values("year", kind="stable"), OTHER, "other", OTHER_LEGEND))
    # One marker per year with no full-year turnover figure, naming only the reporters that lack one
    # (never a reporter whose figure is plotted that year).
    missing: dict[int, list[str]] = {}
    for rep in reps:
        for y in missing_years(atlas, rep):
            missing.setdefault(y, []).append(rep)
    gaps = sorted(missing)
    parts.append(
        pd.DataFrame(
            {
                "id": "",
                "year": gaps,
                "reporter": [";".join(missing[y]) for y in gaps],
                "flow": "total_turnover",
                "period": "",
                "note": [f"{y}: no full-year turnover figure found ({gap_reporters(missing[y])})" for y in gaps],
                "role": GAP,
                "trace": "gaps",
                "legend": GAP_LEGEND,
                "y": 0.0,
            }
        )
    )
    points = pd.concat([p for p in parts if len(p)], ignore_index=True)
    points["year"] = points["year"].astype(int)
    return points


def is_unrounded(value_usd_m: float) -> bool:
    """A value stated to the last US$ million or finer (3,496 or 939.6; not 6,300 or 3,280)."""
    v = float(value_usd_m)
    return decimals(v) > 0 or int(round(v)) % 10 != 0


@dataclass(frozen=True)
class Change:
    """A change on the previous year: stated by the source (with its words) or computed by the Atlas."""

    pct: float
    stated: bool
    base: str  # what it compares with: "2020" or "Jan–Sep 2018"
    quote: str  # the source's words (stated) or the two rows (computed)
    row_id: str


def year_change(points: pd.DataFrame, row: pd.Series) -> tuple[Change | None, str]:
    """The change of ``row`` on the previous year, or None and why none is shown ('' if no previous year).

    The source's own stated change is used where there is one; otherwise the change is computed only
    between two unrounded official statistics of the same reporter and flow.
    """
    period = row["period"]
    base = str(int(row["year"]) - 1) if period == "full" else f"{period_label(period)} {int(row['year']) - 1}"
    if not is_blank(row.get("stated_change_pct")):
        return Change(float(row["stated_change_pct"]), True, base, str(row.get("stated_change") or ""),
                      str(row["id"])), ""
    if period != "full":
        return None, ""
    prev = points[(points["trace"] == row["trace"]) & (points["year"] == int(row["year"]) - 1)]
    if prev.empty:
        return None, ""
    return computed_change(prev.iloc[0], row, base)


def computed_change(p: pd.Series, row: pd.Series, base: str) -> tuple[Change | None, str]:
    """The change from ``p`` to ``row``, computed only between two unrounded official statistics; else None and
    why none is shown (``base`` names ``p``'s year or period)."""
    if {row["quality"], p["quality"]} != {"official"}:
        return None, _("change on {base} not computed: a rounded figure or a bound is involved").format(base=base)
    if not (is_unrounded(row["value_usd_m"]) and is_unrounded(p["value_usd_m"])):
        return None, _("change on {base} not computed: the figures are rounded").format(base=base)
    pct = (float(row["value_usd_m"]) / float(p["value_usd_m"]) - 1) * 100
    basis = _("computed from rows {first} and {second}").format(first=p["id"], second=row["id"])
    return Change(pct, False, base, basis, str(row["id"])), ""


@dataclass(frozen=True)
class HeadlineItem:
    """One headline figure: the plotted row of the year (or a partial-year row), and its change."""

    flow: str
    label: str
    row: pd.Series | None
    partial: pd.Series | None
    change: Change | None
    no_change: str  # why no change is shown, when there is a previous year


def headline(points: pd.DataFrame, year: int, reporter: str) -> list[HeadlineItem]:
    """Turnover and both export flows for ``year`` as ``reporter`` states them, from the chart's table."""
    out = []
    for flow, label in FLOWS.items():
        role = LINE if flow == "total_turnover" else (BAR, MARKER)
        mine = points[(points["reporter"] == reporter) & (points["flow"] == flow) & (points["year"] == year)]
        row = mine[mine["role"].isin([role] if isinstance(role, str) else role)]
        partial = mine[(mine["role"] == OTHER) & (mine["period"] != "full")]
        r = row.iloc[0] if len(row) else None
        change, why = year_change(points, r) if r is not None else (None, "")
        p = partial.iloc[0] if r is None and len(partial) else None
        if p is not None:
            change, why = year_change(points, p)
        out.append(HeadlineItem(flow, label, r, p, change, why))
    return out


@dataclass(frozen=True)
class Mirror:
    """The other side's turnover for the year, and whether the two are comparable statistics."""

    reporter: str
    row: pd.Series
    mine: pd.Series | None

    @property
    def both_statistics(self) -> bool:
        return self.mine is not None and {self.row["quality"], self.mine["quality"]} == {"official"}

    @property
    def gap_pct(self) -> float | None:
        if not self.both_statistics:
            return None
        return (float(self.row["value_usd_m"]) / float(self.mine["value_usd_m"]) - 1) * 100


def mirror(atlas: Atlas, year: int, reporter: str) -> Mirror | None:
    """The other reporter's plotted turnover for ``year`` (the chart's table for both reporters)."""
    both = trade_points(atlas, "both")
    main = reporters(reporter)[0]
    other = "TR" if main == "KZ" else "KZ"
    turnover = both[(both["role"] == LINE) & (both["year"] == year)]
    theirs = turnover[turnover["reporter"] == other]
    if theirs.empty:
        return None
    mine = turnover[turnover["reporter"] == main]
    return Mirror(other, theirs.iloc[0], mine.iloc[0] if len(mine) else None)


# --------------------------------------------------------------------------- sector chart
SEP = " · "  # between indicator name and unit in an option value
TURNOVER = "Trade turnover (Kazakhstan's figures)"
TURNOVER_OPTION = f"{TURNOVER}{SEP}USD bn"
TURNOVER_SECTORS = frozenset({"all", "trade"})
UNIT_FAMILIES = (MASS_UNITS, {"USD m": 1.0, "USD bn": 1e3})
QUALITY_RANK = {"official": 0, "statement": 1, "rounded": 1, "upper_bound": 2, "lower_bound": 2, "forecast": 3,
                "dubious": 9}
SECTOR_COLUMNS = [
    "id", "indicator", "year", "period", "value", "unit", "y", "display_unit", "role", "reporter", "quality",
    "source_name", "source_url", "source_date", "issuer", "channel", "issuer_kind", "note", "alternatives",
]
PLOTTED, ALTERNATIVE = "plotted", "alternative figure for the same year and period"


def _family(unit: str) -> dict[str, float] | None:
    return next((f for f in UNIT_FAMILIES if unit in f), None)


def display_units(rows: pd.DataFrame) -> pd.Series:
    """The unit each indicator row is charted in: exact tonne / dollar units are merged per indicator.

    Within one indicator, rows printed in t, kt or Mt (or US$ m and bn) are one series, charted in the
    unit most of its rows use (the larger on a tie); other units stay series of their own.
    """
    out = rows["unit"].copy()
    for _name, group in rows.groupby("indicator"):
        for family in UNIT_FAMILIES:
            members = group[group["unit"].isin(family)]
            if len(members):
                counts = members["unit"].value_counts()
                best = max(counts.index, key=lambda u: (counts[u], family[u]))
                out.loc[members.index] = best
    return out


@per_atlas
def series_options(atlas: Atlas, sector: str) -> list[str]:
    """The series of a sector as 'indicator · unit', trade turnover first where it belongs, then the best covered."""
    rows = sector_indicators(atlas, sector)
    options = [TURNOVER_OPTION] if sector in TURNOVER_SECTORS else []
    if rows.empty:
        return options
    keys = rows["indicator"] + SEP + display_units(rows)
    years = rows.assign(key=keys).groupby("key")["year"].nunique()
    return options + list(years.sort_values(ascending=False, kind="stable").index)


def _turnover_rows(atlas: Atlas) -> pd.DataFrame:
    t = atlas.trade
    kz = t[(t["reporter"] == "KZ") & (t["flow"] == "total_turnover") & (t["quality"] != "dubious")]
    return pd.DataFrame({
        "id": kz["id"], "indicator": TURNOVER, "year": kz["year"], "period": kz["period"],
        "value": kz["value_usd_m"].astype(float), "unit": "USD m", "reporter": "KZ", "quality": kz["quality"],
        "source_name": kz["source_name"], "source_url": kz["source_url"], "source_date": kz["source_date"],
        "issuer": kz["issuer"], "channel": kz["channel"], "issuer_kind": kz["issuer_kind"], "note": kz["note"],
        "primary": kz["primary"],
    })


def _rank(rows: pd.DataFrame) -> pd.Index:
    """Order in which values for the same year and period are preferred (the first is plotted): the trade
    table's primary row, then the best quality, a national reporter before other sources, the newest source."""
    primary = rows["primary"].fillna(False).astype(bool) if "primary" in rows else pd.Series(False, index=rows.index)
    keys = pd.DataFrame({
        "p": ~primary,
        "q": rows["quality"].map(QUALITY_RANK).fillna(5),
        "r": rows["reporter"].ne("KZ") & rows["reporter"].ne("TR"),
        "d": rows["source_date"].fillna("").astype(str),
    })
    return keys.sort_values(["p", "q", "r", "d"], ascending=[True, True, True, False], kind="stable").index


def known_series(atlas: Atlas, sector: str, option: object) -> str | None:
    """``option`` if it is one of the sector's series, else None: a request's value is checked here, before it
    reaches any cache (an unknown value would be a new cache entry each time)."""
    return option if isinstance(option, str) and option in series_options(atlas, sector) else None


def sector_points(atlas: Atlas, sector: str, option: object) -> tuple[str | None, pd.DataFrame]:
    """The series the sector chart shows and its table: one plotted row per year and period, the rest alternatives.

    ``option`` is kept if it is one of the sector's series, else the first series is shown.
    ``y`` is the value in ``display_unit`` (an exact conversion where t/kt/Mt or US$ m/bn are merged).
    """
    return _sector_points(atlas, sector, known_series(atlas, sector, option))


@per_atlas
def _sector_points(atlas: Atlas, sector: str, option: str | None) -> tuple[str | None, pd.DataFrame]:
    options = series_options(atlas, sector)
    option = option or (options[0] if options else None)
    if option is None:
        return None, pd.DataFrame(columns=SECTOR_COLUMNS)
    name, unit = option.rsplit(SEP, 1)
    if option == TURNOVER_OPTION:
        rows = _turnover_rows(atlas)
    else:
        rows = sector_indicators(atlas, sector)
        rows = rows[rows["indicator"] == name]
        rows = rows[display_units(rows) == unit]
    rows = rows.copy()
    family = _family(unit)
    rows["display_unit"] = unit
    rows["y"] = [
        float(v) * family[u] / family[unit] if family and u in family else float(v)
        for v, u in zip(rows["value"], rows["unit"], strict=True)
    ]
    rows = rows.loc[_rank(rows)]
    first = ~rows.duplicated(["year", "period"], keep="first")
    rows["role"] = [PLOTTED if f else ALTERNATIVE for f in first]
    alternatives = rows[~first].groupby(["year", "period"])["id"].agg(" ; ".join)
    keys = list(zip(rows["year"], rows["period"], strict=True))
    rows["alternatives"] = [alternatives.get(k, "") if f else "" for k, f in zip(keys, first, strict=True)]
    rows["_alt"] = rows["role"] == ALTERNATIVE
    rows = rows.sort_values(["year", "period", "_alt"], kind="stable").reset_index(drop=True)
    return option, rows.reindex(columns=SECTOR_COLUMNS)


# --------------------------------------------------------------------------- map features
FEATURE_COLUMNS = ["id", "name", "kind", "layer", "sector", "status", "opened", "opened_year", "verified"]


@per_atlas
def feature_table(atlas: Atlas) -> pd.DataFrame:
    """Every map feature (posts, ports, routes) with all its attributes and a representative lon/lat.

    One row per feature, indexed by id; the layers' own columns are kept (empty where a layer has none).
    """
    parts = []
    for gdf in (atlas.posts, atlas.ports, atlas.routes):
        geom = gdf.geometry
        df = pd.DataFrame(gdf.drop(columns=geom.name))
        rep = [g if g.geom_type == "Point" else g.representative_point() for g in geom.values]
        df["lon"] = [round(p.x, 4) for p in rep]
        df["lat"] = [round(p.y, 4) for p in rep]
        for col, default in (("coord_source", ""), ("verified", True)):
            if col not in df:
                df[col] = default
        parts.append(df)
    return pd.concat(parts, ignore_index=True).set_index("id", drop=False)


def features(atlas: Atlas) -> pd.DataFrame:
    """The columns every feature shares (id, name, kind, layer, sector, status, opening, verified)."""
    return feature_table(atlas)[FEATURE_COLUMNS].reset_index(drop=True)


def feature_record(atlas: Atlas, feature_id: str) -> dict | None:
    """Every non-empty fact the data hold about one feature, or None if the id is unknown."""
    table = feature_table(atlas)
    if feature_id not in table.index:
        return None
    row = table.loc[feature_id]
    return {k: v for k, v in row.items() if not is_blank(v)}
