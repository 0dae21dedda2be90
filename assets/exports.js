/* "Briefing PDF — my deck", "PowerPoint — my deck" and "HTML deck — my deck": the deck lives in the browser (local storage), so
   it is POSTed to the server, which renders it; the file comes back as a download. Offline: same origin.
   The addresses are the ones the Export menu's "prepared story" items link to, so they follow the app's
   base path (e.g. /atlas/) without naming it here. What it says comes from the page, in the page's language
   (data-busy-* and data-failed-* of the header's actions, written by the server). */
(function () {
  "use strict";
  var KINDS = {
    "deck-pdf": {ext: "pdf", name: "kz-tr-atlas-briefing.pdf"},
    "deck-pptx-menu": {ext: "pptx", name: "kz-tr-atlas-briefing.pptx"},
    "deck-pptx": {ext: "pptx", name: "kz-tr-atlas-briefing.pptx"},
    "deck-html-menu": {ext: "html", name: "kz-tr-atlas-briefing.html"},
    "deck-html": {ext: "html", name: "kz-tr-atlas-briefing.html"}
  };
  function exportUrl(ext) {
    var item = document.querySelector("#export-menu a[href*='briefing." + ext + "']");
    return item ? item.getAttribute("href") : null;
  }
  function storedDeck() {
    try {
      var raw = window.localStorage.getItem("deck-store");  // dcc.Store(storage_type="local") keeps JSON
      var deck = raw ? JSON.parse(raw) : null;
      return typeof deck === "string" ? deck : null;
    } catch (e) {
      return null;
    }
  }
  function words(kind, what) {  // e.g. data-busy-pdf: "Rendering your deck as a PDF…"
    var box = document.querySelector(".actions[data-busy-pdf]");
    return box ? box.getAttribute("data-" + what + "-" + kind.ext) || "" : "";
  }
  function say(id, text) {
    var box = document.getElementById(id === "deck-pptx" || id === "deck-html" ? "deck-message" : "notice");
    if (box) { box.textContent = text; }
  }
  document.addEventListener("click", function (ev) {
    var item = ev.target.closest && ev.target.closest("#deck-pdf, #deck-pptx-menu, #deck-pptx, #deck-html-menu, #deck-html");
    if (!item) { return; }
    ev.preventDefault();
    var kind = KINDS[item.id], deck = storedDeck(), url = exportUrl(kind.ext);
    if (!url) { return; }
    if (!deck) {
      window.location.assign(url);  // no deck of one's own: the prepared story
      return;
    }
    say(item.id, words(kind, "busy"));
    fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: deck})
      .then(function (resp) {
        if (!resp.ok) { return resp.text().then(function (t) { throw new Error(t); }); }
        return resp.blob();
      })
      .then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = kind.name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
        say(item.id, "");
      })
      .catch(function (err) {
        say(item.id, words(kind, "failed").replace("{error}", String(err.message || err).slice(0, 200)));
      });
  });
}());
