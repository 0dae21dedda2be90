"""Slides that fill the screen, and the deck editor's bugs as a new user met them (each reproduced here first).

- Every prepared slide at 1366x768 and 1920x1080: no scrolling, its focus inside the viewport and large,
  the caption readable from the back of a room, the source line on screen, no data row id visible.
- Typing into every field of the editor, fast, then reloading: nothing typed is lost.
- "Present from here" closes the editor; Esc returns to the view the user had before the briefing.
- Importing over a deck asks first (replace or append), with correct plurals.
- One history entry per slide (not per map settle or Play tick); Back returns to the previous slide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Download, Page, expect

from dashboard import make_domain
from dashboard.briefing.deck import default_deck
from dashboard.briefing.rows import known_ids
from tests.browser.helpers import expect_url, open_atlas, query, settle

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080)]
# Every language at the projector's 1366x768 (Russian and Kazakh run ~30 % longer than English), English at both.
FITS = [("en", 1366, 768), ("en", 1920, 1080), ("tr", 1366, 768), ("kk", 1366, 768), ("ru", 1366, 768)]
FOCUS = {"map": ".map-panel", "trade": ".trade-panel", "sector": ".sector-panel", "card": ".side",
         "headline": ".side"}

# The page's geometry: scrolling, the focus box (the union of the map and the focus in a split) and type sizes.
GEOMETRY_JS = """([focus, split]) => {
  const box = (sel) => { const el = document.querySelector(sel); return el && el.getBoundingClientRect(); };
  const boxes = [box(focus)].concat(split ? [box('.map-panel')] : []).filter(Boolean);
  const left = Math.min(...boxes.map(b => b.left)), top = Math.min(...boxes.map(b => b.top));
  const right = Math.max(...boxes.map(b => b.right)), bottom = Math.max(...boxes.map(b => b.bottom));
  const source = box('#slide-source-bar');
  return {
    scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    left, top, right, bottom, visible: boxes.every(b => b.width > 0 && b.height > 0),
    caption: parseFloat(getComputedStyle(document.querySelector('#briefing-bar .slide-caption')).fontSize),
    title: parseFloat(getComputedStyle(document.querySelector('#briefing-bar .slide-title')).fontSize),
    sourceTop: source.top, sourceBottom: source.bottom,
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def deck(atlas):
    return default_deck(make_domain(atlas))


@pytest.fixture(scope="module")
def row_ids(atlas):
    return re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, known_ids(atlas)), key=len, reverse=True))
                      + r")(?![\w-])")


def slide_title(page: Page):
    return page.locator("#briefing-bar .slide-title")


def open_slide(page: Page, n: int, lang: str = "en") -> None:
    """Load the briefing at slide ``n`` (only the slide's own elements are drawn on screen)."""
    page.goto(f"/?briefing={n}" if lang == "en" else f"/?lang={lang}&briefing={n}")
    expect(slide_title(page)).not_to_have_text("")
    page.wait_for_selector("#map .geo .scattergeo .point", state="attached")
    settle(page)


@pytest.mark.parametrize(("lang", "width", "height"), FITS, ids=[f"{lang}-{w}x{h}" for lang, w, h in FITS])
def test_every_prepared_slide_fits_the_screen_and_shows_its_subject(open_page, live_server, atlas, row_ids, lang,
                                                                    width, height):
    deck = default_deck(make_domain(atlas), lang)
    page = open_page(live_server, viewport={"width": width, "height": height})
    open_slide(page, 1, lang)
    for n, slide in enumerate(deck.slides, start=1):
        if n > 1:
            page.keyboard.press("ArrowRight")
        expect(slide_title(page)).to_have_text(slide.title)
        expect_url(page, re.compile(rf"[?&]briefing={n}(&|$)"))
        settle(page)
        page.wait_for_timeout(300)  # the charts re-fit to their panels (a resize observer, then a redraw)
        g = page.evaluate(GEOMETRY_JS, [FOCUS[slide.focus], slide.layout == "split"])
        where = f"slide {n} ({slide.title}) at {width}x{height}"
        assert g["scrollHeight"] <= g["innerHeight"] and g["scrollWidth"] <= g["innerWidth"], (where, g)
        assert g["visible"] and g["left"] >= 0 and g["top"] >= 0, (where, g)
        assert g["right"] <= width and g["bottom"] <= height, (where, g)
        area = (g["right"] - g["left"]) * (g["bottom"] - g["top"])
        assert area >= 0.4 * width * height, (where, round(area / (width * height), 2))
        assert g["caption"] >= 20 and g["title"] >= 24, (where, g["caption"], g["title"])
        assert 0 < g["sourceTop"] < g["sourceBottom"] <= height, (where, g)
        assert slide.source[:40] in g["text"]
        found = row_ids.findall(g["text"])
        assert not found, (where, found)
        if lang == "en" and "US$10 bn" in slide.title:  # the trade slide: the target line and both countries' series
            chart = page.locator("#trade-chart")
            expect(chart).to_contain_text("US$10 bn target")
            expect(chart).to_contain_text("Turnover — Türkiye figures")
            expect(chart).to_contain_text("Turnover — Kazakhstan figures")
            expect(page.locator("#slide-callouts .callout-value").first).to_have_text("US$6.3 bn")


def test_slide_on_a_phone_reads_top_to_bottom(open_page, live_server, deck):
    page = open_page(live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_slide(page, 3)
    expect(slide_title(page)).to_have_text(deck.slides[2].title)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    expect(page.locator(".trade-panel")).to_be_visible()
    expect(page.locator("#slide-callouts .callout").first).to_be_visible()


def test_speaker_notes_toggle_with_n(page: Page, deck):
    open_slide(page, 3)
    expect(page.locator("#slide-notes")).to_be_hidden()
    page.keyboard.press("n")
    expect(page.locator("#slide-notes")).to_be_visible()
    expect(page.locator("#slide-notes")).to_contain_text(deck.slides[2].notes[:40])
    page.keyboard.press("ArrowRight")
    expect(page.locator("#slide-notes")).to_contain_text(deck.slides[3].notes[:40])  # stays on from slide to slide
    page.get_by_role("button", name="Show or hide the speaker notes (N)").click()
    expect(page.locator("#slide-notes")).to_be_hidden()


# --------------------------------------------------------------------------- the deck editor
def open_editor(page: Page) -> None:
    page.locator("#deck-open").dispatch_event("click")  # in the header menu on a laptop, in the bar on a wide screen
    expect(page.locator("#deck-panel")).to_be_visible()


def rows(page: Page):
    return page.locator("#deck-list .slide-row")


def test_a_caption_typed_after_a_title_is_kept(page: Page):
    """The bug: the title saved on blur, the list re-rendered, the caption field being typed in was replaced and
    its text vanished."""
    open_atlas(page)
    open_editor(page)
    first = rows(page).first
    first.locator("input").click()
    page.keyboard.press("End")
    page.keyboard.type(" (edited)")
    first.locator("textarea").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" A caption typed right after the title.")
    page.wait_for_timeout(1500)  # whatever the blur of the title set off has come back
    caption = rows(page).first.locator("textarea").first
    expect(caption).to_be_focused()
    expect(caption).to_have_value(re.compile(r"A caption typed right after the title\.$"))
    settle(page)
    page.reload()
    open_atlas(page)
    open_editor(page)
    expect(rows(page).first.locator("input")).to_have_value(re.compile(r"\(edited\)$"))
    expect(rows(page).first.locator("textarea").first).to_have_value(
        re.compile(r"A caption typed right after the title\.$"))


def test_text_typed_in_the_same_moment_the_page_goes_away_is_kept(page: Page, deck):
    """The last keys reach the stored deck through a callback that runs a moment later; a reload (or a closed
    tab) in between must not lose them."""
    open_atlas(page)
    open_editor(page)
    notes = rows(page).nth(1).locator("textarea").nth(1)
    notes.click()
    page.keyboard.press("Control+A")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 50})  # a slow laptop: the callback runs late
    page.evaluate("""() => { document.execCommand('insertText', false, 'typed as the page reloads');
                             location.reload(); }""")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    open_atlas(page)
    open_editor(page)
    expect(rows(page).nth(1).locator("textarea").nth(1)).to_have_value("typed as the page reloads")


def test_typing_into_every_field_fast_and_reloading_loses_nothing(page: Page, deck):
    open_atlas(page)
    open_editor(page)
    typed = {}
    for n in range(3):
        row = rows(page).nth(n)
        for kind, field in (("title", row.locator("input")), ("caption", row.locator("textarea").nth(0)),
                            ("notes", row.locator("textarea").nth(1))):
            field.click()
            page.keyboard.press("Control+A")
            text = f"{kind} {n + 1} typed fast"
            page.keyboard.type(text)  # no delay between keys
            typed[(n, kind)] = text
    page.reload()  # at once, without leaving the last field
    open_atlas(page)
    open_editor(page)
    for (n, kind), text in typed.items():
        row = rows(page).nth(n)
        field = {"title": row.locator("input"), "caption": row.locator("textarea").nth(0),
                 "notes": row.locator("textarea").nth(1)}[kind]
        expect(field).to_have_value(text)
    expect(rows(page)).to_have_count(len(deck.slides))
    # ... and the slide on screen says what was typed
    page.goto("/?briefing=2")
    expect(slide_title(page)).to_have_text("title 2 typed fast")
    expect(page.locator("#briefing-bar .slide-caption")).to_have_text("caption 2 typed fast")


def test_present_from_here_closes_the_editor(page: Page, deck):
    open_atlas(page)
    open_editor(page)
    rows(page).nth(2).get_by_role("button", name="▶ Present from here").click()
    expect(slide_title(page)).to_have_text(deck.slides[2].title)
    expect(page.locator("#deck-panel")).to_be_hidden()
    expect(slide_title(page)).to_be_in_viewport(ratio=1)


def test_escape_returns_to_the_view_before_the_briefing(page: Page, deck):
    open_atlas(page, "/?year=2014&sector=metals")
    page.locator("#briefing-start").dispatch_event("click")
    expect(slide_title(page)).to_have_text(deck.slides[0].title)
    for n in (2, 3):
        page.keyboard.press("ArrowRight")
        expect(slide_title(page)).to_have_text(deck.slides[n - 1].title)
    settle(page)
    page.keyboard.press("Escape")
    expect(page.locator(".topbar")).to_be_visible()
    expect_url(page, re.compile(r"briefing="), present=False)
    expect_url(page, re.compile(r"[?&]year=2014(&|$)"))
    settle(page)
    assert query(page) == {"year": "2014", "sector": "metals"}
    expect(page.locator("#year-label")).to_have_text("2014")


def _deck_file(tmp_path, deck, slides: int, title: str):
    data = json.loads(deck.to_json())
    data["slides"] = data["slides"][:slides]
    data["slides"][0]["title"] = title
    path = tmp_path / f"{slides}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_import_over_a_deck_asks_first_and_can_append(page: Page, deck, tmp_path):
    open_atlas(page)
    open_editor(page)
    n = len(deck.slides)
    upload = page.locator("#deck-upload input[type=file]")
    upload.set_input_files(str(_deck_file(tmp_path, deck, 1, "One imported slide")))
    confirm = page.locator("#deck-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("has 1 slide.")
    expect(confirm).to_contain_text(f"your deck ({n} slides)")
    expect(rows(page)).to_have_count(n)  # nothing replaced yet
    page.get_by_role("button", name="Append the slides").click()
    expect(rows(page)).to_have_count(n + 1)
    expect(page.locator("#deck-message")).to_contain_text("Added 1 slide from 1.json after yours.")
    expect(rows(page).nth(n).locator("input")).to_have_value("One imported slide")
    expect(confirm).to_be_hidden()

    upload.set_input_files(str(_deck_file(tmp_path, deck, 2, "Two imported slides")))
    expect(confirm).to_contain_text("has 2 slides.")
    page.get_by_role("button", name="Cancel").click()
    expect(rows(page)).to_have_count(n + 1)
    expect(page.locator("#deck-message")).to_contain_text("Nothing was imported")

    upload.set_input_files(str(_deck_file(tmp_path, deck, 1, "Only slide")))
    page.get_by_role("button", name="Replace my deck").click()
    expect(rows(page)).to_have_count(1)
    expect(page.locator("#deck-message")).to_contain_text("Imported 1 slide from 1.json.")


# --------------------------------------------------------------------------- history
def history_length(page: Page) -> int:
    return page.evaluate("history.length")


def test_one_history_entry_per_slide_and_back_returns_to_the_previous_slide(page: Page, deck):
    open_atlas(page)
    start = history_length(page)
    page.locator("#briefing-start").dispatch_event("click")
    expect(slide_title(page)).to_have_text(deck.slides[0].title)
    for n in range(2, 6):  # through the map slides: the map flies and settles on each
        settle(page)
        page.wait_for_timeout(800)  # the map's settled view (350 ms rest) has reached the state
        settle(page)
        page.keyboard.press("ArrowRight")
        expect(slide_title(page)).to_have_text(deck.slides[n - 1].title)
    settle(page)
    page.wait_for_timeout(800)
    settle(page)
    assert history_length(page) - start == 5, "one entry per slide"
    page.go_back()
    expect(slide_title(page)).to_have_text(deck.slides[3].title)
    page.go_back()
    expect(slide_title(page)).to_have_text(deck.slides[2].title)


def test_play_adds_no_history_entry_per_year(page: Page):
    open_atlas(page, "/?year=2015")
    start = history_length(page)
    page.locator("#play-button").click()
    expect(page.locator("#year-label")).to_have_text("2018", timeout=15_000)  # three ticks
    page.locator("#play-button").click()
    settle(page)
    assert history_length(page) - start <= 1, "Play must not add one history entry per year"


# --------------------------------------------------------------------------- PowerPoint and HTML from the page
def download_edited_deck(page: Page, title: str, button: str) -> Download:
    """Retitle the first slide in the deck editor, then download the deck with the editor's ``button``."""
    open_atlas(page)
    open_editor(page)
    field = rows(page).first.locator("input")
    field.fill(title)
    expect(field).to_have_value(title)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    return info.value


def test_the_editor_downloads_my_deck_as_powerpoint(page: Page, deck):
    pptx = pytest.importorskip("pptx")
    download = download_edited_deck(page, "My own opening slide", "PowerPoint (.pptx)")
    assert download.suggested_filename.endswith(".pptx")
    prs = pptx.Presentation(download.path())
    # a title slide, the deck's slides, then as many sources slides as the list needs
    after = [s.shapes.title.text_frame.text for s in list(prs.slides)[len(deck.slides) + 1:]]
    assert after and set(after) == {"Sources"}
    assert prs.slides[1].shapes.title.text_frame.text == "My own opening slide"
    assert deck.slides[0].notes in prs.slides[1].notes_slide.notes_text_frame.text
    menu = page.locator("#export-menu a[href$='briefing.pptx']")
    expect(menu).to_have_count(1)  # the prepared story, a plain link in the Export menu


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_callout_of_the_trade_slide_is_whole_on_screen(open_page, live_server, lang):
    """Callout figures in Russian and Kazakh ('6,3 млрд долл. США') wrapped to three lines at the callout size and
    the column clipped them at 1366x768."""
    page = open_page(live_server, viewport={"width": 1366, "height": 768})
    open_slide(page, 3, lang)
    boxes = page.evaluate("""() => {
      const column = document.querySelector('#slide-callouts').getBoundingClientRect();
      return [...document.querySelectorAll('#slide-callouts .callout')].map(el => {
        const b = el.getBoundingClientRect();
        return {top: b.top, bottom: b.bottom, columnTop: column.top, columnBottom: column.bottom,
                clipped: el.scrollHeight > el.clientHeight + 1};
      });
    }""")
    assert len(boxes) == 3
    for b in boxes:
        assert b["top"] >= b["columnTop"] - 1 and b["bottom"] <= min(b["columnBottom"], 768) + 1 and not b["clipped"], b


def test_the_editor_downloads_my_deck_as_one_html_file(page: Page, deck):
    download = download_edited_deck(page, "My own opening slide <b>", "HTML deck (.html)")
    assert download.suggested_filename == "kz-tr-atlas-briefing.html"
    html = Path(download.path()).read_text(encoding="utf-8")
    assert "<h1>My own opening slide &lt;b&gt;</h1>" in html  # the deck as edited, its text as text
    assert html.count('<section class="slide" aria-roledescription="slide">') == len(deck.slides)
    expect(page.locator("#export-menu a[href$='briefing.html']")).to_have_count(1)  # the prepared story's link
