"""Issue 18: what the screen says about a figure — gaps per reporter, who said it, Türkiye's side, posts' dates.

Every test here failed on the data and text the Atlas shipped before the issue's corrections.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import make_domain
from dashboard.data.load import DataError, load_atlas
from dashboard.data.schema import ISSUER_KINDS
from dashboard.data.selectors import mirror_pairs
from dashboard.data.tables import GAP, LINE, trade_points
from dashboard.export.datazip import data_zip
from dashboard.export.shown import shown_table, visible_features
from dashboard.figures import theme
from dashboard.figures.map import UNKNOWN_FILL, map_figure
from dashboard.figures.texts import map_summary, trade_summary
from dashboard.figures.trade import point_hover, target_text, trade_figure
from dashboard.format import attribution, money, quality_of
from dashboard.layout.panels import feature_card
from dashboard.state import default_state, with_changes
from tests.unit.test_data_truth import text_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain(atlas):
    return make_domain(atlas)


def row_of(table, rid):
    hit = table[table["id"] == rid]
    assert len(hit) == 1, rid
    return hit.iloc[0]


@pytest.fixture(scope="module")
def both(atlas, domain):
    state = with_changes(default_state(domain), reporter="both")
    return state, trade_points(atlas, "both")


def _plotted_years(points, reporter):
    return set(points[(points["role"] == LINE) & (points["reporter"] == reporter)]["year"])


# --------------------------------------------------------------------------- gaps per reporter
def test_a_gap_marker_never_names_a_reporter_whose_figure_is_plotted_that_year(atlas, both):
    state, points = both
    kz, tr = _plotted_years(points, "KZ"), _plotted_years(points, "TR")
    gaps = points[points["role"] == GAP]
    assert len(gaps)
    for _, g in gaps.iterrows():
        if "Kazakhstan" in g["note"]:
            assert g["year"] not in kz, g["note"]
        if "Türkiye" in g["note"]:
            assert g["year"] not in tr, g["note"]
    # 2013: Kazakhstan's 3,496 is plotted, so no marker names it (Türkiye has no 2013 figure).
    assert "2013: no full-year turnover figure found (Kazakhstan, Türkiye)" not in set(gaps["note"])
    # The chart's hover, the CSV and the screen-reader text say the same.
    fig = trade_figure(atlas, state)
    hovers = [h for t in fig.data if (t.uid or "").startswith("gaps") for h in t.hovertext]
    assert hovers and not any(h.startswith("2013") and "Kazakhstan" in h for h in hovers)
    csv = shown_table(atlas, state)
    csv_gaps = csv[csv["shown_as"] == "trade chart: " + GAP]
    assert not csv_gaps["note"].str.contains("2013: .*Kazakhstan", regex=True).any()
    summary = trade_summary(points, 2022, "both")
    for rep, name in (("KZ", "Kazakhstan"), ("TR", "Türkiye")):
        years = sorted(gaps[gaps["reporter"].str.contains(rep)]["year"])
        assert f"{name}: {', '.join(map(str, years))}." in summary


# --------------------------------------------------------------------------- who said it decides the label
def _row(table, rid):
    hit = table[table["id"] == rid]
    assert len(hit) == 1, rid
    return hit.iloc[0]


def test_every_figure_names_its_issuer_kind(atlas):
    for table in (atlas.trade, atlas.indicators):
        assert table["issuer_kind"].isin(ISSUER_KINDS).all()


@pytest.mark.parametrize(("rid", "words"), [
    ("t2023_tr_tr_exports_to_kz_46", "business association's figure"),  # TİM's US$1.7 bn
    ("t2004_tr_total_turnover_5", "statement"),  # Ambassador Seben's 797 m
    ("t2005_tr_total_turnover_6", "statement"),  # his 708 m for Jan–Sep 2005
    ("t2000_other_total_turnover_4", "figure from a research paper"),  # the paper's 462 m
    ("t2010_other_total_turnover_7", "figure from a research paper"),  # and 3,260 m
])
def test_only_a_statistics_office_or_a_ministry_yields_official_statistic(atlas, rid, words):
    r = _row(atlas.trade, rid)
    assert quality_of(r) == words
    assert "official" not in point_hover(r.to_dict() | {"role": "turnover line"})


def test_a_news_outlet_is_the_channel_never_the_issuer(atlas):
    news = atlas.indicators[atlas.indicators["issuer_kind"] == "news_outlet"]
    assert len(news) >= 26 and (news["issuer"].fillna("") == "").all()
    assert not any("official" in quality_of(r, indicator=True) for _, r in news.iterrows())
    mc = _row(atlas.indicators, "mc_cargo_2023_vibewire")  # an aggregator's 2.76 Mt Middle Corridor figure
    assert quality_of(mc, indicator=True) == "news report, issuer not named"
    assert attribution(mc["issuer"], mc["channel"], "") == "issuer not named, as reported by vibewire.com.au"
    hurriyet = _row(atlas.trade, "t2024_other_total_turnover_50")
    assert hurriyet["issuer_kind"] == "news_outlet" and hurriyet["channel"] == "Hürriyet Daily News"


def test_the_words_follow_the_language(atlas):
    r = _row(atlas.trade, "t2023_tr_tr_exports_to_kz_46")
    words = {lang: quality_of(r, lang=lang) for lang in ("en", "tr", "kk", "ru")}
    assert len(set(words.values())) == 4


@pytest.mark.parametrize(("kind", "quality", "column"), [
    ("head_of_state", "official", "quality"),  # a president's number is a statement
    ("news_outlet", "statement", "issuer"),  # the row still names the outlet as issuer
    ("", "official", "issuer_kind"),  # every shipped row names its issuer kind
])
def test_startup_refuses_an_issuer_kind_that_cannot_carry_its_quality(data_copy, kind, quality, column):
    path = data_copy / "trade_annual.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, ["issuer_kind", "quality", "issuer"]] = [kind, quality, "Some Outlet"]
    df.to_csv(path, index=False)
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    assert f"trade_annual.csv, row 2, column '{column}'" in str(err.value)


def test_the_fact_checks_amounts_are_written_by_the_one_formatter(atlas, data_dir):
    """"US$6.0 / 4.0 / 2.0 bn" in the corrections read "US$6 bn", as the headline writes the same row."""
    fc = atlas.factcheck
    for text in pd.concat([fc["corrected"], fc["explanation"]]).fillna(""):
        for amount, unit in re.findall(r"US\$(\d[\d,]*(?:\.\d+)?) (bn|m)\b", text):
            value = float(amount.replace(",", "")) * (1000 if unit == "bn" else 1)
            assert money(value) == f"US${amount} {unit}", text
    labels = pd.read_csv(data_dir / "i18n" / "factcheck.csv", dtype=str, keep_default_na=False)
    for lang in ("en", "tr", "kk", "ru"):
        assert not labels[lang].str.contains(r"\b\d[.,]0 (?:bn|milyar|млрд)", regex=True).any(), lang


ATTRIBUTED = {"": "attributed to", ".tr": "atfedilen", ".kk": "телінеді", ".ru": "приписывается"}


@pytest.mark.parametrize("suffix", list(ATTRIBUTED))
def test_slide_7_names_the_articles_venue_as_an_attribution_not_as_fact(suffix):
    """The research only says the passage looks like the Eurasia Magazine piece: the slide says so, as its notes do."""
    deck = json.loads((ROOT / "dashboard" / "briefing" / f"default_deck{suffix}.json").read_text(encoding="utf-8"))
    caption = deck["slides"][6]["caption"]
    assert "Eurasia Magazine" in caption
    assert ATTRIBUTED[suffix] in caption.split("Eurasia Magazine")[0], caption


def test_the_10bn_line_says_the_stated_target_is_15bn_since_nov_2024_and_which_year_is_inferred(atlas):
    text = target_text(atlas)
    assert "restated 11×" in text  # the US$10 bn target's own history stays
    assert "US$15 bn target stated since Nov 2024 (Erdoğan)" in text
    assert "TİM's chairman proposed it May 2010, year inferred" in text


# --------------------------------------------------------------------------- Türkiye's side
def test_turkiyes_2012_figure_is_plotted_and_its_2021_statements_are_listed_beside_the_series(atlas):
    tr = trade_points(atlas, "TR")
    line = tr[tr["role"] == LINE].set_index("year")
    assert line.loc[2012, "value_usd_m"] == 3100 and line.loc[2012, "issuer_kind"] == "ministry"
    assert quality_of(line.loc[2012]) == "rounded figure from a statement"
    others = tr[(tr["role"] != LINE) & (tr["year"] == 2021) & (tr["reporter"] == "TR")]
    assert {"t2021_tr_total_turnover_trr15", "t2021_tr_total_turnover_trr16"} <= set(others["id"])
    assert _row(atlas.trade, "t2021_tr_total_turnover_trr15")["issuer_kind"] == "head_of_state"
    # "Current level" statements with no reference year are context, never a yearly point.
    origins = set(atlas.trade["origin"])
    assert not {f"tr_reported_trade.csv:{n}" for n in (17, 18, 19, 20)} & origins
    # The mirror-statistics table gains 2012 — both values, no gap against a rounded statement.
    pairs = mirror_pairs(atlas)
    y2012 = pairs[(pairs["year"] == 2012) & (pairs["flow"] == "total_turnover")]
    assert len(y2012) == 1 and not y2012.iloc[0]["comparable"]
    # Years that stay empty stay empty: no Türkiye-side turnover for 2013–2015 or 2018–2020.
    assert not set(line.index) & {2013, 2014, 2015, 2018, 2019, 2020}


# --------------------------------------------------------------------------- the posts
def test_turkiyes_consulates_general_in_aktau_and_turkestan_are_operating_posts(atlas):
    aktau = _row(atlas.posts, "tr_cg_aktau")
    assert aktau["kind"] == "consulate_general" and aktau["status"] == "operational" and aktau["verified"]
    assert "GeoNames" in aktau["coord_source"] and "hurriyetdailynews.com" in aktau["source_url"]
    assert (aktau.geometry.x, aktau.geometry.y) == (51.1722, 43.6481)
    turkestan = _row(atlas.posts, "tr_cons_turkestan_planned")
    assert (turkestan["kind"], turkestan["status"]) == ("consulate_general", "operational")
    card = text_of(feature_card(atlas, "tr_cons_turkestan_planned"))
    assert "Opened" in card and "not found in the sources" in card and "planned" not in card.lower()
    assert "Known to be working by 2025-07" in card
    assert atlas.label("feature", "tr_cg_aktau", "kk") == "Түркияның Ақтаудағы Бас консулдығы"


@pytest.mark.parametrize(("fid", "opened", "words"), [
    ("kz_hc_denizli", "2022-11-03", "3 Nov 2022"),
    ("tr_emb_astana", "1992-03 (in Almaty; moved to Astana in 2008, year inferred from context)", "inferred"),
    ("kz_cg_antalya", "opening date not found; operating by July 2016", "tengrinews.kz"),
])
def test_post_dates_from_posts_dates_csv(atlas, fid, opened, words):
    post = _row(atlas.posts, fid)
    assert post["opened"] == opened
    assert words in f"{post['description']} {post['opened']} {post['source_url']}"


def test_a_post_with_no_known_opening_date_is_not_drawn_as_if_it_existed_in_1995(atlas, domain):
    """Before any source lists it as operating, a post is drawn pale ("date unknown"), with a legend entry."""
    def marker(year, fid):
        fig = map_figure(atlas, with_changes(default_state(domain), year=year))
        for t in fig.data:
            ids = list(t.customdata or [])
            if fid in ids and t.uid.startswith("points-"):
                i = ids.index(fid)
                return t.marker.color[i], t.marker.line.color[i]
        raise AssertionError(fid)

    assert marker(1995, "kz_cg_istanbul") == (UNKNOWN_FILL, theme.SECTOR_COLORS["diplomacy"])
    assert marker(2016, "kz_cg_istanbul")[0] != UNKNOWN_FILL  # operating by July 2016 (tengrinews.kz)
    assert marker(1995, "kz_emb_ankara")[0] != UNKNOWN_FILL  # dated: faded before 1992, drawn after
    assert marker(2020, "tr_cg_aktau")[0] == UNKNOWN_FILL and marker(2025, "tr_cg_aktau")[0] != UNKNOWN_FILL
    legend = [t.name for t in map_figure(atlas, default_state(domain)).data if t.showlegend is not False and t.name]
    assert "Opening date unknown (pale)" in legend
    table = shown_table(atlas, with_changes(default_state(domain), year=1995))
    assert row_of(table, "kz_cg_istanbul")["presence_in_year"] == "unknown"
    assert "no known opening date in 1995" in map_summary(visible_features(atlas, with_changes(
        default_state(domain), year=1995)), 1995, "all")


def test_the_data_zip_and_the_shown_csv_carry_issuer_kind_and_the_new_rows(atlas, data_dir, domain):
    archive = zipfile.ZipFile(io.BytesIO(data_zip(atlas, data_dir, today=date(2026, 12, 7))))
    trade = pd.read_csv(archive.open("trade_annual.csv"), dtype=str, keep_default_na=False)
    assert trade["issuer_kind"].ne("").all() and "t2012_tr_total_turnover_trr14" in set(trade["id"])
    posts = pd.read_csv(archive.open("posts.csv"), dtype=str, keep_default_na=False)
    assert "tr_cg_aktau" in set(posts["id"])
    indicators = pd.read_csv(archive.open("indicators.csv"), dtype=str, keep_default_na=False)
    assert indicators["issuer_kind"].ne("").all()
    shown = shown_table(atlas, with_changes(default_state(domain), reporter="TR", sector="transport"))
    figures = shown[shown["table"].isin(["trade", "indicator"]) & shown["id"].fillna("").ne("")]
    assert figures["issuer_kind"].fillna("").ne("").all()
    assert row_of(shown, "t2012_tr_total_turnover_trr14")["issuer_kind"] == "ministry"
