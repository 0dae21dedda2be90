"""Pure parts of the exports: annotate / filters / source lines, the rows a view shows, CSV, ZIP, handout.

No browser here: rendering is covered by tests/app/test_export_routes.py.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import pytest

from dashboard import i18n, make_domain
from dashboard.briefing.deck import default_deck
from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.data.schema import TABLES
from dashboard.data.selectors import trade_series
from dashboard.data.tables import GAP, PLOTTED, TURNOVER, sector_points, series_options, trade_points
from dashboard.export.annotate import (
    AXIS_ROOM,
    CAPTION_SIZE,
    EDGE,
    EXPORT_SOURCE_LINES,
    LINE,
    MAX_SOURCE_LINES,
    SOURCE_SIZE,
    annotate,
    filters_line,
    shorten,
    source_line,
    wrap,
)
from dashboard.export.charts import CHARTS, SIZES, chart_view, export_figure, feature_names
from dashboard.export.datazip import data_zip
from dashboard.export.handout import handout_html
from dashboard.export.native import MIN_POINTS, sector_spec, sector_values, trade_spec
from dashboard.export.render import ExportUnavailable, Renderer, png_text, png_with_text, svg_with_text
from dashboard.export.shown import (
    COLUMNS,
    _cell,
    host,
    plotted_trade_rows,
    shown_table,
    to_csv_bytes,
    urls,
    visible_features,
)
from dashboard.export.slides import HEIGHT, PX, WIDTH, boxes, focus_pictures, source_text
from dashboard.figures.map import map_figure
from dashboard.figures.sector import sector_figure
from dashboard.figures.trade import legend_name, trade_figure
from dashboard.format import money
from dashboard.state import decode
from dashboard.textfit import fit, text_width

TODAY = date(2026, 3, 14)


@pytest.fixture(scope="module")
def domain(atlas):
    return make_domain(atlas)


def state_of(query, domain):
    return decode(query, domain)[0]


# --------------------------------------------------------------------------- filters and source lines
def test_filters_line_names_every_setting(atlas, domain):
    state = state_of("year=2010..2020&sector=energy&layers=ports,pipelines&feature=btc&reporter=both", domain)
    text = filters_line(state, feature_names=feature_names(atlas), indicator="Kazakh oil via BTC · Mt")
    for part in ("Years 2010–2020", "Sector: Energy", "Kazakhstan's and Türkiye's", "Ports & hubs, Pipelines",
                 "Selected: Baku–Tbilisi–Ceyhan", "Indicator: Kazakh oil via BTC (Mt)"):
        assert part in text
    assert "Diplomatic posts" not in text


def test_filters_line_single_year_no_layers_and_unknown_feature_name(domain):
    state = state_of("year=2015&layers=none", domain)
    text = filters_line(state)
    assert text.startswith("Year 2015 · Sector: All sectors") and "Map layers: none" in text
    assert "Selected" not in text


def test_source_line_lists_distinct_shortened_names_then_atlas_and_date():
    long = "Ministry of Something Very Official, statement on the bilateral trade turnover of the year (via agency)"
    line = source_line(["B source", long, "B source", None, "", "A source"], today=TODAY, note="Base map: NE.")
    assert line.startswith("Sources: B source; Ministry of Something")
    assert line.count("B source") == 1 and "A source" in line
    assert shorten(long) in line and len(shorten(long)) <= 60 and shorten(long).endswith("…")
    assert line.endswith("Base map: NE. Kazakhstan–Türkiye Partnership Atlas, 2026-03-14")


def test_source_line_within_budget_counts_what_it_cannot_list():
    names = [f"Source number {n} with a fairly long descriptive name" for n in range(40)]
    line = source_line(names, today=TODAY, max_chars=400)
    assert len(line) <= 400
    assert re.search(r"and \d+ more \(full list in shown\.csv\)", line)
    assert line.endswith("Kazakhstan–Türkiye Partnership Atlas, 2026-03-14")
    assert source_line([], today=TODAY).startswith("Sources: none for this selection.")


# --------------------------------------------------------------------------- annotate
def listed(name: str, line: str) -> bool:
    """Whether ``name`` is one of the items of a source line (not merely a substring of another)."""
    return re.search(rf"(?:Sources: |Chart data: |; ){re.escape(name)}(?:;|\.)", line) is not None


def _plot_box(fig):
    m = fig.layout.margin
    return fig.layout.width - m.l - m.r, fig.layout.height - m.t - m.b


@pytest.mark.parametrize("chart", CHARTS)
def test_annotate_draws_title_filters_and_source_in_the_margins(atlas, domain, chart):
    view = chart_view(atlas, state_of("year=2022&sector=transport&reporter=both", domain), chart)
    before = view.figure.to_dict()
    width, height = SIZES[chart]
    out = annotate(view.figure, "My <b>title</b> & more", "Year 2022 · Sector: Transport", "Sources: X & Y.",
                   caption="A caption", width=width, height=height)
    assert view.figure.to_dict() == before, "annotate must not modify the original figure"
    assert (out.layout.width, out.layout.height) == (width, height)
    assert "My &lt;b&gt;title&lt;/b&gt; &amp; more" in out.layout.title.text  # user text cannot inject markup
    assert out.layout.title.yref == "container" and out.layout.title.y > 0.95
    assert "Sector: Transport" in out.layout.title.subtitle.text
    notes = {a.name: a for a in out.layout.annotations if a.name and a.name.startswith("export-")}
    assert set(notes) == {"export-source", "export-caption"}
    assert notes["export-source"].text == "Sources: X &amp; Y."
    _, plot_h = _plot_box(out)
    margin_b = out.layout.margin.b
    for a in notes.values():
        assert a.yref == "paper" and a.yanchor == "bottom" and a.y < 0, "below the plotting area"
        size = SOURCE_SIZE if a.name == "export-source" else CAPTION_SIZE
        top_px = margin_b + a.y * plot_h + (a.text.count("<br>") + 1) * size * LINE  # above the image bottom
        room = AXIS_ROOM if chart != "map" else 0
        assert top_px <= margin_b - room + 1, "the footer must stay clear of the x tick labels"
    # the title block fits in the top margin: the plot starts below the filters line
    assert out.layout.margin.t >= 18 + 24 * LINE + 15 * LINE


def test_annotate_moves_an_outside_legend_to_the_top_and_keeps_an_inside_one(atlas, domain):
    state = state_of("", domain)
    trade = annotate(trade_figure(atlas, state), "t", "f", "s", width=1600, height=800)
    assert trade.layout.legend.y == 1.0 and trade.layout.legend.yanchor == "bottom"
    assert trade.layout.margin.t > 120, "room for the title block and a two-row legend"
    themap = annotate(map_figure(atlas, state), "t", "f", "s", width=1600, height=900)
    assert themap.layout.legend.y == 0.0, "the map's legend sits inside the map panel"
    # The sector chart's legend sits at the foot of the figure in the app (clear of the ticks in a small panel):
    # on an image it moves to the top too, never over the source line at the bottom.
    _, rows = sector_points(atlas, "transport", None)
    sector = annotate(sector_figure(rows, "transport", 2024), "t", "f", "s", width=1600, height=800)
    assert sector.layout.legend.y == 1.0 and sector.layout.legend.yref == "paper"
    assert sector.layout.legend.yanchor == "bottom"


def test_annotate_wraps_long_text_into_lines():
    import plotly.graph_objects as go

    out = annotate(go.Figure(go.Scatter(x=[1], y=[1])), "T", "F", "word " * 400, width=800, height=600)
    source = next(a for a in out.layout.annotations if a.name == "export-source")
    assert source.text.count("<br>") + 1 == MAX_SOURCE_LINES  # cut to the maximum, ending with an ellipsis
    assert source.text.endswith("…")
    assert all(text_width(line, SOURCE_SIZE) <= 800 - 2 * EDGE for line in source.text.split("<br>"))


# --------------------------------------------------------------------------- sources come from the plotted rows
def _plotted_points(fig):
    """(year, US$ bn) of every data point of a trade figure (not the milestones, not the gap markers)."""
    points = []
    for trace in fig.data[1:]:  # trace 0 is the milestones
        if trace.name == "No full-year figure":
            continue
        points += [(float(x), round(float(y), 6)) for x, y in zip(trace.x, trace.y, strict=True) if y is not None]
    return Counter(points)


@pytest.mark.parametrize("reporter", ["KZ", "TR", "both"])
def test_plotted_trade_rows_are_exactly_the_points_of_the_trade_chart(atlas, domain, reporter):
    state = state_of(f"reporter={reporter}", domain)
    rows = plotted_trade_rows(atlas, state)
    plotted = _plotted_points(trade_figure(atlas, state))
    assert len(rows) == sum(plotted.values())
    assert Counter((float(y), round(float(v) / 1000, 6)) for y, v in zip(rows["year"], rows["value_usd_m"],
                                                                       strict=True)) == plotted
    assert not (rows["quality"] == "dubious").any()
    assert rows["id"].is_unique


def test_trade_source_line_names_only_sources_of_plotted_rows(atlas, domain):
    kz, tr = state_of("reporter=KZ", domain), state_of("reporter=TR", domain)
    kz_names = {shorten(n) for n in plotted_trade_rows(atlas, kz)["source_name"]}
    tr_names = {shorten(n) for n in plotted_trade_rows(atlas, tr)["source_name"]}
    only_kz = sorted(kz_names - tr_names)
    assert only_kz, "the data should have sources that only Kazakhstan's series cites"
    tr_export = export_figure(atlas, tr, "trade", today=TODAY)
    kz_export = export_figure(atlas, kz, "trade", today=TODAY)
    assert not any(listed(name, tr_export.source) for name in only_kz)
    cited = [name for name in kz_names if name in kz_export.source or shorten(name, 50) in kz_export.source
             or shorten(name, 40) in kz_export.source]
    assert len(cited) >= len(kz_names) - 5  # the few that do not fit are counted ("and N more")
    assert f"Kazakhstan–Türkiye Partnership Atlas, {TODAY.isoformat()}" in kz_export.source


def test_sector_export_cites_the_series_it_charts(atlas, domain):
    state = state_of("sector=transport&year=2024", domain)
    option, rows = sector_points(atlas, "transport", None)
    assert option == series_options(atlas, "transport")[0]
    rows = rows[rows["role"] == PLOTTED]
    export = export_figure(atlas, state, "sector", today=TODAY)
    for name in rows["source_name"]:
        assert listed(shorten(name), export.source)
    other = atlas.indicators[atlas.indicators["sector"] == "energy"]["source_name"]
    assert not any(listed(shorten(n), export.source) for n in set(other) - set(rows["source_name"]))
    assert option.rpartition(" · ")[0] in export.title


def test_unknown_indicator_falls_back_to_the_first_series(atlas):
    first, rows_first = sector_points(atlas, "energy", None)
    option, rows = sector_points(atlas, "energy", "no such indicator · Mt")
    assert option == first and rows.equals(rows_first)


def test_map_export_counts_the_pages_its_features_cite_and_lists_no_web_sites_or_coordinates(atlas, domain):
    """The map picture's source line once printed "Map view: 29° E, 41° N, zoom ×8" and about 60 web domains: it
    counts the pages the visible features cite instead (listed in shown.csv), with the base-map credits."""
    zoomed = state_of("layers=posts&view=29,41,8", domain)
    feats = visible_features(atlas, zoomed)
    export = export_figure(atlas, zoomed, "map", today=TODAY)
    pages = {u for cell in feats["source_url"] for u in urls(cell)}
    every_host = {host(u) for t in (atlas.posts, atlas.ports, atlas.routes) for c in t["source_url"] for u in urls(c)}
    shown = f"{export.source} {export.filters}"
    assert not [h for h in every_host if re.search(rf"(?<![\w.-]){re.escape(h)}(?![\w.-])", shown)]
    assert "°" not in shown and "zoom" not in shown and "Map view" not in shown
    count = int(re.search(r"Sources: (\d+) sources \(full list in shown.csv\)", export.source).group(1))
    assert 0 < count <= len(pages)
    assert "Natural Earth" in export.source  # base-map credit


def test_the_native_trade_chart_is_the_chart_table(atlas, domain):
    """The PowerPoint's trade chart carries the same points as the app's figure and the CSV (one table), under the
    app's legend names; a year without a value is a blank (a gap), never a zero; the target is its own series."""
    for reporter in ("KZ", "TR", "both"):
        state = state_of(f"year=2022&reporter={reporter}", domain)
        points = trade_points(atlas, reporter)
        spec = trade_spec(points, state)
        years = [int(c) for c in spec.categories]
        app_names = {t.name for t in trade_figure(atlas, state).data if t.name}
        named = {s.name: s for s in spec.series}
        drawn = points[points["role"] != GAP]
        for _i, p in drawn.iterrows():
            name = legend_name(p)
            at = years.index(int(p["year"]))
            assert any(s.values[at] == pytest.approx(p["y"]) for n, s in named.items() if n.startswith(name)), p["id"]
        assert sum(v is not None for s in spec.series if s.name != "US$10 bn target" for v in s.values) == len(drawn)
        assert {s.name for s in spec.series if s.in_legend and any(v is not None for v in s.values)} - {
            "US$10 bn target"} <= app_names
        if reporter != "both":  # years with no full-year figure of the reporter: blank, drawn as a gap in the line
            turnover = named["Turnover — Kazakhstan figures" if reporter == "KZ" else "Turnover — Türkiye figures"]
            gaps = set(points.loc[points["role"] == GAP, "year"]) & set(years)
            assert gaps and all(turnover.values[years.index(y)] is None for y in gaps)
        assert 0 not in [v for s in spec.series for v in s.values]
        assert named["US$10 bn target"].values == [10.0] * len(years)
        assert spec.comparable >= MIN_POINTS


def test_a_sector_series_with_fewer_than_three_comparable_values_becomes_big_numbers(atlas, domain):
    """Agriculture's lentil series holds three values of three different periods: not a chart (three unlabelled
    hollow dots) but three big numbers, each with its year and period."""
    state = state_of("year=2023&sector=agriculture", domain)
    _option, rows = sector_points(atlas, "agriculture", None)
    spec = sector_spec(rows, "agriculture", state)
    assert spec is not None and spec.comparable < MIN_POINTS
    values = sector_values(rows)
    plotted = rows[rows["role"] == PLOTTED]
    assert [v.row for v in values] == list(plotted["id"])
    assert all(str(int(y)) in v.label for v, y in zip(values, plotted["year"], strict=True))
    energy = sector_spec(sector_points(atlas, "energy", None)[1], "energy", state)
    assert energy.comparable >= MIN_POINTS and energy.title.startswith("Kazakh oil shipped toward BTC")


def test_fitting_text_shortens_by_whole_words_and_never_cuts_a_number():
    text = "Turnover peaked at US$6.3 bn in 2022 and was US$5.4 bn in 2025 by Kazakhstan's statistics " * 3
    for width in (120, 200, 333):
        lines, size = fit(text, width, 40, (16, 14), line=1.2)
        assert size == 14 and len(lines) * 14 * 1.2 <= 40
        words = " ".join(lines).removesuffix(" …").split(" ")
        assert " ".join(lines).endswith("…") and words == text.split()[:len(words)]
        assert all(text_width(line, 14) <= width for line in lines)


@pytest.mark.parametrize("slide", default_deck(make_domain(load_atlas(ROOT / "geodata"))).slides,
                         ids=lambda s: s.title)
def test_a_slide_page_keeps_every_element_on_the_page_and_apart(slide):
    """The PowerPoint and the PDF lay a slide out from the same boxes: all on the 16:9 page, none overlapping."""
    for count in range(len(slide.callouts) + 1):
        placed = boxes(slide, count)
        flat = [(k, b) for k, v in placed.items() for b in (v if isinstance(v, list) else [v])]
        assert len(placed["callouts"]) == count
        for name, b in flat:
            assert b.left >= 0 and b.top >= 0 and b.left + b.width <= WIDTH and b.top + b.height <= HEIGHT, name
            assert b.width > 0.5 and b.height > 0.3, name
        for i, (n1, a) in enumerate(flat):
            for n2, b in flat[i + 1:]:
                apart = (a.left + a.width <= b.left + 1e-9 or b.left + b.width <= a.left + 1e-9
                         or a.top + a.height <= b.top + 1e-9 or b.top + b.height <= a.top + 1e-9)
                assert apart, (n1, n2)
        pictures = dict(focus_pictures(slide, count))
        assert ("map" in pictures) == (slide.layout == "split" or slide.chart == "map")
        stage = [placed["focus"], *([placed["map"]] if slide.layout == "split" else [])]
        assert sum(b.width * b.height for b in stage) >= 0.4 * WIDTH * HEIGHT  # the focus is large


# --------------------------------------------------------------------------- shown.csv
def test_shown_table_columns_and_sources(atlas, domain):
    table = shown_table(atlas, state_of("", domain))
    assert list(table.columns) == COLUMNS
    assert set(table["table"]) == {"trade", "milestone", "indicator", "feature"}
    figures = table[table["shown_as"] != "trade chart: no full-year figure"]
    assert figures["source_url"].fillna("").str.match(r"https?://").all(), "every figure has a source_url"
    assert figures["source_name"].fillna("").str.strip().ne("").all()
    gaps = table[table["shown_as"] == "trade chart: no full-year figure"]
    assert len(gaps) and gaps["value"].isna().all() and gaps["note"].str.contains("no full-year").all()


@pytest.mark.parametrize("sector", ["energy", "transport", "agriculture", "all"])
def test_sector_view_contains_exactly_that_sectors_indicators(atlas, domain, sector):
    table = shown_table(atlas, state_of(f"sector={sector}", domain))
    ind = atlas.indicators if sector == "all" else atlas.indicators[atlas.indicators["sector"] == sector]
    got = table[table["table"] == "indicator"]
    charted = got[got["label"] == TURNOVER]  # "All sectors" charts the trade turnover first
    assert sorted(got[got["label"] != TURNOVER]["id"]) == sorted(ind["id"])
    option, rows = sector_points(atlas, sector, None)
    assert sorted(got[got["shown_as"] == "sector chart"]["id"]) == sorted(rows[rows["role"] == PLOTTED]["id"])
    assert charted.empty or sector == "all"


@pytest.mark.parametrize("query", ["reporter=both", "reporter=TR&year=2016", ""])
def test_trade_rows_of_the_csv_are_the_plotted_points(atlas, domain, query):
    state = state_of(query, domain)
    table = shown_table(atlas, state)
    trade = table[table["table"] == "trade"]
    assert trade["value"].notna().sum() == sum(_plotted_points(trade_figure(atlas, state)).values())


def test_feature_rows_follow_the_visible_layers_and_the_year(atlas, domain):
    state = state_of("year=2005&layers=pipelines&feature=btc", domain)
    feats = shown_table(atlas, state).query("table == 'feature'")
    pipelines = atlas.routes[atlas.routes["layer"] == "pipelines"]
    assert sorted(feats["id"]) == sorted(pipelines["id"])
    assert set(feats["presence_in_year"]) <= {"open", "later", "planned", "unknown"}
    btc = feats.set_index("id").loc["btc"]
    assert btc["presence_in_year"] == ("open" if int(btc["year"]) <= 2005 else "later")
    assert btc["shown_as"].endswith("(selected)")
    assert shown_table(atlas, state_of("layers=none", domain)).query("table == 'feature'").empty


def test_csv_opens_in_a_spreadsheet(atlas, domain):
    table = shown_table(atlas, state_of("sector=energy&reporter=both", domain))
    data = to_csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == COLUMNS and len(rows) == len(table) + 1
    assert all(len(r) == len(COLUMNS) for r in rows)
    assert not any(cell[:1] in "=+@" for r in rows[1:] for cell in r if cell)
    assert not any(cell in {"nan", "<NA>", "None"} for r in rows[1:] for cell in r)


def test_csv_cells_never_become_formulas():
    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _cell("-5") == "-5" and _cell("- note") == "'- note" and _cell(12.0) == "12" and _cell(1.5) == "1.5"
    assert _cell(None) == "" and _cell(float("nan")) == "" and _cell(True) == "yes"


# --------------------------------------------------------------------------- metadata
def _tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6))
            + chunk(b"IEND", b""))


def test_png_text_chunks_round_trip_with_valid_crcs():
    png = png_with_text(_tiny_png(), {"Title": "Türkiye – trade", "Source": "Sources: Şimşek & co."})
    assert png_text(png) == {"Title": "Türkiye – trade", "Source": "Sources: Şimşek & co."}
    pos, kinds = 8, []
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + data)
        kinds.append(kind)
        pos += 12 + length
    assert kinds == [b"IHDR", b"iTXt", b"iTXt", b"IDAT", b"IEND"]
    with pytest.raises(ValueError):
        png_with_text(b"GIF89a", {"Title": "x"})


def test_svg_gets_title_and_description():
    svg = svg_with_text(b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect/></svg>',
                        "A <title>", "Sources: A & B")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "A <title>" and root.find(f"{ns}desc").text == "Sources: A & B"


def test_renderer_without_chromium_says_so():
    renderer = Renderer(browser_path="/nonexistent/chromium")
    assert renderer.available() is False
    with pytest.raises(ExportUnavailable, match="Chromium"):
        renderer.render({"data": []}, "png", 100, 100)


# --------------------------------------------------------------------------- data.zip
def test_data_zip_holds_every_table_readme_and_licences(atlas, data_dir):
    archive = zipfile.ZipFile(io.BytesIO(data_zip(atlas, data_dir, today=TODAY)))
    names = set(archive.namelist())
    expected = {spec.file.rsplit(".", 1)[0] + ".csv" for key, spec in TABLES.items() if hasattr(atlas, key)}
    assert expected <= names and {"README.md", "LICENCES.md", "MANIFEST.md"} <= names
    posts = list(csv.DictReader(io.StringIO(archive.read("posts.csv").decode("utf-8-sig"))))
    assert len(posts) == len(atlas.posts) and posts[0]["geometry_wkt"].startswith("POINT")
    routes = list(csv.DictReader(io.StringIO(archive.read("routes.csv").decode("utf-8-sig"))))
    assert all(r["geometry_wkt"].startswith(("LINESTRING", "MULTILINESTRING")) for r in routes)
    trade = list(csv.DictReader(io.StringIO(archive.read("trade_annual.csv").decode("utf-8-sig"))))
    assert len(trade) == len(atlas.trade) and "geometry_wkt" not in trade[0]
    assert "CC BY 4.0" in archive.read("LICENCES.md").decode()


# --------------------------------------------------------------------------- handout
class _Assets(HTMLParser):
    """Collects every attribute that would make a browser fetch something."""

    FETCHING = {"img": "src", "script": "src", "link": "href", "iframe": "src", "source": "src", "video": "src",
                "audio": "src", "embed": "src", "object": "data", "image": "href", "use": "href"}

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.FETCHING and values.get(self.FETCHING[tag]):
            self.fetched.append(values[self.FETCHING[tag]])
        if tag == "a":
            self.anchors.append(values.get("href", ""))


def fetched_urls(page: str) -> list[str]:
    parser = _Assets()
    parser.feed(page)
    css_urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", page)
    return [u for u in parser.fetched + css_urls if not u.startswith("data:")]


def test_handout_is_self_contained_and_printable(atlas, domain):
    state = state_of("year=2024&feature=port_kuryk", domain)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>'
    page = handout_html(atlas, state, today=TODAY, feature_names=feature_names(atlas), map_svg=svg, trade_svg=svg,
                        view_url="http://localhost/?year=2024&feature=port_kuryk")
    assert fetched_urls(page) == [], "no external asset of any kind"
    assert page.count('src="data:image/svg+xml;base64,') == 2
    for needle in ("@page { size: A4 landscape", "break-inside: avoid", "window.print()", ".no-print { display: none",
                   "Kuryk", "Trade in 2024", "Sources", "2026-03-14"):
        assert needle in page
    series = trade_series(atlas, "KZ", "total_turnover")
    total = series[series["year"] == 2024].iloc[0]
    assert money(total["value_usd_m"], total["quality"]) in page
    parser = _Assets()
    parser.feed(page)
    assert total["source_url"].split(" ; ")[0] in parser.anchors  # sources are links, as text


def test_handout_without_images_still_renders(atlas, domain):
    page = handout_html(atlas, state_of("", domain), today=TODAY, feature_names={}, map_svg=None, trade_svg=None,
                        view_url="http://localhost/", unavailable="Chart images are not available: no Chromium.")
    assert "no Chromium" in page and "<img" not in page and fetched_urls(page) == []


# --------------------------------------------------------------------------- in the page's language
#: Words the exports write themselves: none may be left in English on a Turkish, Kazakh or Russian export.
ENGLISH_WORDS = ("Sources", "Source:", "Year ", "Years ", "Sector", "Map layers", "Trade figures", "Partnership Atlas",
                 "partnership map", "Selected", "Indicator", "Map view", "Base map", "Lines are schematic",
                 "Milestones", "none for this selection", "trade by year", "Coordinates:", "handout", "Print",
                 "Chart image", "Trade in", "features of the layers", "see list below", "(Mt)", "USD", "US$")
LANG_QUERY = "year=2010..2020&sector=transport&feature=port_kuryk&reporter=both&layers=ports,corridor&view=51.5,43.2,3"


def english_left(text: str) -> list[str]:
    return [w for w in ENGLISH_WORDS if w in text]


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
@pytest.mark.parametrize("chart", CHARTS)
def test_an_exported_charts_title_filters_and_source_words_follow_the_language(atlas, domain, lang, chart):
    """Title, filters line and the source line's own words in the page's language; the source names as written."""
    state = state_of(f"{LANG_QUERY}&lang={lang}", domain)
    with i18n.using(lang):
        export = export_figure(atlas, state, chart, today=TODAY, names=feature_names(atlas))
        lead, name = i18n._("Sources"), i18n._("Kazakhstan–Türkiye Partnership Atlas")
    english = export_figure(atlas, state_of(LANG_QUERY, domain), chart, today=TODAY)
    assert export.title != english.title and english_left(export.title) == [] and english_left(export.filters) == []
    assert atlas.label("sector", "transport", lang) in export.filters
    assert atlas.label("feature", "port_kuryk", lang) in export.filters
    assert "2010" in export.filters and "2020" in export.filters  # digits kept
    assert "51" not in export.filters and "°" not in export.filters  # the map's view is in the link, not in words
    assert export.source.startswith(f"{lead}: ") and export.source.endswith(f"{name}, 2026-03-14")
    assert "Partnership Atlas" not in export.source and "Base map" not in export.source
    assert "Lines are schematic" not in export.source and "Milestones" not in export.source
    assert english.source.startswith("Sources: ") and english.source.endswith("Partnership Atlas, 2026-03-14")


def test_the_source_lines_own_words_follow_the_language_and_count_what_does_not_fit():
    names = [f"Source number {n} with a fairly long descriptive name" for n in range(40)]
    with i18n.using("ru"):
        line = source_line(names, today=TODAY, max_chars=400)
        empty = source_line([], today=TODAY)
    assert line.startswith("Источники: Source number 0")
    assert re.search(r"и еще \d+ \(полный список в shown\.csv\)", line)
    assert line.endswith("Атлас партнерства Казахстан–Турция, 2026-03-14") and len(line) <= 400
    assert empty.startswith("Источники: для этого выбора нет.")


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_the_handout_is_in_the_language_of_the_view(atlas, domain, lang):
    state = state_of(f"{LANG_QUERY}&lang={lang}", domain)
    with i18n.using(lang):
        page = handout_html(atlas, state, today=TODAY, feature_names=feature_names(atlas), map_svg=None,
                            trade_svg=None, view_url="http://127.0.0.1/?lang=" + lang)
        title = i18n._("{atlas} — handout").format(atlas=i18n._("Kazakhstan–Türkiye Partnership Atlas"))
    assert f'<html lang="{lang}">' in page and f"<title>{title}</title>" in page
    words = [re.sub(r"<[^>]+>", "", t) for _tag, t in
             re.findall(r"<(h1|h2|figcaption|b|button|title)\b[^>]*>(.*?)</\1>", page, flags=re.S)]
    words += re.findall(r'<div class="(?:filters|missing|meta)">([^<]*)', page)
    assert len(words) >= 12
    assert [w for w in words if english_left(w)] == []
    assert atlas.label("feature", "port_kuryk", lang) in page  # the features shown, named in the language


@pytest.mark.parametrize("lang", ["en", "tr", "kk", "ru"])
def test_a_longer_language_still_ends_every_source_line_with_the_atlas_and_the_date(atlas, domain, lang):
    """Kazakh and Russian words are ~30 % longer: the source lines are cut to fit by their wrapped lines, so the
    last of them is never cut off (the Atlas's name and the date), on a slide page and on an exported image."""
    with i18n.using(lang):
        end = f"{i18n._('Kazakhstan–Türkiye Partnership Atlas')}, 2026-03-14"
        for slide in default_deck(domain, lang).slides:
            state = state_of(slide.query, domain)
            width = boxes(slide, 0)["source"].width * PX
            text, size = source_text(atlas, slide, state, today=TODAY, width=width, sizes=(11, 10, 9))
            assert text.endswith(end) and len(wrap(text, size, width)) <= 4, slide.title
        for chart in CHARTS:
            export = export_figure(atlas, state_of("year=2005..2025&reporter=both", domain), chart, today=TODAY)
            assert export.source.endswith(end)
            assert len(wrap(export.source, SOURCE_SIZE, SIZES[chart][0] - 2 * EDGE)) <= EXPORT_SOURCE_LINES


@pytest.mark.parametrize("lang", ["en", "tr", "kk", "ru"])
def test_a_callouts_label_sits_under_its_figure_on_a_pdf_page_in_every_language(atlas, domain, lang):
    """'6,3 млрд долл. США' wraps where 'US$6.3 bn' does not: the label moves down, the figure never covers it."""
    from dashboard.briefing.rows import callouts  # noqa: PLC0415
    from dashboard.export.briefing import callout_words  # noqa: PLC0415

    with i18n.using(lang):
        for slide in default_deck(domain, lang).slides:
            figures = callouts(atlas, slide)
            for box, fig in zip(boxes(slide, len(figures))["callouts"], figures, strict=True):
                value, label = callout_words(fig.value, fig.label, box)
                width = (box.width - 0.2) * PX
                value_lines = wrap(fig.value, value["font"]["size"], width, bold=True)
                label_lines = wrap(fig.label, label["font"]["size"], width)
                value_bottom = (box.top + 0.08) * PX + len(value_lines) * value["font"]["size"] * LINE
                label_top = (1 - label["y"]) * HEIGHT * PX
                assert len(value_lines) <= 2 and "…" not in value_lines[-1], fig.value
                assert label_top >= value_bottom, (fig.value, fig.label)
                assert label_top + len(label_lines) * label["font"]["size"] * LINE <= (box.top + box.height) * PX + 1


@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_the_width_estimate_of_exported_words_is_never_short_of_the_fonts(atlas, domain, lang):
    """Wrapping measures the glyphs: for the words of a Turkish, Kazakh or Russian export (Cyrillic ж ш щ ю are
    wider than Latin letters) the measured width is at least the real advance width in DejaVu Sans, so no line
    runs past the image edge."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    font = TTFont(ROOT / "assets" / "fonts" / "DejaVuSans-atlas.woff")
    cmap, advance, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    state = state_of(f"{LANG_QUERY}&lang={lang}", domain)
    with i18n.using(lang):
        for chart in CHARTS:
            export = export_figure(atlas, state, chart, today=TODAY)
            for word in f"{export.title} {export.filters} {export.source}".split():  # a line may be one long word
                real = sum(advance[cmap[ord(c)]][0] for c in word if ord(c) in cmap) / em
                assert text_width(word, 1) >= real * 0.97, word


def test_a_pdf_page_shows_a_thin_sector_series_as_big_numbers_not_a_chart(atlas, domain):
    """The PDF's Agriculture page drew three unlabelled hollow dots of three different periods: it shows the
    series' name and each value with its year and period instead, as the PowerPoint does."""
    from dashboard.export.briefing import slide_page  # noqa: PLC0415

    class Recorder:
        def __init__(self):
            self.drawn = []

        def render(self, fig, fmt, width, height, scale=1):
            self.drawn.append(fig)
            return b"\x89PNG"

    slide = next(s for s in default_deck(domain).slides if s.title == "Agriculture")
    renderer = Recorder()
    page = slide_page(atlas, domain, slide, renderer, today=TODAY)
    assert renderer.drawn == [] and not page.layout.images  # no chart picture
    words = " ".join(a.text for a in page.layout.annotations)
    assert "Kazakh lentil exports to Türkiye" in words
    for value in sector_values(sector_points(atlas, "agriculture", None)[1]):
        assert value.value in words and value.label.split(",")[0] in words
