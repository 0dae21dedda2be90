"""The Atlas in a real browser as production serves it: gunicorn, under a sub-path, on two machines.

Two gunicorn servers (``python app.py --base-path /atlas/``) stand for two machines behind a load
balancer; the page must work whichever of them answers each request. Every page here also fails
on any Content-Security-Policy violation (see ``CSP_REPORTER`` in conftest.py).
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_atlas, query, settle
from tests.servers import ServerProcess

pytestmark = pytest.mark.serving
BASE = "/atlas/"


@pytest.fixture(scope="module")
def machines():
    """Two independent servers of the same release, both under /atlas/ (started together, stopped always)."""
    servers = [ServerProcess("--base-path", BASE, "--workers", "2", "--threads", "4", base_path=BASE)
               for _ in range(2)]
    try:
        for s in servers:
            s.start()
        for s in servers:
            s.wait_ready()
        yield servers
    finally:
        for s in servers:
            s.stop()


def test_a_csp_violation_fails_the_page(page: Page, page_problems):
    """The fixture sees a blocked inline script (so the other browser tests prove the pages have none)."""
    open_atlas(page)
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }""")
    for _ in range(50):
        if any("CSP violation: script-src" in m for m in page_problems.console):
            break
        page.wait_for_timeout(100)
    assert any("CSP violation: script-src" in m for m in page_problems.console), page_problems.console
    assert page.evaluate("() => window.__injected") is None  # blocked, not run
    page_problems.console.clear()  # expected here: the test passes only because it was caught


def test_the_page_works_under_a_sub_path(open_page, machines):
    server = machines[0]
    page = open_page(server.url)
    paths: list[str] = []
    page.on("request", lambda req: paths.append(urlsplit(req.url).path))
    open_atlas(page, f"{BASE}?year=2016&sector=energy")

    assert paths and all(p.startswith(BASE) for p in paths), sorted({p for p in paths if not p.startswith(BASE)})
    assert any(p.startswith(f"{BASE}_dash-update-component") for p in paths)
    # A control changes the view and the URL under the sub-path (a share link carries it).
    page.locator("#sector-chips label[for$='_input_transport']").click()
    page.wait_for_function("() => location.search.includes('sector=transport')")
    settle(page)
    assert urlsplit(page.url).path == BASE and query(page)["sector"] == "transport"
    # The Export menu links into the sub-path, and a file downloads from there.
    page.locator("#export-menu").get_by_role("button", name="Export", exact=True).click()
    csv_link = page.locator("#export-menu").get_by_role(
        "link", name="CSV of this view (with sources; column headers in English)", exact=True)
    expect(csv_link).to_have_attribute("href", f"{BASE}export/shown.csv?year=2016&sector=transport")
    with page.expect_download(timeout=60_000) as info:
        csv_link.click()
    assert info.value.failure() is None
    assert info.value.suggested_filename == "kz-tr-atlas_shown_2016_transport.csv"


def test_my_deck_is_posted_under_the_sub_path(open_page, machines, atlas):
    """assets/exports.js finds the PDF route from the menu, not from a written-out path."""
    from dashboard import make_domain  # noqa: PLC0415
    from dashboard.briefing.deck import default_deck  # noqa: PLC0415

    page = open_page(machines[0].url)
    open_atlas(page, BASE)
    deck = default_deck(make_domain(atlas)).to_json()
    page.evaluate("(d) => localStorage.setItem('deck-store', JSON.stringify(d))", deck)
    posted: list[tuple[str, str]] = []

    def fake_pdf(route) -> None:  # record where the deck went; rendering it is tested elsewhere
        posted.append((route.request.method, urlsplit(route.request.url).path))
        route.fulfill(status=200, body=b"%PDF-1.4\n%%EOF\n", headers={"Content-Type": "application/pdf"})

    page.route("**/briefing.pdf", fake_pdf)
    page.locator("#export-menu").get_by_role("button", name="Export", exact=True).click()
    with page.expect_download(timeout=30_000):
        page.locator("#export-menu").get_by_role("button", name="Briefing PDF — my deck", exact=True).click()
    assert posted == [("POST", f"{BASE}export/briefing.pdf")]


def test_one_page_load_alternating_between_two_machines_works(open_page, machines):
    """Stateless: every other request of one page load (scripts, layout, callbacks) goes to the other server."""
    a, b = machines
    page = open_page(a.url)
    served = Counter()

    def balance(route) -> None:
        served["n"] += 1
        if served["n"] % 2:
            served["b"] += 1
            target = b.url + route.request.url.removeprefix(a.url)
            route.fulfill(response=route.fetch(url=target))
        else:
            served["a"] += 1
            route.continue_()

    page.route(f"{a.url}/**", balance)
    open_atlas(page, f"{BASE}?year=2014")
    page.locator("#sector-chips label[for$='_input_energy']").click()
    page.wait_for_function("() => location.search.includes('sector=energy')")
    settle(page)
    expect(page.locator("#sector-note")).not_to_have_text("")
    assert served["a"] >= 10 and served["b"] >= 10, served
    b_log = [json.loads(line) for line in b.stdout().splitlines()[1:] if line.startswith("{")]
    b_paths = Counter(r["path"] for r in b_log if r["status"] == 200)
    assert b_paths[f"{BASE}_dash-update-component"] >= 2, b_paths  # callbacks answered by the other machine
    assert any("_dash-component-suites" in p for p in b_paths), b_paths
