"""Screen geometry of the map: the frame fills any panel, markers never cover each other, labels never clash."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import make_domain
from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.figures.geo import Frame, Marker, Projection, box_height, fit, spread
from dashboard.figures.map import POINT_GROUPS, feature_bounds, frame_layout, map_labels, map_style, projection
from dashboard.state import default_state, with_changes

ATLAS = load_atlas(ROOT / "geodata")
STATE = default_state(make_domain(ATLAS))
SCREENS = [Frame(980, 588), Frame(1496, 520), Frame(390, 520), Frame(1560, 640)]


@pytest.mark.parametrize("frame", SCREENS)
def test_the_box_has_the_panels_aspect_and_holds_every_feature(frame):
    lay = frame_layout(ATLAS, frame)
    box = lay.box
    half_lon, half_lat = (box.lon[1] - box.lon[0]) / 2, (box.lat[1] - box.lat[0]) / 2
    aspect = math.radians(2 * half_lon) / box_height(box.center[1], half_lat, half_lon)
    assert aspect == pytest.approx(frame.width / lay.geo_height, rel=1e-6)
    lon0, lat0, lon1, lat1 = feature_bounds(ATLAS)
    eps = 1e-9
    assert box.lon[0] <= lon0 + eps and box.lon[1] >= lon1 - eps
    assert box.lat[0] <= lat0 + eps and box.lat[1] >= lat1 - eps


def test_the_home_view_is_the_same_on_every_screen():
    centres = {tuple(round(v, 6) for v in frame_layout(ATLAS, f).box.center) for f in SCREENS}
    assert len(centres) == 1


@given(st.floats(-60, 60), st.floats(20, 70), st.floats(0.5, 20))
def test_projection_round_trips(lon, lat, scale):
    proj = Projection(fit((10, 30, 90, 55), 1000, 600), 1000, 600, (50, 43), scale)
    back = proj.invert(*proj(lon, lat))
    assert back == (pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))


@pytest.mark.parametrize("frame", SCREENS)
@pytest.mark.parametrize("view", [None, (35.0, 39.0, 3.2), (51.0, 42.0, 3.5), (80.0, 44.5, 12.0)])
def test_no_two_markers_cover_each_other_and_labels_never_clash(frame, view):
    state = with_changes(STATE, view=view)
    proj = projection(ATLAS, state, frame)
    style = map_style(ATLAS, state, frame)
    drawn = []
    for g in POINT_GROUPS:
        trace = style[f"points-{g.key}"]
        drawn += [(proj(lon, lat), size) for lon, lat, size in zip(trace["lon"], trace["lat"], trace["marker.size"],
                                                                   strict=True)]
    for n, ((a, sa)) in enumerate(drawn):
        for b, sb in drawn[n + 1:]:
            assert math.dist(a, b) >= (sa + sb) / 2 + 3.9
    labels = map_labels(ATLAS, state, frame)
    rects = [lab.rect for lab in labels]
    for n, r in enumerate(rects):
        assert r[0] >= 0 and r[2] <= frame.width and r[1] >= 0 and r[3] <= frame.height
        for q in rects[n + 1:]:
            assert not (r[0] < q[2] and q[0] < r[2] and r[1] < q[3] and q[1] < r[3]), (labels[n].text, r, q)


def test_zooming_in_labels_more_features_and_the_selected_one_first():
    far = {lab.key for lab in map_labels(ATLAS, STATE, Frame(980, 588))}
    near = {lab.key for lab in map_labels(ATLAS, with_changes(STATE, view=(35.0, 39.0, 3.2)), Frame(980, 588))}
    turkey = {"kz_hc_bursa", "kz_hc_kocaeli", "port_ambarli", "kz_cg_istanbul", "kz_cg_izmir"}
    assert turkey <= near and not turkey <= far
    picked = map_labels(ATLAS, with_changes(STATE, feature="kz_hc_denizli"), Frame(980, 588))
    assert picked[0].key == "kz_hc_denizli"


def test_markers_at_the_same_place_are_spread_and_lonely_ones_stay():
    proj = Projection(fit((20, 35, 90, 55), 1000, 600), 1000, 600, (55, 45), 1.0)
    twins = [Marker("a", 80.01, 44.17, 12), Marker("b", 80.01, 44.17, 12), Marker("c", 30.0, 40.0, 12)]
    out = spread(twins, proj)
    assert out["c"] == (30.0, 40.0)
    assert math.dist(proj(*out["a"]), proj(*out["b"])) >= 12 + 3.9


@pytest.mark.parametrize("value", [None, "x", {"width": "a"}, {"width": 10, "height": 10}, {"width": 1e9, "height": 5},
                                   {"width": 800}, [800, 600]])
def test_a_tampered_frame_falls_back_to_the_default(value):
    assert Frame.parse(value) == Frame()


@settings(max_examples=50, deadline=None)
@given(st.integers(160, 5000), st.integers(160, 5000))
def test_any_measured_panel_gives_a_map(width, height):
    frame = Frame.parse({"width": width, "height": height})
    style = map_style(ATLAS, STATE, frame)
    assert style["layout"]["geo.lonaxis.range"][0] < style["layout"]["geo.lonaxis.range"][1]
