/* The deck's own script: keyboard navigation, the notes toggle and drawing each slide's figures.
 *
 * - One <section class="slide"> is shown at a time (class "current"); its number is kept in the address's
 *   #fragment, so a reload (or a link to deck.html#4) opens that slide. Nothing is ever requested.
 * - → / ↓ / PageDown / Space: next slide; ← / ↑ / PageUp: previous; Home / End: first / last;
 *   N: speaker notes on or off; F: full screen. The buttons at the top right do the same (and work with a clicker).
 * - plotly.js (inlined after this script) draws a slide's figures the first time the slide is shown (a hidden
 *   element has no size to draw into); each figure's JSON is in the <script type="application/json"> named by its
 *   element's data-figure. The regional base map is handed to plotly as window.PlotlyGeoAssets before plotly
 *   loads, so plotly never fetches a topojson file.
 */
(function () {
  "use strict";
  var topo = document.getElementById("topojson");
  window.PlotlyGeoAssets = {topojson: {}};
  window.PlotlyGeoAssets.topojson[topo.getAttribute("data-name")] = JSON.parse(topo.textContent);

  var slides = [], current = 0, config = null;

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  function draw(slide) {
    Array.prototype.forEach.call(slide.querySelectorAll("[data-figure]"), function (el) {
      if (el.getAttribute("data-drawn")) { window.Plotly.Plots.resize(el); return; }
      var fig = json(el.getAttribute("data-figure"));
      el.setAttribute("data-drawn", "1");
      window.Plotly.newPlot(el, fig.data, fig.layout, config);
    });
  }

  function show(n) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, i) { s.classList.toggle("current", i === current); });
    document.getElementById("counter").textContent = (current + 1) + " / " + slides.length;
    if (window.location.hash !== "#" + (current + 1)) { history.replaceState(null, "", "#" + (current + 1)); }
    draw(slides[current]);
  }

  function toggleNotes() {
    var on = document.body.classList.toggle("notes-on");
    document.getElementById("notes").setAttribute("aria-pressed", on ? "true" : "false");
    draw(slides[current]);  // the figures give the notes their room
  }

  function key(ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var k = ev.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " " || k === "Spacebar") { show(current + 1); }
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") { show(current - 1); }
    else if (k === "Home") { show(0); }
    else if (k === "End") { show(slides.length - 1); }
    else if (k === "n" || k === "N") { toggleNotes(); }
    else if ((k === "f" || k === "F") && document.documentElement.requestFullscreen) {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    }
    else { return; }
    ev.preventDefault();
  }

  window.atlasDeck = {
    start: function () {
      config = json("plotly-config");
      slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
      document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
      document.getElementById("next").addEventListener("click", function () { show(current + 1); });
      document.getElementById("notes").addEventListener("click", toggleNotes);
      document.addEventListener("keydown", key);
      window.addEventListener("resize", function () { draw(slides[current]); });
      show((parseInt(window.location.hash.slice(1), 10) || 1) - 1);
    }
  };
})();
