"""Pure queries over the loaded :class:`~dashboard.data.load.Atlas`; no Dash, no I/O."""

from __future__ import annotations

import pandas as pd

from dashboard.data.load import Atlas
from dashboard.data.schema import REPORTERS

INACTIVE_STATUSES = frozenset({"planned", "proposed", "under_construction"})


def year_bounds(atlas: Atlas) -> tuple[int, int]:
    """First and last year that the trade table or the milestones cover."""
    years = pd.concat([atlas.trade["year"], atlas.milestones["year"]])
    return int(years.min()), int(years.max())


def default_year(atlas: Atlas) -> int:
    """The latest year with a full-year turnover figure: what a user first wants to see."""
    t = atlas.trade
    full = t[(t["flow"] == "total_turnover") & t["primary"]]
    return int(full["year"].max())


def presence(status: str, opened_year: object, year: int, operating_by_year: object = None) -> str:
    """How a feature stands in ``year``: open, later (opens after it), planned, or unknown (no opening date).

    A feature with no opening date is open from the year a dated source lists it as operating
    (``operating_by_year``); before that, and without such a source, its presence is unknown.
    """
    if status in INACTIVE_STATUSES:
        return "planned"
    if opened_year is None or pd.isna(opened_year):
        known = not is_blank(operating_by_year) and int(operating_by_year) <= year
        return "open" if known else "unknown"
    return "open" if int(opened_year) <= year else "later"


def presences(features: pd.DataFrame, year: int) -> list[str]:
    """:func:`presence` of every row of a feature table in ``year``."""
    by = features["operating_by_year"] if "operating_by_year" in features else [None] * len(features)
    return [presence(s, y, year, b) for s, y, b in zip(features["status"], features["opened_year"], by, strict=True)]


def is_blank(v: object) -> bool:
    """True for None, NaN/NA and empty or 'nan' text: a cell that states nothing."""
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() in {"", "nan", "<NA>"}
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def milestones_for(atlas: Atlas, *, feature: str | None = None, sector: str | None = None) -> pd.DataFrame:
    m = atlas.milestones
    if feature:
        m = m[m["related_feature"] == feature]
    if sector and sector != "all":
        m = m[m["sector"] == sector]
    return m


# --------------------------------------------------------------------------- trade
def trade_series(atlas: Atlas, reporter: str, flow: str) -> pd.DataFrame:
    """The plotted series: one primary full-year row per year for this reporter and flow."""
    t = atlas.trade
    return t[(t["reporter"] == reporter) & (t["flow"] == flow) & t["primary"]].sort_values("year")


def trade_extra(atlas: Atlas, reporters: tuple[str, ...]) -> pd.DataFrame:
    """Rows shown beside the series but never as full-year facts: partial, dubious, alternative."""
    t = atlas.trade
    return t[t["reporter"].isin(reporters) & ~t["primary"]].sort_values("year")


def missing_years(atlas: Atlas, reporter: str, flow: str = "total_turnover") -> list[int]:
    """Years inside the reporter's covered span with no full-year figure (shown as gaps)."""
    s = trade_series(atlas, reporter, flow)
    if s.empty:
        return []
    have = set(s["year"].astype(int))
    lo, hi = int(s["year"].min()), int(s["year"].max())
    return [y for y in range(lo, hi + 1) if y not in have]


def mirror_pairs(atlas: Atlas) -> pd.DataFrame:
    """Years and flows where both Kazakhstan and Türkiye report a full-year figure."""
    kz = atlas.trade[(atlas.trade["reporter"] == "KZ") & atlas.trade["primary"]]
    tr = atlas.trade[(atlas.trade["reporter"] == "TR") & atlas.trade["primary"]]
    pairs = kz.merge(tr, on=["year", "flow"], suffixes=("_kz", "_tr"))
    # A gap is only a mirror-statistics gap between two statistics, not against a rounded statement or a bound.
    pairs["comparable"] = (pairs["quality_kz"] == "official") & (pairs["quality_tr"] == "official")
    pairs["gap_usd_m"] = (pairs["value_usd_m_tr"] - pairs["value_usd_m_kz"]).where(pairs["comparable"])
    pairs["gap_pct"] = (pairs["gap_usd_m"] / pairs["value_usd_m_kz"] * 100).where(pairs["comparable"])
    return pairs


def reporter_label(code: str) -> str:
    return REPORTERS.get(code, code)


# --------------------------------------------------------------------------- targets & indicators
def trade_targets(atlas: Atlas) -> pd.DataFrame:
    """Targets (not forecasts) by value, earliest statement first."""
    t = atlas.targets
    return t[t["kind"] == "target"].sort_values(["target_usd_bn", "date"])


def sector_indicators(atlas: Atlas, sector: str) -> pd.DataFrame:
    """Indicator rows of a sector (all sectors for ``"all"``), ordered for charting."""
    ind = atlas.indicators
    if sector != "all":
        ind = ind[ind["sector"] == sector]
    return ind.sort_values(["indicator", "year", "period"])


def indicator_names(atlas: Atlas, sector: str) -> list[str]:
    """Indicators of a sector, the best-covered (most years) first."""
    ind = sector_indicators(atlas, sector)
    counts = ind.groupby("indicator")["year"].nunique().sort_values(ascending=False, kind="stable")
    return list(counts.index)
