"""App-level tests through Flask's test client: no browser, real HTTP round trips to every callback."""

from __future__ import annotations

import json

import plotly.utils
import pytest

from dashboard import create_app, ids, make_domain
from dashboard.briefing.deck import default_deck
from dashboard.config import ROOT, Settings
from dashboard.data.load import load_atlas
from dashboard.devtools import call
from dashboard.layout.briefing import deck_list
from dashboard.layout.panels import feature_table_view, table_rows
from dashboard.state import decode, default_state

ATLAS = load_atlas(ROOT / "geodata")
DOMAIN = make_domain(ATLAS)
LO, HI = DOMAIN.years
YEARS = [LO, (LO + HI) // 2, HI]
SECTORS = ["all", *DOMAIN.sectors]


@pytest.fixture(scope="module")
def app():
    return create_app(Settings(data_dir=ROOT / "geodata"))


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _layout_ids(node, found=None):
    found = set() if found is None else found
    if isinstance(node, dict):
        props = node.get("props", {})
        if "id" in props:  # pattern-matching ids are recorded by their type
            cid = props["id"]
            found.add(cid["type"] if isinstance(cid, dict) else cid)
        for v in props.values():
            _layout_ids(v, found)
    elif isinstance(node, list):
        for v in node:
            _layout_ids(v, found)
    return found


def _call(client, app, first_output, values, changed):
    """POST one callback the way the browser does; returns (status, response json or text)."""
    r = call(client, app, first_output, values, changed)
    return r.status_code, (r.get_json(silent=True) if r.status_code == 200 else r.get_data(as_text=True))


def test_page_and_layout_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and b"Kazakhst" in page.data
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    assert b"cdn.plot.ly" not in page.data and b"https://cdn" not in layout.data


def _dep_id(dep_id):
    return json.loads(dep_id)["type"] if dep_id.startswith("{") else dep_id


def test_every_callback_input_and_output_exists_in_the_layout(app, client):
    present = _layout_ids(client.get("/_dash-layout").get_json())
    # The Table view and the deck editor's slide list are built on demand: their pattern-matched fields and
    # buttons come with them.
    rows = table_rows(ATLAS, default_state(DOMAIN))
    for part in (feature_table_view(rows, None, "", len(rows)), deck_list(default_deck(DOMAIN))):
        present |= _layout_ids(json.loads(json.dumps(part.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)))
    assert {ids.TABLE_SORT_BY, ids.TABLE_ROW, ids.SLIDE_GOTO, ids.SLIDE_TITLE} <= present
    for key, spec in app.callback_map.items():
        for dep in spec["inputs"] + spec["state"]:
            assert _dep_id(dep["id"]) in present, (key, dep)
        outputs = key.strip(".").split("...") if key.startswith("..") else [key]
        for out in outputs:
            assert _dep_id(out.rsplit(".", 1)[0].split("@")[0]) in present, key


def test_no_asset_or_script_points_outside_the_server(client):
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    for path in ("/assets/plotly_topojson/world_50m.json", "/assets/plotly_topojson/region/world_50m.json"):
        topo = client.get(path)
        assert topo.status_code == 200 and json.loads(topo.data)["type"] == "Topology"


@pytest.mark.parametrize("sector", SECTORS)
@pytest.mark.parametrize("year", YEARS)
def test_state_callback_answers_for_every_sector_and_year(app, client, sector, year):
    status, resp = _call(
        client,
        app,
        "view-state.data",
        {
            "sector-chips.value": sector,
            "year-slider.value": year,
            "url.search": "",
            "reporter-toggle.value": "KZ",
            "layer-toggles.value": list(DOMAIN.layers),
            "view-state.data": f"sector={sector}" if sector != "all" else "",
        },
        [f"{ids.YEAR}.value"],
    )
    assert status == 200
    stored = resp["response"][ids.STATE]["data"]
    state, notices = decode(stored, DOMAIN)
    assert (state.year, state.sector, notices) == (year, sector, ())
    assert resp["response"][ids.URL]["search"] == (f"?{stored}" if stored else "")


@pytest.mark.parametrize("sector", SECTORS)
@pytest.mark.parametrize("year", YEARS)
def test_render_callbacks_answer_with_valid_figures(app, client, sector, year):
    query = f"year={year}" + (f"&sector={sector}" if sector != "all" else "")
    status, resp = _call(client, app, "map.figure", {"view-state.data": query}, ["view-state.data"])
    assert status == 200 and resp["response"]["map"]["figure"]["__dash_patch_update"]
    status, resp = _call(client, app, "sector-indicator.options", {"view-state.data": query}, ["view-state.data"])
    assert status == 200
    options = resp["response"]["sector-indicator"]["options"]
    status, resp = _call(
        client,
        app,
        "sector-chart.figure",
        {"view-state.data": query, "sector-indicator.value": options[0]["value"] if options else None,
         "analysis-seen.data": True},
        ["view-state.data"],
    )
    # a chart, or (fewer than three full years) the figures as cards and the chart hidden
    chart, cards = resp["response"]["sector-chart"], resp["response"]["sector-cards"]["children"]
    assert status == 200 and ("data" in chart.get("figure", {}) or (cards and chart["style"] == {"display": "none"}))
    status, resp = _call(client, app, "headline.children", {"view-state.data": query}, ["view-state.data"])
    assert status == 200 and resp["response"]["year-label"]["children"] == str(year)


def test_tampered_payload_gets_no_500_and_a_notice(app, client):
    status, resp = _call(
        client,
        app,
        "view-state.data",
        {"map.clickData": {"points": [{"customdata": "<script>"}]}, "view-state.data": "year=2010"},
        ["map.clickData"],
    )
    assert status == 200
    assert "invalid" in resp["response"][ids.NOTICE]["children"]
    assert set(resp["response"]) == {ids.NOTICE}  # the view (year=2010) is left exactly as it was


def test_malformed_url_falls_back_with_a_notice(app, client):
    status, resp = _call(
        client, app, "view-state.data", {"url.search": "?year=abc&sector=<script>alert(1)</script>"}, ["url.search"]
    )
    assert status == 200
    notice = resp["response"][ids.NOTICE]["children"]
    assert "<script" not in notice and "year" in notice
    assert decode(resp["response"][ids.STATE]["data"], DOMAIN)[0] == decode("", DOMAIN)[0]


def test_garbage_callback_request_is_not_a_server_error(client):
    r = client.post("/_dash-update-component", data=b"{not json", content_type="application/json")
    assert r.status_code < 500
