"""Selectors and pure figure builders on the shipped data: what a user would see on screen."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import make_domain
from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.data.selectors import mirror_pairs, missing_years, presence, sector_indicators, trade_series
from dashboard.data.tables import PLOTTED, feature_table, headline, sector_points, series_options, trade_points
from dashboard.export.shown import visible_features
from dashboard.figures.keys import Keys, apply_style
from dashboard.figures.map import POINT_GROUPS, feature_traces, group_key, map_figure, map_keys, map_style
from dashboard.figures.sector import coverage_note, sector_figure
from dashboard.figures.trade import trade_figure
from dashboard.format import unit_label
from dashboard.layout.panels import table_rows
from dashboard.state import default_state, with_changes


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "geodata")


@pytest.fixture(scope="module")
def state0(atlas):
    return default_state(make_domain(atlas))


# --------------------------------------------------------------------------- selectors
def test_plotted_series_has_one_full_year_value_per_year(atlas):
    s = trade_series(atlas, "KZ", "total_turnover")
    assert s["year"].is_unique
    assert (s["period"] == "full").all() and (s["quality"] != "dubious").all()
    by_year = s.set_index("year")["value_usd_m"]
    assert by_year[2022] == 6300 and by_year[2013] == 3496  # official statistic, not the rounded >4bn


def test_years_without_a_full_year_figure_are_reported_missing(atlas):
    gaps = missing_years(atlas, "KZ")
    assert {2014, 2016, 2019} <= set(gaps)
    assert 2022 not in gaps


def test_headline_offers_partial_year_when_full_year_is_missing(atlas):
    turnover = headline(trade_points(atlas, "KZ"), 2019, "KZ")[0]
    assert turnover.row is None
    assert turnover.partial["period"] == "Jan–Sep" and turnover.partial["value_usd_m"] == 2300


def test_change_on_previous_year_only_between_unrounded_official_figures(atlas):
    points = trade_points(atlas, "KZ")
    t2013 = headline(points, 2013, "KZ")[0]  # 3,496 vs 4,015: both stated to the million
    assert not t2013.change.stated and t2013.change.pct == pytest.approx((3496 / 4015 - 1) * 100)
    t2024 = headline(points, 2024, "KZ")[0]  # 2024 is Tokayev's rounded "$5 billion"
    assert t2024.change is None and "not computed" in t2024.no_change


def test_mirror_pairs_show_the_2010_gap(atlas):
    p = mirror_pairs(atlas).set_index(["year", "flow"])
    row = p.loc[(2010, "total_turnover")]
    assert row["value_usd_m_kz"] == 1851 and row["value_usd_m_tr"] == 3280
    assert row["gap_pct"] == pytest.approx(77.2, abs=0.1)
    rounded = p.loc[(2011, "total_turnover")]  # Erdoğan's "3 billion" is no statistic: no gap is computed
    assert not rounded["comparable"] and pd.isna(rounded["gap_pct"])


@pytest.mark.parametrize(
    ("status", "opened", "year", "expected"),
    [
        ("operational", 2016, 2015, "later"),
        ("operational", 2016, 2016, "open"),
        ("proposed", None, 2025, "planned"),
        ("operational", None, 1995, "unknown"),
    ],
)
def test_presence_of_a_feature_in_a_year(status, opened, year, expected):
    assert presence(status, opened, year) == expected


# --------------------------------------------------------------------------- map
def _trace_of(atlas, fig, feature_id):
    """The trace drawing a feature and the feature's index in it, found by the trace's key (uid)."""
    keys = Keys.of(fig)
    for key, ids in feature_traces(atlas).items():
        if feature_id in ids:
            return fig.data[keys.traces[key]], ids.index(feature_id)
    raise AssertionError(feature_id)


def test_map_shows_every_feature_with_its_id_and_every_trace_has_a_key(atlas, state0):
    fig = map_figure(atlas, state0)
    assert all(t.uid for t in fig.data) and len({t.uid for t in fig.data}) == len(fig.data)
    drawn = feature_traces(atlas)
    shown = [i for ids in drawn.values() for i in ids]
    points = set(atlas.posts["id"]) | set(atlas.ports["id"])
    assert set(shown) == points | set(atlas.routes["id"])
    assert all(shown.count(p) == 1 for p in points)  # each post or port is drawn once
    keys = Keys.of(fig)
    for key, ids in drawn.items():
        assert list(dict.fromkeys(fig.data[keys.traces[key]].customdata)) == ids


@pytest.mark.parametrize("layers", [None, ("posts",), ("ports", "corridor"), ("pipelines",), ()])
def test_map_table_view_and_csv_show_the_same_features_from_one_table(atlas, state0, layers):
    """The features the map draws visible are the Table view's rows and shown.csv's feature rows, and every
    marker's name comes from the one feature table (dashboard.data.tables)."""
    state = state0 if layers is None else with_changes(state0, layers=layers)
    fig = map_figure(atlas, state)
    keys = Keys.of(fig)
    drawn = [i for key, ids in feature_traces(atlas).items() if fig.data[keys.traces[key]].visible is not False
             for i in ids]
    assert drawn == list(visible_features(atlas, state)["id"]) == [r["id"] for r in table_rows(atlas, state)]
    names = feature_table(atlas)["name"]
    for g in POINT_GROUPS:
        trace = fig.data[keys.traces[group_key(g)]]
        assert all(f"<b>{names[fid]}</b>" in hover for fid, hover in zip(trace.customdata, trace.hovertext,
                                                                          strict=True))


def test_every_route_is_clickable_along_its_line_but_never_on_a_port(atlas, state0):
    """Invisible handles carry a route's click; none sits on a port or post, so those stay clickable."""
    fig = map_figure(atlas, state0)
    routes = set(atlas.routes["id"])
    handles = [t for t in fig.data if t.uid.startswith("handles-")]
    assert {t.customdata[0] for t in handles} == routes
    ports = atlas.ports.set_index("id").geometry
    kuryk = ports["port_kuryk"]
    for t in handles:
        gaps = [((lon - kuryk.x) ** 2 + (lat - kuryk.y) ** 2) ** 0.5 for lon, lat in zip(t.lon, t.lat, strict=True)]
        assert min(gaps) > 0.25
    kuryk, k = _trace_of(atlas, fig, "port_kuryk")
    assert kuryk.customdata[k] == "port_kuryk"


def test_map_base_layers_are_local_and_the_frame_holds_every_feature(atlas, state0):
    geo = map_figure(atlas, state0).layout.geo
    bounds = [atlas.posts.total_bounds, atlas.ports.total_bounds, atlas.routes.total_bounds]
    assert geo.lonaxis.range[0] < min(b[0] for b in bounds) and geo.lonaxis.range[1] > max(b[2] for b in bounds)
    assert geo.lataxis.range[0] < min(b[1] for b in bounds) and geo.lataxis.range[1] > max(b[3] for b in bounds)
    assert geo.showlakes and geo.fitbounds is False


def test_features_opened_later_fade_and_proposed_lines_are_dotted(atlas, state0):
    before = map_figure(atlas, with_changes(state0, year=2010, year_start=2010))
    after = map_figure(atlas, with_changes(state0, year=2020, year_start=2020))
    tanap_before, _ = _trace_of(atlas, before, "tanap")
    tanap_after, _ = _trace_of(atlas, after, "tanap")
    assert tanap_before.opacity < 0.5 and tanap_after.opacity == 1 and tanap_after.line.dash == "solid"
    tcp, _ = _trace_of(atlas, after, "tcp")
    assert tcp.line.dash == "dot"
    kuryk, k = _trace_of(atlas, before, "port_kuryk")
    assert kuryk.marker.opacity[k] < 0.5


def test_legend_and_its_swatches_do_not_change_with_the_year(atlas, state0):
    """In 1992 no rail line was open: the lines fade and dot, but the legend still reads 'rail', solid."""
    def legend(fig):
        return [t.to_plotly_json() for t in fig.data if t.showlegend is not False]

    early = map_figure(atlas, with_changes(state0, year=1992, year_start=1992))
    late = map_figure(atlas, with_changes(state0, year=2025, year_start=2025))
    assert legend(early) == legend(late) and len(legend(early)) >= 12
    assert all(t.uid.startswith("legend-") for t in early.data if t.showlegend is not False)
    stamp = [a.text for a in early.layout.annotations if a.name == "year-stamp"]
    assert stamp == ["<b>1992</b>"]


def test_sector_choice_dims_other_sectors(atlas, state0):
    fig = map_figure(atlas, with_changes(state0, sector="energy"))
    btc, _ = _trace_of(atlas, fig, "btc")
    embassy, e = _trace_of(atlas, fig, "kz_emb_ankara")
    assert btc.opacity == 1 and embassy.marker.opacity[e] < 0.5


def test_layer_toggle_hides_whole_layer(atlas, state0):
    fig = map_figure(atlas, with_changes(state0, layers=("ports", "corridor")))
    keys = Keys.of(fig)
    assert all(fig.data[keys.traces[group_key(g)]].visible is False for g in POINT_GROUPS if g.layer == "posts")
    tanap, _ = _trace_of(atlas, fig, "tanap")
    assert tanap.visible is False


def test_style_patch_turns_one_view_into_another(atlas, state0):
    """The partial update sent on a year/sector/view change gives exactly the figure a full redraw would."""
    a = with_changes(state0, year=2005, year_start=2005, sector="diplomacy")
    b = with_changes(
        state0,
        year=2021,
        year_start=2021,
        sector="transport",
        feature="port_kuryk",
        layers=("posts", "corridor"),
        view=(50.0, 42.0, 2.5),
    )
    patched = map_figure(atlas, a)
    apply_style(patched, map_style(atlas, b), map_keys(atlas))
    assert json.loads(patched.to_json()) == json.loads(map_figure(atlas, b).to_json())


def test_selected_feature_gets_a_ring(atlas, state0):
    fig = map_figure(atlas, with_changes(state0, feature="port_kuryk"))
    ring = fig.data[Keys.of(fig).traces["selected"]]
    kuryk, k = _trace_of(atlas, fig, "port_kuryk")
    assert list(ring.lon) == [pytest.approx(kuryk.lon[k])]


# --------------------------------------------------------------------------- trade chart
def _named(fig: go.Figure, prefix: str):
    return [t for t in fig.data if (t.name or "").startswith(prefix)]


def test_trade_chart_breaks_the_line_at_missing_years(atlas, state0):
    fig = trade_figure(atlas, state0)
    line = _named(fig, "Turnover — Kazakhstan")[0]
    y = dict(zip(line.x, line.y, strict=True))
    assert y[2014] is None and y[2022] == pytest.approx(6.3)
    gaps = _named(fig, "No full-year figure")[0]
    assert 2014 in gaps.x


def test_trade_chart_never_plots_dubious_claims(atlas, state0):
    fig = trade_figure(atlas, with_changes(state0, reporter="both"))
    values = [v for t in fig.data if t.y is not None for v in t.y if v is not None and not isinstance(v, str)]
    assert 10.0 not in values and 3.32 not in values  # the ambassador's ">$10bn" and Yeniçağ's 3.32bn


def test_partial_years_are_labelled_not_drawn_as_full_years(atlas, state0):
    fig = trade_figure(atlas, state0)
    partial = _named(fig, "Partial year")[0]
    labels = dict(zip(partial.x, partial.text, strict=True))
    assert labels[2019] == "Jan–Sep"
    line = _named(fig, "Turnover — Kazakhstan")[0]
    assert dict(zip(line.x, line.y, strict=True))[2019] is None


def test_mirror_overlay_adds_turkish_figures(atlas, state0):
    fig = trade_figure(atlas, with_changes(state0, reporter="both"))
    tr = _named(fig, "Turnover — Türkiye")[0]
    assert dict(zip(tr.x, tr.y, strict=True))[2010] == pytest.approx(3.28)
    assert "both" in fig.layout.title.text or "Türkiye" in fig.layout.title.text


def test_target_line_names_who_set_it(atlas, state0):
    fig = trade_figure(atlas, state0)
    assert any(s.y0 == 10 and s.y1 == 10 for s in fig.layout.shapes)
    note = [a.text for a in fig.layout.annotations if "10 bn target" in (a.text or "")]
    assert note and "first set by" in note[0]


def test_trade_chart_traces_and_year_band_are_keyed(atlas, state0):
    for reporter in ("KZ", "TR", "both"):
        fig = trade_figure(atlas, with_changes(state0, reporter=reporter, year=2012, year_start=2010))
        keys = Keys.of(fig)
        assert all(t.uid for t in fig.data)
        band = fig.layout.shapes[keys.shapes["year-band"]]
        assert (band.x0, band.x1) == (2009.5, 2012.5)


def test_milestones_link_to_map_features(atlas, state0):
    fig = trade_figure(atlas, with_changes(state0, feature="port_kuryk"))
    ms = fig.data[Keys.of(fig).traces["milestones"]]
    linked = [c for c in ms.customdata if c[2] == "port_kuryk"]
    assert linked and all(c[0] == "milestone" for c in ms.customdata)
    big = [s for s, c in zip(ms.marker.size, ms.customdata, strict=True) if c[2] == "port_kuryk"]
    assert set(big) == {18}


# --------------------------------------------------------------------------- sector panel
@pytest.mark.parametrize("sector", ["energy", "transport", "agriculture", "metals", "diplomacy", "trade"])
def test_every_sector_has_a_plain_coverage_note_and_a_chart(atlas, sector):
    rows = sector_indicators(atlas, sector)
    note = coverage_note(sector, rows)
    assert note.split(":")[0] in {
        "Energy",
        "Transport & logistics",
        "Agriculture",
        "Metals & mining",
        "Diplomacy",
        "Trade overall",
    }
    options = series_options(atlas, sector)
    if options:
        _, chosen = sector_points(atlas, sector, options[0])
        fig = sector_figure(chosen, sector, 2023)
        assert chosen["display_unit"].nunique() == 1 and len(fig.data) >= 1
        assert fig.layout.title.text.endswith(f"({unit_label(chosen['display_unit'].iloc[0])})")  # "US$ bn"
        assert (chosen["role"] == PLOTTED).any()
    else:
        assert "no sourced indicator values" in note


def test_empty_selection_says_so(atlas):
    fig = sector_figure(sector_points(atlas, "energy", None)[1].iloc[0:0], "energy", 2020)
    assert "No sourced values" in fig.layout.annotations[0].text


def test_rounded_political_figures_are_hollow_official_statistics_filled(atlas, state0):
    line = _named(trade_figure(atlas, state0), "Turnover — Kazakhstan")[0]
    fill = dict(zip(line.x, line.marker.color, strict=True))
    assert fill[2015] == "white"  # Nazarbayev's "$2 billion"
    assert fill[2018] == "white"  # "more than $1.9 billion"
    assert fill[2022] != "white"  # official statistic
