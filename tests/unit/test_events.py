"""What each control or click does to the view state (events.resolve) and what the callback writes back
(events.writes), tested without Dash: examples for each event, tampered payloads, and properties that
hold for any payload a browser could send."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.briefing.deck import Deck, Slide
from dashboard.events import (
    BAD_INPUT,
    EVENTS,
    Context,
    Controls,
    briefing_entry,
    resolve,
    with_pending_edits,
    writes,
)
from dashboard.state import Domain, decode, default_state, encode, with_changes

DOMAIN = Domain(
    years=(1990, 2026),
    default_year=2025,
    sectors=("energy", "transport", "diplomacy"),
    layers=("posts", "ports", "corridor", "pipelines"),
    features=frozenset({"port_kuryk", "tanap", "kz_emb_ankara"}),
    max_slides=10,
)
HOME = (50.45, 43.69)
CONTEXT = Context(DOMAIN, {"m40": 2016, "m01": 1990}, HOME)
DECK = Deck(
    (
        Slide("One", "", "", "sector=diplomacy&feature=kz_emb_ankara&view=35,39,3.2"),
        Slide("Two", "", "", "year=2016&sector=transport&feature=port_kuryk&view=51,42,3.5"),
    )
)
S0 = default_state(DOMAIN)


def run(event, value, state=S0):
    return resolve(event, value, state, DECK, CONTEXT)


def click(*customdata):
    return {"points": [{"customdata": list(customdata) if len(customdata) > 1 else customdata[0]}]}


# --------------------------------------------------------------------------- examples
def test_map_click_selects_the_feature_and_leaves_the_sector_filter_as_set():
    energy = with_changes(S0, sector="energy")
    state, notice = run("map", click("port_kuryk"), energy)
    assert (state.feature, state.sector, notice) == ("port_kuryk", "energy", None)


def test_table_row_selects_its_feature_and_clear_drops_it():
    state, notice = run("table", [{"id": "tanap", "name": "TANAP"}])
    assert (state.feature, notice) == ("tanap", None)
    assert run("clear", 1, state)[0] == S0
    assert run("table", [], state) == (state, None)  # a selection cleared in the grid changes nothing


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
    assert run("tick", None, run("year", 2026)[0])[0].year == 1990


def test_layers_keep_canonical_order_and_drop_unknown():
    state, _ = run("layers", ["pipelines", "posts", "bogus"])
    assert state.layers == ("posts", "pipelines")


def test_panning_and_zooming_is_kept_and_the_home_view_is_no_view():
    state, _ = run("view", {"geo.projection.scale": 2.5})
    assert state.view == (*HOME, 2.5)
    state, _ = run("view", {"geo.center.lon": 49.123, "geo.center.lat": 41.987}, state)
    assert state.view == (49.12, 41.99, 2.5)
    assert run("view", {"autosize": True}, state)[0] == state  # a resize is not a view
    assert run("view", {"geo.projection.scale": "huge"}, state)[0] == state
    home = {"geo.center.lon": HOME[0] + 0.004, "geo.center.lat": HOME[1], "geo.projection.scale": 1.0}
    assert run("view", home, state)[0].view is None


def test_a_link_opens_its_view_and_a_bare_briefing_link_opens_the_slide():
    state, notice = run("url", "?year=2010&sector=energy")
    assert (state.year, state.sector, notice) == (2010, "energy", None)
    slide, _ = run("url", "?briefing=2")
    assert (slide.briefing, slide.feature, slide.view) == (2, "port_kuryk", (51.0, 42.0, 3.5))
    state, notice = run("url", "?year=abc")
    assert state == S0 and "year" in notice


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_a_bare_briefing_link_in_another_language_opens_the_slide_in_that_language(lang):
    """?lang=kk&briefing=2 is a bare briefing link too: slide 2's view, in Kazakh; the next slide stays Kazakh, and
    leaving the briefing returns to the view before it without switching the page back to English."""
    slide, notice = run("url", f"?lang={lang}&briefing=2")
    assert (slide.briefing, slide.feature, slide.view, slide.lang, notice) == (2, "port_kuryk", (51.0, 42.0, 3.5),
                                                                               lang, None)
    assert run("slide", "prev", slide)[0].lang == lang
    back, saved = briefing_entry("slide", "exit", slide, with_changes(slide, briefing=0), encode(S0, DOMAIN), DOMAIN)
    assert back == with_changes(S0, lang=lang) and saved is None


def test_slide_buttons_move_through_the_deck_and_carry_each_slides_map_view():
    one, _ = run("slide", "start")
    assert (one.briefing, one.view) == (1, (35.0, 39.0, 3.2))
    two, _ = run("slide", "next", one)
    assert (two.briefing, two.view) == (2, (51.0, 42.0, 3.5))
    assert run("slide", 1, two)[0] == one  # "present from here" on slide 1
    assert run("slide", "exit", two)[0] == with_changes(two, briefing=0)
    assert run("slide", 99, two) == (two, BAD_INPUT)


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("map", click("<img src=x onerror=alert(1)>")),
        ("map", {"points": "nope"}),
        ("map", click(["tanap", "extra"] * 1000)),
        ("table", [{"id": "<script>"}]),
        ("table", "tanap"),
        ("chart", click("year", "2013")),
        ("chart", click("year", 1850)),
        ("chart", click("year", float("nan"))),
        ("chart", click("milestone", "m999", "tanap")),
        ("year", True),
        ("year", "abc"),
        ("sector", "<script>"),
        ("reporter", "RU"),
        ("layers", "posts"),
        ("slide", "jump"),
        ("bogus-event", 1),
    ],
)
def test_tampered_payloads_leave_the_view_unchanged_with_a_notice(event, payload):
    state, notice = run(event, payload)
    assert state == S0 and notice == BAD_INPUT


# --------------------------------------------------------------------------- writes
def test_nothing_is_written_when_nothing_changed_and_a_notice_stays():
    controls = Controls(stored="", search="", sector="all", layers=list(DOMAIN.layers), reporter="KZ", year=2025)
    w = writes("view", S0, None, controls, DOMAIN)
    assert (w.stored, w.search, w.sector, w.year, w.keep_notice) == (None, None, None, None, True)
    w = writes("map", S0, BAD_INPUT, controls, DOMAIN)
    assert w.stored is None and w.notice == BAD_INPUT and not w.keep_notice


def test_only_controls_that_differ_are_written():
    controls = Controls(stored="", search="", sector="all", layers=list(DOMAIN.layers), reporter="KZ", year=2025)
    new = with_changes(S0, year=2010, year_start=2010)
    w = writes("year", new, None, controls, DOMAIN)
    assert (w.stored, w.search, w.year, w.sector, w.layers, w.reporter) == ("year=2010", "?year=2010", 2010,
                                                                           None, None, None)


# --------------------------------------------------------------------------- properties
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4),
    max_leaves=12,
)
payloads = json_values | st.builds(click, st.sampled_from(["port_kuryk", "tanap", "x", ""])) | st.builds(
    lambda k, v: {k: v}, st.sampled_from(["geo.center.lon", "geo.center.lat", "geo.projection.scale"]),
    st.floats(allow_nan=True) | st.text(max_size=5))
states = st.builds(
    lambda year, sector, layers, feature, reporter, view, briefing: with_changes(
        S0, year=year, year_start=year, sector=sector, layers=tuple(v for v in DOMAIN.layers if v in layers),
        feature=feature, reporter=reporter, view=view, briefing=briefing),
    st.integers(1990, 2026),
    st.sampled_from(["all", *DOMAIN.sectors]),
    st.sets(st.sampled_from(DOMAIN.layers)),
    st.none() | st.sampled_from(sorted(DOMAIN.features)),
    st.sampled_from(["KZ", "TR", "both"]),
    st.none() | st.tuples(st.integers(-179, 179), st.integers(-80, 80), st.integers(1, 40)).map(
        lambda v: (float(v[0]), float(v[1]), float(v[2]))),
    st.integers(0, 2),
)


@settings(max_examples=300, deadline=None)
@given(event=st.sampled_from([*EVENTS, "nonsense"]), payload=payloads, state=states)
def test_any_payload_gives_a_valid_state_and_never_raises(event, payload, state):
    new, notice = resolve(event, payload, state, DECK, CONTEXT)
    assert notice is None or isinstance(notice, str)
    assert decode(encode(new, DOMAIN), DOMAIN) == (new, ())  # valid for the domain, and what a link reopens
    if event in ("map", "table", "clear", "view"):
        # Selecting, deselecting or moving the map never touches the filters the user set.
        keep = ("year", "year_start", "sector", "layers", "reporter", "briefing")
        assert all(getattr(new, f) == getattr(state, f) for f in keep)


@settings(max_examples=200, deadline=None)
@given(state=states)
def test_a_link_reopens_exactly_its_view(state):
    state = with_changes(state, briefing=0)
    assert run("url", "?" + encode(state, DOMAIN)) == (state, None)


@settings(max_examples=200, deadline=None)
@given(before=states, after=states, event=st.sampled_from(EVENTS))
def test_writing_back_what_was_written_writes_nothing_more(before, after, event):
    stored = encode(before, DOMAIN)
    controls = Controls(stored, f"?{stored}" if stored else "", before.sector, list(before.layers), before.reporter,
                        before.year)
    w = writes(event, after, None, controls, DOMAIN)
    if event != "url" and encode(after, DOMAIN) == stored:
        assert w.stored is None
    else:
        echo = Controls(w.stored, w.search if w.search is not None else controls.search,
                        w.sector or controls.sector, w.layers if w.layers is not None else controls.layers,
                        w.reporter or controls.reporter, w.year or controls.year)
        again = writes("map", after, None, echo, DOMAIN)
        assert (again.stored, again.search, again.sector, again.layers, again.reporter, again.year) == (None,) * 6


def controls_of(state, **edits) -> Controls:
    """What the page's controls hold for ``state``, with the user's ``edits`` not yet in the state."""
    values = dict(sector=state.sector, layers=list(state.layers), reporter=state.reporter, year=state.year)
    values.update(edits)
    stored = encode(state, DOMAIN)
    return Controls(stored, f"?{stored}" if stored else "", **values)


def test_a_chip_click_overtaken_by_a_zoom_is_kept():
    """The zoom's request carries the chip's new value: both the zoom and the sector reach the state."""
    state = with_pending_edits(S0, controls_of(S0, sector="energy"), DECK, CONTEXT)
    new, notice = resolve("view", {"geo.projection.scale": 2.0}, state, DECK, CONTEXT)
    assert (new.sector, new.view[2], notice) == ("energy", 2.0, None)


def test_pending_edits_of_every_control_are_applied_and_invalid_ones_ignored():
    edited = with_pending_edits(S0, controls_of(S0, sector="transport", layers=["ports", "posts"], reporter="both",
                                                year=2001), DECK, CONTEXT)
    assert (edited.sector, edited.layers, edited.reporter, edited.year, edited.year_start) == (
        "transport", ("posts", "ports"), "both", 2001, 2001)
    tampered = with_pending_edits(S0, controls_of(S0, sector="<script>", year=1066), DECK, CONTEXT)
    assert tampered == S0


@settings(max_examples=200, deadline=None)
@given(state=states)
def test_controls_that_show_the_state_change_nothing(state):
    """A range (2010..2020) shows its end year on the slider and is kept; layers in any order are the same."""
    state = with_changes(state, year_start=max(1990, state.year - 5))
    shuffled = controls_of(state, layers=list(reversed(state.layers)))
    assert with_pending_edits(state, shuffled, DECK, CONTEXT) == state


def test_the_language_menu_sets_a_supported_language_and_refuses_others():
    state, notice = resolve("lang", "kk", S0, DECK, CONTEXT)
    assert state.lang == "kk" and notice is None
    assert resolve("lang", "de", S0, DECK, CONTEXT) == (S0, BAD_INPUT)
    assert resolve("lang", ["ru"], S0, DECK, CONTEXT) == (S0, BAD_INPUT)


# --------------------------------------------------------------------------- comparing two years
def test_picking_two_years_compares_them_and_shows_the_second():
    state, notice = run("compare", ["2022", "2013"])
    assert (state.compare, state.year, state.year_start, notice) == ((2013, 2022), 2022, 2022, None)
    assert encode(state, DOMAIN) == "compare=2013..2022"


def test_the_same_year_twice_is_refused_with_a_notice():
    state, notice = run("compare", ["2013", "2013"])
    assert state == S0 and notice == "Choose two different years to compare."


def test_first_year_off_ends_the_comparison():
    comparing = run("compare", ["2013", "2022"])[0]
    state, notice = resolve("compare", ["off", "2022"], comparing, DECK, CONTEXT)
    assert (state.compare, state.year, notice) == (None, 2022, None)


@pytest.mark.parametrize("event, payload", [("year", 2001), ("tick", 1), ("chart", click(["year", 2001]))])
def test_choosing_one_year_ends_the_comparison(event, payload):
    comparing = run("compare", ["2013", "2022"])[0]
    state, _notice = resolve(event, payload, comparing, DECK, CONTEXT)
    assert state.compare is None and state.year == state.year_start != 2022


@pytest.mark.parametrize("payload", [["1900", "2013"], ["x", "2013"], "2013..2022", [2013], [True, 2013], None])
def test_tampered_comparisons_leave_the_view_unchanged(payload):
    assert run("compare", payload) == (S0, BAD_INPUT)


def test_the_compare_control_follows_the_state():
    comparing = run("compare", ["2013", "2022"])[0]
    w = writes("url", comparing, None, controls_of(S0), DOMAIN)
    assert (w.compare, w.year) == (["2013", "2022"], 2022)
    w = writes("year", with_changes(S0, year=2001, year_start=2001), None,
               controls_of(comparing, compare=["2013", "2022"]), DOMAIN)
    assert w.compare == ["off", "2001"]


def test_a_comparison_overtaken_by_a_zoom_is_kept():
    state = with_pending_edits(S0, controls_of(S0, compare=["2013", "2022"]), DECK, CONTEXT)
    new, notice = resolve("view", {"geo.projection.scale": 2.0}, state, DECK, CONTEXT)
    assert (new.compare, new.year, notice) == ((2013, 2022), 2022, None)
