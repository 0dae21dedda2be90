"""The "Sources & checks" panel in Turkish, Kazakh and Russian: every text a reader sees in its four tabs
(paragraphs, tables, cards, the coverage charts' titles, axes, legends and hovers) is in the page's language.

Each tab is built in English and in the language; a text node of the translated tab that is also a text node of
the English tab is English left over, unless it is data that stays as the source writes it (the allowlist below:
source names, URLs, row ids, file names, quotes, numbers).
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest
from dash import dcc

from dashboard import i18n
from dashboard.config import ROOT
from dashboard.data.labels import term
from dashboard.data.load import load_atlas
from dashboard.data.schema import TABLES
from dashboard.figures.coverage import sector_coverage_figure, trade_coverage_figure
from dashboard.format import money
from dashboard.layout import provenance
from dashboard.layout.provenance import TABS, fact_card, provenance_tab

LANGS = ("tr", "kk", "ru")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "geodata")


# --------------------------------------------------------------------------- the text a reader sees
class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []

    def handle_data(self, data: str) -> None:
        self.nodes.append(data)


def html_text(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    return parser.nodes


def figure_text(figure) -> list[str]:
    """What a chart shows in words: titles, axis titles, category ticks, legend entries, annotations, hovers."""
    fig = figure.to_dict() if hasattr(figure, "to_dict") else figure
    layout = fig.get("layout", {})
    out = [str((layout.get("title") or {}).get("text") or "")]
    out += [str(a.get("text") or "") for a in layout.get("annotations", [])]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            out.append(str((axis.get("title") or {}).get("text") or ""))
    for trace in fig.get("data", []):
        if trace.get("showlegend"):
            out.append(str(trace.get("name") or ""))
        if trace.get("type") == "heatmap":
            out += [str(v) for v in trace.get("y", [])]
        for row in trace.get("customdata") or []:
            for cell in row:
                for part in cell if isinstance(cell, list | tuple) else [cell]:
                    out += html_text(str(part).replace("<br>", "\n"))
    return out


def text_nodes(component) -> list[str]:
    """Every text node of a Dash tree, the HTML inside dcc.Markdown tables and the words of its charts."""
    out: list[str] = []

    def walk(node) -> None:
        if node is None:
            return
        if isinstance(node, str | int | float):
            out.append(str(node))
            return
        if isinstance(node, list | tuple):
            for n in node:
                walk(n)
            return
        if isinstance(node, dcc.Markdown):
            out.extend(html_text(node.children))
            return
        if isinstance(node, dcc.Graph):
            out.extend(figure_text(node.figure))
            return
        walk(getattr(node, "children", None))

    walk(component)
    lines = (line.strip() for text in out for line in str(text).split("\n"))
    return [t for t in lines if t]


def build(atlas, key: str, lang: str) -> list[str]:
    with i18n.using(lang):
        return text_nodes(provenance_tab(atlas, key))


# --------------------------------------------------------------------------- what may stay as written
NO_WORDS = re.compile(r"^[\W\d_]*$")  # numbers, years, ranges, symbols
ROW_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\d[a-z0-9_]*$")  # t2024_kz_total_turnover_49, m66, fc01_…
# a link's label: a URL or a host, numbered when a cell has more than one ('bp.com 2')
HOST_OR_URL = re.compile(r"^(?:https?://\S+|[\w-]+(?:\.[\w-]+)+\.?(?::\d+)?(?:/\S*)?)(?: \d+)?$")


def data_as_written(atlas) -> set[str]:
    """Texts the panel shows exactly as the sources and the article write them (never translated)."""
    keep: set[str] = {"—", "·", "GeoNames", "Natural Earth"}
    for key in TABLES:
        df = getattr(atlas, key, None)
        if df is None:
            continue
        keep.add(TABLES[key].file)  # file names
        keep |= {str(v) for v in df["id"]} if "id" in df.columns else set()  # row ids
        if "source_name" in df.columns:  # publishers and source names, also as a card's shortened link label
            names = {str(v).strip() for v in df["source_name"].dropna()}
            keep |= names | {n[:69].rstrip() + "…" for n in names}
    facts = atlas.facts  # the research file's statements, copied verbatim (shown with lang="en")
    keep |= {f + (f" — {v}" if isinstance(v, str) and v.strip() else "") for f, v in zip(facts["fact"], facts["value"],
                                                                                        strict=True)}
    keep |= {f"“{c}”" for c in atlas.factcheck["claim"]}  # the article's words: quoted, translation beside them
    keep |= set(atlas.factcheck["id"])
    return keep


def same_in(lang: str) -> set[str]:
    """Words whose translation is spelt as in English (Turkish writes Türkiye, TANAP, CIF/FOB as English does)."""
    return {"tr": {term("reporter", "TR"), "Türkiye"}}.get(lang, set())


def english_left(atlas, key: str, lang: str) -> list[str]:
    english = set(build(atlas, key, "en"))
    keep = data_as_written(atlas) | same_in(lang)
    left = []
    for node in build(atlas, key, lang):
        if node not in english or node in keep or NO_WORDS.match(node):
            continue
        if HOST_OR_URL.match(node):
            continue
        # Row ids and words spelt as in English, with numbers and punctuation between them ('tanap: Türkiye.'):
        words = node
        for same in same_in(lang):
            words = words.replace(same, " ")
        if all(not w or w in keep or ROW_ID.match(w) for w in re.split(r"[\s:;,.()→·…]+", words)):
            continue
        left.append(node)
    return sorted(set(left))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", list(TABS))
def test_every_tab_of_the_panel_is_in_the_pages_language(atlas, key, lang):
    left = english_left(atlas, key, lang)
    assert not left, f"English left in the {key} tab ({lang}):\n" + "\n".join(left[:40])


def test_the_comparison_finds_english_left_over(atlas, monkeypatch):
    """A heading a change forgets to mark for translation is found (the check above can fail)."""
    original = provenance.mirror_tab

    def with_english_heading(a):
        view = original(a)
        view.children.append("Years in which nobody reports")
        return view

    monkeypatch.setitem(TABS, "mirror", (TABS["mirror"][0], with_english_heading))
    fresh = load_atlas(ROOT / "geodata")
    assert english_left(fresh, "mirror", "ru") == ["Years in which nobody reports"]


def test_tabs_are_cached_per_language(atlas):
    with i18n.using("ru"):
        ru = text_nodes(provenance_tab(atlas, "coverage"))
    with i18n.using("kk"):
        kk = text_nodes(provenance_tab(atlas, "coverage"))
    en = text_nodes(provenance_tab(atlas, "coverage"))
    assert "Торговля: какие данные есть за каждый год, по каждому источнику и потоку" in ru
    assert ru != kk != en


# --------------------------------------------------------------------------- the coverage charts
@pytest.mark.parametrize("lang", ("kk", "ru"))
def test_coverage_charts_titles_axes_legends_and_hovers_are_in_the_language(atlas, lang):
    cyrillic = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
    with i18n.using(lang):
        trade, sector = trade_coverage_figure(atlas), sector_coverage_figure(atlas)
        kz_turnover = f"{term('reporter', 'KZ')}: " + i18n._("turnover")
    heat = trade.data[0]
    assert kz_turnover in heat.y
    assert all(cyrillic.search(label) for label in heat.y)
    legend = [t.name for t in trade.data if t.showlegend]
    assert len(legend) == 5 and all(cyrillic.search(n) for n in legend)
    row = list(heat.y).index(kz_turnover)
    hover_2014 = heat.customdata[row][list(heat.x).index(2014)][1]
    assert "trade_annual.csv" in hover_2014 and "no row" not in hover_2014 and cyrillic.search(hover_2014)
    titles = [a.text for a in sector.layout.annotations]
    assert len(titles) == 2 and all(cyrillic.search(t) for t in titles)
    assert all(cyrillic.search(label) for label in sector.data[0].y)
    hovers = [cell[0] for trace in sector.data for row in trace.customdata for cell in row]
    assert all(cyrillic.search(h.split("</b>")[1]) for h in hovers), hovers[:3]
    for fig in (trade, sector):
        english = {n for n in figure_text(fig) if re.search(r"\b(full|year|value|figure|other|turnover)\b", n)}
        assert not english, english


# --------------------------------------------------------------------------- fact-check cards
@pytest.mark.parametrize("lang", LANGS)
def test_a_claim_stays_as_the_article_wrote_it_with_its_marked_translation_beside_it(atlas, lang):
    with (ROOT / "geodata" / "i18n" / "factcheck.csv").open(encoding="utf-8", newline="") as f:
        translations = {r["id"]: r for r in csv.DictReader(f) if r["kind"] == "claim"}
    mark = {"tr": "çeviri", "kk": "аудармасы", "ru": "перевод"}[lang]
    for _i, claim in atlas.factcheck.iterrows():
        with i18n.using(lang):
            quote = fact_card(atlas, claim).children[1].children[0]
        spans = quote.children
        assert spans[0].children == f"“{claim['claim']}”" and spans[0].lang == "en"
        assert spans[2].children == f"({mark}: {translations[claim['id']][lang]})"


def test_an_english_card_has_no_translation_beside_the_quote(atlas):
    claim = atlas.factcheck.iloc[0]
    quote = fact_card(atlas, claim).children[1].children[0]
    assert len(quote.children) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_verdict_reasons_are_translated_with_the_numbers_of_the_data(atlas, lang):
    from dashboard.data.factcheck import evaluate  # noqa: PLC0415

    fc01 = atlas.factcheck[atlas.factcheck["id"] == "fc01_turnover_2024"].iloc[0]
    english = evaluate(fc01, atlas)
    with i18n.using(lang):
        v = evaluate(fc01, atlas)
        five = money(5000, "rounded")
    assert v.verdict == english.verdict and v.used == english.used  # the logic is the same
    assert v.reason != english.reason and "t2024_kz_total_turnover_49" in v.reason and five in v.reason
    assert not re.search(r"\b(claimed|tolerance|figure)\b", v.reason)


# --------------------------------------------------------------------------- the panel's one name
def glossary_name() -> dict[str, str]:
    with (ROOT / "geodata" / "i18n" / "glossary.csv").open(encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == "sources_checks")


@pytest.mark.parametrize("lang", LANGS)
def test_the_panel_has_one_name_per_language_the_glossarys(atlas, lang):
    """The header button, the panel's tab list (its aria-label) and the prepared briefing say the glossary's
    name (test_glossary.py also holds each deck to it, since the English deck names the panel)."""
    from dashboard import ids, make_domain  # noqa: PLC0415
    from dashboard.layout.page import _actions  # noqa: PLC0415
    from dashboard.state import default_state, with_changes  # noqa: PLC0415

    name = glossary_name()[lang]
    with i18n.using(lang):
        header = _actions(with_changes(default_state(make_domain(atlas)), lang=lang), "/export/")
        strip = provenance.tab_strip()
    button = next(c for c in _walk(header) if getattr(c, "id", None) == ids.SOURCES_OPEN)
    assert button.children == name
    assert strip.to_plotly_json()["props"]["aria-label"] == name
    english_deck = (ROOT / "dashboard" / "briefing" / "default_deck.json").read_text(encoding="utf-8")
    assert "Sources & checks view" in english_deck
    deck = (ROOT / "dashboard" / "briefing" / f"default_deck.{lang}.json").read_text(encoding="utf-8")
    assert f"«{name}»" in deck


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)
