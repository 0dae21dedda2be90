"""The data rows a slide cites: where each comes from, and the figure a callout shows; pure functions.

Slides name their rows by id (``Slide.rows``). On screen only the source line appears; the speaker
notes, the PowerPoint and the PDF list every row with its source, address and date, so a figure can be
traced from the slide to the page it was taken from. A callout's figure is never typed: it is the row's
own value written by the one formatter (:mod:`dashboard.format`), so it cannot drift from the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from dashboard import format as fmt
from dashboard import i18n
from dashboard.briefing.deck import Deck, Slide
from dashboard.cache import per_atlas
from dashboard.data.load import Atlas
from dashboard.i18n import _

# Tables that hold citable rows, with the column that dates each row.
TABLES = {
    "trade": "source_date",
    "indicators": "source_date",
    "targets": "date",
    "milestones": "date",
    "facts": "date",
    "factcheck": None,
    "posts": "opened",
    "ports": "opened",
    "routes": "opened",
}


@dataclass(frozen=True)
class Row:
    """One cited data row as the notes and exports list it."""

    id: str
    table: str  # "" when the id is in no table of the loaded data
    source: str
    url: str
    date: str
    figure: str | None  # the row's value written for a callout (trade, indicators, targets), else None
    publisher: str = ""  # the web site that published the cited page (format.publisher), else the relaying channel

    def line(self) -> str:
        """``id — source (date) — URL`` (one line of the speaker notes and of the sources slide)."""
        if not self.table:
            return _("{id} — not in the Atlas data loaded on this server").format(id=self.id)
        parts = [self.id, f"{self.source} ({self.date})" if self.date else self.source, self.url]
        return " — ".join(p for p in parts if p)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "<na>", "none") else text


def _figure(table: str, row: pd.Series) -> str | None:
    if table == "trade":
        return fmt.money(row["value_usd_m"], row.get("quality"))
    if table == "indicators":
        return fmt.quantity(row["value"], str(row["unit"]), row.get("quality"))
    if table == "targets" and not pd.isna(row["target_usd_bn"]):
        return fmt.money(float(row["target_usd_bn"]) * 1000)
    return None


def _make_row(table: str, data: pd.Series) -> Row:
    date_col = TABLES[table]
    source = _text(data.get("source_name"))
    if not source and table == "factcheck":
        source = _("fact-check of the article under review (Sources & checks)")
    elif not source:  # map features cite a page, not a named source: name its web site
        source = urlsplit(_text(data.get("source_url")).split(" ; ")[0]).hostname or ""
    url = _text(data.get("source_url")).split(" ; ")[0]
    date = _text(data.get(date_col)) if date_col else ""
    return Row(str(data["id"]), table, source, url, date, _figure(table, data),
               fmt.publisher(url) or _text(data.get("channel")))


@per_atlas
def _rows_of(atlas: Atlas, lang: str) -> dict[str, Row]:
    """Every citable row of the loaded data by id, its figure written in ``lang`` (built once per atlas and
    language: a Kazakh export must not show the figures an English request wrote first)."""
    found: dict[str, Row] = {}
    with i18n.using(lang):
        for table in TABLES:
            for _i, data in getattr(atlas, table).iterrows():
                found.setdefault(str(data["id"]), _make_row(table, data))
    return found


def known_ids(atlas: Atlas) -> frozenset[str]:
    return frozenset(_rows_of(atlas, i18n.DEFAULT))


def row(atlas: Atlas, row_id: str) -> Row:
    """The row ``row_id`` of the loaded data, its figure in the active language (a row with an empty ``table``
    if there is none)."""
    return _rows_of(atlas, i18n.get_lang()).get(row_id) or Row(row_id, "", "", "", "", None)


def slide_rows(atlas: Atlas, slide: Slide) -> list[Row]:
    return [row(atlas, r) for r in slide.rows]


def deck_rows(atlas: Atlas, deck: Deck) -> list[Row]:
    """Every row the deck cites, once, in the order the slides first cite them."""
    return [row(atlas, r) for r in dict.fromkeys(r for s in deck.slides for r in s.rows)]


def citations(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows as a reader cites them: grouped by publisher (in the order first cited), each source once (rows that
    cite the same page under the same name are one citation); rows not in the data are left out."""
    groups: dict[str, dict[tuple[str, str], Row]] = {}
    for r in rows:
        if r.table:
            groups.setdefault(r.publisher or r.source, {}).setdefault((r.source, r.url), r)
    return {publisher: list(found.values()) for publisher, found in groups.items()}


@dataclass(frozen=True)
class Figure:
    """A callout as shown: the figure, its label and the row it comes from."""

    value: str
    label: str
    row: str


def callouts(atlas: Atlas, slide: Slide) -> list[Figure]:
    """The slide's callouts with their figures from the data (a row without a figure is left out)."""
    out = []
    for c in slide.callouts:
        r = row(atlas, c.row)
        if r.figure and r.figure != "—":
            out.append(Figure(r.figure, c.label, c.row))
    return out


def speaker_notes(atlas: Atlas, slide: Slide) -> str:
    """The notes of a slide as the PowerPoint carries them: the presenter's notes, then every cited row."""
    lines = [slide.notes.strip()] if slide.notes.strip() else []
    rows = slide_rows(atlas, slide)
    if rows:
        lines += ["", _("Sources (data rows cited by this slide):"), *(f"• {r.line()}" for r in rows)]
    return "\n".join(lines).strip()
