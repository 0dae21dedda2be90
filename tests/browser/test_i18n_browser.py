"""The interface's language in the browser: the language menu, the link's lang=, <html lang>, the browser's
preferred language on a first visit, and a remembered choice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_url, open_atlas, query
from tests.browser.test_layout_browser import CORE, assert_in_viewport, box

pytestmark = pytest.mark.browser
LANG_IN_URL = re.compile(r"[?&]lang=")


def html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_the_language_menu_sets_the_link_and_the_document_language(phone: Page):
    page = phone
    open_atlas(page)
    picker = page.get_by_label("Language")
    expect(picker).to_be_hidden()  # on the phone, the menu is inside ☰ Menu
    page.locator("#menu-toggle").click()
    expect(picker).to_be_visible()
    picker.select_option("kk")
    expect_url(page, re.compile(r"[?&]lang=kk(&|$)"))
    page.wait_for_function("() => document.documentElement.lang === 'kk'")
    open_atlas(page, None)  # the page is loaded again in Kazakh (wait for it to settle)
    expect(page.locator("h1")).to_have_text("Қазақстан–Түркия серіктестік атласы")
    page.get_by_role("button", name="☰ Мәзір").click()
    picker = page.get_by_label("Тіл", exact=True)
    expect(picker).to_have_value("kk")
    picker.select_option("en")  # English: no lang= in the link, like every default
    expect_url(page, LANG_IN_URL, present=False)
    page.wait_for_function("() => document.documentElement.lang === 'en'")


def test_a_link_with_lang_opens_in_that_language_and_back_returns(page: Page):
    open_atlas(page, "/?lang=ru&year=2020")
    assert html_lang(page) == "ru"
    expect(page.locator("#lang-pick")).to_have_value("ru")
    page.locator("#lang-pick").select_option("tr")
    expect_url(page, re.compile(r"[?&]lang=tr(&|$)"))
    assert query(page)["year"] == "2020"  # the rest of the view is kept
    open_atlas(page, None)  # loaded again in Turkish
    expect(page.locator("h1")).to_have_text("Kazakistan–Türkiye Ortaklık Atlası")
    with page.expect_navigation():  # Back to the Russian address: the page is loaded again in Russian
        page.go_back()
    open_atlas(page, None)
    assert query(page)["lang"] == "ru" and html_lang(page) == "ru"
    expect(page.locator("h1")).to_have_text("Атлас партнерства Казахстан–Турция")


def test_first_visit_follows_the_browsers_language(open_page, live_server):
    page = open_page(live_server, locale="tr-TR")  # Accept-Language: tr-TR; navigator.languages too
    open_atlas(page)
    assert query(page).get("lang") == "tr" and html_lang(page) == "tr"


def test_a_link_with_lang_beats_the_browsers_language(open_page, live_server):
    page = open_page(live_server, locale="tr-TR")
    open_atlas(page, "/?lang=ru")
    assert query(page).get("lang") == "ru" and html_lang(page) == "ru"


def test_an_explicit_choice_of_english_is_kept_on_the_next_visit(open_page, live_server):
    page = open_page(live_server, locale="kk-KZ")
    open_atlas(page)
    assert query(page).get("lang") == "kk"
    page.locator("#lang-pick").select_option("en")
    expect_url(page, LANG_IN_URL, present=False)
    open_atlas(page)  # a later visit without lang=, same browser: English, as chosen
    assert "lang" not in query(page) and html_lang(page) == "en"


def test_a_garbage_lang_shows_english_with_a_notice(page: Page):
    open_atlas(page, "/?lang=%3Cscript%3E&year=2020")
    assert html_lang(page) == "en"
    expect(page.locator("#notice")).to_contain_text("Ignored language")
    expect(page.locator("#notice")).to_contain_text("showing English")
    assert "lang" not in query(page) and query(page)["year"] == "2020"


# English interface labels that must not be left on a translated page (header, toolbar, layers, tabs, legends).
ENGLISH_LABELS = ("Share link", "Sources & checks", "Diplomatic posts", "Ports & hubs", "Pipelines", "Reset view",
                  "Trade timeline & milestones", "Sector indicators", "Figures as reported by", "Embassy",
                  "Consulate general", "Honorary consulate", "Seaport", "Gas pipeline", "Oil pipeline", "Play",
                  "Trade in", "All sectors", "Clear selection", "Turnover", "Partial year", "milestones below")


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_a_translated_page_shows_no_english_labels_and_fits_the_laptop_screen(open_page, live_server, lang):
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_atlas(page, f"/?lang={lang}")
    assert html_lang(page) == lang
    text = page.evaluate("document.body.textContent")  # hidden menus and the charts' SVG text included
    left = [w for w in ENGLISH_LABELS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert not left, f"English labels on the {lang} page: {left}"
    assert page.evaluate("window.scrollY") == 0
    assert_in_viewport(page, CORE)
    # Nothing pushed off the header or the map toolbar by longer words.
    for sel in ("#map-zoom-in", "#map-reset", "#menu-toggle", ".topbar h1"):
        assert_in_viewport(page, {sel: sel})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_a_translated_page_fits_the_phone(open_page, live_server, lang):
    page = open_page(live_server, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    open_atlas(page, f"/?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert box(page, "#map .main-svg")["w"] >= 370
