"""Sources as a person cites them: publisher, title, date and link, grouped by publisher, each once.

A deck (or any list of data rows) cites rows by id; a reader wants the pages behind them. :func:`citations`
turns row ids into one entry per page (rows citing the same address are one entry), grouped by publisher (the
web site, as a reader would look it up) in the order the rows first cite them. The row ids themselves stay in
the speaker notes and the CSV: nothing here shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.briefing.rows import TABLES
from dashboard.data.load import Atlas
from dashboard.export.annotate import atlas_name, clean
from dashboard.export.shown import host, urls
from dashboard.i18n import _

# Tables whose date column dates the source itself (milestones, facts and map features carry the date of the event
# or of the opening, which is not when the source was published: their citations go undated unless named).
SOURCE_DATED = {"trade": "source_date", "indicators": "source_date", "targets": "date"}
FEATURE_TABLES = ("posts", "ports", "routes")
# Second-level names under which a country's registrars sell names (mfa.gov.tr, ntv.com.tr, konya.bel.tr).
SECOND_LEVEL = frozenset({"ac", "bel", "co", "com", "edu", "gov", "net", "org"})


@dataclass(frozen=True)
class Citation:
    publisher: str  # the web site ("trend.az"); the Atlas itself for its own fact-check
    title: str  # the source as the data name it ("Kazakhstan MFA infographic (Trend, 31.01.2026)")
    date: str  # when the source was published ("2026-01-31"), "" when the data do not say
    url: str  # "" when there is no page (the Atlas's own fact-check)


def publisher(url: str) -> str:
    """The publisher's web site of ``url``: ``en.trend.az`` and ``trend.az`` are one publisher, ``mfa.gov.tr`` and
    ``ntv.com.tr`` two."""
    labels = host(url).split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _cell(value: object) -> str:
    text = clean(value) if value is not None else ""
    return "" if text.lower() in ("nan", "<na>", "none", "nat") else text


def _citation(atlas: Atlas, table: str, row) -> Citation:
    link = next(iter(urls(row.get("source_url"))), "")
    title = _cell(row.get("source_name"))
    if table in FEATURE_TABLES:  # a map feature cites a page about it: named by the feature it documents
        title = title or _cell(atlas.label("feature", row["id"], fallback=row["name"]))
    if table == "factcheck":
        return Citation(atlas_name(), _("Fact-check of the article under review (Sources & checks)"), "", "")
    date = _cell(row.get(SOURCE_DATED[table])) if table in SOURCE_DATED else ""
    return Citation(publisher(link) or title, title or host(link), date, link)


def _by_id(atlas: Atlas) -> dict[str, tuple[str, object]]:
    found: dict[str, tuple[str, object]] = {}
    for table in TABLES:
        for _i, row in getattr(atlas, table).iterrows():
            found.setdefault(str(row["id"]), (table, row))
    return found


def citations(atlas: Atlas, row_ids: Iterable[str]) -> list[tuple[str, list[Citation]]]:
    """The sources of ``row_ids`` as ``[(publisher, [citation, ...]), ...]``: one citation per page (address, or
    title where there is none), publishers and their pages in the order first cited; unknown ids are left out
    (the speaker notes say which they are)."""
    rows = _by_id(atlas)
    groups: dict[str, dict[str, Citation]] = {}
    for row_id in dict.fromkeys(row_ids):
        if row_id not in rows:
            continue
        cite = _citation(atlas, *rows[row_id])
        if not (cite.title or cite.url):
            continue
        pages = groups.setdefault(cite.publisher, {})
        pages.setdefault(cite.url or cite.title, cite)
    return [(publisher, list(pages.values())) for publisher, pages in groups.items()]
