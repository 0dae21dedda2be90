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


# --------------------------------------------------------------------------- on the room's projector
PROJECTORS = [(800, 600), (1024, 768)]
# The part of a box inside the viewport, and whether a box lies wholly inside another (e.g. a chip in its row).
VISIBLE_AREA = "(b) => Math.max(0, Math.min(b.x + b.w, innerWidth) - Math.max(b.x, 0)) * " \
               "Math.max(0, Math.min(b.y + b.h, innerHeight) - Math.max(b.y, 0))"
CUT_JS = """([items, frame]) => { const f = document.querySelector(frame).getBoundingClientRect();
  return [...document.querySelectorAll(items)].filter(e => e.offsetParent).map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }).filter(r => r.left < Math.max(f.left, 0) - 0.5 || r.right > Math.min(f.right, innerWidth) + 0.5
                 || r.top < Math.max(f.top, 0) - 0.5 || r.bottom > Math.min(f.bottom, innerHeight) + 0.5); }"""


def visible_area(page: Page, selector: str) -> float:
    return page.evaluate(f"(b) => ({VISIBLE_AREA})(b)", box(page, selector))


def cut_off(page: Page, items: str, frame: str) -> list[dict]:
    """The elements of ``items`` not wholly inside ``frame`` (and the viewport): cut off or scrolled out of sight."""
    return page.evaluate(CUT_JS, [items, frame])


@pytest.mark.parametrize("lang", ["en", "tr", "kk", "ru"])
@pytest.mark.parametrize("size", PROJECTORS)
def test_projector_start_page_draws_the_map_on_a_third_of_the_screen_and_cuts_nothing(page: Page, size, lang):
    """At 800x600 the map shrank to an ~80 px strip; at 1024x768 the sector chips and the map's layer switches were
    cut off; in Turkish, Kazakh and Russian the longer layer names wrapped the map's toolbar onto more rows and the
    map covered 28-31 % of a 1024x768 screen."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_atlas(page, f"/?lang={lang}")
    drawn = visible_area(page, "#map .geolayer")  # the map itself (land, sea, features), on the first screen
    assert drawn >= width * height / 3, f"the drawn map covers {drawn / width / height:.0%} of the screen"
    assert cut_off(page, ".sector-chips label", ".chips-scroll") == [], "sector chips cut off"
    assert cut_off(page, ".map-toolbar label, .map-toolbar button, .zoom-buttons button", ".map-panel") == [], \
        "map toolbar or zoom buttons cut off"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


SLIDE_FIGURES_JS = """() => {
  let area = 0;
  const parts = [...document.querySelectorAll('.atlas-grid .svg-container, .atlas-grid .sector-cards:not(:empty)')];
  parts.push(...document.querySelectorAll('.atlas.focus-card .side, .atlas.focus-headline .side'));
  for (const e of parts) { if (!e.offsetParent) continue; const b = e.getBoundingClientRect();
    area += (%s)({x: b.left, y: b.top, w: b.width, h: b.height}); }
  return {share: area / innerWidth / innerHeight, scroll: document.documentElement.scrollHeight - innerHeight}; }"""


@pytest.mark.parametrize("size", PROJECTORS)
def test_projector_every_slide_fits_the_screen_with_its_figures_on_40_percent(page: Page, size, atlas):
    """At 800x600 a slide scrolled (the phone's one-column slide) and its caption bar took a third of the screen."""
    from dashboard import make_domain  # noqa: PLC0415
    from dashboard.briefing.deck import default_deck  # noqa: PLC0415

    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_atlas(page, "/?briefing=1")
    for n, slide in enumerate(default_deck(make_domain(atlas)).slides, start=1):
        if n > 1:
            page.keyboard.press("ArrowRight")  # as a presenter steps through (one page load, not seven)
        expect(page.locator(".slide-title")).to_have_text(slide.title)
        settle(page)
        # a drawn chart or map, or a thin sector series' figures as cards (Agriculture: no chart)
        page.wait_for_function("() => [...document.querySelectorAll('.atlas-grid .svg-container, "
                               ".atlas-grid .sector-cards:not(:empty)')].some(e => e.offsetParent)")
        measured = page.evaluate(SLIDE_FIGURES_JS % VISIBLE_AREA)
        assert measured["scroll"] <= 1, f"slide {n} scrolls by {measured['scroll']} px"
        assert measured["share"] >= 0.4, f"slide {n}: its figures cover {measured['share']:.0%} of the screen"
        assert cut_off(page, ".slide-title, .slide-caption, .slide-controls .btn, .slide-source-bar, .callout",
                       "body") == [], f"slide {n} cut off"


LEGEND_CUT_JS = """() => { const panel = document.querySelector('.sector-panel').getBoundingClientRect();
  const bottom = Math.min(panel.bottom, innerHeight);
  return [...document.querySelectorAll('#sector-chart .legend .traces')].filter(e => {
    const r = e.getBoundingClientRect(); return r.bottom > bottom + 0.5 || r.top < panel.top - 0.5; })
    .map(e => e.textContent); }"""


@pytest.mark.parametrize("size", PROJECTORS)
def test_projector_a_split_slide_shows_its_sector_chart_legend_whole(page: Page, size):
    """At 800x600 the Energy slide's sector chart ran below its panel: the legend's last lines were cut off."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_atlas(page, "/?briefing=4")
    expect(page.locator(".slide-title")).to_contain_text("Energy")
    page.wait_for_selector("#sector-chart .legend .traces", state="attached")
    settle(page)
    assert page.evaluate(LEGEND_CUT_JS) == [], "legend entries cut off"


def test_laptop_a_clicked_features_card_opens_where_it_is_seen(page: Page):
    """At 1366x768 the card opened below the fold of the side panel, under the headline figures."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page)
    marker = feature_marker(page, "port_kuryk")
    page.mouse.click(marker["x"], marker["y"])
    card = page.locator("#detail-card-box")
    expect(card.locator("h2")).to_have_text("Port of Kuryk (ferry complex)")
    settle(page)
    hidden = cut_off(page, "#detail-card-box h2, #detail-card-box .facts > dt:nth-of-type(-n+4)", ".side")
    assert hidden == [], "the card's heading and first facts are not in sight"


def test_phone_chart_toolbar_never_covers_the_legend(phone: Page):
    """On the phone plotly's toolbar (mode bar) was drawn over the trade chart's legend and title."""
    open_atlas(phone)
    for graph, tab in (("#trade-chart", "Trade timeline"), ("#sector-chart", "Sector indicators")):
        phone.locator("#analysis-tabs label", has_text=tab).click()
        expect(phone.locator(f"{graph} .legend")).to_be_visible()
        phone.locator(graph).scroll_into_view_if_needed()
        overlaps = phone.evaluate("""(graph) => { const g = document.querySelector(graph);
          const bar = g.querySelector('.modebar').getBoundingClientRect();
          const hit = r => r.left < bar.right && r.right > bar.left && r.top < bar.bottom && r.bottom > bar.top;
          return [...g.querySelectorAll('.legend .traces, .gtitle')].map(e => e.getBoundingClientRect())
            .filter(r => r.width && hit(r)).length; }""", graph)
        assert overlaps == 0, f"{graph}: the toolbar covers {overlaps} legend entries or the title"
