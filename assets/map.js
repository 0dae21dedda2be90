/* The map in the browser: its measured size, zoom buttons, and the user's settled view.

   - The map panel's size (CSS px; the graph fills it) goes to the "map-frame" store whenever it changes, so the server fits
     the map's frame to the panel and places labels for the screen they are drawn on.
   - "+", "−" and "Reset view" move the map exactly as the mouse wheel does (a Plotly relayout), so every
     way of zooming takes the same road into the URL.
   - settledView: the clientside callback between the map's relayoutData and the view state. Only a pan
     or zoom (never a resize) passes, and only once the map has rested for a moment, read whole from the
     map itself (a burst of wheel events is one change in the URL, not twenty). */
(function () {
  "use strict";
  var REST_MS = 350;
  var MIN_SCALE = 0.5, MAX_SCALE = 50, STEP = 1.6;
  var VIEW_KEYS = ["geo.center.lon", "geo.center.lat", "geo.projection.scale"];
  var viewSeq = 0;

  function graph() {
    return document.querySelector("#map .js-plotly-plot");
  }

  function currentView(gd) {
    var geo = gd && gd._fullLayout && gd._fullLayout.geo;
    if (!geo) { return null; }
    return {
      "geo.center.lon": geo.center.lon,
      "geo.center.lat": geo.center.lat,
      "geo.projection.scale": geo.projection.scale
    };
  }

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlasMap: {
      settledView: function (relayout) {
        if (!relayout || !VIEW_KEYS.some(function (k) { return k in relayout; })) { return noUpdate(); }
        var seq = ++viewSeq;
        // The view as the user left it, read now: a redraw arriving from the server in the meantime must not
        // replace it with the view it was drawn with.
        var view = currentView(graph());
        return new Promise(function (resolve) {
          setTimeout(function () { resolve(seq === viewSeq && view ? view : noUpdate()); }, REST_MS);
        });
      },
      pickedRow: function (clicks) {
        // The Table view's row whose name button was pressed (a table drawn anew has every n_clicks at 0).
        var ctx = window.dash_clientside.callback_context;
        var id = ctx && ctx.triggered_id;
        var pressed = ctx && ctx.triggered && ctx.triggered.length && ctx.triggered[0].value;
        return pressed && id && typeof id.index === "string" ? [{id: id.index, at: Date.now()}] : noUpdate();
      },
      pickedSlide: function () {
        var id = window.dash_clientside.callback_context.triggered_id;
        var clicked = window.dash_clientside.callback_context.triggered.some(function (t) { return t.value; });
        return id && typeof id.index === "number" && clicked ? {slide: id.index + 1, at: Date.now()} : noUpdate();
      },
      modeClass: function (mode) {
        return "map-body show-" + (mode === "table" ? "table" : "map");
      },
      tabClass: function (tab) {
        return "analysis show-" + (tab === "sector" ? "sector" : "trade");
      },
      menuClass: function (n) {
        var open = n % 2 === 1;
        return [open ? "header-menu open" : "header-menu", open ? "true" : "false"];
      }
    }
  });

  // ---------------------------------------------------------------- zoom buttons
  function zoomBy(factor) {
    var gd = graph();
    var view = currentView(gd);
    if (!view || !window.Plotly) { return; }
    var scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view["geo.projection.scale"] * factor));
    window.Plotly.relayout(gd, {"geo.projection.scale": scale});
  }

  function resetView() {
    var gd = graph();
    var home = gd && gd.layout && gd.layout.meta && gd.layout.meta.home;
    if (!home || !window.Plotly) { return; }
    window.Plotly.relayout(gd, {"geo.center.lon": home[0], "geo.center.lat": home[1], "geo.projection.scale": 1});
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("#map-zoom-in, #map-zoom-out, #map-reset");
    if (!button) { return; }
    if (button.id === "map-zoom-in") { zoomBy(STEP); }
    else if (button.id === "map-zoom-out") { zoomBy(1 / STEP); }
    else { resetView(); }
  });

  // ---------------------------------------------------------------- the panel's size
  var sent = null, timer = null;

  function sendFrame(el) {
    var r = el.getBoundingClientRect();
    var frame = {width: Math.round(r.width), height: Math.round(r.height)};
    if (frame.width < 160 || frame.height < 160) { return; }  // hidden (Table view) or not laid out yet
    if (sent && Math.abs(sent.width - frame.width) < 4 && Math.abs(sent.height - frame.height) < 4) { return; }
    if (!window.dash_clientside || !window.dash_clientside.set_props) { return; }
    sent = frame;
    window.dash_clientside.set_props("map-frame", {data: frame});
  }

  function watch() {
    // The panel around the graph: Dash swaps the graph's own element when its code has loaded, the panel stays.
    var el = document.getElementById("map-body");
    if (!el || !window.ResizeObserver) { return false; }
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () { sendFrame(el); }, sent ? 150 : 0);
    }).observe(el);
    return true;
  }

  var tries = 0;
  (function start() {
    if (!watch() && tries++ < 600) { setTimeout(start, 50); }
  }());

  // ---------------------------------------------------------------- touch: a tap opens the card, not a tooltip
  // On a touch screen plotly keeps the tapped point's hover label up, over the map; the card says it all.
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;
  if (touch) {
    document.addEventListener("touchend", function (ev) {
      var gd = ev.target.closest && ev.target.closest("#map .js-plotly-plot");
      if (gd && window.Plotly) { setTimeout(function () { window.Plotly.Fx.unhover(gd); }, 400); }
    }, {passive: true});
  }
}());
