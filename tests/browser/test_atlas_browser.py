"""The Atlas driven like a person would: real clicks and keys in Chromium, checks on what the screen shows.

Each test waits on a condition (Playwright's ``expect`` retries until it holds), never on a fixed delay.
Map and chart state is read from the Plotly graph div (``_fullData`` is what Plotly actually drew).
"""

from __future__ import annotations

import json
import math
import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.data.schema import SECTORS
from dashboard.data.selectors import default_year, presence
from dashboard.data.tables import features
from tests.browser.helpers import (
    FADED,
    click_at,
    expect_url,
    feature_marker,
    map_style,
    open_atlas,
    points,
    query,
    settle,
    wait_for_map,
)

pytestmark = pytest.mark.browser


def later_and_open(atlas, year: int) -> tuple[set[str], set[str]]:
    """Ids of features that open after ``year`` and of features open in it (dated ones only)."""
    later, open_ = set(), set()
    for _, f in features(atlas).iterrows():
        state = presence(f["status"], f["opened_year"], year)
        if state == "later":
            later.add(f["id"])
        elif state == "open":
            open_.add(f["id"])
    return later, open_


def feature_names(atlas) -> dict[str, str]:
    f = features(atlas)
    return dict(zip(f["id"], f["name"], strict=True))


def chip(page: Page, sector: str):
    return page.locator(f"#sector-chips label[for$='_input_{sector}']")


def active_chips(page: Page) -> list[str]:
    """The active chip's full sector name (on narrower screens only its first word is shown)."""
    return page.locator("#sector-chips label.active").all_text_contents()


# --------------------------------------------------------------------------- tests
def test_page_loads_with_map_headline_and_sources(page: Page, atlas):
    open_atlas(page)

    expect(page).to_have_title("Kazakhstan–Türkiye Partnership Atlas")
    expect(page.locator("h1")).to_have_text("Kazakhstan–Türkiye Partnership Atlas")
    # The map drew its base map and its point/line layers.
    assert page.locator("#map .geo .layer.land path").count() > 0
    assert page.locator("#map .scattergeo.trace").count() >= 3
    assert page.locator("#map .choropleth.trace").count() == 1
    # The headline: the default year's turnover in US$, with a source link that leaves the page.
    year = default_year(atlas)
    expect(page.locator("#year-label")).to_have_text(str(year))
    headline = page.locator("#headline")
    expect(headline.locator("h2")).to_have_text(f"Trade in {year}")
    expect(headline.locator(".hl-value").first).to_have_text(re.compile(r"^US\$[\d,.]+ (bn|m)$"))
    source = headline.get_by_role("link", name="source").first
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect(source).to_have_attribute("target", "_blank")
    # The default view has no query, nothing to notice, and the details card invites a click.
    assert query(page) == {}
    expect(page.locator("#notice")).to_have_text("")
    expect(page.locator("#detail-card h2")).to_have_text("Details")


def test_typing_a_year_updates_label_headline_url_and_fades_later_features(page: Page, atlas):
    open_atlas(page)
    year = 2015
    later, open_ = later_and_open(atlas, year)
    assert "port_kuryk" in later and "tanap" in later, "the data changed: pick another year for this test"
    # Before: at the default year every dated feature is open, drawn at full opacity.
    style = map_style(page)
    assert style["port_kuryk"]["opacity"] == pytest.approx(1.0)

    box = page.locator("#year-slider input[type=number]")
    box.fill(str(year))
    box.press("Tab")  # the box commits its value when it loses focus

    expect(page.locator("#year-label")).to_have_text(str(year))
    expect(page.locator("#headline h2")).to_have_text(f"Trade in {year}")
    expect_url(page, re.compile(rf"[?&]year={year}(&|$)"))
    expect(page.locator("#year-slider [role=slider]")).to_have_attribute("aria-valuenow", str(year))
    style = wait_for_map(page, {"port_kuryk": (0, FADED), "tanap": (0, FADED), "btc": (1, 1)})
    faded_wrong = {f: style[f]["opacity"] for f in later if f in style and style[f]["opacity"] >= FADED}
    open_wrong = {f: style[f]["opacity"] for f in open_ if f in style and style[f]["opacity"] < 1}
    assert not faded_wrong, f"features opened after {year} are not faded: {faded_wrong}"
    assert not open_wrong, f"features open in {year} are faded: {open_wrong}"
    assert style["tanap"]["dash"] == "dot", "a pipeline not yet built is drawn dotted"
    # The trade chart's yellow band moved to the year.
    settle(page)
    band = page.evaluate(
        "document.querySelector('#trade-chart .js-plotly-plot').layout.shapes.find(s => s.name === 'year-band')"
    )
    assert (band["x0"], band["x1"]) == (year - 0.5, year + 0.5)


def test_enter_in_the_year_box_changes_the_year(page: Page):
    open_atlas(page)
    box = page.locator("#year-slider input[type=number]")
    box.fill("2015")
    box.press("Enter")
    expect(page.locator("#year-slider [role=slider]")).to_have_attribute("aria-valuenow", "2015")
    expect(page.locator("#year-label")).to_have_text("2015", timeout=3_000)


def test_sector_chip_highlights_its_features_and_dims_the_rest(page: Page, atlas):
    open_atlas(page)
    f = features(atlas)
    pipelines = set(f.loc[f["layer"] == "pipelines", "id"])
    posts = set(f.loc[f["layer"] == "posts", "id"])
    assert pipelines and posts
    assert set(f.loc[f["id"].isin(pipelines), "sector"]) == {"energy"}

    chip(page, "energy").click()

    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))
    assert active_chips(page) == [SECTORS["energy"]]
    expect(page.locator("#sector-note")).to_have_text(re.compile(rf"^{SECTORS['energy']}\b"))
    some_post = sorted(posts)[0]
    style = wait_for_map(page, {some_post: (0, FADED), sorted(pipelines)[0]: (1, 1)})
    assert {p: style[p]["opacity"] for p in pipelines} == {p: pytest.approx(1.0) for p in pipelines}
    dimmed = {p: style[p]["opacity"] for p in posts}
    assert all(v < FADED for v in dimmed.values()), f"posts not dimmed: {dimmed}"
    # The milestones of other sectors fade on the timeline too.
    settle(page)
    ms = page.evaluate(
        "document.querySelector('#trade-chart .js-plotly-plot')._fullData.find(t => t.uid === 'milestones')"
        ".marker.opacity"
    )
    sectors = list(atlas.milestones["sector"])
    assert [o == 1.0 for o in ms] == [s == "energy" for s in sectors]


def test_clicking_kuryk_port_on_the_map_opens_its_card(page: Page, atlas):
    open_atlas(page)
    name = feature_names(atlas)["port_kuryk"]
    assert name.startswith("Port of Kuryk")
    marker = feature_marker(page, "port_kuryk")
    aktau = feature_marker(page, "port_aktau")  # ~70 km away: a few pixels at the regional zoom
    # Click inside the Kuryk square on the side away from Aktau (the routes ending at Kuryk never win).
    dx, dy = marker["x"] - aktau["x"], marker["y"] - aktau["y"]
    norm = math.hypot(dx, dy) or 1.0
    reach = 0.35 * marker["w"]
    click_at(page, marker["x"] + reach * dx / norm, marker["y"] + reach * dy / norm)

    card = page.locator("#detail-card")
    expect(card.locator("h2")).to_have_text(name)
    expect(card).to_contain_text("seaport")
    source = card.get_by_role("link", name="source").first
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect_url(page, re.compile(r"[?&]feature=port_kuryk(&|$)"))
    # Selecting a feature leaves the sector filter as it was and rings the feature where its marker is drawn.
    assert "sector" not in query(page)
    expect(chip(page, "all")).to_have_class(re.compile(r"\bactive\b"))
    settle(page)
    ring, marker = page.evaluate(
        "(() => { const d = document.querySelector('#map .js-plotly-plot')._fullData;"
        " const t = d.find(t => t.uid === 'selected'); const p = d.find(t => t.uid === 'points-seaport');"
        " const i = p.customdata.indexOf('port_kuryk'); return [[t.lon, t.lat], [[p.lon[i]], [p.lat[i]]]]; })()"
    )
    assert ring == [[pytest.approx(v, abs=1e-3) for v in axis] for axis in marker]


def test_trade_chart_clicks_change_year_and_select_milestone_features(page: Page, atlas):
    open_atlas(page)
    default = default_year(atlas)
    # 1. A bar of the trade chart: its year becomes the selected year.
    bars = [p for p in points(page, "trade-chart") if p["type"] == "bar" and p["customdata"][1] != default]
    assert bars, "no trade bar drawn"
    bar = min(bars, key=lambda p: p["customdata"][1])
    year = bar["customdata"][1]
    click_at(page, bar["x"], bar["y"])
    expect(page.locator("#year-label")).to_have_text(str(year))
    expect(page.locator("#headline h2")).to_have_text(f"Trade in {year}")
    assert query(page).get("year") == str(year)
    settle(page)

    # 2. A milestone diamond linked to a map feature: that feature is selected and its year shown.
    every = points(page, "trade-chart")
    years = dict(zip(atlas.milestones["id"], atlas.milestones["year"].astype(int), strict=True))

    def isolation(p: dict) -> float:
        return min(((p["x"] - o["x"]) ** 2 + (p["y"] - o["y"]) ** 2) ** 0.5 for o in every if o is not p)

    milestones = page.evaluate(
        "document.querySelector('#trade-chart .js-plotly-plot')._fullData.findIndex(t => t.uid === 'milestones')"
    )
    linked = [
        p for p in every if p["trace"] == milestones and p["customdata"][2] and years[p["customdata"][1]] != year
    ]
    assert linked, "no milestone linked to a feature"
    diamond = max(linked, key=isolation)
    _, milestone, feature = diamond["customdata"]
    click_at(page, diamond["x"], diamond["y"])

    name = feature_names(atlas)[feature]
    expect(page.locator("#detail-card h2")).to_have_text(name)
    expect_url(page, re.compile(rf"[?&]feature={re.escape(feature)}(&|$)"))
    expected_year = years[milestone]
    expect(page.locator("#year-label")).to_have_text(str(expected_year))
    assert query(page).get("year") == (None if expected_year == default else str(expected_year))
    title = atlas.milestones.loc[atlas.milestones["id"] == milestone, "title"].iloc[0]
    expect(page.locator("#detail-card .milestone-list")).to_contain_text(title)
    # The clicked diamond is drawn bigger, with a black outline.
    settle(page)
    marker = page.evaluate(
        "document.querySelector('#trade-chart .js-plotly-plot')._fullData.find(t => t.uid === 'milestones').marker"
    )
    assert marker["size"][diamond["i"]] > 12
    assert marker["line"]["color"][diamond["i"]] == "#000000"


def test_shared_link_sets_every_control(page: Page, atlas):
    open_atlas(page, "/?year=2016&sector=energy&reporter=TR")

    expect(page.locator("#year-label")).to_have_text("2016")
    expect(page.locator("#year-slider [role=slider]")).to_have_attribute("aria-valuenow", "2016")
    expect(page.locator("#year-slider input[type=number]")).to_have_value("2016")
    expect(page.locator("#headline h2")).to_have_text("Trade in 2016")
    expect(page.locator("#headline .hl-meta").first).to_contain_text("Türkiye")
    assert active_chips(page) == [SECTORS["energy"]]
    expect(page.locator("#sector-chips input[value=energy]")).to_be_checked()
    expect(page.locator("#reporter-toggle input[value=TR]")).to_be_checked()
    expect(page.locator("#reporter-toggle input[value=KZ]")).not_to_be_checked()
    expect(page.locator("#trade-chart .gtitle")).to_contain_text("Türkiye's figures")
    expect(page.locator("#notice")).to_have_text("")
    # The link is kept as it was given (it is already the canonical form).
    assert query(page) == {"year": "2016", "sector": "energy", "reporter": "TR"}


def test_malformed_link_shows_a_notice_and_injects_nothing(page: Page, page_problems, atlas):
    open_atlas(page, "/?year=abc&sector=<script>alert(1)</script>&feature=<img src=x onerror=alert(2)>")

    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text('Ignored year "abc"')
    expect(notice).to_contain_text("Ignored unknown sector")
    assert "<" not in notice.inner_text()
    expect(page.locator("#year-label")).to_have_text(str(default_year(atlas)))
    assert active_chips(page) == ["All sectors"]
    expect(page.locator("#detail-card h2")).to_have_text("Details")
    # Nothing was injected: no dialog, no element built from the link.
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("[...document.scripts].some(s => s.textContent.includes('alert('))") is False
    assert page_problems.dialogs == []
    # The page still works after the bad link.
    chip(page, "energy").click()
    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))
    assert page_problems.dialogs == []


def test_back_button_returns_to_the_previous_view(page: Page, atlas):
    open_atlas(page)
    default = default_year(atlas)
    # Change 1: the year, with the arrow key on the slider handle.
    page.locator("#year-slider [role=slider]").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#year-label")).to_have_text(str(default - 1))
    expect_url(page, re.compile(rf"\?year={default - 1}$"))
    settle(page)
    # Change 2: a sector.
    chip(page, "energy").click()
    expect_url(page, re.compile(rf"\?year={default - 1}&sector=energy$"))
    some_post = sorted(features(atlas).query("layer == 'posts'")["id"])[0]
    wait_for_map(page, {some_post: (0, FADED)})
    settle(page)

    page.go_back()
    expect_url(page, re.compile(rf"\?year={default - 1}$"))
    expect(page.locator("#sector-chips input[value=all]")).to_be_checked()
    expect(chip(page, "all")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#year-label")).to_have_text(str(default - 1))
    wait_for_map(page, {some_post: (1, 1)})
    settle(page)

    page.go_back()
    expect(page.locator("#year-label")).to_have_text(str(default))
    expect(page.locator("#headline h2")).to_have_text(f"Trade in {default}")
    assert query(page) == {}


def test_headline_sector_panel_and_summaries_tell_the_sources_truth(page: Page):
    """2021: the changes the sources state (not recomputed from rounded values), Türkiye's figure called a
    bound, not mirror statistics; "All sectors" opens on trade turnover with every marker shape explained."""
    open_atlas(page, "?year=2021&reporter=both")
    settle(page)
    headline = page.locator("#headline")
    expect(headline).to_contain_text("+39% on 2020, as stated by Smailov")
    expect(headline).not_to_contain_text("+42.9%")
    expect(headline.locator(".hl-meta").first).to_contain_text("Kazakh PM Smailov, as reported by Kursiv")
    expect(headline.locator(".hl-mirror")).to_contain_text("a lower bound, not a statistic")
    expect(headline.locator(".hl-mirror")).not_to_contain_text("mirror statistics disagree")
    expect(page.locator("#sector-indicator")).to_contain_text("Trade turnover (Kazakhstan's figures)")
    legend = page.locator("#sector-chart .legend")
    expect(legend).to_contain_text("Kazakhstan's figure")
    expect(legend).to_contain_text("Filled: a full calendar year")
    expect(page.locator("#trade-summary")).to_contain_text("Kazakhstan's turnover")
    expect(page.locator("#map-summary")).to_contain_text("Map for 2021")


def test_a_chip_click_is_kept_when_another_change_overtakes_its_request(page: Page):
    """Dash drops the answer to a callback request when a newer request of the same callback starts; a sector
    click whose request is overtaken (here by a zoom) must still reach the view, not be undone by the newer one."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_atlas(page, "/?year=2014")
    held = []

    def hold_the_sector_request(route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if not held and "sector-chips.value" in body.get("changedPropIds", []):
            held.append(route)  # answered only after a newer request of the same callback has been answered
        else:
            route.continue_()

    page.route(lambda u: "/_dash-update-component" in u, hold_the_sector_request)
    chip(page, "energy").click()
    for _ in range(100):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the sector click sent no request of its own"
    page.locator("#map-zoom-in").click()
    expect_url(page, re.compile(r"[?&]view="))
    held[0].continue_()
    settle(page)
    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))
    assert active_chips(page) == [SECTORS["energy"]]
    assert "view" in query(page), "the zoom is kept as well"


def test_the_first_click_after_a_slow_page_load_is_kept(page: Page):
    """On a slow network the page's first view-state request is still out when the deck's slide list arrives;
    drawing that list must not start a second view-state request that loses the first answer (the Dash store was
    left empty, and the user's first click was then undone: sector chip clicked, nothing happened)."""
    held, answered = [], []

    def hold_the_first_state_request(route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if not held and "view-state.data" in body.get("output", ""):
            held.append(route)  # answered only after the slide list has been drawn
        else:
            route.continue_()

    page.route(lambda u: "/_dash-update-component" in u, hold_the_first_state_request)
    page.on("requestfinished", lambda r: answered.append(r.post_data or "") if "_dash-update" in r.url else None)
    page.goto("/?year=2014")
    for _ in range(200):  # the route handler runs while Playwright waits
        if held and any('"output":"deck-list.children"' in a for a in answered):
            break
        page.wait_for_timeout(50)
    assert held, "the page sent no view-state request"
    page.wait_for_timeout(300)  # whatever the drawn list triggers goes out now, before the first answer
    held[0].continue_()
    page.wait_for_selector("#map .geo .scattergeo .point")
    settle(page)
    chip(page, "energy").click()
    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))
    settle(page)
    assert active_chips(page) == [SECTORS["energy"]]
    assert query(page)["year"] == "2014"


def test_a_chosen_series_then_another_sector_shows_its_first_series_without_a_notice(page: Page):
    """The indicator picker's value of the sector left behind is never taken for an unknown indicator."""
    open_atlas(page, "/?sector=energy")
    picker = page.locator("#sector-indicator")
    expect(picker.locator("option").nth(1)).to_be_attached()
    picker.select_option("Türkiye's oil imports from Kazakhstan (monthly) · t")
    expect(page.locator("#sector-summary")).to_contain_text("Türkiye's oil imports from Kazakhstan")
    settle(page)
    chip(page, "transport").click()
    expect(picker).to_have_value("Middle Corridor (TITR) cargo, whole route · Mt")
    expect(page.locator("#sector-summary")).to_contain_text("Middle Corridor (TITR) cargo")
    settle(page)
    expect(page.locator("#notice")).not_to_contain_text("indicator")
