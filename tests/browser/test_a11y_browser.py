"""WCAG 2.1 AA in a real browser: axe-core over every state a user reaches (start page, table view, sector
panel, a feature's card, briefing mode, the Sources dialog on each tab, the deck editor, the phone layout),
one test per accessibility bug found before (each failed before its fix), and a keyboard-only walk that
checks the focus is visible at every stop.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible, violations
from tests.browser.helpers import expect_url, open_atlas, settle

pytestmark = pytest.mark.browser

SOURCES_TITLE = "Sources, coverage, mirror statistics and fact-check"
TABS = ["Sources", "Coverage", "Mirror statistics", "Fact-check"]


def open_sources(page: Page):
    page.get_by_role("button", name="Sources & checks").click()
    dialog = page.get_by_role("dialog", name=SOURCES_TITLE)
    expect(dialog).to_be_visible()
    expect(dialog.locator("#prov-panel > *").first).to_be_visible(timeout=30_000)
    return dialog


# --------------------------------------------------------------------------- axe over each state
def test_start_page_table_view_sector_panel_and_card_have_no_violations(page: Page):
    open_atlas(page, "/?feature=kz_emb_ankara")  # an embassy: the Diplomacy sector tag on its card
    assert_accessible(page, "on the start page with a feature's card open (1920x1080)")
    page.locator("#map-mode label", has_text="Table").click()
    expect(page.locator("#feature-table table")).to_be_visible()
    settle(page)
    assert_accessible(page, "in the Table view")


def test_laptop_menu_and_sector_tab_have_no_violations(open_page, live_server):
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(page, "/?sector=energy")
    page.get_by_role("button", name="☰ Menu").click()
    expect(page.get_by_role("button", name="Sources & checks")).to_be_visible()
    page.locator("#analysis-tabs label", has_text="Sector indicators").click()
    expect(page.get_by_label("Indicator", exact=True)).to_be_visible()
    settle(page)
    assert_accessible(page, "at 1366x768 with the menu open and the sector panel shown")


def test_phone_layout_has_no_violations(phone):
    open_atlas(phone, "/?feature=port_kuryk")
    assert_accessible(phone, "on a phone with a feature's card open")


def test_briefing_mode_has_no_violations(page: Page):
    open_atlas(page, "/?briefing=1")
    expect(page.locator("#briefing-bar .slide-title")).to_be_visible()
    assert_accessible(page, "in briefing mode")


def test_sources_dialog_has_no_violations_on_any_tab(page: Page):
    open_atlas(page)
    dialog = open_sources(page)
    for name in TABS:
        tab = dialog.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")  # at once; its content follows
        # "Loading…" gives way to the tab's content (Fact-check: ~3,000 components to draw)
        expect(dialog.locator("#prov-panel [role=status]")).to_have_count(0, timeout=60_000)
        settle(page)
        assert_accessible(page, f"in the Sources dialog, tab {name!r}")


def test_deck_editor_has_no_violations(page: Page):
    open_atlas(page)
    page.get_by_role("button", name="Deck ✎").click()
    expect(page.get_by_role("dialog", name="Briefing deck")).to_be_visible()
    settle(page)
    assert_accessible(page, "with the deck editor open")


# --------------------------------------------------------------------------- the bugs of issue 10, one by one
def test_the_page_says_its_language(page: Page):
    open_atlas(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert violations(page, rules=["html-has-lang", "html-lang-valid"]) == []


def test_the_year_slider_and_its_box_have_names_and_arrow_keys_change_the_year(page: Page):
    open_atlas(page, "/?year=2020")
    handle = page.get_by_role("slider", name="Year shown")
    expect(handle).to_have_attribute("aria-valuenow", "2020")
    expect(page.get_by_label("Type a year")).to_have_value("2020")
    assert violations(page, rules=["aria-input-field-name", "label"]) == []
    handle.focus()
    page.keyboard.press("ArrowLeft")
    expect_url(page, re.compile(r"[?&]year=2019(&|$)"))
    expect(page.locator("#year-label")).to_have_text("2019")


def test_the_indicator_menu_is_a_named_native_select_with_nothing_focusable_hidden(open_page, live_server):
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(page, "/?sector=energy")
    page.locator("#analysis-tabs label", has_text="Sector indicators").click()
    select = page.get_by_label("Indicator", exact=True)
    expect(select).to_be_visible()
    assert select.evaluate("el => el.tagName") == "SELECT"
    assert violations(page, rules=["aria-hidden-focus", "select-name", "button-name"]) == []


def test_the_sources_dialog_has_a_name_and_its_tabs_point_at_their_panel(page: Page):
    open_atlas(page)
    dialog = open_sources(page)
    tabs = dialog.get_by_role("tab")
    expect(tabs).to_have_count(len(TABS))
    ids = [t.get_attribute("id") for t in tabs.all()]
    assert len(set(ids)) == len(TABS) and not any(i is None or i.endswith("null") for i in ids)
    for tab in tabs.all():
        controls = tab.get_attribute("aria-controls")
        assert controls and page.locator(f"#{controls}").count() == 1, f"{tab.inner_text()} controls {controls!r}"
    panel = dialog.get_by_role("tabpanel")
    assert panel.get_attribute("aria-labelledby") == ids[0]
    assert violations(page, rules=["aria-valid-attr-value", "duplicate-id-aria", "aria-dialog-name"]) == []


def test_one_contentinfo_landmark(page: Page):
    open_atlas(page)
    expect(page.get_by_role("contentinfo")).to_have_count(1)


def test_briefing_mode_has_a_level_one_heading_and_exit_is_named_as_seen(page: Page):
    open_atlas(page, "/?briefing=1")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    exit_button = page.get_by_role("button", name=re.compile(r"^Exit\b"))
    expect(exit_button).to_be_visible()
    assert violations(page, rules=["page-has-heading-one", "label-content-name-mismatch"],
                      impacts=("minor", "moderate", "serious", "critical")) == []


def test_every_sector_tag_is_readable(page: Page, atlas):
    """The Diplomacy tag failed contrast; each sector's tag is checked on a card of that sector."""
    features = {}
    for frame in (atlas.posts, atlas.ports, atlas.routes):
        for fid, sector in zip(frame["id"], frame["sector"], strict=True):
            features.setdefault(sector, fid)
    assert "diplomacy" in features
    for sector, fid in features.items():
        open_atlas(page, f"/?feature={fid}")
        expect(page.locator(f"#detail-card .sector-tag.sector-{sector}")).to_be_visible()
        assert violations(page, rules=["color-contrast"]) == [], sector


# --------------------------------------------------------------------------- keyboard only
# Where the keyboard focus is, and whether a user can see it: a ring (outline or box-shadow) on the focused
# element (on the label of a button-styled radio or checkbox) that lies on screen.
FOCUS_JS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement) return {ok: false, what: 'nothing focused'};
  const el = a.matches('.btn-check') && a.nextElementSibling ? a.nextElementSibling : a;
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2)
    || (cs.boxShadow || '').includes('rgb(240, 228, 66)');  // the Atlas's yellow focus ring
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  const what = a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + ' ' + (a.getAttribute('aria-label') || a.innerText
    || a.value || '').slice(0, 40);
  return {ok: ring && onScreen, ring, onScreen, what};
}"""


def press(page: Page, key: str) -> str:
    """Press one key and check that the focus is visible afterwards; returns what has the focus."""
    page.keyboard.press(key)
    state = page.evaluate(FOCUS_JS)
    assert state["ok"], f"after {key}: focus not visible ({state})"
    return state["what"]


def tab_to(page: Page, selector: str, back: bool = False, limit: int = 120) -> None:
    """Tab (or Shift+Tab) until the element matching ``selector`` has the focus, checking every stop."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        press(page, "Shift+Tab" if back else "Tab")
    pytest.fail(f"{selector} not reached with {'Shift+Tab' if back else 'Tab'} in {limit} presses")


def test_keyboard_only_sector_year_table_card_briefing_and_sources(page: Page, atlas):
    open_atlas(page, "/?year=2020")
    # Sector: the chips are a radio group; arrow keys choose.
    tab_to(page, "#sector-chips input:checked")
    press(page, "ArrowRight")
    expect_url(page, re.compile(r"[?&]sector=energy(&|$)"))
    # Year: the slider's handle; arrow keys step.
    tab_to(page, "#year-slider [role=slider]")
    press(page, "ArrowRight")
    expect_url(page, re.compile(r"[?&]year=2021(&|$)"))
    settle(page)
    # The map's Table view, and a feature's card from it.
    tab_to(page, "#map-mode input:checked", back=True)
    press(page, "ArrowRight")
    expect(page.locator("#feature-table table")).to_be_visible()
    settle(page)
    tab_to(page, "#feature-table tbody button")
    name = page.evaluate("document.activeElement.innerText").replace(" (unverified)", "")
    press(page, "Enter")
    expect(page.locator("#detail-card h2")).to_have_text(name)
    settle(page)
    # Briefing: start it, leave it.
    tab_to(page, "#briefing-start", back=True)
    press(page, "Enter")
    expect(page.locator("#atlas-root")).to_have_class(re.compile(r"\bpresenting\b"))
    expect(page.locator("#briefing-bar .slide-title")).to_be_visible()
    settle(page)
    tab_to(page, "#briefing-exit")
    press(page, "Enter")
    expect(page.locator("#atlas-root")).not_to_have_class(re.compile(r"\bpresenting\b"))
    settle(page)
    # Sources: open, move between tabs with the arrow keys, close with Escape; focus returns to the button.
    tab_to(page, "#sources-open", back=True)
    press(page, "Enter")
    dialog = page.get_by_role("dialog", name=SOURCES_TITLE)
    expect(dialog).to_be_visible()
    tab_to(page, "#prov-tab-sources")
    press(page, "ArrowRight")
    expect(dialog.get_by_role("tab", name="Coverage")).to_have_attribute("aria-selected", "true")
    expect(dialog.locator("#prov-trade-coverage")).to_be_visible(timeout=30_000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#sources-open")).to_be_focused()
    assert page.evaluate(FOCUS_JS)["ok"]
