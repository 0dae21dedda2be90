"""The sector panel as a reader sees it (issue 18): tall enough to read, no value label under a marker, thin data
as labelled cards instead of a chart of a few hollow dots. Boxes are measured in the real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_atlas
from tests.browser.test_layout_i18n_browser import overlap, screen

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080)]

# Every value label and every marker the sector chart draws, as boxes on the screen.
LABELS_AND_MARKERS_JS = """() => {
  const rect = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const gd = document.querySelector('#sector-chart .js-plotly-plot');
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return {
    labels: [...gd.querySelectorAll('.textpoint text')].filter(t => t.textContent && shown(t))
      .map(t => ({text: t.textContent, box: rect(t.getBoundingClientRect())})),
    markers: [...gd.querySelectorAll('.scatterlayer .point')].filter(shown)
      .map(p => rect(p.getBoundingClientRect())),
  };
}"""


def show_sector(page: Page, size: tuple[int, int], query: str) -> None:
    open_atlas(page, "/?" + query)
    if size[0] < 1600:  # one tab away on a laptop
        page.locator("#analysis-tabs label", has_text="Sector indicators").click()
    page.locator(".sector-panel").scroll_into_view_if_needed()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("query", ["sector=transport&year=2022", "sector=trade&year=2021", "sector=energy"])
def test_no_value_label_is_hidden_under_a_marker(open_page, live_server, size, query):
    """The 2022 "1.5" (Middle Corridor cargo) label sat under the Jan–Sep marker drawn above it."""
    page = screen(open_page, live_server, size)
    show_sector(page, size, query)
    page.wait_for_selector("#sector-chart .textpoint text", state="visible")
    found = page.evaluate(LABELS_AND_MARKERS_JS)
    assert found["labels"] and found["markers"]
    covered = [(lab["text"], m) for lab in found["labels"] for m in found["markers"] if overlap(lab["box"], m)]
    assert not covered, f"labels under a marker: {covered}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_sector_chart_is_at_least_300_px_tall(open_page, live_server, size):
    """At 1920x1080 the sector chart was about 60 px tall, squeezed under its picker and note."""
    page = screen(open_page, live_server, size)
    show_sector(page, size, "sector=trade")
    expect(page.locator("#sector-chart")).to_be_visible()
    chart = page.locator("#sector-chart").bounding_box()
    panel = page.locator(".sector-panel").bounding_box()
    assert panel["height"] >= 300 and chart["height"] >= 300, f"panel {panel}, chart {chart}"
    if size == (1920, 1080):  # still beside the trade chart on the first screen
        assert panel["y"] + panel["height"] <= 1080 + 0.5


def test_agriculture_is_shown_as_labelled_cards_not_three_hollow_dots(page: Page):
    open_atlas(page, "/?sector=agriculture")
    cards = page.locator("#sector-cards .figure-card")
    expect(cards).to_have_count(3)  # the first series: Kazakh lentil exports to Türkiye, three periods
    expect(page.locator("#sector-chart")).to_be_hidden()
    first = cards.first
    for part in (".card-value", ".card-period", ".card-quality", ".card-source a"):
        expect(first.locator(part)).not_to_have_text("")
    expect(cards.filter(has_text="Jan–Sep")).to_have_count(1)
    expect(cards.filter(has_text="kt").first).to_be_visible()  # the unit is on the card
    # Metals' first series has three full years: a chart again, and no cards.
    page.locator("#sector-chips label[for$='_input_metals']").click()
    expect(page.locator("#sector-chart .point").first).to_be_visible()
    expect(cards).to_have_count(0)


def test_a_slide_of_sector_cards_names_the_series_it_shows(page: Page):
    """On the Agriculture slide the picker that names the series is hidden (presenting): the three cards stood
    there without saying what they count."""
    open_atlas(page, "/?briefing=6")
    expect(page.locator(".slide-title")).to_have_text("Agriculture")
    expect(page.locator("#sector-cards .figure-card")).to_have_count(3)
    title = page.locator("#sector-cards .cards-title")
    expect(title).to_be_visible()
    expect(title).to_contain_text("lentil")
    expect(title).to_contain_text("(kt)")
