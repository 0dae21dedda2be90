"""Briefing mode driven like a presenter: keys and clicker, the deck editor, deck files."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import make_domain
from dashboard.briefing.deck import default_deck
from dashboard.state import decode
from tests.browser.helpers import expect_url, open_atlas, query, settle, url

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def deck(atlas):
    return default_deck(make_domain(atlas))


def slide_title(page: Page):
    return page.locator("#briefing-bar .slide-title")


def test_keyboard_steps_through_the_briefing_and_the_url_follows(page: Page, deck, atlas):
    domain = make_domain(atlas)
    open_atlas(page, "/?briefing=1")
    expect(slide_title(page)).to_have_text(deck.slides[0].title)
    expect(page.locator(".topbar")).to_be_hidden()  # the presentation replaces the header
    expect(page.locator("#slide-source-bar")).to_contain_text("Source:")
    steps = [("ArrowRight", 2), ("PageDown", 3), ("ArrowLeft", 2), ("PageUp", 1), (" ", 2), ("ArrowRight", 3)]
    for key, number in steps:
        page.keyboard.press(key)
        expect(slide_title(page)).to_have_text(deck.slides[number - 1].title)
        expect_url(page, re.compile(rf"[?&]briefing={number}(&|$)"))
        expect(page.locator("#briefing-bar .slide-counter")).to_have_text(f"{number} / {len(deck.slides)}")
    settle(page)
    slide3 = decode(deck.slides[2].query, domain)[0]
    assert query(page).get("year", str(domain.default_year)) == str(slide3.year)
    expect(page.locator("#year-label")).to_have_text(str(slide3.year))  # the slide's saved view is on screen
    page.keyboard.press("Escape")
    expect(page.locator(".topbar")).to_be_visible()
    expect_url(page, re.compile(r"briefing="), present=False)
    # opened on a slide, there was no view before the briefing: leaving shows the Atlas's opening view
    expect(page.locator("#year-label")).to_have_text(str(domain.default_year))


def test_briefing_button_starts_at_slide_one_and_last_slide_stays_last(page: Page, deck):
    open_atlas(page)
    page.get_by_role("button", name="▶ Briefing").click()
    expect(slide_title(page)).to_have_text(deck.slides[0].title)
    page.goto(f"/?briefing={len(deck.slides)}")
    expect(slide_title(page)).to_have_text(deck.slides[-1].title)
    settle(page)
    page.keyboard.press("ArrowRight")
    settle(page)
    expect(slide_title(page)).to_have_text(deck.slides[-1].title)


def open_editor(page: Page) -> None:
    page.get_by_role("button", name="Deck ✎").click()
    expect(page.locator("#deck-panel")).to_be_visible()


def slide_rows(page: Page):
    return page.locator("#deck-list .slide-row")


def test_presenter_adds_captions_reorders_deletes_and_the_deck_survives_a_reload(page: Page, deck):
    open_atlas(page, "/?year=2014&sector=metals")
    open_editor(page)
    n = len(deck.slides)
    expect(slide_rows(page)).to_have_count(n)
    page.get_by_role("button", name="+ Add current view").click()
    expect(slide_rows(page)).to_have_count(n + 1)
    new = slide_rows(page).nth(n)
    caption = new.locator("textarea").first
    caption.fill("Metals in 2014: no full-year trade figure exists for this year.")
    caption.press("Tab")  # captions are saved when the field loses focus
    settle(page)
    page.reload()
    open_atlas(page, url(page))
    open_editor(page)
    expect(slide_rows(page)).to_have_count(n + 1)
    expect(slide_rows(page).nth(n).locator("textarea").first).to_have_value(re.compile(r"^Metals in 2014"))
    # Move it up one place, then delete it.
    slide_rows(page).nth(n).get_by_role("button", name=f"Move slide {n + 1} up").click()
    expect(slide_rows(page).nth(n - 1).locator("textarea").first).to_have_value(re.compile(r"^Metals in 2014"))
    slide_rows(page).nth(n - 1).get_by_role("button", name="Delete").click()
    expect(slide_rows(page)).to_have_count(n)
    # Presenting the new deck from the editor opens that slide's saved view.
    slide_rows(page).nth(1).get_by_role("button", name="▶ Present from here").click()
    expect(slide_title(page)).to_have_text(deck.slides[1].title)


def test_deck_file_export_and_a_broken_import_that_keeps_the_deck(page: Page, deck, tmp_path):
    open_atlas(page)
    open_editor(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export deck (JSON)").click()
    with open(info.value.path(), encoding="utf-8") as f:
        exported = json.load(f)
    assert exported["format"] == "kz-tr-atlas-deck" and len(exported["slides"]) == len(deck.slides)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kz-tr-atlas-deck", "version": 1, "slides": [{"title": ""}]}', encoding="utf-8")
    page.locator("#deck-upload input[type=file]").set_input_files(str(broken))
    expect(page.locator("#deck-message")).to_contain_text("was not imported; your deck is unchanged")
    expect(page.locator("#deck-message")).to_contain_text("title is empty")
    expect(slide_rows(page)).to_have_count(len(deck.slides))

    exported["slides"] = exported["slides"][:2]
    exported["slides"][0]["title"] = "Imported opening slide"
    good = tmp_path / "two.json"
    good.write_text(json.dumps(exported), encoding="utf-8")
    page.locator("#deck-upload input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Replace my deck").click()  # an import over a deck asks first
    expect(page.locator("#deck-message")).to_contain_text("Imported 2 slides")
    expect(slide_rows(page)).to_have_count(2)
    expect(slide_rows(page).first.locator("input")).to_have_value("Imported opening slide")


def test_the_briefing_speaks_the_page_language_and_my_own_deck_stays_as_typed(page: Page, atlas):
    """?lang=kk: the prepared story in Kazakh, with the figures written the Kazakh way, and the language kept from
    slide to slide; a slide I edit is my deck, kept as typed when the page goes back to English."""
    domain = make_domain(atlas)
    kk, en = default_deck(domain, "kk"), default_deck(domain)
    open_atlas(page, "/?lang=kk&briefing=1")
    expect(slide_title(page)).to_have_text(kk.slides[0].title)
    for n in (2, 3):
        page.keyboard.press("ArrowRight")
        expect(slide_title(page)).to_have_text(kk.slides[n - 1].title)
        expect_url(page, re.compile(rf"[?&]briefing={n}(&|$)"))
        assert query(page).get("lang") == "kk"
    expect(page.locator("#slide-callouts .callout-value").first).to_have_text("6,3 млрд АҚШ доллары")
    expect(page.locator("#briefing-bar .slide-caption")).to_have_text(kk.slides[2].caption)
    page.keyboard.press("Escape")
    expect_url(page, re.compile(r"briefing="), present=False)
    assert query(page).get("lang") == "kk", page.url  # leaving the briefing keeps the language
    page.locator("#deck-open").click()  # its name is in the page's language
    expect(page.locator("#deck-panel")).to_be_visible()
    first = page.locator("#deck-list .slide-row").first
    expect(first.locator("input")).to_have_value(kk.slides[0].title)
    first.locator("input").fill("Менің слайдым")
    expect(first.locator("input")).to_have_value("Менің слайдым")
    page.wait_for_function("() => (localStorage.getItem('deck-store') || '').includes('Менің слайдым')")
    stored = json.loads(page.evaluate("JSON.parse(window.localStorage.getItem('deck-store') || 'null')") or "{}")
    assert stored.get("lang") == "kk" and stored["slides"][1]["title"] == kk.slides[1].title
    open_atlas(page, "/?briefing=1")  # English page, my (Kazakh) deck: kept as I typed it
    expect(slide_title(page)).to_have_text("Менің слайдым")
    page.keyboard.press("ArrowRight")
    expect(slide_title(page)).to_have_text(kk.slides[1].title)
    assert kk.slides[1].title != en.slides[1].title


def test_a_deck_file_over_512_kb_is_refused_with_a_message_in_the_pages_language(page: Page, tmp_path):
    open_atlas(page, "/?lang=kk")
    page.locator("#deck-open").click()
    expect(page.locator("#deck-panel")).to_be_visible()
    big = tmp_path / "big-deck.json"
    big.write_text('{"format": "kz-tr-atlas-deck", "slides": []}' + " " * 600 * 1024, encoding="utf-8")
    page.locator("#deck-upload input[type=file]").set_input_files(str(big))
    message = page.locator("#deck-message")
    expect(message).to_contain_text("big-deck.json импортталмады: файл тым үлкен (шегі: 512 КБ)")
    expect(message).to_contain_text("слайдтар жинағыңыз өзгермеді")
