"""What changed between two years (``compare=2013..2022``): the map's rings, the headline of both years, the
trade chart's year marks, a briefing slide that holds a comparison, and the exports that carry it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from dashboard import make_domain
from dashboard.briefing.deck import current_view_slide, parse_deck, slide_view
from dashboard.data.tables import feature_table
from dashboard.export.annotate import filters_line
from dashboard.export.charts import export_figure, filename_stem
from dashboard.export.handout import handout_html
from dashboard.export.shown import shown_table, to_csv_bytes
from dashboard.figures.keys import ANNOTATION, SHAPE
from dashboard.figures.map import NEW_RINGS, YEAR_STAMP, Frame, map_figure, map_style, ringed_ids
from dashboard.figures.trade import COMPARED, YEAR_BAND, trade_figure, trade_style
from dashboard.i18n import using
from dashboard.layout.panels import headline_for, ringed_text, view_announcement
from dashboard.state import decode
from tests.unit.test_data_truth import text_of


@pytest.fixture(scope="module")
def domain(atlas):
    return make_domain(atlas)


def view(domain, query):
    state, notices = decode(query, domain)
    assert notices == ()
    return state


# --------------------------------------------------------------------------- map
def test_the_map_rings_what_opened_in_between_and_says_so(atlas, domain):
    state = view(domain, "compare=2013..2022")
    table = feature_table(atlas)
    ringed = set(ringed_ids(atlas, state))
    opened = table["opened_year"]
    # Kuryk (2016), TANAP (2018), BTK rail (2017) opened in between; BTC (2006) before, Shymkent's honorary
    # consulate in 2022 itself (the second year counts), none with no known date.
    assert {"port_kuryk", "tanap", "titr_btk_rail", "tr_hc_shymkent"} <= ringed
    assert "btc" not in ringed and not ringed & set(table.index[opened.isna()])
    assert all(2013 < int(opened[i]) <= 2022 for i in ringed)
    style = map_style(atlas, state)
    rings = style[NEW_RINGS]
    assert len(rings["lon"]) == len(ringed) and rings["showlegend"] and rings["name"] == "New since 2013"
    assert "2013 → 2022" in style[ANNOTATION + YEAR_STAMP]["text"]
    assert "New since 2013" in style[ANNOTATION + YEAR_STAMP]["text"]  # on a phone the legend is hidden


def test_rings_follow_the_layers_and_vanish_without_a_comparison(atlas, domain):
    posts_only = view(domain, "compare=2013..2022&layers=posts")
    assert set(ringed_ids(atlas, posts_only)) == {"kz_hc_mersin", "tr_hc_shymkent"}
    plain = map_style(atlas, view(domain, "year=2022"))
    assert plain[NEW_RINGS]["lon"] == [] and not plain[NEW_RINGS]["showlegend"]
    assert "New since" not in plain[ANNOTATION + YEAR_STAMP]["text"]


def test_what_did_not_exist_at_the_second_year_is_faded(atlas, domain):
    state = view(domain, "compare=2013..2016&layers=pipelines")
    fig = map_figure(atlas, state)
    tanap = next(t for t in fig.data if t.uid == "route-tanap")  # gas from 2018: not yet there in 2016
    btc = next(t for t in fig.data if t.uid == "route-btc")
    assert tanap.opacity < 0.5 <= btc.opacity
    assert tanap.line.dash == "dot"


def test_the_rings_are_a_legend_entry_in_the_page_language(atlas, domain):
    with using("ru"):
        fig = map_figure(atlas, view(domain, "compare=2013..2022&lang=ru"), Frame(1200, 600))
    rings = next(t for t in fig.data if t.uid == NEW_RINGS)
    assert rings.showlegend and rings.name == "Новое с 2013 года"


# --------------------------------------------------------------------------- headline
def test_headline_gives_a_change_only_between_two_unrounded_official_statistics(atlas, domain):
    text = text_of(headline_for(atlas, view(domain, "compare=2010..2013")))
    # 1,851 -> 3,496 (Kazakh statistics, both to the million): +88.9 %
    assert "2010" in text and "2013" in text and "US$1.851 bn" in text and "US$3.496 bn" in text
    assert "+88.9% on 2010, computed from two official statistics" in text


def test_headline_gives_both_values_and_no_change_where_a_figure_is_rounded(atlas, domain):
    text = text_of(headline_for(atlas, view(domain, "compare=2013..2022")))
    assert "Trade compared: 2013 → 2022" in text
    assert "US$3.496 bn" in text and "US$6.3 bn" in text
    assert "%" not in text and "change on 2013 not computed: the figures are rounded" in text


def test_headline_marks_a_partial_year_and_shows_a_missing_one_as_missing(atlas, domain):
    partial = text_of(headline_for(atlas, view(domain, "compare=2013..2019")))
    assert "no full-year figure; Jan–Sep only" in partial and "%" not in partial
    missing = text_of(headline_for(atlas, view(domain, "compare=2013..2014")))
    assert "no full-year figure" in missing and "%" not in missing


# --------------------------------------------------------------------------- trade chart
def test_the_trade_chart_marks_both_years(atlas, domain):
    state = view(domain, "compare=2013..2022")
    style = trade_style(atlas, state)
    assert [style[SHAPE + k]["x0"] for k in COMPARED] == [2013, 2022]
    assert all(style[SHAPE + k]["visible"] for k in COMPARED)
    assert [style[ANNOTATION + k]["text"] for k in COMPARED] == ["<b>2013</b>", "<b>2022</b>"]
    assert not style[SHAPE + YEAR_BAND]["visible"]
    fig = trade_figure(atlas, state)
    marks = [s for s in fig.layout.shapes if s.name in COMPARED]
    assert [(s.x0, s.visible) for s in marks] == [(2013, True), (2022, True)]
    plain = trade_style(atlas, view(domain, "year=2022"))
    assert not any(plain[SHAPE + k]["visible"] for k in COMPARED) and plain[SHAPE + YEAR_BAND]["visible"]


# --------------------------------------------------------------------------- briefing
def deck_json(version: int, query: str) -> str:
    return json.dumps({"format": "kz-tr-atlas-deck", "version": version, "lang": "en",
                       "slides": [{"title": "What changed", "caption": "", "source": "", "query": query,
                                   "layout": "split", "focus": "headline"}]})


def test_a_slide_holds_a_comparison_and_shows_the_compared_view(domain):
    deck, problems = parse_deck(deck_json(3, "compare=2013..2022&layers=posts"), domain)
    assert problems == []
    shown = slide_view(deck, 1, domain)
    assert (shown.compare, shown.year, shown.briefing) == ((2013, 2022), 2022, 1)
    again, _problems = parse_deck(deck.to_json(), domain)
    assert again == deck and json.loads(deck.to_json())["version"] == 3


def test_a_version_2_deck_still_loads(domain):
    deck, problems = parse_deck(deck_json(2, "year=2022&reporter=both"), domain)
    assert problems == [] and slide_view(deck, 1, domain).compare is None


def test_adding_the_compared_view_as_a_slide_keeps_the_comparison(domain):
    slide = current_view_slide(view(domain, "compare=2013..2022"), domain, 8)
    assert slide.query == "compare=2013..2022" and "2013 → 2022" in slide.title


# --------------------------------------------------------------------------- exports
def test_export_titles_and_filters_say_which_years_are_compared(atlas, domain):
    state = view(domain, "compare=2013..2022&sector=transport")
    assert filters_line(state).startswith("Compared: 2013 → 2022 · Sector: ")
    export = export_figure(atlas, state, "map", today=date(2026, 1, 1), names={})
    assert export.title.endswith("compared: 2013 → 2022")
    assert export.filename_stem == filename_stem("map", state) == "kz-tr-atlas_map_2013-vs-2022_transport"
    with using("tr"):
        assert filters_line(view(domain, "compare=2013..2022&lang=tr")).startswith("Karşılaştırma: 2013 → 2022")


def test_the_csv_says_which_years_are_compared_and_what_is_new(atlas, domain):
    state = view(domain, "compare=2013..2022&layers=posts,ports")
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(shown_table(atlas, state)).decode("utf-8-sig"))))
    assert {r["compared_years"] for r in rows} == {"2013..2022"}
    kuryk = next(r for r in rows if r["id"] == "port_kuryk")
    assert kuryk["shown_as"].endswith("(ringed: new since 2013)") and kuryk["presence_in_year"] == "open"
    compared = {r["year"] for r in rows if r["table"] == "trade" and "(compared year)" in r["shown_as"]}
    assert compared == {"2013", "2022"}
    plain = shown_table(atlas, view(domain, "year=2022"))
    assert plain["compared_years"].isna().all() and not plain["shown_as"].str.contains("compared").any()


# --------------------------------------------------------------------------- screen reader
def test_a_screen_reader_hears_both_years_and_what_the_rings_mark(atlas, domain):
    state = view(domain, "compare=2013..2022&layers=posts")
    said = view_announcement(atlas, state)
    assert said.startswith("Comparing: 2013 → 2022; all sectors.")
    assert "Turnover 2013: US$3.496 bn." in said and "Turnover 2022: US$6.3 bn." in said
    assert "not computed: the figures are rounded" in said
    rings = ringed_text(atlas, state)
    assert rings.startswith("Ringed as new since 2013: 2 features (") and "Mersin" in rings
    assert ringed_text(atlas, view(domain, "year=2022")) == ""
    with using("ru"):
        assert "2 объекта" in ringed_text(atlas, view(domain, "compare=2013..2022&layers=posts&lang=ru"))


def test_the_handout_gives_both_years_figures(atlas, domain):
    page = handout_html(atlas, view(domain, "compare=2010..2013"), today=date(2026, 1, 1), feature_names={},
                        map_svg=None, trade_svg=None, view_url="http://x/?compare=2010..2013")
    assert "Trade compared: 2010 → 2013" in page and "Compared: 2010 → 2013" in page
    assert "Turnover, 2010" in page and "Turnover, 2013" in page
    assert "US$1.851 bn" in page and "US$3.496 bn" in page
    assert "+88.9% on 2010, computed from two official statistics" in page


def test_both_reporters_compared_gives_the_other_sides_figure_for_each_year(atlas, domain):
    text = text_of(headline_for(atlas, view(domain, "compare=2010..2021&reporter=both")))
    assert "Türkiye's statistic for 2010:" in text or "Türkiye's side for 2010:" in text
    assert "Türkiye's statistic for 2021:" in text or "Türkiye's side for 2021:" in text
