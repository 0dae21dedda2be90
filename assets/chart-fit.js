/* The trade and sector charts fitted to the panels they are drawn in, in every language (Russian and Kazakh run a
   third longer).

   The server builds the charts without knowing the panel's width; after each draw this fits what depends on it,
   measured with the chart's own fonts. The sector chart: its title (indicator and unit) is wrapped into as many
   lines as the panel needs and the plot moves down by the lines added. The trade chart:
   - the title is wrapped into as many lines as the panel needs (a phone: two or three), and the legend's
     empty title line, which keeps the legend below the chart's title, gets as many lines;
   - the US$10 bn line's label: the full one where it fits the plot, else the short one (hover or tap shows
     the full text);
   - on a briefing slide the chart's title is hidden (the slide's title says it): the legend keeps no line for
     it and sits at the top of the chart.
   Only a change is applied (Plotly.relayout), so the redraw it causes finds nothing more to do. */
(function () {
  "use strict";
  var canvas = document.createElement("canvas");
  var TITLE_PAD = 24;  // px kept free beside the title (its x offset and the panel's rounding)
  var LABEL_PAD = 8;  // px kept free after the target's label
  var TITLE_TOP = 8;  // px above the title (the server's title.pad.t)
  var SECTOR_TOP = 30;  // the sector chart's top margin as the server draws it (dashboard/figures/sector.py)
  var LINE = 1.3;  // a title line's height, in font sizes

  function width(text, font) {
    var ctx = canvas.getContext("2d");
    ctx.font = (font.weight || "normal") + " " + font.size + "px " + font.family;
    return ctx.measureText(text).width;
  }
  function plain(text) {
    return String(text || "").replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, "");
  }
  function wrap(text, font, room) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && width(next, font) > room) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function presenting() {
    var root = document.getElementById("atlas-root");
    return !!root && root.classList.contains("presenting");
  }

  // What the sector chart should show at its present size: {layout key: value}.
  function wantedSector(gd) {
    var full = gd._fullLayout, titleFont = full.title.font;
    var lines = wrap(plain(gd.layout.title.text), titleFont, full.width - TITLE_PAD);
    if (!lines.length) { return {}; }  // a message instead of a chart: no title to fit
    // as on the trade chart, a wrapped title's first line sits on the top edge: move it down by its baseline shift
    var shift = lines.length > 1 ? Math.round(0.8 * titleFont.size) : 0;
    return {"title.text": lines.join("<br>"), "title.pad.t": shift,
            "margin.t": SECTOR_TOP + shift + Math.round((lines.length - 1) * LINE * titleFont.size)};
  }

  // What the trade chart should show at its present size: {layout key: value}.
  function wanted(gd) {
    var full = gd._fullLayout, out = {};
    var titleFont = full.title.font;
    if (gd.atlasChart === "sector-chart") { return wantedSector(gd); }
    if (presenting()) {
      out["legend.title.text"] = "";
      out["margin.t"] = 4;
    } else {
      var lines = wrap(plain(gd.layout.title.text), titleFont, full.width - TITLE_PAD);
      out["title.text"] = lines.join("<br>");
      // plotly sets a wrapped title's first line on the top edge (its 0.7em baseline shift is lost): move it down
      out["title.pad.t"] = lines.length > 1 ? TITLE_TOP + Math.round(0.8 * titleFont.size) : TITLE_TOP;
      out["legend.title.text"] = lines.map(function () { return "\u00a0"; }).join("<br>");
      out["margin.t"] = 40;
    }
    var room = full._size.w * 0.99 - LABEL_PAD;
    (gd.layout.annotations || []).forEach(function (a, i) {
      if (a.name !== "target-full") { return; }
      var font = {size: (a.font && a.font.size) || 12, family: full.font.family};  // a hidden one has no _full font
      var fits = width(plain(a.text), font) <= room;
      out["annotations[" + i + "].visible"] = fits;
      (gd.layout.annotations || []).forEach(function (b, j) {
        if (b.name === "target-short") { out["annotations[" + j + "].visible"] = !fits; }
      });
    });
    return out;
  }

  function current(gd, key) {
    var m = /^annotations\[(\d+)\]\.visible$/.exec(key);
    if (m) { return gd.layout.annotations[+m[1]].visible !== false; }
    var value = key.split(".").reduce(function (o, k) { return o && o[k]; }, gd.layout);
    return value === undefined && key === "legend.title.text" ? "" : value;
  }

  function fit(gd) {
    if (!gd._fullLayout || !gd._fullLayout._size || !window.Plotly || !gd.layout.title) { return; }
    var want = wanted(gd), change = {};
    Object.keys(want).forEach(function (k) { if (current(gd, k) !== want[k]) { change[k] = want[k]; } });
    if (Object.keys(change).length) { window.Plotly.relayout(gd, change); }
  }

  var CHARTS = ["trade-chart", "sector-chart"];

  function attach(id) {
    var gd = document.querySelector("#" + id + " .js-plotly-plot");
    if (!gd || gd.atlasFitted || !gd.on) { return; }
    gd.atlasFitted = true;
    gd.atlasChart = id;
    gd.on("plotly_afterplot", function () { fit(gd); });
    fit(gd);
  }

  // The chart's element appears once Dash has loaded it; a slide starting or ending changes the root's class.
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      CHARTS.forEach(function (id) {
        attach(id);
        var gd = document.querySelector("#" + id + " .js-plotly-plot");
        if (gd && gd.atlasFitted) { fit(gd); }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
}());
