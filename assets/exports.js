/* "Briefing PDF — my deck": the deck lives in the browser (local storage), so it is POSTed to the
   server, which renders one slide per page; the PDF comes back as a download. Offline: same origin.
   The address is the one the Export menu's "prepared story" item links to, so it follows the app's
   base path (e.g. /atlas/) without naming it here. */
(function () {
  "use strict";
  function pdfUrl() {
    var item = document.querySelector("#export-menu a[href*='briefing.pdf']");
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
  function say(text) {
    var box = document.getElementById("notice");
    if (box) { box.textContent = text; }
  }
  document.addEventListener("click", function (ev) {
    var item = ev.target.closest && ev.target.closest("#deck-pdf");
    if (!item) { return; }
    ev.preventDefault();
    var deck = storedDeck(), url = pdfUrl();
    if (!url) { return; }
    if (!deck) {
      window.location.assign(url);  // no deck of one's own: the prepared story
      return;
    }
    say("Rendering your deck as PDF…");
    fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: deck})
      .then(function (resp) {
        if (!resp.ok) { return resp.text().then(function (t) { throw new Error(t); }); }
        return resp.blob();
      })
      .then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "kz-tr-atlas-briefing.pdf";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
        say("");
      })
      .catch(function (err) { say("The PDF could not be made: " + String(err.message || err).slice(0, 200)); });
  });
}());
