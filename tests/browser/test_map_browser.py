"""The map as a person uses it: zoom and pan into the URL, every feature reachable, labels, legend, table.

Each test reproduces a bug a user reported (issue 7) or a promise the README makes; the ``page``
fixture fails any test whose page logged a console error or sent a request off the server.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import make_domain
from dashboard.briefing.deck import default_deck
from dashboard.data.tables import features
from dashboard.state import decode
from tests.browser.helpers import click_at, expect_url, feature_marker, open_atlas, query, settle, url

pytestmark = pytest.mark.browser

GEO_VIEW_JS = """() => {
  const geo = document.querySelector('#map .js-plotly-plot')._fullLayout.geo;
  return [geo.center.lon, geo.center.lat, geo.projection.scale];
}"""


def map_centre(page: Page) -> tuple[float, float]:
    box = page.locator("#map .geo .layer.bg rect").first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def geo_view(page: Page) -> list[float]:
    return page.evaluate(GEO_VIEW_JS)


def names(atlas) -> dict[str, str]:
    f = features(atlas)
    return dict(zip(f["id"], f["name"], strict=True))


# --------------------------------------------------------------------------- zoom and pan
def test_wheel_zoom_goes_into_the_url_without_errors_and_a_reload_restores_it(page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    before = geo_view(page)
    x, y = map_centre(page)
    page.mouse.move(x, y)
    page.mouse.wheel(0, -400)

    expect_url(page, re.compile(r"[?&]view=[-\d.]+,[-\d.]+,[\d.]+(&|$)"))
    settle(page)
    lon, lat, scale = (float(v) for v in query(page)["view"].split(","))
    zoomed = geo_view(page)
    assert zoomed[2] > before[2] * 1.1, "the wheel zoomed in"
    assert (lon, lat, scale) == (pytest.approx(zoomed[0], abs=0.01), pytest.approx(zoomed[1], abs=0.01),
                                 pytest.approx(zoomed[2], abs=0.01))

    page.reload()
    open_atlas(page, url(page))
    assert geo_view(page) == [pytest.approx(lon, abs=0.01), pytest.approx(lat, abs=0.01),
                              pytest.approx(scale, abs=0.01)]


def test_zoom_buttons_and_drag_go_into_the_url_and_reset_clears_it(page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    page.locator("#map-zoom-in").click()
    expect_url(page, re.compile(r"[?&]view="))
    settle(page)
    scale = float(query(page)["view"].split(",")[2])
    assert scale > 1.3
    page.locator("#map-zoom-out").click()
    expect_url(page, re.compile(rf"view=[^&]*,{scale:g}(&|$)"), present=False)
    settle(page)
    # A drag pans the map: the centre in the URL moves.
    lon_before = float(query(page).get("view", "0,0,1").split(",")[0])
    frame = page.locator("#map .geo .layer.bg rect").first.bounding_box()
    x, y = frame["x"] + frame["width"] * 0.35, frame["y"] + frame["height"] * 0.12  # empty steppe, no marker
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 160, y + 40, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "(lon) => { const m = location.search.match(/view=([-\\d.]+)/); return m && Math.abs(+m[1] - lon) > 1; }",
        arg=lon_before,
    )
    settle(page)
    page.get_by_role("button", name="Reset view").click()
    expect_url(page, re.compile(r"view="), present=False)


# --------------------------------------------------------------------------- every feature reachable
def test_every_post_and_port_opens_its_own_card_with_a_click(page: Page, atlas):
    """Markers that would cover each other are spread apart: each one is reachable with the mouse."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    full = names(atlas)
    ids = list(atlas.posts["id"]) + list(atlas.ports["id"])
    # The two a user could not reach first, then every other one.
    ids = ["kz_cg_istanbul", "port_kuryk", "port_aktau", "port_ambarli"] + [
        i for i in ids if i not in {"kz_cg_istanbul", "port_kuryk", "port_aktau", "port_ambarli"}]
    card = page.locator("#detail-card h2")
    for fid in ids:
        marker = feature_marker(page, fid)
        click_at(page, marker["x"], marker["y"])
        expect(card).to_have_text(full[fid], timeout=5_000)
        settle(page)


def test_table_view_lists_features_and_a_row_opens_the_card_by_mouse_and_keyboard(page: Page, atlas):
    open_atlas(page, "/?layers=posts")
    expect(page.locator("#feature-table table")).to_have_count(0)  # built only when shown
    page.locator("#map-mode label", has_text="Table").click()
    table = page.locator("#feature-table table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(atlas.posts))  # only the layers shown on the map
    expect(table.locator("caption")).to_contain_text(f"{len(atlas.posts)} features")
    settle(page)
    istanbul = names(atlas)["kz_cg_istanbul"]
    table.get_by_role("button", name=istanbul, exact=True).click()
    expect(page.locator("#detail-card h2")).to_have_text(istanbul)
    expect_url(page, re.compile(r"[?&]feature=kz_cg_istanbul(&|$)"))
    expect(table.locator("tr[aria-current=true] th")).to_have_text(istanbul)
    settle(page)
    # Keyboard: sort by name with the header button, descending on a second press; Enter on a row opens its card.
    header = table.get_by_role("button", name=re.compile("^Name"))
    header.focus()
    page.keyboard.press("Enter")
    expect(table.locator("th[aria-sort=ascending]")).to_contain_text("Name")
    settle(page)
    first_up = table.locator("tbody tr:first-child th").inner_text()
    page.keyboard.press("Enter")
    expect(table.locator("th[aria-sort=descending]")).to_contain_text("Name")
    expect(table.locator("tbody tr:first-child th")).not_to_have_text(first_up)
    settle(page)
    first = table.locator("tbody tr:first-child th button")
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#detail-card h2")).to_have_text(first.inner_text().replace(" (unverified)", ""))
    # The filter keeps the rows whose text has every word typed.
    page.get_by_label("Filter features").fill("Almaty")
    expect(rows.first).to_contain_text("Almaty")
    expect(table.locator("caption")).to_contain_text(f"of {len(atlas.posts)} features")
    assert rows.count() < len(atlas.posts)


# --------------------------------------------------------------------------- filters, legend, year
def test_selecting_a_feature_keeps_the_sector_filter_and_clearing_it_too(page: Page, atlas):
    open_atlas(page, "/?sector=energy")
    marker = feature_marker(page, "port_kuryk")
    click_at(page, marker["x"], marker["y"])
    expect(page.locator("#detail-card h2")).to_have_text(names(atlas)["port_kuryk"])
    expect_url(page, re.compile(r"feature=port_kuryk"))
    assert query(page)["sector"] == "energy"
    expect(page.locator("#sector-chips input[value=energy]")).to_be_checked()
    page.get_by_role("button", name="✕ Clear selection").click()
    expect(page.locator("#detail-card h2")).to_have_text("Details")
    assert query(page) == {"sector": "energy"}


LEGEND_JS = """() => [...document.querySelectorAll('#map .legend .traces')].map(t => t.outerHTML)"""


def test_the_legend_is_the_same_in_every_year_and_the_year_is_stamped_on_the_map(page: Page):
    open_atlas(page, "/?year=1992")
    expect(page.locator("#map .annotation-text").first).to_have_text("1992")
    legend_1992 = page.evaluate(LEGEND_JS)
    open_atlas(page, "/?year=2025")
    expect(page.locator("#map .annotation-text").first).to_have_text("2025")
    assert legend_1992 and page.evaluate(LEGEND_JS) == legend_1992
    open_atlas(page, "/?year=2010..2020")
    expect(page.locator("#map .annotation-text").first).to_have_text("2010–2020")


LABELS_JS = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const i = gd._fullData.findIndex(t => t.uid === 'labels');
  const trace = gd.querySelectorAll('.scattergeo.trace')[gd._fullData.filter((t, n) => n < i && t.type ===
    'scattergeo').length];
  return [...trace.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; });
}"""


def _overlaps(a, b) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def test_labels_do_not_overlap_and_zooming_in_shows_more_of_them(page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    labels = page.evaluate(LABELS_JS)
    texts = {lab["text"] for lab in labels}
    assert {"Istanbul", "Ankara", "Astana", "Almaty", "TANAP"} <= texts, texts
    clashes = [(a["text"], b["text"]) for n, a in enumerate(labels) for b in labels[n + 1:] if _overlaps(a, b)]
    assert not clashes, clashes
    open_atlas(page, "/?view=35,39,3")  # Türkiye, closer
    zoomed = page.evaluate(LABELS_JS)
    in_turkey = {"Istanbul", "Ankara", "İzmir", "Antalya", "Bursa", "Kocaeli", "Ambarlı", "Mersin"}
    assert in_turkey <= {lab["text"] for lab in zoomed}


def test_a_slide_flies_the_map_to_its_region(page: Page, atlas):
    domain = make_domain(atlas)
    deck = default_deck(domain)
    network = next(n for n, s in enumerate(deck.slides, 1) if s.title == "The diplomatic network")
    kuryk = next(n for n, s in enumerate(deck.slides, 1) if "Kuryk" in s.title)
    open_atlas(page, f"/?briefing={network}")
    lon, lat, scale = geo_view(page)
    assert 26 <= lon <= 45 and 36 <= lat <= 42 and scale >= 2.5, "the network slide opens on Türkiye"
    for number in range(network + 1, kuryk + 1):
        page.keyboard.press("ArrowRight")
        expect_url(page, re.compile(rf"briefing={number}(&|$)"))
        settle(page)
    slide = decode(deck.slides[kuryk - 1].query, domain)[0]
    page.wait_for_function(
        "([lon, lat]) => { const g = document.querySelector('#map .js-plotly-plot')._fullLayout.geo;"
        " return Math.abs(g.center.lon - lon) < 0.05 && Math.abs(g.center.lat - lat) < 0.05; }",
        arg=list(slide.view[:2]),
    )
    lon, lat, scale = geo_view(page)
    assert 46 <= lon <= 56 and 37 <= lat <= 47 and scale >= 3, "the Kuryk slide flies to the Caspian"
