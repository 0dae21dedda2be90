"""The interface's language in the browser: the language menu, the link's lang=, <html lang>, the browser's
preferred language on a first visit, and a remembered choice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_url, open_atlas, query, settle

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
    settle(page)
    picker = page.locator("#lang-pick")  # its label is now in Kazakh
    expect(picker).to_be_visible()  # the menu stays open for another choice
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
    page.go_back()
    expect_url(page, re.compile(r"[?&]lang=ru(&|$)"))
    page.wait_for_function("() => document.documentElement.lang === 'ru'")


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
