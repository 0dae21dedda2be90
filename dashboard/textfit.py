"""How wide a text is, and how it wraps: the one text-measuring function of the Atlas.

Measured with the shipped DejaVu Sans (``assets/fonts``, the page's font and the exports') through Pillow, so the
map legend's columns, an exported image's margins and a PowerPoint text box are all sized from the glyphs that
are drawn, in every language (Cyrillic ж ш щ ю are twice as wide as Latin i l). DejaVu Sans is wider than Arial
and Liberation Sans, so text fitted with it also fits where a viewer substitutes one of those.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from PIL import ImageFont

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
FONT_FILES = {False: FONTS / "DejaVuSans-atlas.woff", True: FONTS / "DejaVuSans-Bold-atlas.woff"}
_REFERENCE = 100  # px: widths are measured at this size and scaled (advance widths are linear in the size)
_NUMBER = re.compile(r"\d")


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    # Without kerning (Pillow's basic layout): PowerPoint does not kern body text, so a line is the sum of its
    # glyphs' advances; Chromium and LibreOffice kern, which only makes it narrower.
    return ImageFont.truetype(str(FONT_FILES[bold]), _REFERENCE, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=65536)
def _reference_width(text: str, bold: bool) -> float:
    return _font(bold).getlength(text)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size`` (px or pt: the result is in the same unit)."""
    return _reference_width(text, bold) * size / _REFERENCE


def clean(text: object) -> str:
    """Text on one line without control or format characters (they would break SVG/XML output)."""
    kept = "".join(" " if ch in "\t\n\r" else ch for ch in str(text)
                   if ch in "\t\n\r" or not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.split())


def wrap(text: str, size: float, width: float, max_lines: int | None = None, bold: bool = False) -> list[str]:
    """Plain text wrapped into lines no wider than ``width`` at ``size`` (same unit). A word longer than a line is
    broken; with ``max_lines``, what does not fit is dropped by whole words and the last line ends in "…"."""
    lines: list[str] = []
    line = ""
    for word in clean(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word, size, bold=bold) > width:  # a word longer than a line is broken
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size, bold=bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsis(lines[-1], size, width, bold)
    return lines


def _ellipsis(line: str, size: float, width: float, bold: bool) -> str:
    """``line`` with " …" at its end, whole words dropped until it fits (a number is never cut in two)."""
    words = line.split(" ")
    while len(words) > 1 and text_width(" ".join(words) + " …", size, bold=bold) > width:
        words.pop()
    last = " ".join(words)
    while not _NUMBER.search(last) and len(last) > 1 and text_width(last + " …", size, bold=bold) > width:
        last = last[:-1]  # one word wider than the line (no digits in it): cut letters, never a number
    return last.rstrip(" ,;:–-(") + " …"


def fit(text: str, width: float, height: float, sizes: tuple[float, ...], *, line: float,
        bold: bool = False) -> tuple[list[str], float]:
    """``text`` in a box ``width`` × ``height``: the lines and the first of ``sizes`` (largest first) at which it
    fits wrapped, each line ``line`` × the size high; if it fits at none, shortened by whole words (ending in "…",
    never cutting a number) at the smallest size."""
    for size in sizes:
        lines = wrap(text, size, width, bold=bold)
        if len(lines) * size * line <= height:
            return lines, size
    size = sizes[-1]
    return wrap(text, size, width, max_lines=max(1, int(height // (size * line))), bold=bold), size
