"""The PowerPoint decks as a presenter sees them: opened in LibreOffice Impress, every word where it belongs.

Each language's prepared deck, and a user's deck with long titles and captions, is converted to PDF by
``soffice --headless`` (all in one call per session) and the word boxes are read with ``pdftotext -bbox``
(poppler): no two words may be painted over each other, no word may leave its page. The maps are pictures
(no words), so a blank picture stands in for them (their figures are not even built) and the test needs no
Chromium. Without LibreOffice or poppler
the tests are skipped with a message, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from dashboard import i18n, make_domain
from dashboard.briefing.deck import Deck, default_deck, parse_deck
from dashboard.export import pptx as pptx_export

pytest.importorskip("pptx")
LANGS = ("en", "tr", "kk", "ru")
TITLE_MAX, CAPTION_MAX = 120, 600  # the longest title and caption a deck may hold (dashboard/briefing/deck.py)
XHTML = "{http://www.w3.org/1999/xhtml}"


class BlankRenderer:
    """Stands in for kaleido: the maps are pictures, which carry no words."""

    def render(self, _figure, _fmt, width, height, scale=1):
        out = io.BytesIO()
        Image.new("RGB", (max(1, width // 8), max(1, height // 8)), "#dde3ea").save(out, "PNG")
        return out.getvalue()


def at_most(text: str, limit: int) -> str:
    """``text`` repeated up to ``limit`` characters, cut at a word."""
    long = " ".join([text] * (limit // max(len(text), 1) + 1))[:limit + 1]
    return long[:long.rindex(" ")].rstrip(" ,.;:")


def user_deck(domain) -> Deck:
    """A user's deck: the Kazakh story (the longest words) with titles and captions as long as a deck allows."""
    deck = json.loads(default_deck(domain, "kk").to_json())
    for slide in deck["slides"]:
        slide["title"] = at_most(slide["title"], TITLE_MAX)
        slide["caption"] = at_most(slide["caption"], CAPTION_MAX)
    parsed, problems = parse_deck(json.dumps(deck), domain)
    assert parsed is not None, problems
    return parsed


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words(pdf: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word of ``pdf`` with its box (pt, from the top left), and each page's size."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    found, sizes = [], []
    for n, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        found += [Word(n, *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                  for w in page.iter(f"{XHTML}word")]
    return found, sizes


def overlapping(found: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words painted over each other. A word's box is its font's full height (ascent to descent), taller
    than the line it sits on, so boxes of two lines touch: only an overlap of more than 30 % of the smaller box's
    height, and more than 1 pt across, is a clash (the Kazakh callouts overflowing into the next text were)."""
    clashes = []
    by_page: dict[int, list[Word]] = {}
    for w in found:
        by_page.setdefault(w.page, []).append(w)
    for page in by_page.values():
        for i, a in enumerate(page):
            for b in page[i + 1:]:
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > 1 and down > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0):
                    clashes.append((a, b))
    return clashes


@pytest.fixture(scope="session")
def converted(atlas, tmp_path_factory) -> dict[str, Path]:
    """Each deck as LibreOffice Impress draws it (PDF), converted in one soffice call."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        message = (f"the PowerPoint layout test needs {' and '.join(missing)} (apt-get install libreoffice-impress "
                   "poppler-utils), which is not available")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("decks")
    domain = make_domain(atlas)
    decks = {lang: default_deck(domain, lang) for lang in LANGS} | {"user": user_deck(domain)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pptx_export, "figure", lambda *_args: None)  # the map's figure: not drawn, not built
        for name, deck in decks.items():
            with i18n.using("kk" if name == "user" else name):
                data = pptx_export.briefing_pptx(atlas, domain, deck, BlankRenderer(), today=date(2026, 3, 14))
            (folder / f"{name}.pptx").write_bytes(data)
    profile = folder / "profile"  # a private LibreOffice profile: no clash with another soffice running
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(folder / f"{n}.pptx") for n in decks)],
                   check=True, capture_output=True, timeout=300)
    return {name: folder / f"{name}.pdf" for name in decks}


@pytest.mark.parametrize("name", [*LANGS, "user"])
def test_no_two_words_overlap_and_nothing_leaves_the_page_in_libreoffice(converted, name):
    found, sizes = words(converted[name])
    assert len(sizes) >= 9 and found, "every slide converted"
    clashes = [f"page {a.page}: {a.text!r} over {b.text!r}" for a, b in overlapping(found)]
    assert clashes == [], clashes[:20]
    outside = [w for w in found if w.x0 < 0 or w.y0 < 0 or w.x1 > sizes[w.page - 1][0] or w.y1 > sizes[w.page - 1][1]]
    assert outside == []


def test_the_overlap_check_finds_words_painted_over_each_other():
    """The check itself: two words on the same spot clash, two lines of a paragraph do not."""
    line = [Word(1, 10, 10, 60, 24, "first"), Word(1, 64, 10, 110, 24, "line")]
    below = [Word(1, 10, 22.5, 60, 36.5, "second")]  # the next line: boxes touch by 1.5 pt of 14
    assert overlapping(line + below) == []
    assert len(overlapping([*line, Word(1, 40, 12, 90, 26, "over")])) == 2
