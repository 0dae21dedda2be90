"""A one-page printable handout (A4 landscape) for a view: pure HTML builder, no external assets.

The page holds the map and the trade chart as images embedded in the page (``data:`` URIs of
the SVG kaleido renders), the headline figures of the year with their sources, the filters and
the full source list of what is shown. Links to sources are plain ``<a href>`` text; nothing is
loaded from anywhere. ``@page`` sets A4 landscape, images have fixed printed sizes and every
block has ``break-inside: avoid``, so it prints on one sheet; the Print button calls
``window.print()`` and is hidden in print.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape

import pandas as pd

from dashboard import i18n
from dashboard.data.compare import compared_headline, years_label
from dashboard.data.load import Atlas
from dashboard.data.tables import headline, mirror, reporters, trade_points
from dashboard.export.annotate import atlas_name, clean, distinct, filters_line
from dashboard.export.shown import host, map_credits, plotted_trade_rows, urls, visible_features
from dashboard.figures.texts import HeadlineText, compared_text, headline_text, map_summary, mirror_text, trade_summary
from dashboard.figures.trade import FIGURES_OF
from dashboard.format import number
from dashboard.i18n import _
from dashboard.state import ViewState

MAP_SIZE = (1100, 594)  # px rendered; printed at 137 x 74 mm
TRADE_SIZE = (1100, 594)

CSS = """
@page { size: A4 landscape; margin: 9mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "DejaVu Sans", Arial, "Helvetica Neue", sans-serif; color: #1d2733;
       font-size: 8pt; line-height: 1.3; }
a { color: #0B3C5D; text-decoration: none; }
.sheet { width: 279mm; margin: 0 auto; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm;
         border-bottom: 0.3mm solid #1d2733; padding-bottom: 1.5mm; margin-bottom: 2.5mm; }
h1 { font-size: 14pt; margin: 0 0 0.8mm; }
h2 { font-size: 8.5pt; margin: 0 0 1mm; text-transform: uppercase; letter-spacing: 0.03em; color: #5b6673; }
.filters { font-size: 8pt; color: #5b6673; }
.meta { font-size: 7pt; color: #5b6673; text-align: right; white-space: nowrap; }
.charts { display: flex; justify-content: space-between; gap: 5mm; }
figure { margin: 0; width: 137mm; break-inside: avoid; page-break-inside: avoid; }
figure img, figure .missing { display: block; width: 137mm; height: 74mm; object-fit: contain;
                              border: 0.2mm solid #e3e7ec; }
figure .missing { display: flex; align-items: center; justify-content: center; padding: 8mm; text-align: center;
                  color: #5b6673; background: #f6f7f9; }
figcaption { font-size: 6.5pt; color: #5b6673; margin-top: 0.8mm; }
section { break-inside: avoid; page-break-inside: avoid; margin-top: 2mm; }
.headlines { display: flex; flex-wrap: wrap; gap: 4mm; }
.hl { flex: 1 1 30%; border-left: 0.8mm solid #56B4E9; padding-left: 2mm; break-inside: avoid; }
.hl .label { font-size: 7pt; color: #5b6673; }
.hl .value { font-size: 12pt; font-weight: bold; }
.hl .detail { font-size: 6.5pt; color: #5b6673; }
.headlines .changes { flex: 1 1 100%; font-size: 6.5pt; color: #5b6673; }
.headlines .changes p { margin: 0; }
.mirror { font-size: 7pt; margin-top: 1mm; }
.sources { font-size: 6pt; }
.sources p { font-size: inherit; line-height: 1.22; margin: 0 0 0.8mm; }
.sources b { color: #1d2733; }
.sep { color: #9aa5b1; }
.toolbar { text-align: right; margin-bottom: 2mm; }
.toolbar button { font: inherit; font-size: 10pt; padding: 1.5mm 4mm; cursor: pointer; }
@media screen {
  body { background: #e9ecef; }
  .sheet { width: 297mm; min-height: 210mm; margin: 6mm auto; padding: 9mm; background: #fff;
           box-shadow: 0 1mm 4mm rgba(0, 0, 0, 0.15); }
}
@media print {
  .no-print { display: none !important; }
  .sheet { width: auto; margin: 0; padding: 0; box-shadow: none; }
}
"""


# The page's only script (no inline handlers), allowed by its hash in the Content-Security-Policy
# (dashboard.server): the Print button, and keeping the handout on one sheet by shrinking the source list
# until the page fits 192 mm (A4 landscape less margins).
SCRIPT = """
(function () {
  function fit() {
    var first = document.querySelector(".sheet > header"), list = document.querySelector(".sources");
    var limit = 190 * 96 / 25.4, size = 6;
    list.style.fontSize = size + "pt";
    function used() { return list.getBoundingClientRect().bottom - first.getBoundingClientRect().top; }
    while (used() > limit && size > 3.6) { size -= 0.2; list.style.fontSize = size + "pt"; }
  }
  document.getElementById("print").addEventListener("click", function () { window.print(); });
  var back = document.getElementById("view-link");  // a link relative to the server: print the whole address
  back.textContent = back.href;
  window.addEventListener("beforeprint", fit);
  fit();
})();
"""


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _e(text: object) -> str:
    return escape(clean(text))


def _links(cell: object, most: int = 3) -> str:
    """The URLs of a cell as links labelled with their web site (one per site, at most ``most``)."""
    by_site: dict[str, str] = {}
    for url in urls(cell):
        by_site.setdefault(host(url) or "link", url)
    shown = [f'<a href="{escape(url)}">{_e(site)}</a>' for site, url in list(by_site.items())[:most]]
    more = len(by_site) - most
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


def _headline_blocks(atlas: Atlas, state: ViewState) -> str:
    """The year's headline figures; while two years are compared, both years' and the change between them (only
    between two unrounded official statistics, else why there is none)."""
    main = reporters(state.reporter)[0]
    points = trade_points(atlas, state.reporter)
    if state.compare is None:
        return _year_blocks([headline_text(h, main) for h in headline(points, state.year, main)], state.year)
    compared = [compared_text(c, state.compare, main) for c in compared_headline(points, *state.compare, main)]
    first, second = state.compare
    changes = "".join(f"<p>{_e(c.label)}: {_e(c.change)}</p>" for c in compared if c.change)
    return (_year_blocks([c.first for c in compared], first) + _year_blocks([c.second for c in compared], second)
            + (f'<div class="changes">{changes}</div>' if changes else ""))


def _year_blocks(texts: list[HeadlineText], year: int) -> str:
    blocks = []
    for t in texts:
        if t.missing:
            detail = _e(t.missing) + (f" {_links(t.url)}" if t.url else "")
            detail += f"<br>{_e(t.change)}" if t.change else ""
            blocks.append(f'<div class="hl"><div class="label">{_e(t.label)}, {year}</div>'
                          f'<div class="value">—</div><div class="detail">{detail}</div></div>')
            continue
        change = f"{_e(t.change)}" + (f" ({_e(t.change_title)})" if t.change_title else "") + "<br>" if t.change else ""
        blocks.append(
            f'<div class="hl"><div class="label">{_e(t.label)}, {year}</div>'
            f'<div class="value">{_e(t.value)}</div>'
            f'<div class="detail">{change}{_e(t.meta)} {_links(t.url)}</div></div>')
    return "".join(blocks)


def _mirror(atlas: Atlas, state: ViewState) -> str:
    """The other side's turnover figure for the year, where it reports one (statistic or statement)."""
    m = mirror(atlas, state.year, state.reporter)
    text = mirror_text(m, state.year, state.reporter)
    return f'<div class="mirror">{_e(text)} {_links(m.row["source_url"])}</div>' if text else ""


def _run_on(items: list[str]) -> str:
    return ' <span class="sep">·</span> '.join(items)


def _source_list(atlas: Atlas, state: ViewState, trade_rows: pd.DataFrame, feats: pd.DataFrame) -> str:
    trade = []
    for name in distinct(trade_rows.sort_values("year", kind="stable")["source_name"], 200):
        row = trade_rows[trade_rows["source_name"].map(lambda s, n=name: clean(s) == n)].iloc[0]
        trade.append(f"{_e(name)} {_links(row['source_url'])}")
    features = [f"{_e(atlas.label('feature', r['id'], fallback=r['name']))} ({_links(r['source_url'])})"
                for _i, r in feats.iterrows()]
    m = atlas.milestones.sort_values("date")
    seen: dict[str, str] = {}
    for _i, r in m.iterrows():
        seen.setdefault(clean(r["source_name"]), r["source_url"])
    milestones = [f"{_e(name)} {_links(url)}" for name, url in seen.items()]
    credits = _("{credits} City coordinates © GeoNames (geonames.org), CC BY 4.0. Every row with its own source "
                "link: shown.csv of this view.").format(credits=map_credits(feats))
    parts = [
        (_("Trade figures (chart and headlines):"), _run_on(trade)),
        (_("Map features shown:"), _run_on(features) or _e(_("none (all map layers off)"))),
        (_("Milestones on the timeline:"), _run_on(milestones)),
        (_("Map and coordinates:"), _e(credits)),
    ]
    return "".join(f"<p><b>{_e(heading)}</b> {body}</p>" for heading, body in parts)


def handout_html(atlas: Atlas, state: ViewState, *, today: date, feature_names: dict[str, str],
                 map_svg: bytes | None, trade_svg: bytes | None, view_url: str, unavailable: str = "") -> str:
    """The whole handout page in the active language; ``map_svg`` / ``trade_svg`` None when images cannot be
    rendered here. Source names and quotes stay as their sources write them."""
    filters = filters_line(state, feature_names=feature_names)
    trade_rows = plotted_trade_rows(atlas, state)
    feats = visible_features(atlas, state)
    missing = _e(unavailable or _("Chart image not available."))

    def figure(svg: bytes | None, alt: str, caption: str) -> str:
        body = (f'<img src="{svg_data_uri(svg)}" alt="{escape(clean(alt))}">' if svg is not None
                else f'<div class="missing">{missing}</div>')
        return f"<figure>{body}<figcaption>{caption}</figcaption></figure>"

    n_sources = len(distinct(trade_rows["source_name"], 200))
    map_caption = _e(_("Map, {year}: features of the layers shown ({count}); faded = opened later or other sector; "
                       "dotted = proposed. Lines are schematic. Sources: see list below.").format(
        year=state.year, count=number(len(feats))))
    # TRANSLATORS: {figures} is "Kazakhstan's figures" (or Türkiye's, or both), as the trade chart's title says it.
    trade_caption = _e(_("Trade by year (US$ bn), {figures}; plotted values: {count}, from sources: {sources}; "
                         "milestones below the chart. Sources: see list below.").format(
        figures=_(FIGURES_OF[state.reporter]) if state.reporter in FIGURES_OF else "", count=number(len(trade_rows)),
        sources=number(n_sources)))
    name = atlas_name()
    title = _("{atlas} — handout").format(atlas=name)
    main = reporters(state.reporter)[0]
    print_button = _("Print / save as PDF")
    printed = _("Printed from the Atlas on {date}").format(date=today.isoformat())
    trade_heading = _("Trade in {year} ({figures})").format(year=state.year, figures=_(FIGURES_OF[main]))
    if state.compare is not None:
        trade_heading = _("Trade compared: {years}").format(years=years_label(state.compare))
    sources_heading = _("Sources")
    return f"""<!DOCTYPE html>
<html lang="{i18n.get_lang()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<style>{CSS}</style>
</head>
<body>
<div class="toolbar no-print"><button type="button" id="print">{_e(print_button)}</button></div>
<main class="sheet">
<header>
  <div><h1>{escape(name)}</h1><div class="filters">{_e(filters)}</div></div>
  <div class="meta">{_e(printed)}<br>
    <a id="view-link" href="{escape(view_url)}">{_e(view_url)}</a></div>
</header>
<div class="charts">
  {figure(map_svg, map_summary(feats, state.year, state.sector), map_caption)}
  {figure(trade_svg, trade_summary(trade_points(atlas, state.reporter), state.year, state.reporter), trade_caption)}
</div>
<section><h2>{_e(trade_heading)}</h2>
  <div class="headlines">{_headline_blocks(atlas, state)}</div>{_mirror(atlas, state)}</section>
<section class="sources"><h2>{_e(sources_heading)}</h2>{_source_list(atlas, state, trade_rows, feats)}</section>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
