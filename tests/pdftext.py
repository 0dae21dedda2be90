"""The text of a PDF's pages as a reader would copy it, shared by the app-level and browser tests."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

# Chromium (from 156) draws "fi", "fl", "ff"… as single ligature glyphs; the text is the same to a reader.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


def pdf_pages_text(data: bytes) -> list[str]:
    """The extractable text of each page, with typographic ligatures spelled out as letters."""
    assert data[:5] == b"%PDF-", "not a PDF"
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    return ["".join(_LIGATURES.get(ch, ch) for ch in text) for text in pages]
