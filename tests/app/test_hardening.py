"""Hostile traffic through Flask's test client: memory that stays bounded, malformed bodies, forged headers."""

from __future__ import annotations

import gc
import json
import logging
import re
import tracemalloc

import pytest

from dashboard import create_app, ids
from dashboard.cache import BUDGET
from dashboard.config import ROOT, Settings
from dashboard.devtools import call, callback_key, request_body

VIEW = "year=2016&sector=energy"
BIG = 400 * 1024  # a 400 kB input


@pytest.fixture(scope="module")
def small_app():
    """The Atlas with a 1 MB cache budget (``ATLAS_CACHE_MB=1``); the process's budget is set back after."""
    kept = BUDGET.max_bytes
    yield create_app(Settings(data_dir=ROOT / "geodata", cache_mb=1))
    BUDGET.resize(kept)


def distinct(n: int) -> str:
    return f"{n:06d}" + "x" * (BIG - 6)


def sector_chart(client, app, indicator: object):
    """The sector chart's callback, its panel not yet on screen (the table and summary only: fast)."""
    return call(client, app, "sector-chart.figure",
                {"sector-indicator.value": indicator, "view-state.data": VIEW, "analysis-seen.data": False},
                ["sector-indicator.value"])


def export_menu(client, app, indicator: object):
    return call(client, app, "export-menu.children", {"sector-indicator.value": indicator, "view-state.data": VIEW},
                ["sector-indicator.value"])


# --------------------------------------------------------------------------- memory under distinct large inputs
def test_distinct_long_indicators_leave_the_process_no_bigger(small_app):
    client = small_app.server.test_client()
    for send in (sector_chart, export_menu):  # whatever the first answers build once
        assert send(client, small_app, distinct(0)).status_code == 200
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(1, 11):
            for send in (sector_chart, export_menu):
                assert send(client, small_app, distinct(n)).status_code == 200
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 20 requests carried 8 MB of distinct input; the caches may hold at most their 1 MB budget
    assert grown < 1.5 * 1024 * 1024, f"the process kept {grown / 1e6:.1f} MB"


def test_an_unknown_indicator_shows_the_sectors_first_series_with_a_notice(app):
    client = app.server.test_client()
    known = call(client, app, "sector-indicator.options", {"view-state.data": VIEW}, ["view-state.data"]).get_json()
    first = known["response"]["sector-indicator"]["value"]
    asked = sector_chart(client, app, first).get_json()
    unknown = sector_chart(client, app, "no such indicator · <b>kt</b>").get_json()
    assert unknown["response"]["sector-summary"] == asked["response"]["sector-summary"]  # the first series
    notice = unknown["sideUpdate"][ids.NOTICE]["children"]
    assert "no such indicator" in notice and "<b>" not in notice
    assert "sideUpdate" not in asked


def test_an_unknown_indicator_of_an_export_link_reaches_no_cache(app, monkeypatch):
    kept: list = []
    put = BUDGET.put
    monkeypatch.setattr(BUDGET, "put", lambda key, *rest: (kept.append(key), put(key, *rest)))
    client = app.server.test_client()
    junk = "junk indicator " + "y" * 300
    unknown = client.get("/export/shown.csv", query_string={"year": "2016", "sector": "energy", "indicator": junk})
    first = client.get("/export/shown.csv", query_string={"year": "2016", "sector": "energy"})
    assert unknown.status_code == 200 and unknown.data == first.data  # the sector's first series
    assert not [k for k in kept if junk in repr(k)]
    assert sector_chart(client, app, junk).status_code == 200
    assert not [k for k in kept if junk in repr(k)]


def test_the_export_menu_links_only_a_known_indicator(app):
    client = app.server.test_client()
    hrefs = str(export_menu(client, app, "no such indicator").get_json())
    assert "indicator=" not in hrefs and "sector=energy" in hrefs


# --------------------------------------------------------------------------- malformed callback bodies
def _good(app) -> dict:
    return request_body(app, callback_key(app, "headline.children"), {"view-state.data": VIEW}, ["view-state.data"])


MALFORMED = {
    "a list": lambda app: b"[]",
    "a number": lambda app: b"1",
    "null": lambda app: b"null",
    "an empty object": lambda app: b"{}",
    "nested 3,000 deep": lambda app: b'{"output": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    "an unknown output": lambda app: json.dumps({**_good(app), "output": "x" * 1_000_000}).encode(),
    "an input too many": lambda app: json.dumps({**_good(app), "inputs": _good(app)["inputs"] * 2}).encode(),
    "no inputs": lambda app: json.dumps({**_good(app), "inputs": []}).encode(),
    "an input of another callback": lambda app: json.dumps(
        {**_good(app), "inputs": [{"id": "year-slider", "property": "value", "value": 2016}]}).encode(),
    "outputs of another shape": lambda app: json.dumps({**_good(app), "outputs": 5}).encode(),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_malformed_callback_body_is_a_short_400_and_one_log_line(app, kind, caplog):
    body = MALFORMED[kind](app)
    with caplog.at_level(logging.INFO):
        r = app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert len(r.data) < 200 and "Traceback" not in r.get_data(as_text=True)
    logged = [rec for rec in caplog.records if rec.levelno >= logging.WARNING]
    assert len(logged) == 1 and logged[0].exc_info is None
    line = logged[0].getMessage()
    assert "\n" not in line and len(line) < 300


def test_a_well_formed_callback_body_is_still_answered(app):
    r = app.server.test_client().post("/_dash-update-component", json=_good(app))
    assert r.status_code == 200 and "headline" in r.get_json()["response"]


# --------------------------------------------------------------------------- links and headers
def test_the_handouts_link_back_ignores_a_forged_host(app):
    page = app.server.test_client().get("/export/handout?year=2016", headers={"Host": "evil.example"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "evil.example" not in text
    assert 'href="/?year=2016"' in text  # relative: the reader's browser completes it with the address it used


def test_behind_a_trusted_proxy_only_its_forwarded_host_is_believed():
    proxied = create_app(Settings(data_dir=ROOT / "geodata", base_path="/atlas/", trusted_proxies=1))
    client = proxied.server.test_client()
    forged = client.get("/atlas/export/handout?year=2016", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in forged and 'href="/atlas/?year=2016"' in forged
    public = client.get("/atlas/export/handout?year=2016", headers={
        "Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "intranet.example"})
    assert 'href="https://intranet.example/atlas/?year=2016"' in public.get_data(as_text=True)


def test_versioned_assets_are_cached_for_a_year_and_others_are_checked(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    versioned = re.findall(r'(?:src|href)="(/assets/[^"]+\?m=[^"]+)"', page)
    assert versioned
    for url in versioned:
        assert client.get(url).headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    assert client.get("/assets/atlas.css").headers["Cache-Control"] == "no-cache"


def test_the_csv_says_its_charset_once(app):
    r = app.server.test_client().get("/export/shown.csv?year=2016")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
