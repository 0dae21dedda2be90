"""The page on the screens people use: a 1366x768 laptop, a 1920x1080 monitor, a 390x844 phone.

Boxes are measured in the real browser after the page has settled; "in the viewport" means the
whole box, without scrolling.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import feature_marker, open_atlas, settle

pytestmark = pytest.mark.browser

BOX_JS = """(sel) => { const e = document.querySelector(sel); if (!e) return null;
  const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }"""
CORE = {
    "map": "#map .main-svg",
    "play": "#play-button",
    "year slider": "#year-slider",
    "headline": "#headline",
}


def box(page: Page, selector: str) -> dict:
    found = page.evaluate(BOX_JS, selector)
    assert found is not None, f"{selector} not on the page"
    return found


def assert_in_viewport(page: Page, parts: dict[str, str]) -> None:
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    outside = {}
    for name, sel in parts.items():
        b = box(page, sel)
        if not (b["x"] >= -0.5 and b["y"] >= -0.5 and b["x"] + b["w"] <= vw + 0.5 and b["y"] + b["h"] <= vh + 0.5):
            outside[name] = b
        assert b["w"] > 24 and b["h"] > 20, f"{name} is not drawn: {b}"
    assert not outside, f"not fully on the first screen ({vw}x{vh}): {outside}"


def test_laptop_1366x768_map_year_control_and_headline_on_the_first_screen(page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    assert page.evaluate("window.scrollY") == 0
    assert_in_viewport(page, CORE)
    assert box(page, "#map .main-svg")["w"] >= 900, "the map takes most of the width"
    # The trade timeline and the sector panel are one tab away, below the first screen.
    expect(page.get_by_text("Trade timeline & milestones")).to_be_attached()
    page.locator("#analysis-tabs label", has_text="Sector indicators").click()
    expect(page.locator(".sector-panel")).to_be_visible()
    expect(page.locator(".trade-panel")).to_be_hidden()


def test_wide_1920x1080_map_fills_its_panel_and_trade_timeline_is_on_screen(page: Page):
    open_atlas(page)  # the fixture's page is 1920x1080
    assert_in_viewport(page, {**CORE, "trade timeline": "#trade-chart .main-svg", "sector panel": ".sector-panel"})
    panel = box(page, ".map-body")
    frame = box(page, "#map .geo .layer.bg rect")
    assert frame["w"] >= 0.95 * panel["w"], f"empty side margins: geo frame {frame['w']:.0f} of {panel['w']:.0f} px"
    assert frame["h"] >= 0.7 * panel["h"]


@pytest.mark.parametrize("path", ["/", "/?briefing=1"])
def test_laptop_map_frame_fills_its_panel_also_when_presenting(page: Page, path):
    """The panel is shorter while presenting: the frame is fitted to the panel as it is, not as it was."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page, path)
    panel = box(page, ".map-body")
    page.wait_for_function(
        "(w) => document.querySelector('#map .geo .layer.bg rect').getBoundingClientRect().width >= 0.95 * w",
        arg=panel["w"],
    )
    frame = box(page, "#map .geo .layer.bg rect")
    assert frame["h"] >= 0.7 * panel["h"]


def test_phone_390x844_no_sideways_scroll_menu_and_tap_opens_the_card(phone: Page):
    page = phone
    open_atlas(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    map_box = box(page, "#map .main-svg")
    assert map_box["w"] >= 370, "the map is full width"
    # Header actions are in a menu.
    share = page.get_by_role("button", name="Share link")
    expect(share).to_be_hidden()
    page.get_by_role("button", name="☰ Menu").click()
    expect(share).to_be_visible()
    page.get_by_role("button", name="☰ Menu").click()
    expect(share).to_be_hidden()
    # Tap a marker: the card opens over the bottom of the screen.
    marker = feature_marker(page, "tr_emb_astana")
    page.touchscreen.tap(marker["x"], marker["y"])
    card = page.locator("#detail-card-box")
    expect(card.locator("h2")).to_have_text("Embassy of Türkiye in Astana")
    assert_in_viewport(page, {"card": "#detail-card-box"})
    page.get_by_role("button", name="✕ Clear selection").click()
    expect(card.locator("h2")).to_have_text("Details")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_phone_briefing_controls_on_screen(phone: Page):
    page = phone
    open_atlas(page, "/?briefing=1")
    assert_in_viewport(page, {"next": "#briefing-next", "previous": "#briefing-prev", "exit": "#briefing-exit",
                              "map": "#map .main-svg"})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


CLS_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) total += e.value; } })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (390, 844)])
def test_no_layout_shift_after_load(page: Page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_atlas(page)
    settle(page)
    cls = page.evaluate(CLS_JS)
    print(f"CLS at {size[0]}x{size[1]}: {cls:.4f}")
    assert cls < 0.05


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_charts_below_the_first_screen_are_drawn_without_scrolling(page: Page, size):
    """They are drawn after the map, not only when scrolled to: a print or a screenshot of the page never finds
    the trade timeline or the sector chart empty."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto("/?year=2022")
    page.wait_for_selector("#map .geo .scattergeo .point")
    expect(page.locator("#trade-chart .point").first).to_be_attached(timeout=15_000)
    expect(page.locator("#sector-chart .point").first).to_be_attached(timeout=15_000)
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.getElementById('trade-chart').getBoundingClientRect().top") > size[1]


@pytest.mark.parametrize(("size", "query"), [((1366, 768), "?year=2022"), ((1920, 1080), "?year=2022&reporter=both"),
                                             ((390, 844), "?year=2022&reporter=both")])
def test_the_trade_charts_legend_never_covers_its_title(page: Page, size, query):
    """However many rows the legend wraps into (more on narrow screens, more with both countries' series), it sits
    under the chart's title, and the milestone rows' names do not run into each other."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_atlas(page, "/" + query)
    boxes = page.evaluate("""() => {
      const g = document.querySelector('#trade-chart');
      const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
      const bg = getComputedStyle(g.querySelector('.legend .bg'));
      return {title: box(g.querySelector('.gtitle')), legend: box(g.querySelector('.legend .bg')),
              see_through: bg.fill === 'none' || bg.fill.endsWith(', 0)') || bg.fillOpacity === '0',
              entries: [...g.querySelectorAll('.legend .traces')].map(box),
              rows: [...g.querySelectorAll('.yaxislayer-above .y2tick text')].map(box)}; }""")
    title, legend = boxes["title"], boxes["legend"]
    assert boxes["entries"]
    covers = legend[1] < title[3] and legend[3] > title[1] and legend[0] < title[2] and legend[2] > title[0]
    assert boxes["see_through"] or not covers, "the legend's background is drawn over the title"
    for left, top, right, bottom in boxes["entries"]:
        assert top >= title[3] - 1 or left >= title[2] or right <= title[0], (title, (left, top, right, bottom))
    rows = sorted(boxes["rows"], key=lambda b: b[1])
    assert len(rows) == 6 and all(b[1] >= a[3] - 2 for a, b in itertools.pairwise(rows)), rows
