"""A one-page printable handout (A4 landscape) for a view: pure HTML builder, no external assets.

The page holds the map and the trade chart as images embedded in the page (``data:`` URIs of
the SVG kaleido renders), the headline figures of the year with their sources, the filters and
the full source list of what is shown. Links to sources are plain ``<a href>`` text; nothing is
loaded from anywhere. This module gathers what the page says; the Jinja2 template
``templates/handout.html`` (autoescaped: every name, quote and link is text) lays it out.
``@page`` sets A4 landscape, images have fixed printed sizes and every block has
``break-inside: avoid``, so it prints on one sheet; the Print button calls ``window.print()``
and is hidden in print.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard import i18n
from dashboard.data.compare import compared_headline, years_label
from dashboard.data.load import Atlas
from dashboard.data.tables import headline, mirror, reporters, trade_points
from dashboard.export.annotate import atlas_name, clean, distinct, filters_line
from dashboard.export.shown import host, map_credits, plotted_trade_rows, urls, visible_features
from dashboard.export.templating import render
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


@dataclass(frozen=True)
class Links:
    """The URLs of a cell as links labelled with their web site (one per site, at most ``most``), ``+more`` after."""

    sites: list[tuple[str, str]]  # (site, url)
    more: int = 0

    @classmethod
    def of(cls, cell: object, most: int = 3) -> Links:
        by_site: dict[str, str] = {}
        for url in urls(cell):
            by_site.setdefault(host(url) or "link", url)
        return cls([(clean(site), url) for site, url in list(by_site.items())[:most]], max(len(by_site) - most, 0))


@dataclass(frozen=True)
class Cited:
    """A piece of text followed by its source links (``name (links)`` when ``bracketed``)."""

    text: str
    links: Links
    bracketed: bool = False


@dataclass(frozen=True)
class Headline:
    label: str
    value: str  # "—" when the year has no figure
    detail: str  # "why missing" or the figure's reporter, quality and relay
    links: Links
    change: str = ""
    change_title: str = ""
    missing: bool = False


@dataclass(frozen=True)
class SourceGroup:
    heading: str
    items: list[Cited] = field(default_factory=list)
    text: str = ""  # a group written as one sentence (map and coordinate credits), or its "none"


def _year_headlines(texts: list[HeadlineText], year: int) -> list[Headline]:
    out = []
    for t in texts:
        label = f"{clean(t.label)}, {year}"
        if t.missing:
            out.append(Headline(label, "—", clean(t.missing), Links.of(t.url) if t.url else Links([]),
                                change=clean(t.change) if t.change else "", missing=True))
        else:
            out.append(Headline(label, clean(t.value), clean(t.meta), Links.of(t.url),
                                change=clean(t.change) if t.change else "",
                                change_title=clean(t.change_title) if t.change and t.change_title else ""))
    return out


def _headlines(atlas: Atlas, state: ViewState) -> tuple[list[Headline], list[str]]:
    """The year's headline figures; while two years are compared, both years' and the changes between them (only
    between two unrounded official statistics, else why there is none)."""
    main = reporters(state.reporter)[0]
    points = trade_points(atlas, state.reporter)
    if state.compare is None:
        return _year_headlines([headline_text(h, main) for h in headline(points, state.year, main)], state.year), []
    compared = [compared_text(c, state.compare, main) for c in compared_headline(points, *state.compare, main)]
    first, second = state.compare
    changes = [f"{clean(c.label)}: {clean(c.change)}" for c in compared if c.change]
    return (_year_headlines([c.first for c in compared], first)
            + _year_headlines([c.second for c in compared], second)), changes


def _mirror(atlas: Atlas, state: ViewState) -> Cited | None:
    """The other side's turnover figure for the year, where it reports one (statistic or statement)."""
    m = mirror(atlas, state.year, state.reporter)
    text = mirror_text(m, state.year, state.reporter)
    return Cited(clean(text), Links.of(m.row["source_url"])) if text else None


def _source_list(atlas: Atlas, trade_rows: pd.DataFrame, feats: pd.DataFrame) -> list[SourceGroup]:
    trade = []
    for name in distinct(trade_rows.sort_values("year", kind="stable")["source_name"], 200):
        row = trade_rows[trade_rows["source_name"].map(lambda s, n=name: clean(s) == n)].iloc[0]
        trade.append(Cited(clean(name), Links.of(row["source_url"])))
    features = [Cited(clean(atlas.label("feature", r["id"], fallback=r["name"])), Links.of(r["source_url"]),
                      bracketed=True) for _i, r in feats.iterrows()]
    m = atlas.milestones.sort_values("date")
    seen: dict[str, str] = {}
    for _i, r in m.iterrows():
        seen.setdefault(clean(r["source_name"]), r["source_url"])
    milestones = [Cited(clean(name), Links.of(url)) for name, url in seen.items()]
    credits = _("{credits} City coordinates © GeoNames (geonames.org), CC BY 4.0. Every row with its own source "
                "link: shown.csv of this view.").format(credits=map_credits(feats))
    return [
        SourceGroup(_("Trade figures (chart and headlines):"), trade),
        SourceGroup(_("Map features shown:"), features, "" if features else clean(_("none (all map layers off)"))),
        SourceGroup(_("Milestones on the timeline:"), milestones),
        SourceGroup(_("Map and coordinates:"), text=clean(credits)),
    ]


def handout_html(atlas: Atlas, state: ViewState, *, today: date, feature_names: dict[str, str],
                 map_svg: bytes | None, trade_svg: bytes | None, view_url: str, unavailable: str = "") -> str:
    """The whole handout page in the active language; ``map_svg`` / ``trade_svg`` None when images cannot be
    rendered here. Source names and quotes stay as their sources write them."""
    trade_rows = plotted_trade_rows(atlas, state)
    feats = visible_features(atlas, state)
    n_sources = len(distinct(trade_rows["source_name"], 200))
    map_caption = _("Map, {year}: features of the layers shown ({count}); faded = opened later or other sector; "
                    "dotted = proposed. Lines are schematic. Sources: see list below.").format(
        year=state.year, count=number(len(feats)))
    # TRANSLATORS: {figures} is "Kazakhstan's figures" (or Türkiye's, or both), as the trade chart's title says it.
    trade_caption = _("Trade by year (US$ bn), {figures}; plotted values: {count}, from sources: {sources}; "
                      "milestones below the chart. Sources: see list below.").format(
        figures=_(FIGURES_OF[state.reporter]) if state.reporter in FIGURES_OF else "", count=number(len(trade_rows)),
        sources=number(n_sources))
    name = atlas_name()
    main = reporters(state.reporter)[0]
    trade_heading = _("Trade in {year} ({figures})").format(year=state.year, figures=_(FIGURES_OF[main]))
    if state.compare is not None:
        trade_heading = _("Trade compared: {years}").format(years=years_label(state.compare))
    headlines, changes = _headlines(atlas, state)
    figures = [
        {"src": svg_data_uri(svg) if svg is not None else None, "alt": clean(alt), "caption": clean(caption)}
        for svg, alt, caption in (
            (map_svg, map_summary(feats, state.year, state.sector), map_caption),
            (trade_svg, trade_summary(trade_points(atlas, state.reporter), state.year, state.reporter), trade_caption))
    ]
    return render(
        "handout.html",
        lang=i18n.get_lang(), css=CSS, script=SCRIPT, name=name, title=_("{atlas} — handout").format(atlas=name),
        print_button=clean(_("Print / save as PDF")), filters=clean(filters_line(state, feature_names=feature_names)),
        printed=clean(_("Printed from the Atlas on {date}").format(date=today.isoformat())), view_url=view_url,
        figures=figures, missing=clean(unavailable or _("Chart image not available.")),
        trade_heading=clean(trade_heading), headlines=headlines, changes=changes, mirror=_mirror(atlas, state),
        sources_heading=clean(_("Sources")), sources=_source_list(atlas, trade_rows, feats),
    )
