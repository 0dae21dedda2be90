"""Kazakh and Turkish letters are drawn, not boxes: in the server's image exports and in the shipped web font."""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from dashboard.export.briefing import PAGE_FONT
from dashboard.export.render import default_renderer
from dashboard.figures import theme

ROOT = Path(__file__).resolve().parents[2]
LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІğşıİĞŞ"
SPACES = "\u00a0\u202f"  # CLDR writes these in numbers and dates ("6 300", "2024 ж.")
MISSING = "\ue000\ue001"  # private-use code points: no font has them, so both are drawn as the .notdef box
CELL = 80  # px per character in the test image


@pytest.fixture(scope="module")
def chromium():
    renderer = default_renderer()
    if not renderer.available():
        message = "image export needs Chromium (apt-get install chromium), which is not available"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return renderer


def _glyph_sheet(chromium, chars: str, family: str = theme.FONT, bold: bool = False) -> list[np.ndarray]:
    """Each character drawn alone in its own cell by the export renderer, in ``family``; the cells."""
    fig = go.Figure(layout=dict(
        width=CELL * len(chars), height=CELL, margin=dict(l=0, r=0, t=0, b=0), paper_bgcolor="white",
        plot_bgcolor="white", xaxis=dict(visible=False, range=[0, len(chars)]), yaxis=dict(visible=False, range=[0, 1]),
        annotations=[dict(x=i + 0.5, y=0.5, text=f"<b>{c}</b>" if bold else c, showarrow=False, xref="x", yref="y",
                          font=dict(family=family, size=48, color="black")) for i, c in enumerate(chars)],
    ))
    png = chromium.render(fig, "png", CELL * len(chars), CELL)
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 128
    return [ink[:, i * CELL:(i + 1) * CELL] for i in range(len(chars))]


def test_the_export_renderer_draws_kazakh_and_turkish_letters_not_boxes(chromium):
    cells = _glyph_sheet(chromium, MISSING + LETTERS + "кгнouyhiIgs")
    box, box2, letters, plain = cells[0], cells[1], cells[2:2 + len(LETTERS)], cells[2 + len(LETTERS):]
    assert box.sum() > 50 and np.array_equal(box, box2), "a missing glyph should draw as the same box"
    for ch, cell in zip(LETTERS, letters, strict=True):
        assert cell.sum() > 30, f"{ch!r} drew nothing"
        assert not np.array_equal(cell, box), f"{ch!r} drew the box of a missing glyph"
    # A letter with a mark is not drawn as its base letter (қ is not к, ş is not s, ı is not i, İ is not I).
    bases = dict(zip("кгнouyhiIgs", plain, strict=True))
    for mark, base in (("қ", "к"), ("ғ", "г"), ("ң", "н"), ("ğ", "g"), ("ş", "s"), ("ı", "i"), ("İ", "I")):
        assert not np.array_equal(letters[LETTERS.index(mark)], bases[base]), mark


def test_the_web_font_shipped_in_assets_covers_every_letter_of_the_four_languages():
    css = (ROOT / "assets" / "fonts.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(not u.startswith(("http:", "https:", "//")) for u in urls)  # offline: own origin only
    text = "".join([LETTERS, SPACES, "Қазақстан Türkiye Казахстан Kazakistan İstanbul Ыстамбұл –—“”«»→≈−%"])
    for url in urls:
        cmap = TTFont(ROOT / "assets" / url).getBestCmap()
        missing = [c for c in text if c != " " and ord(c) not in cmap]
        assert missing == [], f"{url} lacks {missing}"
    assert 'font-family: "DejaVu Sans"' in css  # the last family of the page's stack (theme.FONT, atlas.css)
    assert "DejaVu Sans" in theme.FONT


def test_the_web_font_is_served_by_the_app(client):
    for name in ("DejaVuSans-atlas.woff", "DejaVuSans-Bold-atlas.woff"):
        response = client.get(f"/assets/fonts/{name}")
        assert response.status_code == 200 and response.data[:4] == b"wOFF"
        response.close()


def _briefing_letters() -> str:
    """Every letter that is not ASCII in the prepared briefings of the four languages, and the Kazakh ones."""
    from dashboard import make_domain  # noqa: PLC0415
    from dashboard.briefing.deck import default_deck  # noqa: PLC0415
    from dashboard.data.load import load_atlas  # noqa: PLC0415

    domain = make_domain(load_atlas(ROOT / "geodata"))
    text = " ".join(f"{s.title} {s.caption} {s.notes} {s.source} " + " ".join(c.label for c in s.callouts)
                    for lang in ("en", "tr", "kk", "ru") for s in default_deck(domain, lang).slides)
    return "".join(sorted({c for c in text if c.isalpha() and not c.isascii()} | set(LETTERS)))


@pytest.mark.parametrize("family", [PAGE_FONT, theme.FONT], ids=["pdf-page", "charts"])
def test_every_letter_of_the_prepared_briefings_is_drawn_not_a_box(chromium, family):
    """The PDF's slide pages and the rendered charts draw each letter the Turkish, Kazakh and Russian slides use."""
    letters = _briefing_letters()
    assert {"ә", "ş", "ы", "İ"} <= set(letters)
    cells = _glyph_sheet(chromium, MISSING + letters, family)
    box = cells[0]
    assert box.sum() > 50 and np.array_equal(box, cells[1])
    boxes = [ch for ch, cell in zip(letters, cells[2:], strict=True) if cell.sum() <= 30 or np.array_equal(cell, box)]
    assert boxes == [], f"drawn as a missing glyph in {family}: {boxes}"


def _exported_letters() -> str:
    """Every letter that is not ASCII in the words of the Kazakh and Turkish image exports (titles in bold, filters,
    source lines), and the Kazakh and Turkish letters of LETTERS."""
    from dashboard import i18n, make_domain  # noqa: PLC0415
    from dashboard.data.load import load_atlas  # noqa: PLC0415
    from dashboard.export.charts import CHARTS, export_figure  # noqa: PLC0415
    from dashboard.state import decode  # noqa: PLC0415

    atlas = load_atlas(ROOT / "geodata")
    domain = make_domain(atlas)
    text = LETTERS
    for lang in ("kk", "tr"):
        state = decode(f"year=2010..2024&sector=transport&feature=port_kuryk&lang={lang}", domain)[0]
        with i18n.using(lang):
            for chart in CHARTS:
                export = export_figure(atlas, state, chart, today=date(2026, 3, 14))
                text += export.title + export.filters + export.source
    return "".join(sorted({c for c in text if c.isalpha() and not c.isascii()}))


@pytest.mark.parametrize("bold", [True, False], ids=["titles", "filters-and-sources"])
def test_the_kazakh_and_turkish_words_of_exported_images_are_drawn_not_boxes(chromium, bold):
    """An exported image's title is bold (annotate.py): the bold face must draw ә ғ қ ң ө ұ ү һ і and ğ ş ı İ too."""
    letters = _exported_letters()
    assert set(LETTERS) <= set(letters) and {"қ", "ş", "ı"} <= set(letters)
    cells = _glyph_sheet(chromium, MISSING + letters, bold=bold)
    box = cells[0]
    assert box.sum() > 50 and np.array_equal(box, cells[1])
    boxes = [ch for ch, cell in zip(letters, cells[2:], strict=True) if cell.sum() <= 30 or np.array_equal(cell, box)]
    assert boxes == [], f"drawn as a missing glyph ({'bold' if bold else 'regular'}): {boxes}"
