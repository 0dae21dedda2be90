/* Accessibility work-arounds and keyboard help that Dash's components do not give (see docs/ACCESSIBILITY.md).

   - The year slider (dcc.Slider, Dash 4) renders a role="slider" handle and a number box without any
     accessible name, and has no property to give one; dcc.Upload's file input neither: the names are copied
     from data-* attributes of their wrappers (written by the server, so they follow the interface language).
   - <html lang> and the page's language: the page is built by the server in the language of the link's
     lang= (passed in the "atlas-lang" cookie as Dash asks for the layout); when the language menu or Back
     changes lang=, the page is loaded again in the new language (its view is in the link, the deck in
     localStorage: nothing is lost).
   - The first visit's language: a link without lang= gets the language chosen before in this browser (the
     language menu remembers an explicit choice, English included, in localStorage), else the one the
     browser prefers (Accept-Language, negotiated by the server into <html data-first-lang>). Done before
     Dash reads the address, so the page starts in that language; a link with lang= is never changed.
   - The dialogs' close (×) buttons: dash-bootstrap-components names them "Close" in English; the name in the
     page's language comes from the page's data-close-label.
   - Focus kept across redraws: when Dash replaces a part of the page that held the keyboard focus (the
     Table view after a sort, a tab panel, the deck's slide list), focus moves to the element with the same id
     in the new part instead of falling back to the top of the page.
   - Tabs (role="tab"): ← → Home End move between the tabs of a tablist and show the tab, as WAI-ARIA's
     tabs pattern asks.
   - The feature card opens where it is seen: on a laptop it sits under the headline figures in the side panel,
     below its fold (a 1366x768 screen showed four rows of it); when a feature is selected, the side panel (only
     it, never the page) scrolls to the card's top. On a phone the card is a sheet over the screen already. */
(function () {
  "use strict";
  var LANGS = ["en", "tr", "kk", "ru"];
  var CHOSEN = "atlas-lang";  // localStorage: the language last chosen in the menu

  function firstVisitLanguage() {
    var params = new URLSearchParams(window.location.search);
    if (params.has("lang")) { return; }
    var chosen = null;
    try { chosen = window.localStorage.getItem(CHOSEN); } catch (e) { chosen = null; }  // storage blocked
    var lang = LANGS.indexOf(chosen) >= 0 ? chosen : document.documentElement.dataset.firstLang;
    if (!lang || lang === "en" || LANGS.indexOf(lang) < 0) { return; }
    params.set("lang", lang);
    window.history.replaceState(window.history.state, "",
      window.location.pathname + "?" + params.toString() + window.location.hash);
  }
  firstVisitLanguage();

  function linkLanguage() {
    var lang = new URLSearchParams(window.location.search).get("lang");
    lang = lang ? lang.toLowerCase().split(/[-_]/)[0] : "en";
    return LANGS.indexOf(lang) < 0 ? "en" : lang;
  }
  // The server builds the page in the language of this cookie, read when Dash asks for the layout (next).
  function askLanguage(lang) {
    document.cookie = "atlas-lang=" + lang + "; path=/; SameSite=Strict";
  }
  var pageLang = linkLanguage();
  askLanguage(pageLang);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "lang-pick" && LANGS.indexOf(ev.target.value) >= 0) {
      try { window.localStorage.setItem(CHOSEN, ev.target.value); } catch (e) { /* storage blocked: not kept */ }
    }
  });

  function nameSlider() {
    var box = document.getElementById("year-slider-box");
    if (!box) { return; }
    var handle = box.querySelector("[role=slider]");
    if (handle && handle.getAttribute("aria-label") !== box.dataset.handleLabel) {
      handle.setAttribute("aria-label", box.dataset.handleLabel);
    }
  }

  function nameInputs() {  // an input drawn by a component that takes no label: named by its wrapper
    document.querySelectorAll("[data-input-label]").forEach(function (box) {
      var input = box.querySelector("input");
      if (input && input.getAttribute("aria-label") !== box.dataset.inputLabel) {
        input.setAttribute("aria-label", box.dataset.inputLabel);
      }
    });
  }

  function nameCloseButtons() {  // the dialogs' × buttons (dash-bootstrap-components writes "Close")
    var root = document.getElementById("atlas-root");
    var label = root && root.dataset.closeLabel;
    if (!label) { return; }
    document.querySelectorAll(".btn-close").forEach(function (button) {
      if (button.getAttribute("aria-label") !== label) { button.setAttribute("aria-label", label); }
    });
  }

  function syncLang() {
    var lang = linkLanguage();
    if (document.documentElement.lang !== lang) { document.documentElement.lang = lang; }
    if (lang !== pageLang) {  // the menu (or Back) changed the link's language: load the page in it
      pageLang = lang;
      askLanguage(lang);
      window.location.reload();
    }
  }

  var focused = null;  // the element that had the focus, and its id
  document.addEventListener("focusin", function (ev) { focused = ev.target; });

  function keepFocus() {
    if (!focused || focused.isConnected || !focused.id) { return; }
    var active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) { return; }
    var again = document.getElementById(focused.id);
    if (again) { again.focus(); }
  }

  var shownCard = "";
  function showCard() {
    var box = document.getElementById("detail-card-box"), side = box && box.closest(".side");
    var heading = box && box.classList.contains("has-feature") && box.querySelector("h2");
    var name = heading ? heading.textContent : "";
    if (name === shownCard) { return; }
    shownCard = name;
    if (!name || getComputedStyle(box).position === "fixed" || side.scrollHeight <= side.clientHeight) { return; }
    side.scrollTop += box.getBoundingClientRect().top - side.getBoundingClientRect().top;
  }

  // React redraws the slider's parts and whole panels: after each change (cheap checks, once a frame).
  var pending = false;
  new MutationObserver(function () {
    keepFocus();
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false; nameSlider(); nameInputs(); nameCloseButtons(); syncLang(); keepFocus(); showCard();
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("popstate", syncLang);
  syncLang();

  // The charts below the map are drawn after the map (callbacks read "analysis-seen"): as soon as they come
  // into the viewport, or once the map has painted and the browser is idle, whichever is first. The first map
  // paint never waits for them, and nobody (a reader who scrolls, a print, a screenshot) finds them empty.
  (function watchAnalysis(tries) {
    var el = document.getElementById("analysis");
    var setProps = window.dash_clientside && window.dash_clientside.set_props;
    if (!el || !setProps) {
      if (tries < 600) { setTimeout(function () { watchAnalysis(tries + 1); }, 50); }
      return;
    }
    var done = false, seen = null;
    function draw() {
      if (done) { return; }
      done = true;
      if (seen) { seen.disconnect(); }
      setProps("analysis-seen", {data: true});
    }
    if (window.IntersectionObserver) {
      seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { draw(); }
      }, {rootMargin: "0px 0px -2px 0px"});  // a touching edge is not "near"
      seen.observe(el);
    }
    (function afterMap(n) {
      if (done) { return; }
      if (!document.querySelector("#map .scattergeo .point") && n < 600) {
        setTimeout(function () { afterMap(n + 1); }, 100);
        return;
      }
      if (window.requestIdleCallback) { window.requestIdleCallback(draw, {timeout: 2000}); }
      else { setTimeout(draw, 500); }
    }(0));
  }(0));

  document.addEventListener("keydown", function (ev) {
    var tab = ev.target.closest && ev.target.closest("[role=tab]");
    if (!tab || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll("[role=tab]"));
    var at = tabs.indexOf(tab), to = null;
    if (ev.key === "ArrowRight") { to = (at + 1) % tabs.length; }
    else if (ev.key === "ArrowLeft") { to = (at - 1 + tabs.length) % tabs.length; }
    else if (ev.key === "Home") { to = 0; }
    else if (ev.key === "End") { to = tabs.length - 1; }
    if (to === null) { return; }
    ev.preventDefault();
    tabs[to].focus();
    tabs[to].click();
  });
}());
