"""The Export menu driven like a user: open the menu, pick an item, and check the FILE that arrives.

Each test opens a non-default view, clicks "Export", clicks one item and inspects what the browser
downloaded (or, for the handout, the page it opened). Images and PDFs are rendered server-side by
kaleido + Chromium: the first one starts that browser, hence the generous download timeout.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Download, Locator, Page, expect

from dashboard import make_domain
from dashboard.briefing.deck import default_deck
from dashboard.data.schema import TABLES
from dashboard.export.annotate import ATLAS_NAME
from tests.browser.conftest import LOCAL_HOSTS
from tests.browser.helpers import open_atlas, settle
from tests.pdftext import pdf_pages_text

pytestmark = pytest.mark.browser

QUERY = "year=2016&sector=energy&reporter=both"
VIEW = f"/?{QUERY}"
DOWNLOAD_TIMEOUT = 60_000  # ms: a first image or PDF export starts the server's kaleido browser
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def deck(atlas):
    return default_deck(make_domain(atlas))


# --------------------------------------------------------------------------- driving the menu
def open_export_menu(page: Page) -> Locator:
    """Click "Export" in the header; returns the open menu."""
    menu = page.locator("#export-menu")
    menu.get_by_role("button", name="Export", exact=True).click()
    expect(menu.locator(".dropdown-menu")).to_be_visible()
    return menu


def menu_link(page: Page, label: str, href: str | None = None) -> Locator:
    """The menu item ``label`` of the open menu; with ``href``, wait until it carries that link."""
    item = open_export_menu(page).get_by_role("link", name=label, exact=True)
    expect(item).to_be_visible()
    if href is not None:
        expect(item).to_have_attribute("href", href)  # the view's query travels with the link
    return item


def fetch(page: Page, item: Locator) -> tuple[Download, bytes]:
    """Click a menu item and return the completed download and its bytes."""
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        item.click()
    download = info.value
    path = download.path()  # waits until the file is complete
    assert download.failure() is None, download.failure()
    return download, Path(path).read_bytes()


# --------------------------------------------------------------------------- reading files
def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk; asserts the signature and each chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG (bad signature)"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in the {kind!r} chunk"
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    return chunks


def png_texts(chunks: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Keyword -> text of the tEXt and (uncompressed) iTXt chunks."""
    out = {}
    for kind, body in chunks:
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            assert rest[:1] == b"\0", f"compressed iTXt chunk {key!r}"
            _lang, _, rest = rest[2:].partition(b"\0")
            _translated, _, value = rest.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("utf-8")
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    """The extractable text of each page of a PDF."""
    return [flat(text) for text in pdf_pages_text(data)]


TRADE_POINTS_JS = """() => {
  const gd = document.querySelector('#trade-chart .js-plotly-plot');
  const out = [];
  gd._fullData.forEach(t => {
    if (t.index === 0 || String(t.name).startsWith('No full-year figure') || t.visible !== true) return;
    (t.y || []).forEach((y, i) => { if (y !== null && y !== undefined) out.push([t.name, t.x[i], y]); });
  });
  return out;
}"""


# --------------------------------------------------------------------------- images
def test_map_png_carries_title_view_and_sources(page: Page):
    open_atlas(page, VIEW)
    item = menu_link(page, "Map — PNG", f"/export/map.png?{QUERY}")
    download, data = fetch(page, item)

    assert download.suggested_filename == "kz-tr-atlas_map_2016_energy.png"
    chunks = png_chunks(data)
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert (width, height) == (1600, 900)
    assert sum(len(body) for kind, body in chunks if kind == b"IDAT") > 50_000, "the image is (nearly) empty"
    texts = png_texts(chunks)
    assert {"Title", "Source", "Description"} <= texts.keys(), texts.keys()
    assert "2016" in texts["Title"] and "Energy" in texts["Title"], texts["Title"]
    assert ATLAS_NAME in texts["Source"], texts["Source"]
    assert texts["Source"].startswith("Sources: ")  # the web sites of the visible features
    assert "Natural Earth" in texts["Source"]  # base-map credit
    # The filters of the view, in words.
    assert texts["Description"].startswith("Year 2016 · Sector: Energy · Trade figures: Kazakhstan's and Türkiye's")


def test_trade_svg_has_title_filters_and_sources(page: Page):
    open_atlas(page, VIEW)
    on_screen_title = flat(page.locator("#trade-chart .gtitle").text_content() or "")
    item = menu_link(page, "Trade chart — SVG", f"/export/trade.svg?{QUERY}")
    download, data = fetch(page, item)

    assert download.suggested_filename == "kz-tr-atlas_trade_2016_energy.svg"
    root = ET.fromstring(data)  # well-formed XML
    assert root.tag == f"{SVG_NS}svg"
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None and desc is not None
    assert title.text == on_screen_title  # the chart's own title, as the page shows it
    description = desc.text or ""
    assert description.startswith("Year 2016 · Sector: Energy · Trade figures: Kazakhstan's and Türkiye's")
    assert "Sources: " in description and ATLAS_NAME in description
    # Title, filters and source line are drawn on the image itself (wrapped lines joined back).
    drawn = flat(" ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")))
    assert on_screen_title in drawn
    assert "Year 2016 · Sector: Energy" in drawn
    assert ATLAS_NAME in drawn
    assert "Sources:" in drawn
    # The plotted data are in it: bars and turnover lines.
    assert len(list(root.iter(f"{SVG_NS}path"))) > 50


# --------------------------------------------------------------------------- data
def test_csv_of_the_view_lists_every_plotted_trade_point_with_its_source(page: Page, atlas):
    open_atlas(page, VIEW)
    settle(page)
    plotted = page.evaluate(TRADE_POINTS_JS)
    assert plotted, "the trade chart shows no point"
    item = menu_link(page, "CSV of this view (with sources; column headers in English)", f"/export/shown.csv?{QUERY}")
    download, data = fetch(page, item)

    assert download.suggested_filename == "kz-tr-atlas_shown_2016_energy.csv"
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {"table", "source_url", "source_name", "year", "value", "shown_as"} <= set(rows[0].keys())
    assert set(Counter(r["table"] for r in rows)) == {"trade", "milestone", "indicator", "feature"}
    # The years the chart marks "no full-year figure" are listed too, with no value and no source.
    gaps = [r for r in rows if r["shown_as"] == "trade chart: no full-year figure"]
    assert gaps and all(not r["value"] and "no full-year" in r["note"] for r in gaps)
    sourced = [r for r in rows if r not in gaps]
    missing = [(r["table"], r["id"]) for r in sourced if not r["source_url"].strip() or not r["source_name"].strip()]
    assert not missing, f"rows without a source: {missing[:10]}"
    assert all(re.match(r"^https?://", r["source_url"]) for r in sourced)

    # trade: exactly the points the chart draws (same year, same value), no more, no fewer.
    trade = [r for r in sourced if r["table"] == "trade"]
    assert len(trade) == len(plotted)
    in_csv = Counter((int(r["year"]), round(float(r["value"]), 1)) for r in trade)
    on_chart = Counter((int(x), round(y * 1000, 1)) for _, x, y in plotted)
    assert in_csv == on_chart
    # Both reporters' turnover lines are listed, as on the chart.
    drawn_lines = {name for name, _, _ in plotted if name.startswith("Turnover")}
    assert drawn_lines == {"Turnover — Kazakhstan figures", "Turnover — Türkiye figures"}
    assert {r["reporter"] for r in trade if r["shown_as"] == "trade chart: turnover line"} == {"KZ", "TR"}

    # indicator: every energy indicator and nothing else.
    indicators = [r for r in rows if r["table"] == "indicator"]
    assert indicators and {r["sector"] for r in indicators} == {"energy"}
    assert len(indicators) == int((atlas.indicators["sector"] == "energy").sum())
    # milestone: the whole timeline, the energy ones marked as highlighted.
    milestones = [r for r in rows if r["table"] == "milestone"]
    assert len(milestones) == len(atlas.milestones)
    assert all((r["in_selected_sector"] == "yes") == (r["sector"] == "energy") for r in milestones)
    # feature: presence in 2016 as the map fades them.
    features = {r["id"]: r for r in rows if r["table"] == "feature"}
    assert features["port_kuryk"]["presence_in_year"] == "open"  # in service since Dec 2016
    assert features["tanap"]["presence_in_year"] == "later"  # carries gas since 2018


def test_full_data_set_zip_holds_every_table_and_the_readme(page: Page, atlas):
    open_atlas(page, VIEW)
    item = menu_link(page, "Full data set (ZIP of CSVs)", "/export/data.zip")
    download, data = fetch(page, item)

    assert re.fullmatch(r"kz-tr-atlas_data_\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert {"trade_annual.csv", "README.md", "LICENCES.md", "MANIFEST.md"} <= names
        assert {f"{Path(spec.file).stem}.csv" for spec in TABLES.values()} <= names
        trade = list(csv.DictReader(io.StringIO(zf.read("trade_annual.csv").decode("utf-8-sig"), newline="")))
        readme = zf.read("README.md").decode("utf-8")
    assert len(trade) == len(atlas.trade)
    assert all(r["source_url"].strip() for r in trade)
    assert readme.strip()


# --------------------------------------------------------------------------- print
def test_handout_opens_in_a_new_tab_offline_with_charts_figures_and_a_print_button(page: Page, live_server):
    open_atlas(page, VIEW)
    # Kazakhstan has no full-year figure for 2016; the page shows Türkiye's as the mirror figure.
    expect(page.locator("#headline .hl-missing")).to_have_count(3)
    mirror = re.search(r"US\$[\d.,]+ (bn|m)", page.locator("#headline .hl-mirror").inner_text())
    assert mirror, "no mirror figure on the page"
    outside: list[str] = []
    errors: list[str] = []

    def on_request(req) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            outside.append(req.url)

    def on_console(msg) -> None:
        if msg.page is not page and msg.type in ("error", "warning"):
            errors.append(f"{msg.type}: {msg.text}")

    # The context sees the popup's requests and console from its very first one.
    page.context.on("request", on_request)
    page.context.on("console", on_console)
    item = menu_link(page, "One-page handout of this view", f"/export/handout?{QUERY}")
    expect(item).to_have_attribute("target", "_blank")
    with page.expect_popup(timeout=DOWNLOAD_TIMEOUT) as info:
        item.click()
    popup = info.value
    popup.on("pageerror", lambda exc: errors.append(str(exc)))
    popup.wait_for_load_state("load")

    assert popup.url == f"{live_server}/export/handout?{QUERY}"  # same origin
    expect(popup).to_have_title(f"{ATLAS_NAME} — handout")
    expect(popup.locator("h1")).to_have_text(ATLAS_NAME)
    expect(popup.locator("header .filters")).to_contain_text("Year 2016 · Sector: Energy")
    expect(popup.locator("header .filters")).to_contain_text("Trade figures: Kazakhstan's and Türkiye's")
    expect(popup.locator("section h2").first).to_contain_text("Trade in 2016")
    # The headline figures are those the app shows for that view: none from Kazakhstan, Türkiye's mirror figure.
    expect(popup.locator(".headlines .hl .value")).to_have_text(["—", "—", "—"])
    expect(popup.locator(".headlines .hl .detail").first).to_contain_text("no full-year figure")
    expect(popup.locator(".mirror")).to_contain_text(f"Türkiye's statistic for 2016: {mirror.group(0)}")
    # A link back to exactly this view: relative to the server (never from the Host header), printed in full.
    expect(popup.locator("header .meta a")).to_have_attribute("href", VIEW)
    expect(popup.locator("header .meta a")).to_have_text(f"{live_server}{VIEW}")
    # Map and trade chart as embedded images that the browser decoded (no outside file).
    images = popup.locator("figure img")
    expect(images).to_have_count(2)
    for n in range(2):
        expect(images.nth(n)).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    popup.wait_for_function("[...document.querySelectorAll('figure img')].every(i => i.complete && i.naturalWidth > 0)")
    expect(popup.locator("figure figcaption").nth(0)).to_contain_text("Map, 2016")
    expect(popup.locator(".sources")).to_contain_text("Trade figures (chart and headlines):")
    assert popup.locator(".sources a[href^='http']").count() > 5

    # A Print button on screen, hidden when printed.
    button = popup.get_by_role("button", name="Print / save as PDF")
    expect(button).to_be_visible()
    popup.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(popup.locator("main.sheet")).to_be_visible()
    expect(popup.locator("figure img").first).to_be_visible()
    popup.emulate_media(media="screen")
    expect(button).to_be_visible()

    assert outside == [], f"the handout requested other hosts: {outside}"
    assert errors == [], f"the handout logged errors: {errors}"
    popup.close()


def test_briefing_pdf_of_the_prepared_story_has_one_page_per_slide(page: Page, deck):
    open_atlas(page, VIEW)
    item = menu_link(page, "Briefing PDF — prepared story", "/export/briefing.pdf")
    download, data = fetch(page, item)

    assert re.fullmatch(r"kz-tr-atlas_briefing_\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    pages = pdf_pages(data)
    assert len(pages) == len(deck.slides)
    assert flat(deck.slides[0].title) in pages[0]
    assert "Source: " in pages[0]
    for n, (text, slide) in enumerate(zip(pages, deck.slides, strict=True), start=1):
        assert flat(slide.title) in text, f"page {n} does not show the title of slide {n}"
        assert f"Source: {flat(slide.source)[:40]}" in text, f"page {n} does not cite the slide's source"
        assert "Chart data: " in text and ATLAS_NAME in text, f"page {n} has no chart source line"
        assert flat(slide.caption)[:60] in text, f"page {n} does not show the caption of slide {n}"


def test_briefing_pdf_of_my_deck_includes_the_slide_i_added(page: Page, deck):
    open_atlas(page, VIEW)
    n = len(deck.slides)
    page.get_by_role("button", name="Deck ✎").click()
    panel = page.locator("#deck-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".slide-row")).to_have_count(n)
    panel.get_by_role("button", name="+ Add current view").click()
    expect(panel.locator(".slide-row")).to_have_count(n + 1)
    expect(page.locator("#deck-message")).to_contain_text(f"Added the current view as slide {n + 1}")
    settle(page)
    page.wait_for_function("() => (localStorage.getItem('deck-store') || '').includes('Slide " + str(n + 1) + "')")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    menu = open_export_menu(page)
    item = menu.get_by_role("button", name="Briefing PDF — my deck", exact=True)
    expect(item).to_be_visible()
    download, data = fetch(page, item)

    assert download.suggested_filename == "kz-tr-atlas-briefing.pdf"
    pages = pdf_pages(data)
    assert len(pages) == n + 1
    assert flat(deck.slides[0].title) in pages[0]
    assert f"Slide {n + 1}: view of 2016" in pages[-1]
    assert "Year 2016 · Sector: Energy" in pages[-1]  # the added slide shows the view it saved
    expect(page.locator("#notice")).to_have_text("")  # the "Rendering…" message is gone


# --------------------------------------------------------------------------- the HTML deck, from disk
def play_from_disk(browser, path: Path, viewport: dict) -> tuple[Page, list[str], list[str]]:
    """Open a downloaded HTML deck as a file (file://) in a browser with the network off; returns the page, every
    request it made after its own document, and its console errors."""
    context = browser.new_context(viewport=viewport, offline=True)
    player = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    player.on("request", lambda r: requests.append(r.url))
    player.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    player.on("pageerror", lambda exc: errors.append(str(exc)))
    player.goto(path.as_uri())
    return player, [u for u in requests if u != path.as_uri()], errors


CURRENT_DRAWN = """() => { const s = document.querySelector('.slide.current');
  return [...s.querySelectorAll('[data-figure]')].every(e => e.querySelector('svg.main-svg')); }"""


def test_html_deck_of_the_prepared_story_plays_from_disk_with_the_network_off(page: Page, browser, deck, tmp_path):
    open_atlas(page, VIEW)
    item = menu_link(page, "HTML deck — prepared story", "/export/briefing.html")
    download, data = fetch(page, item)
    assert re.fullmatch(r"kz-tr-atlas_briefing_\d{4}-\d{2}-\d{2}\.html", download.suggested_filename)
    assert len(data) <= 8 * 1024 * 1024
    path = tmp_path / download.suggested_filename
    path.write_bytes(data)

    player, requests, errors = play_from_disk(browser, path, {"width": 1366, "height": 768})
    try:
        total = len(deck.slides) + 2  # a title slide, the deck's slides, the sources slide
        slides = player.locator(".slide")
        expect(slides).to_have_count(total)
        titles = ["Kazakhstan–Türkiye Partnership Atlas", *(s.title for s in deck.slides), "Sources"]
        keys = ["ArrowRight", "PageDown", " "]
        for n in range(total):
            current = player.locator(".slide.current")
            expect(current.locator("h1")).to_have_text(titles[n])
            expect(player.locator("#counter")).to_have_text(f"{n + 1} / {total}")
            player.wait_for_function(CURRENT_DRAWN)  # its maps and charts drawn by plotly, from the file alone
            if current.locator("[data-figure]").count():
                box = current.locator("[data-figure]").first.bounding_box()
                assert box and box["width"] * box["height"] >= 0.2 * 1366 * 768, f"slide {n + 1}: figure too small"
            player.keyboard.press(keys[n % len(keys)])
        expect(player.locator("#counter")).to_have_text(f"{total} / {total}")  # the last slide stays last
        sources = player.locator(".slide.current .sources-list")
        expect(sources.locator("a[href^='http']").first).to_be_visible()
        player.keyboard.press("PageUp")
        player.keyboard.press("ArrowLeft")
        expect(player.locator(".slide.current h1")).to_have_text(deck.slides[-2].title)

        # the map slides drew the regional base map (land) from the topojson inside the file
        player.keyboard.press("Home")
        player.wait_for_function(CURRENT_DRAWN)
        assert player.locator(".slide.current .layer.land path").count() >= 1

        notes = player.locator(".slide.current .notes")
        expect(notes).to_be_hidden()
        player.keyboard.press("n")
        expect(notes).to_be_visible()
        expect(player.locator("#notes")).to_have_attribute("aria-pressed", "true")
        player.get_by_role("button", name="Notes").click()
        expect(notes).to_be_hidden()
    finally:
        player.context.close()
    assert requests == [], f"the deck made requests: {requests}"
    assert errors == [], f"the deck logged errors: {errors}"
