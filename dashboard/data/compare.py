"""What changed between two years: the features that opened in between and the headline figures of both years.

Pure functions over the Atlas's tables (no Dash, no plotly). A comparison ``(first, second)`` comes from the
view state (``compare=2013..2022``); the view then shows the second year, and these say what is new since the
first. A feature counts as opened in between when its opening year is in ``(first, second]``; a feature with no
known opening date, or one still planned, never does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.selectors import INACTIVE_STATUSES, is_blank
from dashboard.data.tables import Change, HeadlineItem, computed_change, headline

__all__ = ["ComparedItem", "compared_headline", "opened_between", "years_label"]


def years_label(years: tuple[int, int]) -> str:
    """ "2013 → 2022": two compared years, as the map's stamp, the headline and the exports write them (the same
    in every language)."""
    return "{} → {}".format(*years)


def opened_between(status: str, opened_year: object, first: int, second: int) -> bool:
    """True when a feature opened after ``first`` and by ``second`` (its opening year in ``(first, second]``)."""
    if status in INACTIVE_STATUSES or is_blank(opened_year):
        return False
    return first < int(opened_year) <= second


@dataclass(frozen=True)
class ComparedItem:
    """One headline figure in both compared years, and the change between them where it may be computed."""

    flow: str
    first: HeadlineItem
    second: HeadlineItem
    change: Change | None
    no_change: str  # why no change is shown ("" when both years have a full-year figure and one is computed)


def compared_headline(points: pd.DataFrame, first: int, second: int, reporter: str) -> list[ComparedItem]:
    """Turnover and both export flows in ``first`` and ``second`` as ``reporter`` states them (the headline of
    each year, from the trade chart's table), with the change computed only between two unrounded official
    statistics of full years; a partial year, a rounded statement or a bound gives both values and no change."""
    out = []
    for a, b in zip(headline(points, first, reporter), headline(points, second, reporter), strict=True):
        change, why = (None, "")
        if a.row is not None and b.row is not None:
            change, why = computed_change(a.row, b.row, str(first))
        out.append(ComparedItem(a.flow, a, b, change, why))
    return out
