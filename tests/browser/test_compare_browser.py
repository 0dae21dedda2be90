"""Comparing two years in the browser: the compare control beside the year slider, the map's rings and their
label, the headline of both years, the trade chart's marks, and a shared link that reopens the same view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_url, open_atlas, query, settle

pytestmark = pytest.mark.browser

COMPARED = re.compile(r"[?&]compare=2013\.\.2022(&|$)")
# What the map and the trade chart draw for the comparison, read from what plotly drew.
DRAWN_JS = """() => {
  const map = document.querySelector("#map .js-plotly-plot") || {};
  const trade = document.querySelector("#trade-chart .js-plotly-plot") || {};
  const rings = (map._fullData || []).find((t) => t.uid === "new-rings") || {};
  const stamp = ((map._fullLayout || {}).annotations || []).find((a) => a.name === "year-stamp") || {};
  const marks = ((trade._fullLayout || {}).shapes || []).filter((s) => s.name && s.name.startsWith("compare-"));
  return {rings: (rings.lon || []).length, legend: rings.showlegend ? rings.name : null, stamp: stamp.text || "",
          marks: marks.filter((s) => s.visible).map((s) => s.x0)};
}"""


def drawn(page: Page) -> dict:
    return page.evaluate(DRAWN_JS)


def expect_compared(page: Page) -> None:
    """The view compares 2013 with 2022: year label, headline, rings and their label, the trade chart's marks."""
    expect(page.locator("#year-label")).to_have_text("2013 → 2022")
    expect(page.locator("#headline h2")).to_have_text("Trade compared: 2013 → 2022")
    expect(page.locator("#headline .hl-compared").first).to_contain_text("US$3.496 bn")
    expect(page.locator("#headline .hl-compared").first).to_contain_text("US$6.3 bn")
    expect(page.locator("#headline .hl-compared").first).to_contain_text("not computed: the figures are rounded")
    expect(page.locator("#compare-from")).to_have_value("2013")
    expect(page.locator("#compare-to")).to_have_value("2022")
    page.wait_for_function(f"() => ({DRAWN_JS})().rings > 10 && ({DRAWN_JS})().marks.length === 2")
    shown = drawn(page)
    assert "2013 → 2022" in shown["stamp"] and "New since 2013" in shown["stamp"]
    assert sorted(shown["marks"]) == [2013, 2022]
    expect(page.locator("#map-summary")).to_contain_text("Ringed as new since 2013:")
    expect(page.locator("#announce")).to_contain_text("Comparing: 2013 → 2022")


def test_comparing_2013_with_2022_on_a_laptop_and_the_link_reopens_it(open_page, live_server):
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(page)
    # The keyboard picks the years: the control is two labelled native selects beside the year slider.
    page.locator("#compare-from").focus()
    page.locator("#compare-from").select_option("2013")
    settle(page)
    page.locator("#compare-to").select_option("2022")
    expect_url(page, COMPARED)
    expect_compared(page)
    assert drawn(page)["legend"] == "New since 2013"
    expect(page.get_by_role("group", name="Compare")).to_be_visible()
    expect(page.get_by_label("First year to compare")).to_have_value("2013")
    assert query(page) == {"compare": "2013..2022"}

    # Shared: the link reopens the same view in another browser.
    other = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(other, "/?" + page.evaluate("location.search.slice(1)"))
    expect_compared(other)
    expect(other.locator("#notice")).to_have_text("")

    # Moving the year slider ends the comparison: one year again.
    page.locator("#year-slider input[type=number]").fill("2016")
    page.locator("#year-slider input[type=number]").press("Enter")
    expect_url(page, re.compile(r"[?&]year=2016(&|$)"))
    expect(page.locator("#compare-from")).to_have_value("off")
    expect(page.locator("#headline h2")).to_have_text("Trade in 2016")
    settle(page)
    assert query(page) == {"year": "2016"}
    page.wait_for_function(f"() => ({DRAWN_JS})().rings === 0")


def test_comparing_on_a_phone(phone: Page):
    open_atlas(phone, "/?compare=2022..2013")  # order normalised
    expect_compared(phone)
    expect_url(phone, COMPARED)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#compare-to").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390 and box["height"] >= 32
    phone.locator("#compare-from").select_option(label="off")
    expect_url(phone, re.compile(r"compare="), present=False)
    expect(phone.locator("#headline h2")).to_have_text("Trade in 2022")


def test_a_garbage_comparison_is_ignored_with_a_notice(page: Page):
    open_atlas(page, "/?compare=2013..nope&sector=energy")
    expect(page.locator("#notice")).to_contain_text('Ignored comparison "2013..nope"')
    expect(page.locator("#headline h2")).not_to_contain_text("compared")
    expect(page.locator("#compare-from")).to_have_value("off")


def test_a_compared_view_saved_as_a_slide_is_presented_compared(page: Page):
    open_atlas(page, "/?compare=2013..2022")
    page.locator("#deck-open").dispatch_event("click")
    expect(page.locator("#deck-panel")).to_be_visible()
    slides = page.locator("#deck-list .slide-row")
    expect(slides.first).to_be_visible()  # the list is drawn when the editor opens: count it once it is there
    before = slides.count()
    page.locator("#deck-add").click()
    expect(slides).to_have_count(before + 1)
    expect(slides.last.locator("input")).to_have_value(re.compile("2013 → 2022"))
    settle(page)
    page.locator("#deck-panel").press("Escape")
    page.goto("/")  # somewhere else first, then the slide from its link
    open_atlas(page, f"/?briefing={before + 1}")
    expect(page.locator("#atlas-root")).to_have_class(re.compile(r"\bpresenting\b"))
    expect_url(page, COMPARED)
    page.wait_for_function(f"() => ({DRAWN_JS})().rings > 10")
    assert "New since 2013" in drawn(page)["stamp"]
