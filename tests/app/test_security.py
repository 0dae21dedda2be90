"""The HTTP shell through Flask's test client: headers, plain errors, limits, base path and proxies."""

from __future__ import annotations

import json
import re
import threading
import time
from html.parser import HTMLParser

import pandas as pd
import pytest
from dash import Dash, html

from dashboard import create_app, make_domain
from dashboard.cache import BUDGET, Budget, size_of
from dashboard.config import ROOT, Settings, SettingsError, normalise_base_path
from dashboard.data.load import load_atlas
from dashboard.devtools import callback_key, request_body
from dashboard.export import ExportQueue, register_exports
from dashboard.export.render import ExportBusy
from dashboard.server import MAX_BODY, answer_key, harden, script_hash

ATLAS = load_atlas(ROOT / "geodata")
DOMAIN = make_domain(ATLAS)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


class InlineScripts(HTMLParser):
    """The text of every inline script a browser would run (not JSON data blocks)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._in: bool = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers += [k for k in a if k.startswith("on")]
        self._in = tag == "script" and "src" not in a and a.get("type", "text/javascript") in (
            "text/javascript", "application/javascript", "module")
        if self._in:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def values_of(node, key: str) -> list:
    """Every value of ``key`` anywhere in a JSON document."""
    if isinstance(node, dict):
        return ([node[key]] if key in node else []) + [v for x in node.values() for v in values_of(x, key)]
    if isinstance(node, list):
        return [v for x in node for v in values_of(x, key)]
    return []


def script_src(response) -> list[str]:
    csp = response.headers["Content-Security-Policy"]
    return re.search(r"script-src ([^;]+)", csp).group(1).split()


def inline(page: str) -> InlineScripts:
    parser = InlineScripts()
    parser.feed(page)
    return parser


# --------------------------------------------------------------------------- content security policy
def test_page_scripts_run_only_by_source_or_hash(client):
    r = client.get("/")
    allowed = script_src(r)
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
    found = inline(r.get_data(as_text=True))
    assert found.scripts, "the page has inline scripts (Dash's renderer and clientside callbacks)"
    assert {script_hash(s) for s in found.scripts} <= set(allowed)
    assert found.handlers == []


def test_handout_has_no_inline_handler_and_its_script_is_allowed(app):
    client = app.server.test_client()
    r = client.get("/export/handout?year=2016")
    assert r.status_code == 200
    found = inline(r.get_data(as_text=True))
    assert found.handlers == [], "inline event handlers cannot be allowed by a hash"
    assert len(found.scripts) == 1 and script_hash(found.scripts[0]) in script_src(r)


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/_dash-dependencies", "/assets/atlas.css", "/healthz",
                                  "/export/shown.csv", "/nope", "/_dash-component-suites/dash/nope.js"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    h = r.headers
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert "object-src 'none'" in h["Content-Security-Policy"]
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer"
    assert h["X-Frame-Options"] == "DENY"
    policy = dict(item.split("=", 1) for item in h["Permissions-Policy"].split(", "))
    assert policy["camera"] == policy["microphone"] == policy["geolocation"] == "()"
    assert policy["fullscreen"] == "(self)"  # briefing mode's full-screen button


# --------------------------------------------------------------------------- plain errors
@pytest.mark.parametrize("path", ["/nope", "/favicon.ico", "/assets/nope.js", "/_dash-component-suites/dash/nope.js",
                                  "/_dash-component-suites/no_such_library/x.js", "/export/", "/export/x",
                                  "/admin/../etc/passwd", "/%ZZ"])
def test_unknown_paths_are_a_plain_404(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.mimetype == "text/plain", path
    text = r.get_data(as_text=True)
    assert "<" not in text and "Traceback" not in text and len(text) < 300


def test_wrong_method_is_a_plain_405(client):
    r = client.post("/")
    assert r.status_code == 405 and r.mimetype == "text/plain"


def test_a_failing_route_is_a_plain_500_without_traceback():
    bare = Dash(__name__)
    bare.layout = html.Div("x")

    def boom():
        raise ZeroDivisionError("secret detail")

    bare.server.add_url_rule("/boom", view_func=boom)
    harden(bare, Settings(), data_dir=ROOT / "geodata")
    r = bare.server.test_client().get("/boom")
    assert r.status_code == 500 and r.mimetype == "text/plain"
    text = r.get_data(as_text=True)
    assert "secret detail" not in text and "Traceback" not in text and "ZeroDivisionError" not in text
    assert r.headers["X-Content-Type-Options"] == "nosniff"


# --------------------------------------------------------------------------- limits
def test_a_body_over_2_mb_is_refused_with_a_message(client):
    r = client.post("/_dash-update-component", data=b"{" + b" " * MAX_BODY + b"}", content_type="application/json")
    assert r.status_code == 413 and r.mimetype == "text/plain"
    assert "too large (more than 2 MB)" in r.get_data(as_text=True)


def test_a_deck_over_512_kb_is_413_with_a_message(client):
    r = client.post("/export/briefing.pdf", data=b" " * (600 * 1024), content_type="application/json")
    assert r.status_code == 413 and "The deck is too large" in r.get_data(as_text=True)


class CountingRenderer:
    """Renders nothing but counts (and may hold) calls."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.calls = 0
        self.hold = hold

    def render(self, fig, fmt, width, height, scale=1):
        self.calls += 1
        if self.hold is not None:
            self.hold.wait(30)
        return SVG


def bare_exports(renderer, queue: ExportQueue | None = None) -> Dash:
    bare = Dash(__name__)
    bare.layout = html.Div()
    register_exports(bare, ATLAS, DOMAIN, renderer=renderer, queue=queue)
    return bare


def test_a_500_slide_deck_is_refused_before_any_rendering():
    renderer = CountingRenderer()
    client = bare_exports(renderer).server.test_client()
    deck = {"format": "kz-tr-atlas-deck", "version": 1,
            "slides": [{"title": f"Slide {n}", "query": "year=2016", "chart": "map", "caption": "c", "source": "s"}
                       for n in range(500)]}
    began = time.monotonic()
    r = client.post("/export/briefing.pdf", data=json.dumps(deck), content_type="application/json")
    assert r.status_code == 400 and "500 slides; at most 50" in r.get_data(as_text=True)
    assert renderer.calls == 0
    assert time.monotonic() - began < 5


def test_exports_wait_in_a_bounded_queue_and_overflow_is_refused_at_once():
    hold = threading.Event()
    renderer = CountingRenderer(hold)
    server = bare_exports(renderer, ExportQueue(running=1, waiting=1, wait=30)).server
    answers: list[int] = []

    def export() -> None:
        answers.append(server.test_client().get("/export/map.svg").status_code)

    first, second = threading.Thread(target=export), threading.Thread(target=export)
    first.start()
    deadline = time.monotonic() + 10
    while renderer.calls < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    second.start()
    time.sleep(0.3)  # the second waits for its turn
    began = time.monotonic()
    third = server.test_client().get("/export/map.svg")
    assert time.monotonic() - began < 2, "a full queue must refuse at once, not hold the thread"
    assert third.status_code == 503 and third.mimetype == "text/plain"
    assert "busy with other image and PDF exports" in third.get_data(as_text=True)
    assert third.headers["Retry-After"]
    assert renderer.calls == 1  # one Chromium render at a time
    hold.set()
    first.join(30)
    second.join(30)
    assert answers == [200, 200] and renderer.calls == 2
    assert server.test_client().get("/export/shown.csv").status_code == 200


def test_export_queue_gives_up_waiting_after_its_timeout():
    queue = ExportQueue(running=1, waiting=1, wait=0.2)
    with queue, pytest.raises(ExportBusy), queue:
        pass
    with queue:  # free again
        pass


def test_exports_are_rate_limited_per_client(app):
    client = app.server.test_client()
    me, other = {"REMOTE_ADDR": "192.0.2.7"}, {"REMOTE_ADDR": "192.0.2.8"}
    statuses = [client.get("/export/shown.csv?year=2016", environ_base=me).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    r = client.get("/export/shown.csv", environ_base=me, headers={"X-Forwarded-For": "198.51.100.1"})
    assert r.status_code == 429, "an unproxied client must not escape its limit with a forged header"
    assert r.mimetype == "text/plain" and "Too many requests from your address" in r.get_data(as_text=True)
    assert int(r.headers["Retry-After"]) > 0
    assert client.get("/export/shown.csv", environ_base=other).status_code == 200
    assert client.get("/", environ_base=me).status_code == 200  # the page itself is not limited


# --------------------------------------------------------------------------- answers of repeated callbacks
def test_an_identical_callback_request_gets_the_identical_answer_from_the_cache(app):
    import gzip  # noqa: PLC0415

    client = app.server.test_client()
    values = {"view-state.data": "year=2003&sector=agriculture"}
    body = request_body(app, callback_key(app, "headline.children"), values, list(values))

    def kept(body: dict) -> bool:
        return BUDGET.get(answer_key(app.server.extensions["atlas_answers"], json.dumps(body).encode())) is not None

    assert not kept(body)
    first = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert first.status_code == 200 and kept(body)
    again = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json",
                        headers={"Accept-Encoding": "gzip"})
    assert again.headers["Content-Encoding"] == "gzip" and gzip.decompress(again.data) == first.data
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    other = dict(body, inputs=[{**i, "value": "year=2004&sector=agriculture"} if i["id"] == "view-state" else i
                               for i in body["inputs"]])
    different = client.post("/_dash-update-component", data=json.dumps(other), content_type="application/json")
    assert different.status_code == 200 and different.data != first.data and kept(other)


def test_every_cache_shares_one_budget_least_recently_used_dropped_first():
    budget = Budget(max_bytes=1000)
    for n in range(50):
        budget.put(n, b"x", size=100)
        assert budget.get(0) is not None or n >= 10  # used, so kept while the others come and go
    assert len(budget) == 10 and budget.size == 1000
    assert budget.get(0) is not None and budget.get(40) is None and budget.get(49) is not None
    budget.put("big", b"x", size=300)  # over a quarter of the budget: not kept, nothing else dropped
    assert budget.get("big") is None and len(budget) == 10
    budget.resize(500)
    assert budget.size <= 500 and budget.get(49) is not None
    budget.resize(0)  # ATLAS_CACHE_MB=0: nothing is kept
    budget.put("small", b"x", size=1)
    assert len(budget) == 0 and budget.get("small") is None


def test_sizes_count_what_a_value_holds():
    frame = pd.DataFrame({"a": range(10_000)})
    assert size_of(frame) >= 80_000
    assert size_of({"k": ["x" * 5000, "y" * 5000]}) > 10_000
    shared = "z" * 10_000
    assert size_of([shared, shared]) < 11_000  # counted once


# --------------------------------------------------------------------------- base path and proxies
@pytest.fixture(scope="module")
def atlas_app():
    """The app under /atlas/ behind one trusted proxy, as docs/DEPLOY.md sets it up."""
    return create_app(Settings(data_dir=ROOT / "geodata", base_path="/atlas/", trusted_proxies=1))


def test_everything_is_served_under_the_base_path(atlas_app):
    client = atlas_app.server.test_client()
    page = client.get("/atlas/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert urls and all(u.startswith("/atlas/") for u in urls), [u for u in urls if not u.startswith("/atlas/")]
    for url in urls:
        assert client.get(url).status_code == 200, url
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', text).group(1))
    assert config["requests_pathname_prefix"] == "/atlas/"
    assert client.get("/").status_code == 404 and client.get("/export/shown.csv").status_code == 404
    assert client.get("/atlas").status_code in (301, 308)
    assert client.get("/atlas/export/shown.csv?year=2016").status_code == 200
    assert client.get("/atlas/healthz").status_code == 200 and client.get("/healthz").status_code == 200
    layout = client.get("/atlas/_dash-layout").get_json()
    exports = [h for h in values_of(layout, "href") if "export" in h]
    assert len(exports) >= 9 and all(h.startswith("/atlas/export/") for h in exports), exports
    assert set(values_of(layout, "topojsonURL")) == {"/atlas/assets/plotly_topojson/region/"}


def test_export_menu_links_follow_the_view_under_the_base_path(atlas_app):
    values = {"view-state.data": "year=2016&sector=energy"}
    body = request_body(atlas_app, callback_key(atlas_app, "export-menu.children"), values, list(values))
    r = atlas_app.server.test_client().post("/atlas/_dash-update-component", json=body)
    assert r.status_code == 200
    hrefs = values_of(r.get_json(), "href")
    assert "/atlas/export/map.png?year=2016&sector=energy" in hrefs
    assert "/atlas/export/handout?year=2016&sector=energy" in hrefs
    assert "/atlas/export/briefing.pdf" in hrefs  # also where "my deck" is posted (assets/exports.js)


def test_links_use_the_public_host_and_scheme_behind_a_trusted_proxy(atlas_app):
    client = atlas_app.server.test_client()
    r = client.get("/atlas/export/handout?year=2016", headers={
        "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "intranet.example"})
    assert r.status_code == 200
    assert 'href="https://intranet.example/atlas/?year=2016"' in r.get_data(as_text=True)


def test_behind_a_trusted_proxy_each_real_client_has_its_own_limit(atlas_app):
    client = atlas_app.server.test_client()

    def export(client_ip: str) -> int:
        return client.get("/atlas/export/shown.csv", headers={"X-Forwarded-For": client_ip}).status_code

    assert [export("203.0.113.20") for _ in range(21)][-2:] == [200, 429]
    assert export("203.0.113.21") == 200  # another person behind the same proxy


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(app):
    r = app.server.test_client().get("/export/handout?year=2016", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"})
    assert 'href="/?year=2016"' in r.get_data(as_text=True)  # relative: the address the reader's browser used
    assert "evil.example" not in r.get_data(as_text=True)


# --------------------------------------------------------------------------- settings
@pytest.mark.parametrize(("given", "expected"), [("", "/"), ("/", "/"), ("atlas", "/atlas/"), ("/atlas", "/atlas/"),
                                                 ("/atlas/", "/atlas/"), ("/intranet/atlas/", "/intranet/atlas/")])
def test_base_path_is_normalised(given, expected):
    assert normalise_base_path(given) == expected


@pytest.mark.parametrize("bad", ["/at las/", "/atlas/../x/", "/a?b/", "/<script>/", "/atlas/%2e%2e/"])
def test_unusable_base_paths_are_refused(bad):
    with pytest.raises(SettingsError, match="ATLAS_BASE_PATH"):
        normalise_base_path(bad)


def test_settings_from_the_environment():
    s = Settings.from_env({"ATLAS_WORKERS": "3", "ATLAS_THREADS": "8", "ATLAS_BASE_PATH": "atlas",
                           "ATLAS_TRUSTED_PROXIES": "1", "ATLAS_PORT": "8080", "ATLAS_DEV": "yes"})
    assert (s.workers, s.threads, s.base_path, s.trusted_proxies, s.port, s.server_kind) == (
        3, 8, "/atlas/", 1, 8080, "dev")
    default = Settings.from_env({})
    assert default.host == "127.0.0.1" and default.worker_count >= 2 and default.server_kind == "gunicorn"
    assert not default.debug


def test_no_switch_weakens_the_script_policy(monkeypatch):
    """--csp-allow-eval / ATLAS_CSP_ALLOW_EVAL (for a measuring tool) are gone: a production server never evaluates."""
    from app import parse_settings  # noqa: PLC0415

    with pytest.raises(SystemExit):
        parse_settings(["--csp-allow-eval"])
    monkeypatch.setenv("ATLAS_CSP_ALLOW_EVAL", "1")
    page = create_app(parse_settings(["--data-dir", str(ROOT / "geodata")])).server.test_client().get("/")
    assert "'unsafe-eval'" not in page.headers["Content-Security-Policy"]


def test_debug_is_refused_off_loopback():
    assert Settings(debug=True).refuse_unsafe() is None
    assert Settings(debug=True, host="::1").refuse_unsafe() is None
    assert "Refusing to start" in Settings(debug=True, host="0.0.0.0").refuse_unsafe()
    assert Settings(host="0.0.0.0").refuse_unsafe() is None  # production on all interfaces is fine
