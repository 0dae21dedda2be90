"""Issue 18: what the screen says about a figure — gaps per reporter, who said it, Türkiye's side, posts' dates.

Every test here failed on the data and text the Atlas shipped before the issue's corrections.
"""

from __future__ import annotations

import pytest

from dashboard import make_domain
from dashboard.data.tables import GAP, LINE, trade_points
from dashboard.export.shown import shown_table
from dashboard.figures.texts import trade_summary
from dashboard.figures.trade import trade_figure
from dashboard.state import default_state, with_changes


@pytest.fixture(scope="module")
def both(atlas):
    state = with_changes(default_state(make_domain(atlas)), reporter="both")
    return state, trade_points(atlas, "both")


def _plotted_years(points, reporter):
    return set(points[(points["role"] == LINE) & (points["reporter"] == reporter)]["year"])


# --------------------------------------------------------------------------- gaps per reporter
def test_a_gap_marker_never_names_a_reporter_whose_figure_is_plotted_that_year(atlas, both):
    state, points = both
    kz, tr = _plotted_years(points, "KZ"), _plotted_years(points, "TR")
    gaps = points[points["role"] == GAP]
    assert len(gaps)
    for _, g in gaps.iterrows():
        if "Kazakhstan" in g["note"]:
            assert g["year"] not in kz, g["note"]
        if "Türkiye" in g["note"]:
            assert g["year"] not in tr, g["note"]
    # 2013: Kazakhstan's 3,496 is plotted, so no marker names it (Türkiye has no 2013 figure).
    assert "2013: no full-year turnover figure found (Kazakhstan, Türkiye)" not in set(gaps["note"])
    # The chart's hover, the CSV and the screen-reader text say the same.
    fig = trade_figure(atlas, state)
    hovers = [h for t in fig.data if (t.uid or "").startswith("gaps") for h in t.hovertext]
    assert hovers and not any(h.startswith("2013") and "Kazakhstan" in h for h in hovers)
    csv = shown_table(atlas, state)
    csv_gaps = csv[csv["shown_as"] == "trade chart: " + GAP]
    assert not csv_gaps["note"].str.contains("2013: .*Kazakhstan", regex=True).any()
    summary = trade_summary(points, 2022, "both")
    for rep, name in (("KZ", "Kazakhstan"), ("TR", "Türkiye")):
        years = sorted(gaps[gaps["reporter"].str.contains(rep)]["year"])
        assert f"{name}: {', '.join(map(str, years))}." in summary
