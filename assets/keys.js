/* Keyboard for the Atlas.
   Briefing: → / PageDown / Space next, ← / PageUp previous, Esc leaves, N speaker notes, F full screen. A presentation clicker sends
   the same keys. The keys press the slide buttons, so Dash keeps one code path.
   Year box: Enter commits the typed year (Dash's slider box otherwise commits only on blur). */
(function () {
  "use strict";
  var KEYS = {
    ArrowRight: "briefing-next", PageDown: "briefing-next", " ": "briefing-next", Spacebar: "briefing-next",
    ArrowLeft: "briefing-prev", PageUp: "briefing-prev", Escape: "briefing-exit", Esc: "briefing-exit",
    n: "briefing-notes", N: "briefing-notes", f: "briefing-fullscreen", F: "briefing-fullscreen"
  };
  function presenting() {
    var root = document.getElementById("atlas-root");
    return root && root.classList.contains("presenting");
  }
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.closest && ev.target.closest(".year-slider") && ev.target.tagName === "INPUT") {
      ev.target.blur();
      return;
    }
    var target = KEYS[ev.key];
    if (!target || !presenting() || typing(document.activeElement) || ev.altKey || ev.ctrlKey || ev.metaKey) {
      return;
    }
    var button = document.getElementById(target);
    if (button) {
      ev.preventDefault();
      button.click();
    }
  });
  document.addEventListener("click", function (ev) {
    // Speaker notes: a switch of the page, kept while slides change (the slide's own classes are the server's).
    if (ev.target.closest && ev.target.closest("#briefing-notes")) {
      var on = document.documentElement.classList.toggle("notes-on");
      ev.target.closest("#briefing-notes").setAttribute("aria-pressed", on ? "true" : "false");
      return;
    }
    var button = ev.target.closest && ev.target.closest("#briefing-fullscreen");
    if (!button) { return; }
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () { /* refused: stay windowed */ });
    }
  });
}());
