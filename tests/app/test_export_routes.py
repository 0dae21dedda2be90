"""The /export/... routes through Flask's test client: content types, parsable files, sources on them.

Image and PDF tests need Chromium (kaleido); they skip without it, except under CI=true where a
missing browser is a failure. One app and one warm kaleido browser serve the whole module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import threading
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from html.parser import HTMLParser

import pytest
from dash import Dash, html

from dashboard import create_app, i18n, make_domain
from dashboard.briefing.deck import default_deck
from dashboard.briefing.rows import callouts
from dashboard.briefing.rows import row as cited_row
from dashboard.config import ROOT, Settings
from dashboard.data.load import load_atlas
from dashboard.export import ENDPOINT, register_exports
from dashboard.export.charts import export_figure
from dashboard.export.pptx import MIME as PPTX_MIME
from dashboard.export.render import NO_BROWSER, Renderer, default_renderer, png_text
from dashboard.export.shown import COLUMNS, shown_table
from dashboard.figures.sector import FULL_LEGEND
from dashboard.i18n import _
from dashboard.state import decode
from tests.pdftext import pdf_pages_text

pypdf = pytest.importorskip("pypdf")

ATLAS = load_atlas(ROOT / "geodata")
DOMAIN = make_domain(ATLAS)
ATLAS_LINE = "Kazakhstan–Türkiye Partnership Atlas, "
SVG_NS = "{http://www.w3.org/2000/svg}"
MALFORMED = ["year=abc&sector=%ZZ", "year=1800..3000", "sector=<script>alert(1)</script>", "layers=,,,&&&=&",
             "feature=nope&reporter=XX&view=1,2", "briefing=999&year=2020&year=2021", "%FF%FE=%00", "x" * 5000]


@pytest.fixture(scope="module")
def app():
    # The module makes far more than the default 20 exports a minute from one address; the limit itself is tested
    # in test_security.py.
    app = create_app(Settings(data_dir=ROOT / "geodata", export_rate="10000/minute"))
    if f"{ENDPOINT}chart" not in app.server.view_functions:  # until create_app registers them itself
        register_exports(app, ATLAS, DOMAIN)
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def chromium():
    """The process-wide renderer, started once (warm for every test of the module)."""
    renderer = default_renderer()
    if not renderer.available():
        message = "image/PDF export needs Chromium (apt-get install chromium), which is not available"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return renderer


def today_line() -> str:
    return ATLAS_LINE + date.today().isoformat()


def flat(text: str) -> str:
    return "".join(text.split())


def expected_export(query: str, chart: str, indicator: str | None = None):
    return export_figure(ATLAS, decode(query, DOMAIN)[0], chart, today=date.today(), indicator=indicator)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    """The text drawn in an SVG (``<text>`` elements only, not the ``<desc>`` metadata)."""
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter() if el.tag == f"{SVG_NS}text"]


def fetched_urls(page: str) -> list[str]:
    """URLs the page would fetch (src/href of asset tags, CSS url()); data: URIs excluded."""
    found = re.findall(r"<(?:img|script|iframe|source|video|audio|embed)\b[^>]*\bsrc=[\"']([^\"']+)", page)
    found += re.findall(r"<link\b[^>]*\bhref=[\"']([^\"']+)", page)
    found += re.findall(r"url\(\s*['\"]?([^'\")]+)", page)
    return [u for u in found if not u.startswith("data:")]


# --------------------------------------------------------------------------- images
@pytest.mark.parametrize(("chart", "query", "size"), [
    ("map", "year=2023&sector=energy&feature=btc", (1600, 900)),
    ("trade", "year=2010..2022&reporter=both", (1600, 800)),
])
def test_png_export_has_size_metadata_and_filename(client, chromium, chart, query, size):
    r = client.get(f"/export/{chart}.png?{query}")
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert png_size(r.data) == size
    meta = png_text(r.data)
    expected = expected_export(query, chart)
    assert meta["Source"] == expected.source and meta["Title"] == expected.title
    assert meta["Source"].endswith(today_line())
    state = decode(query, DOMAIN)[0]
    years = str(state.year) if state.year == state.year_start else f"{state.year_start}-{state.year}"
    sector = state.sector if state.sector != "all" else "all-sectors"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="kz-tr-atlas_{chart}_{years}_{sector}.png"' in disposition


def test_svg_export_parses_and_draws_title_and_source(client, chromium):
    query = "year=2024&sector=transport"
    r = client.get(f"/export/trade.svg?{query}")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    drawn = flat("".join(svg_texts(r.data)))
    expected = expected_export(query, "trade")
    assert flat(expected.title) in drawn
    assert flat(expected.source) in drawn, "the whole source line is drawn on the image"
    assert flat("Sector: Transport & logistics") in drawn
    assert ET.fromstring(r.data).find(f"{SVG_NS}desc").text.endswith(expected.source)


def test_sector_export_uses_the_indicator_option(client, chromium):
    option = "Middle Corridor (TITR) cargo, whole route · Mt"
    r = client.get("/export/sector.svg", query_string={"sector": "transport", "year": "2024", "indicator": option})
    assert r.status_code == 200
    drawn = flat("".join(svg_texts(r.data)))
    assert flat("Middle Corridor (TITR) cargo, whole route (Mt)") in drawn
    unknown = client.get("/export/sector.png?sector=energy&indicator=nonsense")
    first = expected_export("sector=energy", "sector")
    assert unknown.status_code == 200 and png_text(unknown.data)["Title"] == first.title
    assert "sector_2025_energy.png" in unknown.headers["Content-Disposition"]


@pytest.mark.parametrize(("chart", "query"), [("map", MALFORMED[0]), *(("sector", q) for q in MALFORMED[1:])])
def test_malformed_view_queries_fall_back_to_defaults(client, chromium, chart, query):
    r = client.get(f"/export/{chart}.png?{query}")
    assert r.status_code == 200 and r.mimetype == "image/png"
    state = decode(query, DOMAIN)[0]
    assert png_text(r.data)["Description"] == expected_export(query, chart).filters
    assert str(state.year) in r.headers["Content-Disposition"]


def test_parallel_requests_are_serialised_safely(app, chromium):
    results: dict[int, tuple[int, tuple[int, int]]] = {}

    def fetch(n: int) -> None:
        r = app.server.test_client().get(f"/export/sector.png?sector={('energy', 'transport', 'trade')[n]}")
        results[n] = (r.status_code, png_size(r.data))

    threads = [threading.Thread(target=fetch, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {n: (200, (1600, 800)) for n in range(3)}


# --------------------------------------------------------------------------- routes that need no browser
@pytest.mark.parametrize("path", ["/export/pie.png", "/export/map.gif", "/export/map.png.exe", "/export/Map.PNG"])
def test_unknown_exports_are_404_with_a_message(client, path):
    r = client.get(path)
    assert r.status_code == 404 and "No such export" in r.get_data(as_text=True)


def test_shown_csv_is_what_the_view_shows(client):
    query = "year=2016&sector=energy&reporter=both&layers=ports,pipelines"
    r = client.get(f"/export/shown.csv?{query}")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.mimetype_params.get("charset") == "utf-8"
    assert r.data.startswith(b"\xef\xbb\xbf")
    assert 'filename="kz-tr-atlas_shown_2016_energy.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"), newline="")))
    expected = shown_table(ATLAS, decode(query, DOMAIN)[0])
    assert rows[0] == COLUMNS and len(rows) - 1 == len(expected)
    gap = [row[COLUMNS.index("shown_as")] == "trade chart: no full-year figure" for row in rows[1:]]
    assert any(gap), "years with no figure are listed as such"
    assert all(row[COLUMNS.index("source_url")].startswith("http") for row, g in zip(rows[1:], gap, strict=True)
               if not g), "every row that shows a figure has its source"


@pytest.mark.parametrize("query", MALFORMED)
def test_shown_csv_never_fails_on_a_malformed_query(client, query):
    r = client.get(f"/export/shown.csv?{query}")
    assert r.status_code == 200
    default = client.get("/export/shown.csv") if decode(query, DOMAIN)[0] == decode("", DOMAIN)[0] else None
    if default is not None:
        assert r.data == default.data


def test_data_zip_holds_the_full_data_set(client):
    r = client.get("/export/data.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert {"posts.csv", "ports.csv", "routes.csv", "trade_annual.csv", "indicators.csv", "milestones.csv",
            "README.md", "LICENCES.md"} <= names
    assert "attachment;" in r.headers["Content-Disposition"]


def test_handout_is_one_self_contained_page(client, chromium, tmp_path):
    r = client.get("/export/handout?year=2024&feature=port_kuryk&reporter=both")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert fetched_urls(page) == [] and page.count("data:image/svg+xml;base64,") == 2
    assert "window.print()" in page and "Selected: Port of Kuryk" in page
    assert printed_pages(page, tmp_path) in (None, 1), "the handout prints on one A4 sheet"


def printed_pages(page: str, tmp_path) -> int | None:
    """How many sheets headless Chromium prints ``page`` on (None without Chromium)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    html = tmp_path / "handout.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp_path / "handout.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=120, check=False)
    return len(pypdf.PdfReader(str(pdf)).pages)


# --------------------------------------------------------------------------- briefing PDF
def test_default_briefing_pdf_has_one_page_per_slide_with_sources(client, chromium):
    r = client.get("/export/briefing.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    deck = default_deck(DOMAIN)
    pages = pdf_pages_text(r.data)
    assert len(pages) == len(deck.slides)
    assert len(re.findall(rb"/Type\s*/Page\b", r.data)) == len(deck.slides)
    for slide, text in zip(deck.slides, pages, strict=True):
        text = flat(text)
        assert flat(slide.title) in text and flat(slide.caption) in text
        assert flat("Source:") in text and flat(slide.source) in text and flat(today_line()) in text
        for figure in callouts(ATLAS, slide):  # the callouts, as on screen
            assert flat(figure.value) in text and flat(figure.label) in text
        assert not any(r in text for r in slide.rows if len(r) > 4), "row ids stay off the page"


def test_posted_deck_is_rendered(client, chromium):
    deck = {"format": "kz-tr-atlas-deck", "version": 1, "slides": [
        {"title": "Trade & targets <2025>", "caption": "Both reporters.", "source": "Atlas data",
         "query": "year=2022&reporter=both", "chart": "trade"},
        {"title": "Cargo", "caption": "", "source": "", "query": "sector=transport&year=2024", "chart": "sector"},
    ]}
    r = client.post("/export/briefing.pdf", data=json.dumps(deck), content_type="application/json")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    pages = [flat(t) for t in pdf_pages_text(r.data)]
    assert len(pages) == 2 and flat("Trade & targets <2025>") in pages[0] and flat("Cargo") in pages[1]
    assert flat("Both reporters.") in pages[0] and flat("Source: Atlas data") in pages[0]
    form = client.post("/export/briefing.pdf", data={"deck": json.dumps(deck)})  # an HTML form posts it so
    assert form.status_code == 200 and len(pypdf.PdfReader(io.BytesIO(form.data)).pages) == 2


@pytest.mark.parametrize(("body", "message"), [
    (b"", "no deck"),
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b"[1, 2, 3]", "not an Atlas briefing deck"),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 9, "slides": []}).encode(), "version"),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 1, "slides": []}).encode(), "no slides"),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 1,
                 "slides": [{"title": "x", "query": "year=1700", "chart": "pie"}]}).encode(), "unknown focus"),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 2,
                 "slides": [{"title": "x", "layout": "hologram"}]}).encode(), 'unknown layout "hologram"'),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 1,
                 "slides": [{"title": "x"}] * 51}).encode(), "at most 50"),
    (json.dumps({"format": "kz-tr-atlas-deck", "version": 2,
                 "slides": [{"title": "x"}] * 500}).encode(), "at most 50"),
    (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "not an Atlas briefing deck"),
    (b"[" * 100000, "not valid JSON"),
    (b" " * (600 * 1024), "too large"),
    (b"{" + b" " * (10 * 1024 * 1024) + b"}", "too large"),
])
@pytest.mark.parametrize("route", ["/export/briefing.pdf", "/export/briefing.pptx", "/export/briefing.html"])
def test_broken_decks_are_400_with_a_clear_message(client, body, message, route):
    r = client.post(route, data=body, content_type="application/json")
    assert r.status_code == (413 if message == "too large" else 400) and r.mimetype == "text/plain"
    assert message in r.get_data(as_text=True) or (len(body) > 2 * 1024 * 1024 and "too large" in r.get_data(
        as_text=True))
    assert "Traceback" not in r.get_data(as_text=True)


# --------------------------------------------------------------------------- PowerPoint
def _pptx(data: bytes):
    pptx = pytest.importorskip("pptx")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None  # a sound zip: no repair prompt for a broken part
    return pptx.Presentation(io.BytesIO(data))


def _texts(slide) -> dict[str, str]:
    return {shape.name: shape.text_frame.text for shape in slide.shapes if shape.has_text_frame}


def test_default_briefing_pptx_is_an_editable_deck_with_notes_and_sources(client, chromium):
    r = client.get("/export/briefing.pptx")
    assert r.status_code == 200 and r.mimetype == PPTX_MIME
    assert r.headers["Content-Disposition"].endswith('.pptx"')
    prs = _pptx(r.data)
    deck = default_deck(DOMAIN)
    assert len(prs.slides) >= len(deck.slides) + 2
    assert (prs.slide_width, prs.slide_height) == (12191695, 6858000)  # 13.333 x 7.5 in: 16:9
    slides = list(prs.slides)
    for number, (slide, expected) in enumerate(zip(slides[1:len(deck.slides) + 1], deck.slides, strict=True), start=1):
        assert slide.shapes.title.text_frame.text == expected.title, number  # the title placeholder, filled
        texts = _texts(slide)
        assert texts["Caption"] == expected.caption  # native, editable text
        assert texts["Source"].startswith(f"Source: {expected.source.rstrip('.')}. View: ")
        assert texts["Source"].endswith(today_line()) and "Chart data: " in texts["Source"]
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # the maps: pictures at 2x their box
        assert all(p.image.content_type == "image/png" for p in pictures)
        for picture in pictures:
            assert picture.image.size[0] >= 2 * picture.width / 914400 * 96 - 2
        assert len(pictures) == int(expected.layout == "split" or expected.focus == "map")
        charts = [s for s in slide.shapes if s.has_chart]
        if expected.focus == "trade":  # a native chart with its data, the app's series names
            assert len(charts) == 1, number
            names = [s.name for s in charts[0].chart.plots[0].series] + [
                s.name for p in charts[0].chart.plots[1:] for s in p.series]
            assert {"Turnover — Kazakhstan figures", "US$10 bn target"} <= set(names), names
            assert sum(v is not None for s in charts[0].chart.plots[0].series for v in s.values) >= 3
        if expected.title == "Energy: Kazakh oil through BTC, gas through TANAP":  # a sector chart, native
            assert len(charts) == 1 and charts[0].chart.chart_title.text_frame.text.startswith("Kazakh oil shipped")
            series = charts[0].chart.plots[0].series
            assert FULL_LEGEND in [s.name for s in series]  # the app's legend words: full years are the line
            assert sum(v is not None for s in series for v in s.values) >= 3
        if expected.title == "Agriculture":  # three values of three different periods: big numbers, not a chart
            assert charts == []
            values = {k: v for k, v in texts.items() if k.startswith("Chart value ")}
            assert len(values) == 3 and texts["Chart values"].startswith("Kazakh lentil exports to Türkiye")
            assert all(re.match(r"\d[\d.,]* kt\n20\d\d", v) for v in values.values()), values
        for figure in callouts(ATLAS, expected):
            assert texts[f"Callout {figure.row}"] == f"{figure.value}\n{figure.label}"
        notes = slide.notes_slide.notes_text_frame.text
        assert expected.notes in notes
        for row_id in expected.rows:  # every cited row, with its source address
            line = next(line for line in notes.splitlines() if row_id in line)
            url = cited_row(ATLAS, row_id).url
            assert not url or url in line
        on_slide = " ".join(texts.values())
        assert "°" not in on_slide and "zoom" not in on_slide  # the map's view once read "29° E, 41° N, zoom ×8"
        hosts = {h for t in (ATLAS.posts, ATLAS.ports, ATLAS.routes) for c in t["source_url"]
                 for h in re.findall(r"https?://(?:www\.)?([^/ ]+)", str(c))}
        plotted = texts["Source"].split("Chart data: ", 1)[1]  # after the slide's own (typed) sources and view
        assert not [h for h in hosts if re.search(rf"(?<![\w.-]){re.escape(h)}(?![\w.-])", plotted)]
        assert not any(re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", on_slide) for r in expected.rows)
    title = slides[0]
    assert title.shapes.title.text_frame.text == "Kazakhstan–Türkiye Partnership Atlas"
    sources = [s for s in slides[len(deck.slides) + 1:]]
    assert sources and all(s.shapes.title.text_frame.text == "Sources" for s in sources)
    listed = " ".join(t for s in sources for t in _texts(s).values())
    cited = list(dict.fromkeys(r for s in deck.slides for r in s.rows))
    assert not any(re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", listed) for r in cited), "row ids: notes only"
    notes = sources[0].notes_slide.notes_text_frame.text
    assert sum(notes.count(f"{r} — ") for r in cited) == len(cited), "each row once, in the notes"
    lines = [p.text for s in sources for sh in s.shapes if sh.name.startswith("Sources ")
             for p in sh.text_frame.paragraphs]
    assert len(lines) == len(set(lines)), "each source once"
    assert "Reuters, 12 Jun 2018" in listed and "reuters.com/article/energy-turkey-tanap" in listed
    assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in slides)


def test_posted_deck_becomes_pptx_with_plain_text_captions(client, chromium):
    caption = '<b>bold</b> & <script>alert("x")</script> ]]> {{7*7}}'
    deck = {"format": "kz-tr-atlas-deck", "version": 2, "slides": [
        {"title": "My <i>slide</i>", "caption": caption, "source": "Atlas data", "query": "year=2022&reporter=both",
         "layout": "split", "focus": "trade", "rows": ["t2022_kz_total_turnover_39", "no_such_row"],
         "callouts": [{"row": "t2022_kz_total_turnover_39", "label": "2022"}], "notes": "Say <this>."}]}
    r = client.post("/export/briefing.pptx", data=json.dumps(deck), content_type="application/json")
    assert r.status_code == 200
    prs = _pptx(r.data)
    assert len(prs.slides) >= 3
    slide = prs.slides[1]
    assert slide.shapes.title.text_frame.text == "My <i>slide</i>"
    assert _texts(slide)["Caption"] == caption  # the characters as typed: plain text, no markup
    xml = zipfile.ZipFile(io.BytesIO(r.data)).read("ppt/slides/slide2.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert len([s for s in slide.shapes if s.shape_type == 13]) == 1  # the map, and the trade chart:
    assert len([s for s in slide.shapes if s.has_chart]) == 1  # native
    notes = slide.notes_slide.notes_text_frame.text
    assert "Say <this>." in notes and "no_such_row — not in the Atlas data" in notes


# --------------------------------------------------------------------------- in the page's language
LETTERS = {"tr": "ğşıİçöü", "kk": "әғқңөұүі", "ru": "ыщжю"}


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_briefing_pptx_follows_the_language_of_the_link(client, chromium, lang):
    """``?lang=kk``: the prepared story in Kazakh, its figures written the Kazakh way, and the file's own words
    (title slide, "Source:", the notes' headings, the sources slide) from the Kazakh catalog."""
    r = client.get(f"/export/briefing.pptx?lang={lang}")
    assert r.status_code == 200 and r.mimetype == PPTX_MIME
    prs = _pptx(r.data)
    deck, english = default_deck(DOMAIN, lang), default_deck(DOMAIN)
    assert deck.lang == lang and len(prs.slides) >= len(deck.slides) + 2
    assert prs.core_properties.language == lang
    slides = list(prs.slides)
    everything = []
    with i18n.using(lang):
        for slide, expected, en in zip(slides[1:len(deck.slides) + 1], deck.slides, english.slides, strict=True):
            title = slide.shapes.title.text_frame.text
            assert title == expected.title != en.title
            texts = _texts(slide)
            assert texts["Caption"] == expected.caption
            assert texts["Source"].startswith(_("Source: {source}.").format(source=expected.source.rstrip(".")))
            for figure in callouts(ATLAS, expected):  # "6,3 млрд АҚШ доллары" with its Kazakh label
                assert texts[f"Callout {figure.row}"] == f"{figure.value}\n{figure.label}"
            notes = slide.notes_slide.notes_text_frame.text
            assert expected.notes in notes and _("Sources (data rows cited by this slide):") in notes
            everything += [title, *texts.values(), notes]
        assert slides[0].notes_slide.notes_text_frame.text.startswith(_("Slides of this briefing:") + "\n1. "
                                                                        + deck.slides[0].title)
        assert slides[-1].shapes.title.text_frame.text == _("Sources")
    assert set(LETTERS[lang]) <= set(" ".join(everything))
    if lang == "kk":
        assert "6,3 млрд АҚШ доллары" in " ".join(everything) and "US$6.3 bn" not in " ".join(everything)


def test_briefing_pdf_follows_the_language_of_the_link(client, chromium):
    r = client.get("/export/briefing.pdf?lang=kk")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    deck = default_deck(DOMAIN, "kk")
    pages = pdf_pages_text(r.data)
    assert len(pages) == len(deck.slides)
    with i18n.using("kk"):
        for slide, text in zip(deck.slides, pages, strict=True):
            text = flat(text)
            assert flat(slide.title) in text and flat(slide.caption) in text and flat(slide.source) in text
            for figure in callouts(ATLAS, slide):
                assert flat(figure.value) in text and flat(figure.label) in text


def test_a_posted_deck_keeps_its_words_in_any_language_and_a_bad_language_falls_back_to_english(client, chromium):
    """The user's text is never translated: only the file's own words follow ``lang=``; ``lang=xx`` is English."""
    deck = {"format": "kz-tr-atlas-deck", "version": 2, "lang": "en", "slides": [
        {"title": "My trade slide", "caption": "As I typed it.", "source": "Atlas data", "query": "year=2022",
         "layout": "full", "focus": "trade", "rows": ["t2022_kz_total_turnover_39"], "notes": "Mine."}]}
    r = client.post("/export/briefing.pptx?lang=ru", data=json.dumps(deck), content_type="application/json")
    assert r.status_code == 200
    slide = _pptx(r.data).slides[1]
    assert slide.shapes.title.text_frame.text == "My trade slide" and _texts(slide)["Caption"] == "As I typed it."
    with i18n.using("ru"):
        assert _texts(slide)["Source"].startswith(_("Source: {source}.").format(source="Atlas data"))
    bad = client.get("/export/briefing.pptx?lang=xx")
    assert bad.status_code == 200
    assert _pptx(bad.data).slides[1].shapes.title.text_frame.text == default_deck(DOMAIN).slides[0].title


#: Words the exports add themselves (title, filters, source line's lead and notes): never English in tr/kk/ru.
#: (Source names stay as their sources write them, so only words no source name in the data uses are listed.)
EXPORT_WORDS = ("Sources:", "Source:", "Year ", "Years ", "Sector:", "Map layers", "Trade figures", "Partnership Atlas",
                "partnership map", "Selected:", "Indicator:", "Map view", "Base map", "Lines are schematic", "View:",
                "Chart data", "Milestones and the")
LANG_VIEW = "year=2012..2022&sector=transport&reporter=both&feature=port_kuryk"


def english_words(text: str) -> list[str]:
    return [w for w in EXPORT_WORDS if w in text]


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
@pytest.mark.parametrize("chart", ["map", "trade", "sector"])
def test_svg_exports_draw_their_title_filters_and_source_line_in_the_language(client, chromium, chart, lang):
    r = client.get(f"/export/{chart}.svg?{LANG_VIEW}&lang={lang}")
    assert r.status_code == 200
    drawn = flat("".join(svg_texts(r.data)))
    with i18n.using(lang):
        expected = expected_export(f"{LANG_VIEW}&lang={lang}", chart)
        lead = _("Sources")
        atlas_line = _("Kazakhstan–Türkiye Partnership Atlas") + ", " + date.today().isoformat()
        sector = ATLAS.label("sector", "transport")
    assert flat(expected.title) in drawn and flat(expected.filters) in drawn and flat(expected.source) in drawn
    assert flat(f"{lead}:") in drawn and flat(atlas_line) in drawn and flat(sector) in drawn
    words = [w for w in EXPORT_WORDS if flat(w) in drawn]
    assert words == [], f"English export words on a {lang} {chart} image: {words}"


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_png_metadata_is_in_the_language(client, chromium, lang):
    r = client.get(f"/export/map.png?{LANG_VIEW}&lang={lang}")
    assert r.status_code == 200
    meta = png_text(r.data)
    with i18n.using(lang):
        expected = expected_export(f"{LANG_VIEW}&lang={lang}", "map")
        lead = _("Sources")
    assert (meta["Title"], meta["Source"], meta["Description"]) == (expected.title, expected.source, expected.filters)
    assert meta["Source"].startswith(f"{lead}: ")
    assert english_words(meta["Title"] + meta["Description"]) == [] and "Partnership Atlas" not in meta["Source"]


def test_handout_follows_the_language_of_the_link(client, chromium, tmp_path):
    r = client.get(f"/export/handout?{LANG_VIEW}&lang=kk")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert '<html lang="kk">' in page and page.count("data:image/svg+xml;base64,") == 2
    with i18n.using("kk"):
        words = [_("Sources"), _("Print / save as PDF"), _("Map features shown:"), _("Chart image not available.")]
        assert all(w in page for w in words[:3]) and _("Kazakhstan–Türkiye Partnership Atlas") in page
    assert ATLAS.label("feature", "port_kuryk", "kk") in page and "Selected:" not in page and "Printed from" not in page
    assert printed_pages(page, tmp_path) in (None, 1), "the Kazakh handout (longer words) still prints on one sheet"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_briefing_pdf_pages_and_properties_are_in_the_language(client, chromium, lang):
    r = client.get(f"/export/briefing.pdf?lang={lang}")
    assert r.status_code == 200
    info = pypdf.PdfReader(io.BytesIO(r.data)).metadata
    with i18n.using(lang):
        name = _("Kazakhstan–Türkiye Partnership Atlas")
        words = [_("Chart data"), _("Source: {source}.").split("{")[0], _("View: {view}.").split("{")[0]]
    assert info.title.startswith(f"{name} — ") and info.creator == name
    assert "briefing" not in info.title and "slides" not in info.title
    for n, text in enumerate(pdf_pages_text(r.data), start=1):
        found = [w for w in EXPORT_WORDS if flat(w) in flat(text)]
        assert found == [], f"page {n} has English words: {found}"
        assert flat(name) in flat(text) and all(flat(w) in flat(text) for w in words)


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_briefing_pptx_properties_and_picture_names_are_in_the_language(client, chromium, lang):
    prs = _pptx(client.get(f"/export/briefing.pptx?lang={lang}").data)
    with i18n.using(lang):
        name = _("Kazakhstan–Türkiye Partnership Atlas")
        pictures = {_("Map of the partnership"), _("Trade chart"), _("Sector chart")}
    assert prs.core_properties.title == f"{name} — {dict(tr='brifing', kk='брифинг', ru='брифинг')[lang]}"
    assert prs.core_properties.author == name and prs.slides[0].shapes.title.text_frame.text == name
    shown = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13 or s.has_chart]
    assert any(s.has_chart for s in shown) and any(s.shape_type == 13 for s in shown)
    assert all(s.name in pictures and s._element.xpath("./*[1]/p:cNvPr")[0].get("descr") == s.name for s in shown)


# --------------------------------------------------------------------------- HTML deck
class SlideText(HTMLParser):
    """The text a viewer of the HTML deck reads on its slides: not the speaker notes, scripts, style or links' targets.
    ``hrefs`` and ``srcs`` collect every address the page names."""

    SKIP = {"script", "style", "title", "aside"}

    def __init__(self):
        super().__init__()
        self.parts, self.hrefs, self.srcs, self._skip = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.hrefs += [attrs["href"]] if "href" in attrs else []
        self.srcs += [attrs["src"]] if "src" in attrs else []
        if tag in self.SKIP:
            self._skip.append(tag)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def of(cls, page: str) -> SlideText:
        parser = cls()
        parser.feed(page)
        return parser

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def test_default_html_deck_is_one_self_contained_file_under_8_mb(client):
    r = client.get("/export/briefing.html")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert re.search(r'attachment; filename="kz-tr-atlas_briefing_\d{4}-\d\d-\d\d\.html"',
                     r.headers["Content-Disposition"])
    assert len(r.data) <= 8 * 1024 * 1024
    page = r.get_data(as_text=True)
    parsed = SlideText.of(page)
    assert parsed.srcs == [], "no script, image or frame is loaded from anywhere"
    assert all(h.startswith(("http://", "https://", "data:")) for h in parsed.hrefs)  # source links and the icon
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<link" not in page.replace('<link rel="icon" href="data:,">', "")
    assert "@import" not in style and "url(" not in style  # (the browser test checks that nothing is requested)
    deck = default_deck(DOMAIN)
    for slide in deck.slides:
        assert slide.title in parsed.text and slide.caption in parsed.text
    rows = {r for s in deck.slides for r in s.rows}
    assert not [r for r in rows if re.search(rf"(?<![\w/]){re.escape(r)}(?![\w/])", parsed.text)], \
        "row ids stay in the speaker notes"
    assert all(r in page for r in rows), "...where every cited row is named"
    for publisher, title in (("trend.az", "Kazakhstan MFA infographic (Trend, 31.01.2026)"),
                             ("akorda.kz", "Akorda (KZ Presidency)")):  # sources as a person cites them
        assert f"<h2>{publisher}</h2>" in page and title in parsed.text
    assert parsed.text.count("Akorda (KZ Presidency)") == 1, "each source once"


def test_html_deck_is_in_the_language_of_the_link(client):
    page = client.get("/export/briefing.html?lang=kk").get_data(as_text=True)
    text = SlideText.of(page).text
    assert '<html lang="kk">' in page
    kazakh = default_deck(DOMAIN, "kk")
    assert kazakh.lang == "kk" and all(s.title in text for s in kazakh.slides)
    with i18n.using("kk"):
        assert _("Sources") in text and _("Speaker notes") in page
    assert "Speaker notes" not in page


def test_posted_deck_becomes_an_html_deck_with_its_text_as_text(client):
    deck = {"format": "kz-tr-atlas-deck", "version": 2, "slides": [
        {"title": "Trade </script><script>alert(1)</script>", "caption": "<img src=x onerror=alert(1)> & more",
         "source": "Atlas data", "query": "year=2022&reporter=both", "layout": "full", "focus": "trade",
         "notes": "</aside><b>bold</b>"}]}
    r = client.post("/export/briefing.html?lang=ru", data=json.dumps(deck), content_type="application/json")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    parsed = SlideText.of(page)
    assert "Trade </script><script>alert(1)</script>" in parsed.text and "<img src=x onerror=alert(1)> & more" in \
        parsed.text
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert parsed.srcs == [] and '<html lang="ru">' in page


# --------------------------------------------------------------------------- without Chromium
def test_without_chromium_images_are_503_and_the_rest_still_works():
    bare = Dash(__name__)
    bare.layout = html.Div()
    register_exports(bare, ATLAS, DOMAIN, renderer=Renderer(browser_path="/nonexistent/chromium"))
    client = bare.server.test_client()
    for path in ("/export/map.png", "/export/trade.svg?year=2020", "/export/briefing.pdf", "/export/briefing.pptx"):
        r = client.get(path)
        assert r.status_code == 503 and r.mimetype == "text/plain" and "Chromium" in r.get_data(as_text=True)
    assert client.post("/export/briefing.pdf", data=b"{}").status_code == 400  # validation before rendering
    assert client.post("/export/briefing.pptx", data=b"{}").status_code == 400
    assert client.post("/export/briefing.html", data=b"{}").status_code == 400
    assert client.get("/export/briefing.html").status_code == 200  # the HTML deck renders nothing on the server
    assert client.get("/export/shown.csv").status_code == 200
    assert client.get("/export/data.zip").status_code == 200
    handout = client.get("/export/handout?year=2020")
    assert handout.status_code == 200 and "not available" in handout.get_data(as_text=True)
    russian = client.get("/export/handout?year=2020&lang=ru").get_data(as_text=True)
    with i18n.using("ru"):
        assert _(NO_BROWSER) in russian and _("Chart images are not available: {reason}").split(":")[0] in russian
    assert "not available" not in russian and "Chromium" in russian
