"""Layouts that hold in every language (issue 12): Russian and Kazakh labels run about a third longer than English.

Measured with the boxes the browser draws (text box inside its container or plot area, no overlap between title
and legend), at the three screens of the map-and-screens issue, in the four languages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from dashboard import make_domain
from dashboard.briefing.deck import default_deck
from tests.browser.helpers import open_atlas

pytestmark = pytest.mark.browser
LANGS = ["en", "tr", "kk", "ru"]
SIZES = [(1366, 768), (1920, 1080), (390, 844)]
PHONE = (390, 844)
SLACK = 0.5  # px: browsers round text boxes


def screen(open_page, live_server, size: tuple[int, int]) -> Page:
    w, h = size
    phone = size == PHONE
    return open_page(live_server, viewport={"width": w, "height": h}, has_touch=phone, is_mobile=phone)


def path(lang: str, rest: str = "") -> str:
    query = "&".join(p for p in (rest, "" if lang == "en" else f"lang={lang}") if p)
    return "/?" + query if query else "/"


def _rect(r: dict) -> str:
    return f"[{r['left']:.0f},{r['top']:.0f} → {r['right']:.0f},{r['bottom']:.0f}]"


def inside(inner: dict, outer: dict) -> bool:
    return (inner["left"] >= outer["left"] - SLACK and inner["right"] <= outer["right"] + SLACK
            and inner["top"] >= outer["top"] - SLACK and inner["bottom"] <= outer["bottom"] + SLACK)


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - SLACK and b["left"] < a["right"] - SLACK and \
        a["top"] < b["bottom"] - SLACK and b["top"] < a["bottom"] - SLACK


RECT = "r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom})"

# Every entry of the map's legend: its symbol and its text, as drawn.
MAP_LEGEND_JS = f"""() => {{
  const rect = {RECT};
  const svg = document.querySelector('#map .main-svg');
  return {{svg: rect(svg.getBoundingClientRect()),
    entries: Array.from(document.querySelectorAll('#map .legend .traces')).map(g => ({{
                text: g.querySelector('.legendtext').textContent,
                box: rect(g.querySelector('.legendtext').getBoundingClientRect()),
                symbol: rect(g.querySelector('.legendsymbols').getBoundingClientRect())}}))}};
}}"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_every_map_legend_entry_is_fully_visible(open_page, live_server, lang, size):
    page = screen(open_page, live_server, size)
    open_atlas(page, path(lang))
    found = page.evaluate(MAP_LEGEND_JS)
    entries = found["entries"]
    if size == PHONE:  # the phone's map has no legend (the Table view says it all), so nothing is cut either
        assert not page.locator("#map .legend").is_visible()
        return
    assert len(entries) >= 10, entries
    cut = [(e["text"], _rect(e["box"])) for e in entries if not inside(e["box"], found["svg"])]
    assert not cut, f"legend entries cut at the map's edge ({_rect(found['svg'])}): {cut}"
    over = [(a["text"], b["text"]) for i, a in enumerate(entries) for b in entries[i + 1:]
            if overlap(a["box"], b["box"]) or overlap(a["box"], b["symbol"]) or overlap(b["box"], a["symbol"])]
    assert not over, f"legend entries drawn over each other: {over}"


# The chart's plot area (row 1, where the US$10 bn line is), its title and legend, and the target's label(s).
TRADE_JS = f"""() => {{
  const rect = {RECT};
  const gd = document.querySelector('#trade-chart .js-plotly-plot');
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const s = gd._fullLayout._size, ya = gd._fullLayout.yaxis;
  const plot = {{left: svg.left + s.l, right: svg.left + s.l + s.w, top: svg.top + ya._offset,
                bottom: svg.top + ya._offset + ya._length}};
  const targets = (gd._fullLayout.annotations || []).map((a, i) => [a, i])
    .filter(([a, i]) => a.y === 10 && a.yref === 'y' && a.visible !== false)
    .map(([a, i]) => {{ const el = gd.querySelector(`.annotation[data-index="${{i}}"] .annotation-text`);
                       return el ? {{text: el.textContent, box: rect(el.getBoundingClientRect())}} : null; }});
  const title = gd.querySelector('.gtitle');
  const shown = title && getComputedStyle(title).display !== 'none' && title.textContent;
  const items = Array.from(gd.querySelectorAll('.legend .traces')).map(g => g.getBoundingClientRect())
    .filter(r => r.width > 0);
  const legend = items.length ? {{left: Math.min(...items.map(r => r.left)),
    right: Math.max(...items.map(r => r.right)), top: Math.min(...items.map(r => r.top)),
    bottom: Math.max(...items.map(r => r.bottom))}} : null;
  const titleBoxes = shown
    ? Array.from(title.querySelectorAll('tspan.line')).map(t => rect(t.getBoundingClientRect())) : [];
  if (shown && !titleBoxes.length) titleBoxes.push(rect(title.getBoundingClientRect()));
  return {{svg: rect(svg), plot, targets, title: shown ? title.textContent : null, titleBoxes, legend,
          plotTop: plot.top}};
}}"""


def trade_boxes(page: Page) -> dict:
    page.wait_for_function("() => { const gd = document.querySelector('#trade-chart .js-plotly-plot');"
                           " return gd && gd._fullLayout && gd._fullLayout._size; }")
    page.wait_for_timeout(300)  # the target's label and the title are fitted to the chart once it is drawn
    return page.evaluate(TRADE_JS)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_trade_chart_target_label_title_and_legend_fit(open_page, live_server, lang, size):
    page = screen(open_page, live_server, size)
    open_atlas(page, path(lang))
    found = trade_boxes(page)
    assert found["targets"] and all(found["targets"]), "the US$10 bn line has no label"
    for t in found["targets"]:
        assert inside(t["box"], found["plot"]), (
            f"target label {t['text'][:40]!r}… {_rect(t['box'])} not inside the plot area {_rect(found['plot'])}")
    assert found["title"], "the chart has no title"
    for line in found["titleBoxes"]:
        assert inside(line, found["svg"]), f"title cut: {found['title']!r} {_rect(line)} in {_rect(found['svg'])}"
        assert not overlap(line, found["legend"]), (
            f"the legend {_rect(found['legend'])} covers the title {_rect(line)}")
    assert found["legend"]["bottom"] <= found["plotTop"] + SLACK, "the legend covers the plot"


@pytest.mark.parametrize("lang", LANGS)
def test_a_trade_slide_has_no_empty_band_above_the_legend(open_page, live_server, atlas, lang):
    """The slide's title replaces the chart's: the line the legend kept for the chart's title goes with it."""
    slides = default_deck(make_domain(atlas), lang).slides
    n = next(i for i, s in enumerate(slides, 1) if s.focus == "trade")
    page = screen(open_page, live_server, (1366, 768))
    open_atlas(page, path(lang, f"briefing={n}"))
    found = trade_boxes(page)
    assert found["title"] is None, "the chart's own title is shown on a slide"
    band = found["legend"]["top"] - found["svg"]["top"]
    assert band <= 12, f"{band:.0f} px empty above the legend of the slide's trade chart"


@pytest.mark.parametrize("lang", LANGS)
def test_phone_layer_buttons_wrap_without_sideways_scroll(open_page, live_server, lang):
    page = screen(open_page, live_server, PHONE)
    open_atlas(page, path(lang))
    lists = page.evaluate("""() => { const l = document.querySelector('.layer-list');
      return {scroll: l.scrollWidth, client: l.clientWidth, right: l.getBoundingClientRect().right,
              buttons: Array.from(l.querySelectorAll('.btn-layer')).map(b => { const r = b.getBoundingClientRect();
                return {text: b.textContent, left: r.left, right: r.right, h: r.height, w: r.width}; })}; }""")
    assert lists["scroll"] <= lists["client"] + 1, f"the layer buttons scroll sideways: {lists}"
    for b in lists["buttons"]:
        assert b["left"] >= 0 and b["right"] <= 390, f"layer button off the screen: {b}"
        assert b["h"] >= 44 and b["w"] >= 44, f"layer button smaller than a 44 px tap target: {b}"


# The sector chart's title (indicator and unit), each line as drawn, and its plot area.
SECTOR_JS = f"""() => {{
  const rect = {RECT};
  const gd = document.querySelector('#sector-chart .js-plotly-plot');
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const s = gd._fullLayout._size;
  const plot = {{left: svg.left + s.l, right: svg.left + s.l + s.w, top: svg.top + s.t, bottom: svg.top + s.t + s.h}};
  const title = gd.querySelector('.gtitle');
  const lines = title.querySelectorAll('tspan.line').length
    ? Array.from(title.querySelectorAll('tspan.line')) : [title];
  return {{svg: rect(svg), plot, title: title.textContent, lines: lines.map(t => rect(t.getBoundingClientRect()))}};
}}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_sector_charts_title_is_whole_and_clear_of_its_plot_beside_the_trade_chart(open_page, live_server,
                                                                                       lang):
    """At 1920x1080 the sector chart sits in a narrow panel beside the trade chart: its title (indicator and unit,
    the only place the unit is written) wraps inside the chart and the plot starts below it."""
    page = screen(open_page, live_server, (1920, 1080))
    open_atlas(page, path(lang))
    page.locator("#sector-chart").scroll_into_view_if_needed()
    page.wait_for_function("() => { const gd = document.querySelector('#sector-chart .js-plotly-plot');"
                           " return gd && gd._fullLayout && gd._fullLayout._size && gd.querySelector('.gtitle'); }")
    page.wait_for_timeout(300)  # fitted once drawn
    found = page.evaluate(SECTOR_JS)
    assert found["title"], "the sector chart has no title"
    for line in found["lines"]:
        assert inside(line, found["svg"]), f"title cut: {found['title']!r} {_rect(line)} in {_rect(found['svg'])}"
        assert line["bottom"] <= found["plot"]["top"] + 2, (
            f"the title {_rect(line)} runs into the plot {_rect(found['plot'])}")
