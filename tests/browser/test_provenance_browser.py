"""Provenance and links driven like a reader: the "Sources & checks" panel, sharing a link, year ranges,
and the browser's Back and Forward buttons.

Heatmap cells are read from what Plotly drew (``_fullData``) and hovered with the real mouse.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from dashboard import i18n
from dashboard.data.schema import SECTORS
from dashboard.figures.coverage import TRADE_CATEGORIES, series_label
from dashboard.layout.provenance import TABS, dataset_sources
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import LOCAL_HOSTS
from tests.browser.helpers import expect_url, open_atlas, query, settle, url

pytestmark = pytest.mark.browser

# Opening the panel mounts ~3,000 Dash components at once (the server answers in milliseconds): the page is
# frozen about 2.5-3.5 s on an idle 2-core machine and 12-25 s when the CPU is shared (reported as an app
# problem). The click itself returns only when the renderer is free again.
PANEL_TIMEOUT = 60_000
# No CSS transition or animation is running (the panel's fade-in and slide-in are over). Closing the panel
# while they still run can leave it in the page as an invisible full-screen layer (reported as an app bug).
ANIMATIONS_DONE = "() => document.getAnimations().length === 0"
CATEGORY_CODE = {key: n for n, (key, *_rest) in enumerate(TRADE_CATEGORIES)}  # the heatmap's z value per category
CATEGORY_SYMBOL = {key: symbol for key, _label, _colour, symbol in TRADE_CATEGORIES}
CATEGORY_LABEL = {key: label for key, label, _colour, _symbol in TRADE_CATEGORIES}


def open_sources(page: Page) -> Locator:
    page.get_by_role("button", name="Sources & checks").click(timeout=PANEL_TIMEOUT)
    panel = page.locator("#sources-panel")
    expect(panel).to_be_visible(timeout=PANEL_TIMEOUT)
    expect(panel.locator(".modal-title")).to_have_text("Sources, coverage, mirror statistics and fact-check")
    return panel


def show_tab(panel: Locator, name: str) -> None:
    tab = panel.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_class(re.compile(r"\bactive\b"))  # at once; "Loading…" until its content is drawn
    expect(panel.locator("#prov-panel [role=status]")).to_have_count(0, timeout=PANEL_TIMEOUT)


def chip(page: Page, sector: str) -> Locator:
    return page.locator(f"#sector-chips label[for$='_input_{sector}']")


def active_chips(page: Page) -> list[str]:
    """The active chip's full sector name (on narrower screens only its first word is shown)."""
    return page.locator("#sector-chips label.active").all_text_contents()


# Resolves once a graph has kept the same size and place for a few frames and Plotly's layout matches it
# (a graph in a tab drawn hidden is resized when its tab is shown).
STABLE_JS = """(graph) => new Promise(resolve => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  let last = null, same = 0;
  const tick = () => {
    const r = gd.getBoundingClientRect(), fl = gd._fullLayout || {};
    const key = [r.left, r.top, r.width, r.height, fl.width, fl.height].join();
    same = key === last ? same + 1 : 0;
    last = key;
    if (same >= 5 && Math.abs(fl.width - r.width) < 2) resolve(true); else requestAnimationFrame(tick);
  };
  tick();
})"""

# Screen position of a heatmap cell and what Plotly drew in it (z, text, hover text).
CELL_JS = """([graph, x, y]) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  const t = gd._fullData[0], xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const row = t.y.indexOf(y), col = t.x.indexOf(x);
  if (row < 0 || col < 0) return null;
  const box = gd.getBoundingClientRect();
  return {z: t.z[row][col], text: t.text[row][col], hover: t.customdata[row][col][1],
          px: box.left + xa._offset + xa.d2p(x), py: box.top + ya._offset + ya.d2p(y)};
}"""


# --------------------------------------------------------------------------- Sources & checks
def check_sources_tab(page: Page, panel: Locator, atlas) -> None:
    expect(panel.get_by_role("tab", name="Sources", exact=True)).to_have_class(re.compile(r"\bactive\b"))
    posts = panel.locator("#prov-source-posts")
    expect(posts.locator("h4")).to_have_text("Diplomatic posts")  # by topic: file names are in the ZIP's README
    expect(posts).to_contain_text("Licence / terms:")
    expect(posts).to_contain_text("GeoNames cities1000, CC BY 4.0")
    expect(posts).to_contain_text(f"Rows: {len(atlas.posts)}")
    sources = dataset_sources(atlas, "posts")
    # The list is folded; the reader opens it.
    links = posts.locator("table a")
    expect(links.first).to_be_hidden()
    posts.get_by_text(f"Show all {len(sources)} sources").click()
    expect(links.first).to_be_visible()
    expect(posts.locator("table tbody tr")).to_have_count(len(sources))
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(re.match(r"^https?://\S+$", h or "") for h in hrefs), hrefs
    expect(links.first).to_have_attribute("target", "_blank")
    expect(links.first).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    # Every other data set has its block and licence line too.
    for key in ("trade", "milestones", "countries"):
        expect(panel.locator(f"#prov-source-{key}")).to_contain_text("Licence / terms:")


def check_coverage_tab(page: Page, panel: Locator) -> None:
    show_tab(panel, "Coverage")
    for graph, heatmaps in (("prov-trade-coverage", 1), ("prov-sector-coverage", 2)):
        plot = panel.locator(f"#{graph} .js-plotly-plot")
        expect(plot.locator(".heatmaplayer image")).to_have_count(heatmaps)
        box = plot.bounding_box()
        assert box and box["width"] > 1000 and box["height"] > 300, f"{graph} drawn at {box}"

    row = series_label("KZ", "total_turnover")  # "Kazakhstan: turnover"
    expected = {2013: "official", 2014: "missing", 2019: "partial"}
    for year, category in expected.items():
        cell = page.evaluate(CELL_JS, ["prov-trade-coverage", year, row])
        assert cell is not None, f"no cell for {year} · {row}"
        assert cell["z"] == CATEGORY_CODE[category], f"{year}: {cell}"
        assert cell["text"] == CATEGORY_SYMBOL[category]  # a symbol too, never colour alone
        assert CATEGORY_LABEL[category] in cell["hover"]

    # Hovering the cells with the mouse tells the reader the same.
    plot = panel.locator("#prov-trade-coverage .js-plotly-plot")
    plot.scroll_into_view_if_needed()
    page.evaluate(STABLE_JS, "prov-trade-coverage")
    hover = plot.locator(".hoverlayer .hovertext")
    for year, words in (
        (2014, ["No figure", "no row in trade_annual.csv"]),
        (2019, ["Part of the year only", "Jan–Sep"]),
    ):
        cell = page.evaluate(CELL_JS, ["prov-trade-coverage", year, row])
        page.mouse.move(cell["px"] - 4, cell["py"] - 4)
        page.mouse.move(cell["px"], cell["py"], steps=3)
        expect(hover).to_contain_text(f"{year} · {row}")
        for word in words:
            expect(hover).to_contain_text(word)
    expect(panel).to_contain_text(re.compile(r"Kazakhstan's turnover \(\d{4}–\d{4}\): no figure in [^;]*2014"))
    expect(panel).to_contain_text(re.compile(r"Kazakhstan's turnover[^.]*part of the year only in [^.;]*2019"))


def check_mirror_tab(page: Page, panel: Locator) -> None:
    show_tab(panel, "Mirror statistics")
    table = panel.locator("#prov-mirror-table")
    expect(table.locator("thead th")).to_have_text(
        ["Year", "Flow", "Kazakhstan's figure", "Türkiye's figure", "Gap, US$ m (TR − KZ)", "Gap, % of KZ", "Sources"]
    )
    row = table.locator("tbody tr").filter(has=page.locator("td:first-child", has_text=re.compile(r"^2010$")))
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        ["2010", "Turnover", "US$1.851 bn", "US$3.28 bn", "+1,429", "+77%", re.compile(r"Kazakhstan · Türkiye")]
    )
    for name in ("Kazakhstan", "Türkiye"):
        expect(row.get_by_role("link", name=name)).to_have_attribute("href", re.compile(r"^https?://"))
    expect(panel).to_contain_text("Why mirror figures differ")


def check_fact_check_tab(page: Page, panel: Locator) -> None:
    show_tab(panel, "Fact-check")
    card = panel.locator("#prov-factcheck-cards .card").filter(has_text="USD 6.3 billion")
    expect(card).to_have_count(1)
    expect(card.locator(".verdict-badge")).to_have_text("✗ Contradicted")  # a symbol and a word, not colour alone
    expect(card).to_contain_text("What the data say:")
    expect(card).to_contain_text("US$6.3 bn was the 2022 figure")
    link = card.locator(".milestone-list a").first
    expect(link).to_have_attribute("href", re.compile(r"^https?://"))
    expect(link).to_have_attribute("target", "_blank")


def test_sources_tab_lists_each_data_set_with_its_licence_and_source_links(page: Page, atlas):
    open_atlas(page)
    panel = open_sources(page)
    check_sources_tab(page, panel, atlas)


def test_coverage_tab_marks_2014_missing_and_2019_partial_for_kazakh_turnover(page: Page):
    open_atlas(page)
    panel = open_sources(page)
    check_coverage_tab(page, panel)


def test_mirror_statistics_tab_shows_both_2010_figures_and_the_gap(page: Page):
    open_atlas(page)
    panel = open_sources(page)
    check_mirror_tab(page, panel)


def test_fact_check_tab_marks_the_6_3_bn_claim_contradicted_in_words(page: Page):
    open_atlas(page)
    panel = open_sources(page)
    check_fact_check_tab(page, panel)
    # Escape closes the panel and gives the atlas back. (Pressed once the panel's opening transitions are
    # over: pressed during them, the panel can stay as an invisible layer over the page; see ANIMATIONS_DONE.)
    page.wait_for_function(ANIMATIONS_DONE)
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bmodal-open\b"))
    chip(page, "energy").click()  # the atlas takes clicks again
    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))


# --------------------------------------------------------------------------- in Kazakh and Russian
# English the panel said before it was translated, one or more per tab (a sample a reader would notice).
ENGLISH_IN_PANEL = {
    "sources": ("Licence / terms", "Rows:", "Distinct sources", "Show all", "No licence stated", "public domain",
                "Every data set the Atlas loads"),
    "coverage": ("Trade: which figure", "Full year, official statistic", "Part of the year only", "No figure",
                 "Kazakhstan: turnover", "Full calendar-year values", "Other values", "Sector indicators"),
    "mirror": ("Why mirror figures differ", "Kazakhstan's figure", "Gap, % of KZ", "Years in which only one side",
               "Origin versus consignment", "not comparable"),
    "factcheck": ("What the data say", "Evidence rows", "Check:", "Contradicted", "Supported", "claims of the article",
                  "claimed", "tolerance", "Not machine-checkable"),
}
# A phrase of each tab in the language (the tab's content has arrived, not the previous tab's).
IN_THE_LANGUAGE = {"sources": "Licence / terms:", "mirror": "Why mirror figures differ", "factcheck": "Evidence rows",
                   "coverage": "Trade: which figure exists for each year, reporter and flow"}
# The panel's text, the charts' SVG text included, without what is marked as English on purpose (the article's quotes,
# the research file's statements: lang="en").
PANEL_TEXT_JS = """() => {
  const copy = document.querySelector('#sources-panel').cloneNode(true);
  copy.querySelectorAll('[lang=en]').forEach(e => e.remove());
  return copy.textContent;
}"""
# The dialog and everything in it stay inside the screen's width (nothing pushed sideways by longer words).
OVERFLOW_JS = """() => {
  const dialog = document.querySelector('#sources-panel .modal-content');
  const body = document.querySelector('#sources-panel .modal-body');
  const right = dialog.getBoundingClientRect().right;
  const wide = [...dialog.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > right + 1
                                                          && e.getClientRects().length)
                                               .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
                                                                     e.textContent.slice(0, 40));
  return {page: document.documentElement.scrollWidth, dialog: right, body: body.scrollWidth - body.clientWidth,
          wide};
}"""


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_each_tab_of_the_panel_reads_in_the_language_and_fits_the_laptop_screen(open_page, live_server, lang):
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(page, f"/?lang={lang}")
    with i18n.using(lang):
        name, said = i18n._("Sources & checks"), {k: i18n._(v) for k, v in IN_THE_LANGUAGE.items()}
        tabs = {key: i18n._(label) for key, (label, _builder) in TABS.items()}
    button = page.get_by_role("button", name=name, exact=True)
    if not button.is_visible():  # the header's buttons are under ☰ Menu when the longer words do not fit
        page.locator("#menu-toggle").click()
    button.click(timeout=PANEL_TIMEOUT)
    panel = page.locator("#sources-panel")
    expect(panel).to_be_visible(timeout=PANEL_TIMEOUT)
    expect(panel.get_by_role("tablist")).to_have_attribute("aria-label", name)
    for key, label in tabs.items():
        tab = panel.get_by_role("tab", name=label, exact=True)
        tab.click(timeout=PANEL_TIMEOUT)
        expect(tab).to_have_class(re.compile(r"\bactive\b"))
        expect(panel.locator("#prov-panel")).to_contain_text(said[key], timeout=PANEL_TIMEOUT)
        if key == "coverage":
            for graph in ("prov-trade-coverage", "prov-sector-coverage"):
                page.evaluate(STABLE_JS, graph)
        if key == "factcheck":
            mark = {"kk": "(аудармасы: ", "ru": "(перевод: "}[lang]
            expect(panel.locator(".quote-translation")).to_have_count(26)
            expect(panel.locator(".quote-translation").first).to_contain_text(mark)
            expect(panel.locator("blockquote [lang=en]").first).to_contain_text("USD 6.3 billion")  # as written
        text = page.evaluate(PANEL_TEXT_JS)
        left = [w for w in ENGLISH_IN_PANEL[key] if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert not left, f"English in the {key} tab ({lang}): {left}"
        fit = page.evaluate(OVERFLOW_JS)
        assert fit["page"] <= 1366 and fit["dialog"] <= 1366 and fit["body"] <= 0 and not fit["wide"], (key, fit)
        assert_accessible(page, f"in the {key} tab of the panel ({lang})")


# --------------------------------------------------------------------------- links
def test_share_link_copies_the_view_and_the_link_restores_it(page: Page, page_problems, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    open_atlas(page, "/?year=2015&sector=metals")
    # One more change by hand, so the copied link is the live URL, not just the one typed.
    page.locator("#reporter-toggle").get_by_text("Türkiye", exact=True).click()
    expect_url(page, re.compile(r"\?year=2015&sector=metals&reporter=TR$"))
    settle(page)

    page.get_by_role("button", name="Share link").click()
    expect(page.locator("#share-status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == url(page) == f"{live_server}/?year=2015&sector=metals&reporter=TR"

    fresh = page.context.new_page()
    fresh.on(
        "console",
        lambda m: page_problems.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    fresh.on("pageerror", lambda exc: page_problems.page_errors.append(str(exc)))
    fresh.on(
        "request",
        lambda r: (
            page_problems.outside_requests.append(r.url)
            if urlsplit(r.url).hostname not in LOCAL_HOSTS and urlsplit(r.url).scheme in ("http", "https")
            else None
        ),
    )
    open_atlas(fresh, copied)
    expect(fresh.locator("#year-label")).to_have_text("2015")
    expect(fresh.locator("#year-slider [role=slider]")).to_have_attribute("aria-valuenow", "2015")
    assert active_chips(fresh) == [SECTORS["metals"]]
    expect(fresh.locator("#sector-chips input[value=metals]")).to_be_checked()
    expect(fresh.locator("#reporter-toggle input[value=TR]")).to_be_checked()
    expect(fresh.locator("#trade-chart .gtitle")).to_contain_text("Türkiye's figures")
    expect(fresh.locator("#headline h2")).to_have_text("Trade in 2015")
    assert url(fresh) == copied
    fresh.close()


def test_year_range_link_shows_the_range_and_the_band_spans_it(page: Page):
    open_atlas(page, "/?year=2010..2020")
    expect(page.locator("#year-label")).to_have_text("2010–2020")
    expect(page.locator("#headline h2")).to_have_text("Trade in 2020")  # the figures are those of the last year
    assert query(page) == {"year": "2010..2020"}
    settle(page)
    band = page.evaluate("document.querySelector('#trade-chart .js-plotly-plot').layout.shapes[0]")
    assert (band["x0"], band["x1"]) == (2009.5, 2020.5)
    # The band drawn on screen (shape 0, below the data) covers 2010 to 2020 on the x axis.
    drawn = page.evaluate("""() => {
      const gd = document.querySelector('#trade-chart .js-plotly-plot');
      const r = gd.querySelector('.layer-below .shapelayer path').getBBox();
      const xa = gd._fullLayout.xaxis;
      return [xa.p2d(r.x - xa._offset), xa.p2d(r.x + r.width - xa._offset)];
    }""")
    assert drawn == [pytest.approx(2009.5, abs=0.05), pytest.approx(2020.5, abs=0.05)]


def test_back_and_forward_keep_url_and_controls_in_step(page: Page):
    open_atlas(page, "/?year=2018")
    year_box = page.locator("#year-slider input[type=number]")

    def shows(url_query: str, year: int, sector: str) -> None:
        expect_url(page, re.compile(rf"/\?{re.escape(url_query)}$"))
        expect(page.locator("#year-label")).to_have_text(str(year))
        expect(page.locator("#year-slider [role=slider]")).to_have_attribute("aria-valuenow", str(year))
        expect(year_box).to_have_value(str(year))
        expect(page.locator(f"#sector-chips input[value={sector}]")).to_be_checked()
        expect(chip(page, sector)).to_have_class(re.compile(r"\bactive\b"))
        expect(page.locator("#sector-chips label.active")).to_have_count(1)
        settle(page)

    chip(page, "transport").click()
    shows("year=2018&sector=transport", 2018, "transport")
    year_box.fill("2012")
    year_box.press("Tab")
    shows("year=2012&sector=transport", 2012, "transport")

    page.go_back()
    shows("year=2018&sector=transport", 2018, "transport")
    page.go_back()
    shows("year=2018", 2018, "all")
    page.go_forward()
    shows("year=2018&sector=transport", 2018, "transport")
    expect(page.locator("#sector-note")).to_have_text(re.compile(rf"^{re.escape(SECTORS['transport'])}\b"))
