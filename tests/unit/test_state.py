"""Tests for dashboard.state: every view is reproducible from its URL."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import (
    SECTOR_ALIASES,
    Domain,
    ViewState,
    decode,
    default_state,
    encode,
    with_changes,
)

SECTORS = ("energy", "transport", "agriculture", "metals", "diplomacy", "trade")
LAYERS = ("posts", "ports", "corridor", "pipelines")
# Includes ids with characters that need URL escaping ("+", space, ":").
FEATURES = frozenset(
    {
        "port-aktau",
        "port-mersin",
        "post:Ankara Embassy",
        "route:Aktau+Baku",
        "kz-astana",
    }
)
DOMAIN = Domain(
    years=(1991, 2026),
    default_year=2025,
    sectors=SECTORS,
    layers=LAYERS,
    features=FEATURES,
    max_slides=12,
)
DEFAULT = default_state(DOMAIN)


@pytest.fixture
def domain() -> Domain:
    return DOMAIN


def assert_valid(state: ViewState, domain: Domain) -> None:
    """Every field of ``state`` is something the dashboard can render."""
    low, high = domain.years
    assert isinstance(state.year, int) and isinstance(state.year_start, int)
    assert low <= state.year_start <= state.year <= high
    assert state.sector == "all" or state.sector in domain.sectors
    assert set(state.layers) <= set(domain.layers)
    assert list(state.layers) == [x for x in domain.layers if x in state.layers]
    assert state.feature is None or state.feature in domain.features
    assert state.reporter in ("KZ", "TR", "both")
    if state.view is not None:
        lon, lat, scale = state.view
        assert all(math.isfinite(v) for v in state.view)
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and 0.5 <= scale <= 50
    assert 0 <= state.briefing <= domain.max_slides
    assert state.lang in ("en", "tr", "kk", "ru")
    if state.compare is not None:  # two distinct years of the data, in order; the view shows the second
        first, second = state.compare
        assert low <= first < second <= high
        assert state.year == state.year_start == second


# A notice is a sentence or two, never a wall of echoed input: 120 characters in English, and the Turkish, Kazakh and
# Russian sentences run up to a third longer.
NOTICE_MAX = 160


def assert_safe_notices(notices: tuple[str, ...]) -> None:
    for notice in notices:
        assert isinstance(notice, str) and notice
        assert "<" not in notice and ">" not in notice
        assert len(notice) <= NOTICE_MAX
        assert notice.isprintable()


# --------------------------------------------------------------------------- strategies


def _hundredths(low: float, high: float) -> st.SearchStrategy[float]:
    """Coordinates as a user can share them: 2-decimal precision."""
    return st.integers(round(low * 100), round(high * 100)).map(lambda i: i / 100)


@st.composite
def view_states(draw: st.DrawFn, domain: Domain = DOMAIN) -> ViewState:
    start, end = sorted(
        draw(st.lists(st.integers(*domain.years), min_size=2, max_size=2))
    )
    chosen = draw(st.sets(st.sampled_from(domain.layers)))
    view = draw(
        st.none()
        | st.tuples(_hundredths(-180, 180), _hundredths(-90, 90), _hundredths(0.5, 50))
    )
    compare = draw(st.none() | st.tuples(st.integers(domain.years[0], domain.years[1] - 1), st.integers(1, 20)))
    if compare is not None:  # a comparison shows its second year
        first = compare[0]
        second = min(first + compare[1], domain.years[1])
        compare, start, end = (first, second), second, second
    return ViewState(
        year=end,
        year_start=start,
        compare=compare,
        sector=draw(st.sampled_from(("all", *domain.sectors))),
        layers=tuple(x for x in domain.layers if x in chosen),
        feature=draw(st.none() | st.sampled_from(sorted(domain.features))),
        reporter=draw(st.sampled_from(("KZ", "TR", "both"))),
        view=view,
        briefing=draw(st.integers(0, domain.max_slides)),
        lang=draw(st.sampled_from(("en", "tr", "kk", "ru"))),
    )


URLISH = "=&?%.,+-_: <>/#;0123456789abcdefghiklmnoprstuvwyzKZTR\u200b\u202e\x00\n"
KEYS = ("year", "compare", "sector", "layers", "feature", "reporter", "view", "briefing", "lang")
query_like = st.lists(
    st.tuples(
        st.sampled_from(KEYS) | st.text(URLISH, max_size=8),
        st.sampled_from(("2020", "2010..2020", "energy", "posts,ports", "nan,1,2", "3", "kk", "tr-TR", "2013..2022"))
        | st.text(URLISH, max_size=30),
    ),
    max_size=10,
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


# --------------------------------------------------------------------------- properties


@given(view_states())
def test_every_valid_state_round_trips_through_its_url(state: ViewState) -> None:
    assert decode(encode(state, DOMAIN), DOMAIN) == (state, ())
    assert decode("?" + encode(state, DOMAIN), DOMAIN) == (state, ())


@settings(max_examples=300)
@given(st.text() | st.text(URLISH) | query_like)
def test_any_text_decodes_to_a_renderable_state_with_safe_notices(query: str) -> None:
    state, notices = decode(query, DOMAIN)
    assert_valid(state, DOMAIN)
    assert_safe_notices(notices)


@given(query_like)
def test_a_repaired_link_is_stable_when_shared_again(query: str) -> None:
    state, _ = decode(query, DOMAIN)
    assert decode(encode(state, DOMAIN), DOMAIN) == (state, ())


# --------------------------------------------------------------------------- encode


def test_default_view_has_an_empty_query_string(domain: Domain) -> None:
    assert encode(default_state(domain), domain) == ""
    assert decode("", domain) == (DEFAULT, ())
    assert decode("?", domain) == (DEFAULT, ())


def test_default_state_shows_everything_for_the_default_year(domain: Domain) -> None:
    assert ViewState(2025, 2025, "all", LAYERS, None, "KZ", None, 0) == DEFAULT


def test_only_non_default_settings_appear_in_fixed_order(domain: Domain) -> None:
    state = with_changes(DEFAULT, briefing=2, sector="energy")
    assert encode(state, domain) == "sector=energy&briefing=2"
    state = with_changes(
        DEFAULT,
        year_start=2010,
        year=2020,
        layers=("posts", "ports"),
        feature="port-aktau",
        reporter="both",
        view=(52.5, 42.1, 3.2),
        briefing=1,
        sector="trade",
    )
    assert encode(state, domain) == (
        "year=2010..2020&sector=trade&layers=posts,ports&feature=port-aktau"
        "&reporter=both&view=52.5,42.1,3.2&briefing=1"
    )


def test_single_year_is_written_without_range(domain: Domain) -> None:
    assert (
        encode(with_changes(DEFAULT, year=2020, year_start=2020), domain) == "year=2020"
    )


def test_layers_are_written_in_canonical_order(domain: Domain) -> None:
    state = with_changes(DEFAULT, layers=("ports", "posts"))
    assert encode(state, domain) == "layers=posts,ports"


def test_hiding_every_layer_survives_the_round_trip(domain: Domain) -> None:
    state = with_changes(DEFAULT, layers=())
    assert encode(state, domain) == "layers=none"
    assert decode("layers=none", domain) == (state, ())


def test_map_view_is_rounded_to_two_decimals(domain: Domain) -> None:
    state = with_changes(DEFAULT, view=(52.456, -0.001, 3.0))
    assert encode(state, domain) == "view=52.46,0,3"
    assert decode(encode(state, domain), domain)[0].view == (52.46, 0.0, 3.0)


def test_feature_ids_with_special_characters_are_escaped(domain: Domain) -> None:
    state = with_changes(DEFAULT, feature="route:Aktau+Baku")
    query = encode(state, domain)
    assert "+Baku" not in query  # a raw "+" would decode as a space
    assert decode(query, domain) == (state, ())


# --------------------------------------------------------------------------- decode: year


def test_malformed_year_falls_back_but_other_settings_apply(domain: Domain) -> None:
    state, notices = decode("?year=abc&sector=energy", domain)
    assert (state.year, state.year_start) == (2025, 2025)
    assert state.sector == "energy"
    assert len(notices) == 1 and "year" in notices[0] and "abc" in notices[0]


@pytest.mark.parametrize(
    "value", ["1800", "2030", "1985..2000", "2020..2099", "-5", "20.5"]
)
def test_year_outside_covered_period_falls_back(domain: Domain, value: str) -> None:
    state, notices = decode(f"year={value}", domain)
    assert (state.year_start, state.year) == (2025, 2025)
    assert len(notices) == 1


def test_year_range_is_read(domain: Domain) -> None:
    state, notices = decode("year=2010..2020", domain)
    assert (state.year_start, state.year, notices) == (2010, 2020, ())


def test_reversed_year_range_is_normalised_silently(domain: Domain) -> None:
    state, notices = decode("year=2020..2010", domain)
    assert (state.year_start, state.year, notices) == (2010, 2020, ())
    assert encode(state, domain) == "year=2010..2020"


# --------------------------------------------------------------------------- decode: sector


def test_script_in_sector_is_not_echoed_as_markup(domain: Domain) -> None:
    for query in (
        "?sector=<script>alert(1)</script>",
        "?sector=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ):
        state, notices = decode(query, domain)
        assert state.sector == "all"
        assert len(notices) == 1
        assert "<" not in notices[0] and ">" not in notices[0]
        assert "script" in notices[0]  # still tells the user what was ignored


def test_legacy_sector_alias_keeps_old_links_working(domain: Domain) -> None:
    assert SECTOR_ALIASES["transport_logistics"] == "transport"
    state, notices = decode("sector=transport_logistics", domain)
    assert (state.sector, notices) == ("transport", ())
    assert encode(state, domain) == "sector=transport"


def test_unknown_sector_shows_all_sectors(domain: Domain) -> None:
    state, notices = decode("sector=fishing", domain)
    assert state.sector == "all"
    assert len(notices) == 1 and "fishing" in notices[0]


# --------------------------------------------------------------------------- decode: layers


def test_unknown_layers_dropped_duplicates_collapsed_order_canonical(
    domain: Domain,
) -> None:
    state, notices = decode("layers=pipelines,ports,posts,ports,lasers", domain)
    assert state.layers == ("posts", "ports", "pipelines")
    assert len(notices) == 1 and "lasers" in notices[0]


def test_duplicate_layers_alone_need_no_notice(domain: Domain) -> None:
    assert decode("layers=ports,ports", domain) == (
        with_changes(DEFAULT, layers=("ports",)),
        (),
    )


def test_only_unknown_layers_falls_back_to_all_layers(domain: Domain) -> None:
    state, notices = decode("layers=lasers,rivers", domain)
    assert state.layers == LAYERS
    assert len(notices) == 1


# --------------------------------------------------------------------------- decode: other keys


def test_known_feature_is_selected(domain: Domain) -> None:
    assert decode("feature=kz-astana", domain) == (
        with_changes(DEFAULT, feature="kz-astana"),
        (),
    )


def test_unknown_feature_is_deselected(domain: Domain) -> None:
    state, notices = decode("feature=atlantis&reporter=TR", domain)
    assert state.feature is None
    assert state.reporter == "TR"
    assert len(notices) == 1 and "atlantis" in notices[0]


@pytest.mark.parametrize(
    ("value", "expected"), [("tr", "TR"), ("Kz", "KZ"), ("BOTH", "both")]
)
def test_reporter_is_case_insensitive(
    domain: Domain, value: str, expected: str
) -> None:
    assert decode(f"reporter={value}", domain) == (
        with_changes(DEFAULT, reporter=expected),
        (),
    )


def test_unknown_reporter_falls_back_to_kazakhstan(domain: Domain) -> None:
    state, notices = decode("reporter=US", domain)
    assert state.reporter == "KZ" and len(notices) == 1


def test_view_is_read(domain: Domain) -> None:
    state, notices = decode("view=52.5,42.1,3.2", domain)
    assert (state.view, notices) == ((52.5, 42.1, 3.2), ())


@pytest.mark.parametrize(
    "value",
    [
        "nan,42,3",
        "52,inf,3",
        "52,42,-inf",
        "181,42,3",
        "52,-91,3",
        "52,42,0.4",
        "52,42,51",
        "52,42",
        "52,42,3,4",
        "1e2,42,3",
        "a,b,c",
        ",,",
    ],
)
def test_bad_view_falls_back_to_regional_view(domain: Domain, value: str) -> None:
    state, notices = decode(f"view={value}", domain)
    assert state.view is None
    assert len(notices) == 1


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("12", 12), ("0", 0)])
def test_briefing_slide_is_read(domain: Domain, value: str, expected: int) -> None:
    assert decode(f"briefing={value}", domain) == (
        with_changes(DEFAULT, briefing=expected),
        (),
    )


@pytest.mark.parametrize("value", ["13", "-1", "two", "1.5", "99999999999999999999"])
def test_bad_briefing_slide_turns_briefing_off(domain: Domain, value: str) -> None:
    state, notices = decode(f"briefing={value}", domain)
    assert state.briefing == 0 and len(notices) == 1


# --------------------------------------------------------------------------- decode: query shape


def test_leading_question_mark_is_optional(domain: Domain) -> None:
    assert decode("?sector=energy", domain) == decode("sector=energy", domain)
    assert decode("sector=energy", domain)[0].sector == "energy"


def test_unknown_keys_are_ignored_with_one_notice(domain: Domain) -> None:
    state, notices = decode("utm_source=mail&sector=energy&fbclid=xyz", domain)
    assert state == with_changes(DEFAULT, sector="energy")
    assert len(notices) == 1
    assert "utm_source" in notices[0] and "fbclid" in notices[0]


def test_repeated_key_uses_first_value(domain: Domain) -> None:
    state, notices = decode("sector=energy&sector=trade&sector=metals", domain)
    assert state.sector == "energy"
    assert len(notices) == 1 and "sector" in notices[0]


def test_huge_parameter_is_ignored_without_being_echoed(domain: Domain) -> None:
    huge = "A" * 1500  # too long for one value, short enough for the query
    state, notices = decode(f"feature={huge}&sector=energy", domain)
    assert state.sector == "energy" and state.feature is None  # rest still applies
    assert len(notices) == 1 and "A" * 41 not in notices[0]
    assert len(notices[0]) <= NOTICE_MAX


def test_overlong_value_is_ignored_even_if_otherwise_valid(domain: Domain) -> None:
    state, notices = decode("layers=" + ",".join(["posts"] * 60), domain)
    assert state.layers == LAYERS and len(notices) == 1


def test_query_over_2000_characters_is_ignored_entirely(domain: Domain) -> None:
    query = "sector=energy&" + "x=1&" * 600
    state, notices = decode(query, domain)
    assert state == DEFAULT and len(notices) == 1


def test_query_of_exactly_2000_characters_is_read(domain: Domain) -> None:
    query = "sector=energy&pad=" + "1" * (2000 - len("sector=energy&pad="))
    assert len(query) == 2000
    state, notices = decode("?" + query, domain)
    assert state.sector == "energy"
    assert len(notices) == 1  # only the unknown "pad" key


def test_echoed_input_is_capped_at_40_characters(domain: Domain) -> None:
    value = "B" * 150
    _, notices = decode(f"sector={value}", domain)
    assert "B" * 40 not in notices[0] and "B" * 30 in notices[0]


def test_control_characters_are_not_echoed(domain: Domain) -> None:
    _, notices = decode("sector=ab%0A%E2%80%AEcd%00", domain)
    assert_safe_notices(notices)
    assert "abcd" in notices[0]


def test_empty_and_malformed_pairs_do_not_break_decoding(domain: Domain) -> None:
    state, _ = decode("&&=&year&sector=&briefing=2&%ZZ=%", domain)
    assert state == with_changes(DEFAULT, briefing=2)


def test_invalid_percent_encoding_does_not_raise(domain: Domain) -> None:
    state, notices = decode("sector=%FF%FE&feature=%E2%82", domain)
    assert_valid(state, domain)
    assert len(notices) == 2


# --------------------------------------------------------------------------- domain


def test_domain_rejects_ambiguous_ids() -> None:
    with pytest.raises(ValueError):
        Domain((1991, 2026), 2025, ("all",), LAYERS, FEATURES, 12)
    with pytest.raises(ValueError):
        Domain((1991, 2026), 2025, SECTORS, ("none",), FEATURES, 12)
    with pytest.raises(ValueError):
        Domain((1991, 2026), 1990, SECTORS, LAYERS, FEATURES, 12)


# --------------------------------------------------------------------------- comparison of two years


def test_comparison_round_trips_and_shows_its_second_year(domain: Domain) -> None:
    state, notices = decode("compare=2013..2022&sector=energy", domain)
    assert notices == ()
    assert state.compare == (2013, 2022)
    assert state.year == state.year_start == 2022
    assert encode(state, domain) == "compare=2013..2022&sector=energy"


def test_reversed_comparison_is_normalised(domain: Domain) -> None:
    state, notices = decode("compare=2022..2013", domain)
    assert (state.compare, notices) == ((2013, 2022), ())
    assert encode(state, domain) == "compare=2013..2022"


def test_comparison_wins_over_a_year_in_the_same_link(domain: Domain) -> None:
    state, notices = decode("year=2001&compare=2013..2022", domain)
    assert (state.compare, state.year, notices) == ((2013, 2022), 2022, ())


@pytest.mark.parametrize("value", ["abc", "2013", "2013..2013", "2013..", "..2022", "2013-2022", "2013..2022..2024"])
def test_garbage_comparison_is_ignored_with_a_notice(domain: Domain, value: str) -> None:
    state, notices = decode(f"compare={value}&sector=energy", domain)
    assert state.compare is None and state.sector == "energy" and state.year == DEFAULT.year
    assert len(notices) == 1 and "compar" in notices[0].lower()
    assert_safe_notices(notices)


def test_comparison_outside_the_data_is_ignored_with_a_notice(domain: Domain) -> None:
    state, notices = decode("compare=1980..2022", domain)
    assert state.compare is None
    assert notices == ("Ignored comparison \"1980..2022\": the data covers 1991-2026.",)


def test_comparison_notice_in_the_links_language(domain: Domain) -> None:
    english = decode("compare=x", domain)[1]
    turkish = decode("compare=x&lang=tr", domain)[1]
    assert len(turkish) == 1 and turkish != english
