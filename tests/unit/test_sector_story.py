"""The sector chart tells one story per series: full years on the line, other periods apart, thin data as cards.

Regression tests of issue 18 ("a sector story you can read"): a Jan–Sep value was drawn above its own full year in
the same series, at the same x, and a sector with fewer than three comparable points was three hollow dots.
"""

from __future__ import annotations

import pytest

from dashboard.data.tables import PLOTTED, as_cards, sector_points, series_options
from dashboard.figures.sector import sector_figure
from dashboard.format import period_label


def _drawn(fig, axis: str) -> list[tuple[int, str]]:
    """(x, row id) of every marker drawn against y-axis ``axis`` ('y' is the value axis of the full-year line)."""
    return [
        (int(x), c[2])
        for t in fig.data
        if (t.yaxis or "y") == axis and t.customdata is not None
        for x, c in zip(t.x, t.customdata, strict=True)
    ]


@pytest.mark.parametrize(("sector", "year"), [("transport", 2022), ("trade", 2021), ("energy", 2024)])
def test_a_partial_year_is_never_drawn_on_its_full_years_point(atlas, sector, year):
    """Middle Corridor cargo: Jan–Sep 2022 (1.84 Mt) was drawn above the full year 2022 (1.5 Mt), same x, same axis."""
    _option, rows = sector_points(atlas, sector, None)
    plotted = rows[rows["role"] == PLOTTED]
    fig = sector_figure(rows, sector, year)
    full = plotted[plotted["period"] == "full"]
    assert sorted(_drawn(fig, "y")) == sorted(zip(full["year"].astype(int), full["id"], strict=True)), (
        "only full calendar years are drawn on the value axis")
    others = plotted[plotted["period"] != "full"]
    lanes = {i: x for x, i in _drawn(fig, "y2")}
    assert set(lanes) == set(others["id"]), "every partial period and forecast is drawn, apart from the line"
    texts = {c[2]: txt for t in fig.data if t.yaxis == "y2" for c, txt in zip(t.customdata, t.text, strict=True)}
    for _i, r in others[~others["period"].isin(["forecast"])].iterrows():
        assert period_label(r["period"]) in texts[r["id"]], "a partial value is labelled with its months"


def test_the_full_year_line_breaks_where_a_year_is_missing(atlas):
    """Turnover has no full-year figure for 2014 and 2016: the line is not drawn across them (nothing invented)."""
    _option, rows = sector_points(atlas, "trade", None)
    fig = sector_figure(rows, "trade", 2022)
    line = next(t for t in fig.data if t.mode == "lines")
    pairs = list(zip(line.x, line.y, strict=True))
    for gap in (2014, 2016):
        assert (gap, None) in pairs or gap not in [x for x, _y in pairs]
        before = pairs.index(next(p for p in pairs if p[0] == gap - 1))
        assert pairs[before + 1][1] is None, f"the line runs across {gap}"


def test_the_table_names_each_points_series_and_period_type(atlas):
    _option, rows = sector_points(atlas, "transport", None)
    assert {"series", "period_type"} <= set(rows.columns)
    kinds = dict(zip(rows["period"], rows["period_type"], strict=True))
    assert kinds["full"] == "full" and kinds["Jan–Sep"] == "partial" and kinds["forecast"] == "forecast"


@pytest.mark.parametrize("option", range(9))
def test_agriculture_has_fewer_than_three_comparable_points_and_is_shown_as_cards(atlas, option):
    """The Agriculture view was three hollow dots (lentil exports for May, Jan–Sep and a marketing year)."""
    options = series_options(atlas, "agriculture")
    _option, rows = sector_points(atlas, "agriculture", options[option])
    assert as_cards(rows)


@pytest.mark.parametrize(("sector", "option"), [("trade", 0), ("transport", 0), ("energy", 0), ("metals", 0)])
def test_a_series_with_three_full_years_is_a_chart(atlas, sector, option):
    _option, rows = sector_points(atlas, sector, series_options(atlas, sector)[option])
    assert not as_cards(rows)
