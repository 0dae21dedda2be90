"""Messages the server writes outside the page, in the reader's language: plain error pages and the notice of a
callback that failed."""

from __future__ import annotations

import json

import pytest

import dashboard.callbacks
from dashboard import callback_language, make_domain
from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.devtools import callback_key, request_body

DOMAIN = make_domain(load_atlas(ROOT / "geodata"))


@pytest.mark.parametrize(("cookie", "accept", "expected"), [
    (None, None, "Not found. The Atlas is at /"),
    ("kk", None, "Табылмады. Атлас мына мекенжайда: /"),
    ("ru", "tr-TR", "Не найдено. Атлас находится по адресу /"),  # the page's language beats the browser's
    (None, "tr-TR,tr;q=0.9", "Bulunamadı. Atlas şu adreste: /"),
    ("<x>", "de-DE", "Not found. The Atlas is at /"),  # a tampered cookie, a language the Atlas lacks: English
])
def test_a_plain_error_page_is_in_the_readers_language(client, cookie, accept, expected):
    if cookie is not None:
        client.set_cookie("atlas-lang", cookie)
    r = client.get("/no-such-page", headers={"Accept-Language": accept} if accept else {})
    assert r.status_code == 404 and r.mimetype == "text/plain"
    assert r.get_data(as_text=True).strip() == expected
    assert "Cookie" in r.headers["Vary"] and "Accept-Language" in r.headers["Vary"]


def test_a_too_large_request_is_refused_in_the_readers_language(client):
    client.set_cookie("atlas-lang", "ru")
    r = client.post("/_dash-update-component", data=b"x" * (3 * 1024 * 1024), content_type="application/json")
    assert r.status_code == 413 and r.get_data(as_text=True).startswith("Запрос слишком велик (более 2 МБ)")


@pytest.mark.parametrize(("lang", "expected"), [
    ("kk", "Бұл сұрауды орындау кезінде қате шықты; көрініс өзгертілмеді."),
    ("ru", "При выполнении запроса произошла ошибка; вид не изменен."),
    ("en", "Something went wrong with that request; the view was left unchanged."),
])
def test_a_failing_callback_says_so_in_the_language_of_its_view(app, client, monkeypatch, lang, expected):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(dashboard.callbacks, "table_rows", broken)
    query = "year=1997" + ("" if lang == "en" else f"&lang={lang}")  # a view no other test asks for (answer cache)
    values = {"view-state.data": query, "map-mode.value": "table"}
    body = request_body(app, callback_key(app, "feature-table.children"), values, ["map-mode.value"])
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    answer = json.loads(r.get_data(as_text=True))
    assert answer["sideUpdate"]["notice"]["children"] == expected
    assert "a bug" not in r.get_data(as_text=True)


def test_the_language_of_a_callback_comes_from_its_body_only():
    def body(value, prop="data", cid="view-state"):
        return {"inputs": [[{"id": {"type": "x", "index": 0}, "property": "n_clicks", "value": 1}]],
                "state": [{"id": cid, "property": prop, "value": value}]}

    assert callback_language(body("year=2020&lang=kk"), DOMAIN) == "kk"
    assert callback_language(body("?lang=ru", "search", "url"), DOMAIN) == "ru"
    assert callback_language(body("lang=xx"), DOMAIN) == "en"
    assert callback_language(body(12), DOMAIN) == "en"
    assert callback_language(None, DOMAIN) == "en"
    assert callback_language({"inputs": "junk"}, DOMAIN) == "en"


def test_the_trade_chart_drawn_before_the_view_state_is_in_the_pages_language(app, client):
    """The chart can come into view before the first view state is written: its words follow the page's language
    (the language menu), not English."""
    values = {"reporter-toggle.value": "KZ", "analysis-seen.data": True, "view-state.data": None,
              "lang-pick.value": "kk"}
    body = request_body(app, callback_key(app, "trade-chart.figure"), values, ["analysis-seen.data"])
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    figure = json.loads(r.get_data(as_text=True))["response"]["trade-chart"]["figure"]
    assert figure["layout"]["title"]["text"].startswith("Қазақстан–Түркия саудасы")
