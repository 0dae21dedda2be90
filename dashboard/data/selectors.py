"""Pure queries over the loaded :class:`~dashboard.data.load.Atlas`; no Dash, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS, REPORTERS

INACTIVE_STATUSES = frozenset({"planned", "proposed", "under_construction"})
FEATURE_COLUMNS = ["id", "name", "kind", "layer", "sector", "status", "opened", "opened_year", "verified"]


def year_bounds(atlas: Atlas) -> tuple[int, int]:
    """First and last year that the trade table or the milestones cover."""
    years = pd.concat([atlas.trade["year"], atlas.milestones["year"]])
    return int(years.min()), int(years.max())


def default_year(atlas: Atlas) -> int:
    """The latest year with a full-year turnover figure: what a user first wants to see."""
    t = atlas.trade
    full = t[(t["flow"] == "total_turnover") & t["primary"]]
    return int(full["year"].max())


def features(atlas: Atlas) -> pd.DataFrame:
    """All map features (posts, ports, routes) with the columns they share, without geometry."""
    parts = []
    for gdf in (atlas.posts, atlas.ports, atlas.routes):
        df = pd.DataFrame(gdf.drop(columns="geometry"))
        if "verified" not in df:
            df["verified"] = True
        parts.append(df[FEATURE_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def presence(status: str, opened_year: object, year: int) -> str:
    """How a feature stands in ``year``: open, later (opens after it), planned, or unknown (no date)."""
    if status in INACTIVE_STATUSES:
        return "planned"
    if opened_year is None or pd.isna(opened_year):
        return "unknown"
    return "open" if int(opened_year) <= year else "later"


def feature_record(atlas: Atlas, feature_id: str) -> dict | None:
    """Every non-empty fact the data hold about one feature, or None if the id is unknown."""
    for gdf in (atlas.posts, atlas.ports, atlas.routes):
        hit = gdf[gdf["id"] == feature_id]
        if len(hit):
            row = hit.iloc[0]
            rec = {k: row[k] for k in gdf.columns if k != "geometry" and not is_blank(row[k])}
            rep = row.geometry.representative_point() if row.geometry.geom_type != "Point" else row.geometry
            rec["lon"], rec["lat"] = round(rep.x, 4), round(rep.y, 4)
            return rec
    return None


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


@dataclass(frozen=True)
class Headline:
    """One headline figure with the row it comes from (and the previous year's, for the change)."""

    label: str
    row: pd.Series | None
    previous: pd.Series | None
    partial: pd.Series | None

    @property
    def change_pct(self) -> float | None:
        """Change on the previous year; only between two official statistics, never from a rounded figure."""
        if self.row is None or self.previous is None:
            return None
        if {self.row["quality"], self.previous["quality"]} != {"official"}:
            return None
        return (self.row["value_usd_m"] / self.previous["value_usd_m"] - 1) * 100


def headlines(atlas: Atlas, year: int, reporter: str) -> list[Headline]:
    """Turnover, Kazakh exports and Turkish exports for ``year`` as ``reporter`` states them.

    The change on the previous year is only given when the same reporter has a full-year
    figure for both years; a partial-year figure is offered instead of a missing full year.
    """
    out = []
    for flow, label in FLOWS.items():
        s = trade_series(atlas, reporter, flow).set_index("year", drop=False)
        row = s.loc[year] if year in s.index else None
        prev = s.loc[year - 1] if row is not None and (year - 1) in s.index else None
        part = atlas.trade[
            (atlas.trade["reporter"] == reporter)
            & (atlas.trade["flow"] == flow)
            & (atlas.trade["year"] == year)
            & (atlas.trade["period"] != "full")
        ]
        out.append(Headline(label, row, prev, part.iloc[0] if row is None and len(part) else None))
    return out


def mirror_pairs(atlas: Atlas) -> pd.DataFrame:
    """Years and flows where both Kazakhstan and Türkiye report a full-year figure."""
    kz = atlas.trade[(atlas.trade["reporter"] == "KZ") & atlas.trade["primary"]]
    tr = atlas.trade[(atlas.trade["reporter"] == "TR") & atlas.trade["primary"]]
    pairs = kz.merge(tr, on=["year", "flow"], suffixes=("_kz", "_tr"))
    pairs["gap_usd_m"] = pairs["value_usd_m_tr"] - pairs["value_usd_m_kz"]
    pairs["gap_pct"] = pairs["gap_usd_m"] / pairs["value_usd_m_kz"] * 100
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
