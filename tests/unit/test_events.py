"""The reducer behind every control and click, including tampered payloads from the browser."""

from __future__ import annotations

import pytest

from dashboard.events import BAD_INPUT, reduce
from dashboard.state import Domain, default_state

DOMAIN = Domain(
    years=(1990, 2026),
    default_year=2025,
    sectors=("energy", "transport", "diplomacy"),
    layers=("posts", "ports", "corridor", "pipelines"),
    features=frozenset({"port_kuryk", "tanap", "kz_emb_ankara"}),
    max_slides=10,
)
SECTORS = {"port_kuryk": "transport", "tanap": "energy", "kz_emb_ankara": "diplomacy"}
MILESTONES = {"m40": 2016, "m01": 1990}
S0 = default_state(DOMAIN)


def run(event, value, state=S0):
    return reduce(state, event, value, DOMAIN, SECTORS, MILESTONES)


def click(*customdata):
    return {"points": [{"customdata": list(customdata) if len(customdata) > 1 else customdata[0]}]}


def test_map_click_selects_feature_and_its_sector():
    state, notice = run("map", click("tanap"))
    assert (state.feature, state.sector, notice) == ("tanap", "energy", None)


def test_timeline_click_on_a_year_sets_the_year():
    state, _ = run("chart", click("year", 2013))
    assert (state.year, state.year_start) == (2013, 2013)


def test_milestone_click_selects_its_feature_and_year():
    state, _ = run("chart", click("milestone", "m40", "port_kuryk"))
    assert (state.feature, state.year) == ("port_kuryk", 2016)


def test_milestone_without_feature_keeps_the_selection_and_moves_the_year():
    start, _ = run("map", click("tanap"))
    state, _ = run("chart", click("milestone", "m01", ""), start)
    assert (state.feature, state.year) == ("tanap", 1990)


def test_play_advances_and_wraps_at_the_last_year():
    assert run("tick", None)[0].year == 2026
    last = run("tick", None, run("year", 2026)[0])[0]
    assert last.year == 1990


def test_layers_keep_canonical_order_and_drop_unknown():
    state, _ = run("layers", ["pipelines", "posts", "bogus"])
    assert state.layers == ("posts", "pipelines")


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("map", click("<img src=x onerror=alert(1)>")),
        ("map", {"points": "nope"}),
        ("map", click(["tanap", "extra"] * 1000)),
        ("chart", click("year", "2013")),
        ("chart", click("year", 1850)),
        ("chart", click("year", float("nan"))),
        ("chart", click("milestone", "m999", "tanap")),
        ("year", True),
        ("year", "abc"),
        ("sector", "<script>"),
        ("reporter", "RU"),
        ("layers", "posts"),
    ],
)
def test_tampered_payloads_leave_the_view_unchanged_with_a_notice(event, payload):
    state, notice = run(event, payload)
    assert state == S0 and notice == BAD_INPUT
