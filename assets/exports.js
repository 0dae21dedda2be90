/* "Briefing PDF — my deck": the deck lives in the browser (local storage), so it is POSTed to the
   server, which renders one slide per page; the PDF comes back as a download. Offline: same origin. */
(function () {
  "use strict";
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
    var deck = storedDeck();
    if (!deck) {
      window.location.assign("/export/briefing.pdf");  // no deck of one's own: the prepared story
      return;
    }
    say("Rendering your deck as PDF…");
    fetch("/export/briefing.pdf", {method: "POST", headers: {"Content-Type": "application/json"}, body: deck})
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
