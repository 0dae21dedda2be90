"""Provenance views on the shipped data: sources, coverage heatmaps, mirror statistics and fact-check cards."""

from __future__ import annotations

import json
import re
from html import unescape

import plotly
import plotly.graph_objects as go
import pytest
from dash import dcc, html

from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.data.schema import TABLES
from dashboard.figures.coverage import (
    CATEGORY_LABEL,
    sector_coverage,
    sector_coverage_figure,
    trade_coverage,
    trade_coverage_figure,
)
from dashboard.figures.theme import BASE_FONT_SIZE
from dashboard.i18n import translate
from dashboard.layout.provenance import (
    PROV_IDS,
    SOURCE_TOPICS,
    VERDICT_BADGE,
    caveats_summary,
    coverage_gaps,
    dataset_sources,
    fact_card,
    factcheck_tab,
    mirror_tab,
    one_side_years,
    provenance_view,
    publishers,
    sources_tab,
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "geodata")


def walk(component):
    """Every component and string in a Dash tree, depth first."""
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    if not isinstance(children, list | tuple):
        children = [children]
    for child in children:
        yield from walk(child)


def _markdown_html(component) -> list[str]:
    """Tables are rendered as HTML inside dcc.Markdown (one component instead of thousands)."""
    return [c.children for c in walk(component) if isinstance(c, dcc.Markdown)]


def _strip(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", fragment))


def texts(component) -> str:
    plain = [str(c) for c in walk(component) if isinstance(c, str | int | float) and not isinstance(c, bool)]
    return " ".join(plain + [_strip(h) for h in _markdown_html(component)])


def links(component) -> list[str]:
    hrefs = [c.href for c in walk(component) if isinstance(c, html.A) and getattr(c, "href", None)]
    return hrefs + [unescape(h) for m in _markdown_html(component) for h in re.findall(r'href="([^"]+)"', m)]


def table_rows(component) -> list[str]:
    """Each table row's HTML."""
    return [row for m in _markdown_html(component) for row in re.findall(r"<tr>(.*?)</tr>", m)]


def cell(fig: go.Figure, series: str, year: int) -> list:
    """customdata of one cell of the trade coverage heatmap."""
    hm = fig.data[0]
    row = list(hm.y).index(series)
    col = list(hm.x).index(year)
    return hm.customdata[row][col]


# --------------------------------------------------------------------------- the view
def test_view_builds_with_four_prefixed_tabs(atlas):
    view = provenance_view(atlas)
    strip, panel = view.children
    assert strip.id == PROV_IDS["tabs"] and strip.role == "tablist"
    tabs = strip.children
    assert [t.children for t in tabs] == ["Sources", "Coverage", "Mirror statistics", "Fact-check"]
    assert all(t.id.startswith("prov-") and t.role == "tab" for t in tabs)
    assert [getattr(t, "aria-selected") for t in tabs] == ["true", "false", "false", "false"]
    assert panel.role == "tabpanel" and getattr(panel, "aria-labelledby") == PROV_IDS["sources"]
    assert all(v.startswith("prov-") for v in PROV_IDS.values())
    ids = [c.id for c in walk(view) if getattr(c, "id", None)]
    assert len(ids) == len(set(ids)), "component ids must be unique"
    json.dumps(view.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)  # serialisable for the browser


def test_sources_tab_lists_every_data_set_with_rows_and_links(atlas):
    tab = sources_tab(atlas)
    text = texts(tab)
    for key, spec in TABLES.items():
        # Organised by what a reader knows, the topic; file names stay in the data ZIP's README (issue 18)
        assert spec.file not in text, spec.file
        assert translate(SOURCE_TOPICS[key], "en") in text, key
        assert f"{len(getattr(atlas, key)):,}" in text
    assert "CC BY 4.0" in text and "public domain" in text
    assert len(links(tab)) > 100
    assert any(isinstance(c, html.Details) for c in walk(tab))  # long lists fold away
    trade = dataset_sources(atlas, "trade")
    assert trade["rows"].sum() == len(atlas.trade)
    assert {"name", "url", "reporter", "date"} <= set(trade.columns)
    assert "Kazakhstan" in set(trade["reporter"])


def test_sources_tab_lists_the_publishers_with_the_topics_they_are_cited_for(atlas):
    """A reader knows Trend or the Turkish MFA, not trade_annual.csv: each publisher's site once, with its topics."""
    pubs = publishers(atlas)
    trend = pubs.set_index("publisher").loc["trend.az"]  # en.trend.az and trend.az are one publisher
    assert {"Bilateral trade", "Sector indicators"} <= set(trend["topics"])
    assert trend["rows"] >= 27 + 14
    assert pubs["publisher"].is_unique and pubs["rows"].is_monotonic_decreasing
    assert "mfa.gov.tr" in set(pubs["publisher"])  # a government domain keeps its ministry
    assert "today.az" in set(pubs["publisher"])  # cited as 'https://today.az./…': the host's final dot is no name
    text = texts(sources_tab(atlas))
    assert "By publisher" in text and "By topic" in text and "trend.az" in text


# --------------------------------------------------------------------------- coverage
def test_trade_coverage_marks_2014_missing_and_2019_partial(atlas):
    cov = trade_coverage(atlas).set_index(["reporter", "flow", "year"])
    assert (trade_coverage(atlas).query("year == 2014")["category"] == "missing").all()
    assert cov.loc[("KZ", "total_turnover", 2019), "category"] == "partial"
    assert cov.loc[("KZ", "total_turnover", 2019), "ids"] == ["t2019_kz_total_turnover_29"]
    assert cov.loc[("KZ", "total_turnover", 2013), "category"] == "official"  # official beats the rounded >4bn
    assert cov.loc[("KZ", "total_turnover", 2024), "category"] == "rounded"
    assert cov.loc[("TR", "total_turnover", 2023), "category"] == "dubious"

    fig = trade_coverage_figure(atlas)
    assert fig.layout.font.size == BASE_FONT_SIZE
    assert cell(fig, "Kazakhstan: turnover", 2014)[0] == CATEGORY_LABEL["missing"]
    partial = cell(fig, "Kazakhstan: turnover", 2019)
    assert partial[0] == CATEGORY_LABEL["partial"] and "t2019_kz_total_turnover_29" in partial[1]
    legend = {t.name for t in fig.data if t.showlegend}
    assert len(legend) == 5 and any("Part of the year only" in n for n in legend)


def test_gap_sentences_name_the_missing_years(atlas):
    gaps = " ".join(coverage_gaps(atlas))
    assert "2014" in gaps and "part of the year only in 2019" in gaps


def test_sector_coverage_keeps_every_indicator_value(atlas):
    cov = sector_coverage(atlas)
    assert cov["count"].sum() == len(atlas.indicators)
    fig = sector_coverage_figure(atlas)
    heatmaps = [t for t in fig.data if isinstance(t, go.Heatmap)]
    assert len(heatmaps) == 2
    assert sum(sum(row) for hm in heatmaps for row in hm.z) == len(atlas.indicators)
    full = cov[cov["group"] == "full"]["count"].sum()
    assert full == (atlas.indicators["period"] == "full").sum()


# --------------------------------------------------------------------------- mirror statistics
def test_mirror_table_shows_the_2010_gap(atlas):
    tab = mirror_tab(atlas)
    table = next(c for c in walk(tab) if getattr(c, "id", None) == PROV_IDS["mirror_table"])
    row2010 = next(r for r in table_rows(table) if _strip(r).strip().startswith("2010"))
    text = _strip(row2010)
    assert "+1,429" in text and "+77%" in text
    assert "US$1.851 bn" in text and "US$3.28 bn" in text  # precision as the sources state it
    assert len(re.findall(r'href="https?://', row2010)) == 2
    assert "general trade-statistics practice" in texts(tab).lower()
    assert 2016 in one_side_years(atlas)["total_turnover"]["TR"]


# --------------------------------------------------------------------------- fact-check
def test_every_card_shows_its_verdict_and_a_source_link(atlas):
    tab = factcheck_tab(atlas)
    cards = [c for c in walk(tab) if str(getattr(c, "id", "")).startswith("prov-claim-")]
    assert len(cards) == len(atlas.factcheck)
    for card, (_, claim) in zip(cards, atlas.factcheck.iterrows(), strict=True):
        text = texts(card)
        symbol, label, _, _ = VERDICT_BADGE[claim["verdict"]]
        assert f"{symbol} {label}" in text, claim["id"]
        assert links(card), claim["id"]
        assert claim["claim"] in text
    assert "disagrees with the data" not in texts(tab)


def test_card_of_the_2024_claim_shows_the_corrected_figure_and_its_row(atlas):
    claim = atlas.factcheck[atlas.factcheck["id"] == "fc01_turnover_2024"].iloc[0]
    card = fact_card(atlas, claim)
    text = texts(card)
    assert "✗ Contradicted" in text and "US$5 bn" in text and "t2024_kz_total_turnover_49" in text
    assert any("qazinform.com" in href for href in links(card))


def test_caveats_come_from_contradicted_claims(atlas):
    caveats = caveats_summary(atlas)
    assert 3 <= len(caveats) <= 8
    assert len(caveats) == len(set(caveats))
    joined = " ".join(caveats)
    assert "Türkiye was the first state to recognise" in joined
    assert "2022" in joined and "about US$5 bn" in joined
    assert all(len(c) < 260 for c in caveats)


def test_graphs_are_dcc_graphs_with_prefixed_ids(atlas):
    graphs = [c for c in walk(provenance_view(atlas, "coverage")) if isinstance(c, dcc.Graph)]
    assert {g.id for g in graphs} == {PROV_IDS["trade_coverage"], PROV_IDS["sector_coverage"]}
