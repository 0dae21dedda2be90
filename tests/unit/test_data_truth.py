"""Corrections of the data audit (issue 11), each read from the shipped data or the rendered text.

Every test here failed on the data and text the Atlas shipped before the audit's corrections.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from dash import html

from dashboard import make_domain
from dashboard.data.factcheck import check_all, evaluate
from dashboard.data.tables import (
    GAP,
    PLOTTED,
    TURNOVER_OPTION,
    feature_table,
    headline,
    sector_points,
    series_options,
    trade_points,
)
from dashboard.export.charts import chart_view
from dashboard.export.handout import handout_html
from dashboard.export.shown import chart_tables, map_pages, shown_table, visible_features
from dashboard.figures.coverage import trade_coverage
from dashboard.figures.map import map_figure
from dashboard.figures.sector import PART_LEGEND, SHAPE_LEGEND, sector_figure
from dashboard.figures.texts import headline_text
from dashboard.figures.trade import trade_figure
from dashboard.format import money
from dashboard.layout.panels import feature_card, headline_panel
from dashboard.layout.provenance import fact_card
from dashboard.state import default_state, with_changes

TODAY = date(2026, 3, 14)
MIRROR_HOSTS = ("memim.com", "wiki-gateway", "osmarks", "piglix", "googleweblight", "wikimili", "perceptio",
                "qwertyu", "reference.com", "russianwiki", "railway.app", "wiki.edu.vn", "wikisum", "defzone",
                "stamp-i-k", "arietiform")


@pytest.fixture(scope="module")
def domain(atlas):
    return make_domain(atlas)


@pytest.fixture(scope="module")
def state0(domain):
    return default_state(domain)


def text_of(node) -> str:
    """All text of a Dash component tree, as a reader sees it."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(text_of(n) for n in node)
    return text_of(getattr(node, "children", None))


def row(table, rid):
    hit = table[table["id"] == rid]
    assert len(hit) == 1, rid
    return hit.iloc[0]


# --------------------------------------------------------------------------- 1. embassy opening dates
def test_1_embassy_shows_the_month_a_source_confirms_and_the_turkish_embassy_is_dated(atlas):
    # Issue 11 kept the article's "October 1992" off the map; issue 18 found it in Anadolu Agency (10 May 2022).
    ankara = row(atlas.posts, "kz_emb_ankara")
    assert ankara["opened"] == "1992-10" and int(ankara["opened_year"]) == 1992
    assert "anews.com.tr" in ankara["source_url"]
    fc08 = row(atlas.factcheck, "fc08_embassy_oct_1992")  # the verdict moves with the evidence
    assert fc08["claimed_date"] == "1992-10" and evaluate(fc08, atlas).verdict == "supported" == fc08["verdict"]
    astana = text_of(feature_card(atlas, "tr_emb_astana"))
    assert "1992-03" in astana and "not found in the sources" not in astana.split("About")[0]
    hover = [h for t in map_figure(atlas, default_state(make_domain(atlas))).data
             for h in (t.hovertext if isinstance(t.hovertext, tuple | list) else []) if "Türkiye in Astana" in h]
    assert hover and "1992-03" in hover[0] and "not found" not in hover[0]


# --------------------------------------------------------------------------- 2. Middle Corridor 2024/2025
def test_2_middle_corridor_full_years_cite_the_ministry_of_transport_not_the_aggregator(atlas):
    ind = atlas.indicators
    assert not ind["source_url"].str.contains("rbtfl.xyz").any(), "the aggregator is not a source"
    for rid, value, unit in (("mc_cargo_2024_kz_transport_ministry", 4.48, "Mt"),
                             ("mc_cargo_2025_kz_transport_ministry", 4.12, "Mt"),
                             ("mc_teu_2025_kz_transport_ministry", 77000, "TEU")):
        r = row(ind, rid)
        assert (float(r["value"]), r["unit"], int(r["year"])) == (value, unit, int(rid.split("_")[2]))
        assert r["quality"] in ("official", "rounded") and r["reporter"] == "KZ"
        assert "astanatimes.com/2026/03" in r["source_url"] and r["source_date"] == "2026-03-10"
    _, rows = sector_points(atlas, "transport", "Middle Corridor (TITR) cargo, whole route · Mt")
    full2025 = rows[(rows["year"] == 2025) & (rows["period"] == "full")]
    assert list(full2025["id"]) == ["mc_cargo_2025_kz_transport_ministry"]  # the only full-year 2025 figure
    assert full2025["role"].iloc[0] == PLOTTED


# --------------------------------------------------------------------------- 3. year-on-year changes
@pytest.mark.parametrize(
    ("year", "shown", "never"),
    [
        (2021, ["+33% on 2020", "+39% on 2020", "+20.5% on 2020"], ["+42.9%", "+17.1%"]),
        (2023, ["-5.3% on 2022", "-16.4% on 2022", "+27% on 2022"], ["-14.9%", "+25.0%", "-4.8%"]),
    ],
)
def test_3_headline_shows_the_change_the_source_states_not_one_computed_from_rounded_values(atlas, year, shown,
                                                                                            never):
    text = text_of(headline_panel(atlas, year, "KZ"))
    for s in shown:
        assert s in text
    for n in never:
        assert n not in text


def test_3_a_change_is_stated_or_computed_between_two_unrounded_official_statistics(atlas):
    for reporter in ("KZ", "TR"):
        points = trade_points(atlas, reporter)
        for year in sorted(set(points["year"])):
            for h in headline(points, year, reporter):
                if h.change is None:
                    continue
                r = h.row if h.row is not None else h.partial
                if h.change.stated:
                    assert h.change.pct == pytest.approx(float(r["stated_change_pct"]))
                    continue
                prev = points[(points["trace"] == r["trace"]) & (points["year"] == year - 1)].iloc[0]
                assert {r["quality"], prev["quality"]} == {"official"}
                for v in (r["value_usd_m"], prev["value_usd_m"]):
                    assert v % 10 != 0 or v != int(v), f"{year}: {v} is rounded"


# --------------------------------------------------------------------------- 4. display precision
def test_4_values_are_printed_with_the_precision_of_the_source(atlas):
    assert money(5000, "rounded") == "US$5 bn"  # Tokayev's "$5 billion"
    assert money(2000, "upper_bound") == "≈ US$2 bn"  # TurkStat's "almost $2 billion"
    assert money(1900, "lower_bound") == "> US$1.9 bn"
    assert money(1851) == "US$1.851 bn" and money(3280) == "US$3.28 bn" and money(939.6) == "US$939.6 m"
    text = text_of(headline_panel(atlas, 2024, "KZ"))
    assert "US$5 bn" in text and "5.00" not in text and "5.0 bn" not in text
    assert "≈ US$2 bn" in text_of(headline_panel(atlas, 2017, "TR"))


def test_4_one_formatter_the_same_figure_reads_the_same_everywhere(atlas, domain):
    """Panel, handout, coverage, fact-check and CSV-backed source lines print Tokayev's 2024 figure identically."""
    state = with_changes(default_state(domain), year=2024, year_start=2024)
    r = row(atlas.trade, "t2024_kz_total_turnover_49")
    expected = money(r["value_usd_m"], r["quality"])
    assert expected in text_of(headline_panel(atlas, 2024, "KZ"))
    page = handout_html(atlas, state, today=TODAY, feature_names={}, map_svg=None, trade_svg=None,
                        view_url="http://localhost/")
    assert expected in page and "US$5.00 bn" not in page
    cov = trade_coverage(atlas)
    cell = cov[(cov["year"] == 2024) & (cov["reporter"] == "KZ") & (cov["flow"] == "total_turnover")].iloc[0]
    assert any(expected in line for line in cell["rows"])
    fc01 = row(atlas.factcheck, "fc01_turnover_2024")
    assert evaluate(fc01, atlas).found == expected
    assert expected in text_of(fact_card(atlas, fc01))


# --------------------------------------------------------------------------- 5. mirror statistics
@pytest.mark.parametrize("year", [2011, 2017, 2021])
def test_5_no_mirror_statistics_against_a_rounded_statement_or_a_bound(atlas, domain, year):
    for text in (text_of(headline_panel(atlas, year, "KZ")),
                 handout_html(atlas, with_changes(default_state(domain), year=year, year_start=year), today=TODAY,
                              feature_names={}, map_svg=None, trade_svg=None, view_url="http://localhost/")):
        assert "mirror statistics disagree" not in text
        assert "not a statistic" in text


def test_5_two_statistics_are_called_mirror_statistics(atlas):
    text = text_of(headline_panel(atlas, 2010, "KZ"))
    assert "mirror statistics disagree" in text and "+77%" in text


# --------------------------------------------------------------------------- 6. Kazakh investment in Türkiye
def test_6_kazakh_investment_figures_are_shown_side_by_side_without_a_contradiction(atlas):
    m67 = row(atlas.milestones, "m67")
    assert ">$2.5bn" in m67["description"]
    ind = atlas.indicators
    kz_in_tr = ind[ind["indicator"].str.startswith("Kazakh investment in Türkiye") & (ind["year"] == 2025)]
    assert {1.5, 2.0, 2.5} <= set(kz_in_tr["value"].astype(float)), "every 2025 figure is shown with its source"
    hl = row(ind, "kz_invest_tr_cum_2025_07_hlscc")
    assert hl["quality"] == "lower_bound" and hl["origin"] == "milestones.csv:68"
    assert "astanatimes.com/2025/07" in hl["source_url"]
    yenicag = row(ind, "kz_invest_tr_2025_yenicag")
    assert "exceeds" not in yenicag["note"] and "no source named" in yenicag["note"]
    assert row(ind, "kz_invest_tr_cum_2025_erdogan")["quality"] == "upper_bound"  # "approaching 1.5bn"


# --------------------------------------------------------------------------- 7. BTC capacity
BBL = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mb/d|million bbl/d|million barrels per day)\W{0,3}"
                 r"(?:=|\(~|\(about|≈|~|about|would be about)\s*(\d+(?:\.\d+)?)\s*Mt")


def _all_text(atlas) -> list[str]:
    out = []
    for frame in (atlas.routes, atlas.ports, atlas.indicators, atlas.milestones, atlas.facts):
        out += [str(v) for col in frame.columns if col != "geometry" for v in frame[col]]
    return out


def test_7_every_stated_btc_capacity_converts_consistently(atlas):
    pairs = [(float(a), float(b)) for text in _all_text(atlas) for a, b in BBL.findall(text)]
    assert pairs, "the capacity is stated in both units somewhere"
    for bbl, mt in pairs:  # Azeri light crude: about 7.3 barrels per tonne, so 1 million bbl/d is about 50 Mt/yr
        assert mt / bbl == pytest.approx(50, rel=0.06), (bbl, mt)
    assert row(atlas.routes, "btc")["capacity"].startswith("1 million bbl/d")
    assert float(row(atlas.indicators, "btc_capacity_trend")["value"]) == 50


# --------------------------------------------------------------------------- 8. route opening years
def _ends(route) -> list:
    coords = list(route.geometry.coords)
    return [coords[0], coords[-1]]


def test_8_no_route_is_drawn_before_the_ports_or_hubs_at_its_ends_exist(atlas):
    points = gpd.GeoDataFrame(
        gpd.pd.concat([atlas.ports, atlas.posts], ignore_index=True), geometry="geometry", crs="EPSG:4326")
    for _, route in atlas.routes.iterrows():
        if gpd.pd.isna(route["opened_year"]):
            continue
        for lon, lat in _ends(route):
            here = points[(points.geometry.x - lon).abs().lt(0.01) & (points.geometry.y - lat).abs().lt(0.01)]
            dated = here["opened_year"].dropna()
            if len(dated):
                assert int(route["opened_year"]) >= int(dated.min()), (route["id"], list(here["id"]))


def test_8_the_dostyk_crossing_is_drawn_from_1990(atlas):
    dostyk = row(atlas.ports, "hub_dostyk").geometry
    at_dostyk = [r for _, r in atlas.routes.iterrows() if any(abs(x - dostyk.x) < 0.01 and abs(y - dostyk.y) < 0.01
                                                              for x, y in _ends(r))]
    assert at_dostyk and min(int(r["opened_year"]) for r in at_dostyk) == 1990
    assert row(atlas.milestones, "m01")["related_feature"] in {r["id"] for r in at_dostyk}
    ferry = row(atlas.routes, "titr_sea_aktau_alat")
    assert int(ferry["opened_year"]) >= 2014  # the Alat ferry terminal opened in 2014 (m38)


# --------------------------------------------------------------------------- 9. unsourced claims
def test_9_no_2025_container_count_for_khorgos_that_its_2015_and_2021_sources_cannot_carry(atlas):
    khorgos = row(atlas.ports, "hub_khorgos_gateway")
    assert "372" not in khorgos["description"] and "2025" not in khorgos["description"]


def test_9_the_trans_caspian_kazakh_link_is_a_proposed_extension_cited_to_wikipedia(atlas):
    link = row(atlas.routes, "tcp_kz_link")
    assert "reference.com" not in link["source_url"] and "en.wikipedia.org" in link["source_url"]
    assert "reference.com" in link["archived_copy"]
    assert "Turkmenistan–Azerbaijan" in link["description"] and "extend" in link["description"]
    assert link["status"] == "proposed"


# --------------------------------------------------------------------------- 11. quality flags
@pytest.mark.parametrize(
    ("rid", "quality"),
    [
        ("t1992_other_total_turnover_2", "rounded"),  # "$30 million", no statistical reporter named
        ("t2013_kz_total_turnover_21", "lower_bound"),  # "passed the $4 billion"
        ("t2017_tr_total_turnover_27", "upper_bound"),  # "almost $2 billion"
        ("t2024_other_total_turnover_50", "upper_bound"),  # "nearly $5 billion"
    ],
)
def test_11_quality_of_the_figure_matches_its_words(atlas, rid, quality):
    assert row(atlas.trade, rid)["quality"] == quality


def test_11_tim_exporter_data_are_not_plotted_as_turkiyes_statistic(atlas):
    tim = row(atlas.trade, "t2023_tr_tr_exports_to_kz_46")
    assert not tim["primary"]
    tr = trade_points(atlas, "TR")
    plotted_as_tr = tr[(tr["reporter"] == "TR") & tr["role"].isin(["bar", "marker (second reporter)"])]
    assert tim["id"] not in set(plotted_as_tr["id"])
    assert tim["id"] in set(tr[tr["role"] != GAP]["id"]), "still drawn, as another source"


def test_11_the_energy_ministers_2025_btc_volume_is_a_plan(atlas):
    r = row(atlas.indicators, "btc_kz_oil_2025_energy_minister")
    assert r["quality"] == "forecast" and r["period"] == "forecast"


# --------------------------------------------------------------------------- 12. fact-check
def test_12_the_10bn_target_is_only_partly_supported_and_three_claims_are_added(atlas):
    fc16 = row(atlas.factcheck, "fc16_target_10bn")
    assert fc16["verdict"] == "partly supported" == evaluate(fc16, atlas).verdict
    mix = row(atlas.factcheck, "fc24_commodity_mix")
    v = evaluate(mix, atlas)
    assert v.verdict == "partly supported" and "uranium" in v.reason and "medicines" in v.reason
    chain = evaluate(row(atlas.factcheck, "fc25_middle_corridor_chain"), atlas)
    assert chain.verdict == "supported" and "Caspian Sea → AZE → GEO → TUR" in chain.found
    tanap = evaluate(row(atlas.factcheck, "fc26_tanap_bypasses_russia"), atlas)
    assert tanap.verdict == "supported" and "RUS" not in tanap.found
    assert check_all(atlas) == []


# --------------------------------------------------------------------------- 13. proxy coordinates
@pytest.mark.parametrize(
    ("fid", "words"),
    [
        ("hub_khorgos_gateway", "Zharkent"),
        ("hub_altynkol", "Zharkent"),
        ("port_kuryk", "village"),
        ("kz_hc_bitlis", "Ahlat"),
    ],
)
def test_13_points_drawn_at_a_proxy_say_so_in_the_card(atlas, fid, words):
    card = text_of(feature_card(atlas, fid))
    assert "Location approximate" in card and words in card.split("Location approximate")[1]


def test_13_tanap_starts_on_the_turkish_side_of_the_border(atlas):
    start = gpd.points_from_xy(*zip(row(atlas.routes, "tanap").geometry.coords[0], strict=True))[0]
    countries = atlas.countries
    assert countries[countries["iso_a3"] == "TUR"].contains(start).any()
    assert not countries[countries["iso_a3"] == "GEO"].contains(start).any()
    assert "Türkgözü" in text_of(feature_card(atlas, "tanap"))


# --------------------------------------------------------------------------- honest labels
def test_quality_of_a_figure_is_kept_apart_from_the_channel_that_relayed_it(atlas):
    points = trade_points(atlas, "KZ")
    turnover = headline_text(headline(points, 2022, "KZ")[0], "KZ")
    assert "official statistic" in turnover.meta
    assert "Kazakh statistics, as reported by Trend" in turnover.meta and "(20 May 2024)" in turnover.meta


def test_wikipedia_mirrors_are_archived_copies_never_sources(atlas, domain):
    for frame in (atlas.posts, atlas.ports, atlas.routes, atlas.milestones):
        for url in frame["source_url"]:
            assert not any(m in url for m in MIRROR_HOSTS), url
    assert any(any(m in c for m in MIRROR_HOSTS) for c in atlas.routes["archived_copy"]), "copies are kept"
    feats = visible_features(atlas, default_state(domain))
    names = " ".join(map_pages(feats))
    assert not any(m in names for m in MIRROR_HOSTS) and "wikipedia.org" in names
    assert "archived copy" in text_of(feature_card(atlas, "btc"))


# --------------------------------------------------------------------------- one table behind each chart
def _points_of(fig, skip_first: bool = True) -> set[tuple]:
    """(year, value drawn, row id) of every drawn data point of a figure (legend-only traces have none)."""
    out = set()
    for trace in fig.data[1 if skip_first else 0:]:
        if trace.customdata is None:
            continue
        for x, y, cd in zip(trace.x, trace.y, trace.customdata, strict=True):
            if y is not None:
                out.add((int(x), round(float(y), 6), cd[2]))
    return out


def test_csv_rows_equal_plotted_points_for_every_sector_year_and_reporter(atlas, domain):
    """The CSV of what is shown lists exactly the points the trade and sector charts draw, in every view."""
    base = default_state(domain)
    y0, y1 = domain.years
    trade_drawn = {r: _points_of(trade_figure(atlas, with_changes(base, reporter=r))) for r in ("KZ", "TR", "both")}
    sector_drawn = {}
    for sector in ("all", *domain.sectors):
        _, rows = sector_points(atlas, sector, None)
        # what a sector chart draws does not depend on the year (only its highlight band moves): checked here
        drawn = [{p[2] for p in _points_of(sector_figure(rows, sector, y), skip_first=False)} for y in (y0, 2024, y1)]
        assert drawn[0] == drawn[1] == drawn[2], sector
        sector_drawn[sector] = drawn[0]
    for sector in ("all", *domain.sectors):
        for reporter in ("KZ", "TR", "both"):
            for year in range(y0, y1 + 1):
                state = with_changes(base, sector=sector, reporter=reporter, year=year, year_start=year)
                trade, indicators = chart_tables(atlas, state)
                csv_trade = {(int(y), 0.0 if gpd.pd.isna(v) else round(float(v) / 1000, 6), i)
                             for y, v, i in zip(trade["year"], trade["value"], trade["id"], strict=True)}
                assert csv_trade == trade_drawn[reporter], (sector, reporter, year)
                plotted = set(indicators.loc[indicators["shown_as"] == "sector chart", "id"])
                assert plotted == sector_drawn[sector], (sector, reporter, year)
    full = shown_table(atlas, state)  # the CSV itself carries exactly these chart rows
    assert set(full[full["table"] == "trade"]["id"]) == set(chart_tables(atlas, state)[0]["id"])


def test_conflicting_values_for_a_period_are_alternatives_not_overlapping_markers(atlas):
    for option in series_options(atlas, "all"):
        _, rows = sector_points(atlas, "all", option)
        plotted = rows[rows["role"] == PLOTTED]
        assert not plotted.duplicated(["year", "period"]).any(), option
        assert rows.loc[rows["role"] != PLOTTED, "id"].isin(
            [i for cell in plotted["alternatives"] for i in str(cell).split(" ; ")]).all(), option
    for sector in ("transport", "trade"):
        for option in series_options(atlas, sector)[:8]:
            _, rows = sector_points(atlas, sector, option)
            fig = sector_figure(rows, sector, 2024)
            drawn = [x for t in fig.data if t.customdata is not None for x in t.x]
            assert len(drawn) == (rows["role"] == PLOTTED).sum(), option


def test_one_definition_per_series(atlas):
    ind = atlas.indicators
    for label in ("Turkish investment in Kazakhstan (cumulative)", "Turkish-capital companies in Kazakhstan",
                  "Middle Corridor (TITR) cargo"):
        assert not (ind["indicator"] == label).any(), f"{label!r} mixed definitions"
    windows = ind[ind["indicator"].str.contains("over the past")]
    assert len(windows)
    for label, rows in windows.groupby("indicator"):  # each window series holds only rows stating that window
        years = re.search(r"past (\d+) years", label)[1]
        assert rows["note"].str.contains(rf"{years} years").all(), label


def test_every_marker_shape_of_the_sector_chart_is_in_the_legend(atlas):
    for sector in ("transport", "trade", "energy", "all"):
        for option in series_options(atlas, sector):
            _, rows = sector_points(atlas, sector, option)
            fig = sector_figure(rows, sector, 2024)
            legend = {t.name for t in fig.data if t.showlegend is not False}
            plotted = rows[rows["role"] == PLOTTED]
            for rep in set(plotted["reporter"]):
                assert SHAPE_LEGEND[rep] in legend, (option, rep)
            if (plotted["period"] != "full").any():
                assert PART_LEGEND in legend


def test_all_sectors_opens_on_trade_turnover(atlas):
    assert series_options(atlas, "all")[0] == TURNOVER_OPTION
    option, rows = sector_points(atlas, "all", None)
    assert option == TURNOVER_OPTION
    assert float(rows[(rows["year"] == 2022) & (rows["role"] == PLOTTED) & (rows["period"] == "full")]["y"].iloc[0]) \
        == 6.3


def test_source_line_of_each_export_cites_the_rows_its_chart_draws(atlas, domain):
    state = with_changes(default_state(domain), reporter="TR", sector="transport")
    points = trade_points(atlas, "TR")
    drawn = points[points["role"] != GAP].sort_values("year", kind="stable")
    assert chart_view(atlas, state, "trade").source_names == list(drawn["source_name"])
    option, rows = sector_points(atlas, "transport", None)
    plotted = rows[rows["role"] == PLOTTED].sort_values("year", kind="stable")
    assert chart_view(atlas, state, "sector").source_names == list(plotted["source_name"])


def test_screen_reader_summaries_read_the_charts_tables(app, client):
    from dashboard.devtools import call

    r = call(client, app, "headline.children", {"view-state.data": "year=2023&sector=transport"}, ["view-state.data"])
    resp = r.get_json()["response"]
    assert "2023" in resp["trade-summary"]["children"] and "US$6 bn" in resp["trade-summary"]["children"]
    assert "Map for 2023" in resp["map-summary"]["children"]
    r = call(client, app, "sector-chart.figure",
             {"view-state.data": "sector=transport&year=2024", "sector-indicator.value": None}, ["view-state.data"])
    summary = r.get_json()["response"]["sector-summary"]["children"]
    assert "4.48 Mt" in summary and "whole route" in summary


def test_features_table_is_the_one_source_of_the_card_the_csv_and_the_map(atlas, domain):
    table = feature_table(atlas)
    assert table["id"].is_unique and len(table) == len(atlas.posts) + len(atlas.ports) + len(atlas.routes)
    state = default_state(domain)
    shown = shown_table(atlas, state)
    feats = shown[shown["table"] == "feature"]
    for _, f in feats.iterrows():
        assert f["label"] == table.loc[f["id"], "name"]
    assert isinstance(feature_card(atlas, "port_kuryk"), html.Div)


ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the research folder ../shared is not beside this checkout")
def test_curation_survives_a_rebuild_of_the_mechanical_files(tmp_path):
    """Every decision above lives in scripts/build_geodata.py: rebuilding from ../shared gives the shipped files."""
    root = ROOT
    subprocess.run([sys.executable, str(root / "scripts" / "build_geodata.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("trade_annual.csv", "milestones.csv", "posts.geojson", "ports.geojson", "routes.geojson"):
        assert (tmp_path / name).read_bytes() == (root / "geodata" / name).read_bytes(), name
