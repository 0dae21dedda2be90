/* The deck editor's text fields, saved as they are typed (atlasDeck.editText, a clientside callback), and the
   message for a deck file too large to import.

   Title, caption and speaker notes of every slide go straight into the stored deck (local storage), in
   the browser: no server round trip can drop a keystroke or arrive after a newer one, and the slide list
   is not redrawn by a text edit, so the field being typed in keeps its focus. Every call writes all the
   fields at once (each carries its current value), so two fields edited in quick succession can never
   undo each other. An empty title keeps the slide's previous title (a slide always has one). */
(function () {
  "use strict";
  var LIMITS = {title: 120, caption: 600, notes: 3000};

  function parse(text) {
    try {
      var deck = typeof text === "string" ? JSON.parse(text) : null;
      return deck && Array.isArray(deck.slides) ? deck : null;
    } catch (e) {
      return null;
    }
  }

  // The stored deck with the typed texts applied (a JSON string), or null when nothing changed.
  function edit(titles, captions, notes, stored, prepared) {
    var deck = parse(stored);
    if (!deck || deck.slides.length !== titles.length) { deck = parse(prepared); }
    if (!deck || deck.slides.length !== titles.length) { return null; }  // the list is being redrawn
    var before = JSON.stringify(deck);
    deck.slides.forEach(function (slide, i) {
      if (typeof titles[i] === "string" && titles[i].trim()) { slide.title = titles[i].slice(0, LIMITS.title); }
      if (typeof captions[i] === "string") { slide.caption = captions[i].slice(0, LIMITS.caption); }
      if (typeof notes[i] === "string") { slide.notes = notes[i].slice(0, LIMITS.notes); }
    });
    return JSON.stringify(deck) === before && typeof stored === "string" ? null : JSON.stringify(deck, null, 2);
  }

  // What the fields of one kind show now, in slide order (Dash writes a pattern id as JSON in the id).
  function shown(type) {
    var fields = Array.prototype.slice.call(document.querySelectorAll("[id*='\"type\":\"" + type + "\"']"));
    return fields.map(function (el) { return [JSON.parse(el.id).index, el.value]; })
      .sort(function (a, b) { return a[0] - b[0]; })
      .map(function (pair) { return pair[1]; });
  }

  // Keys typed just before the page goes away (reload, closed tab) may not have reached the callback yet:
  // write what the fields show straight into the stored deck (dcc.Store keeps it as JSON under its id).
  window.addEventListener("pagehide", function () {
    var titles = shown("slide-title");
    if (!titles.length) { return; }
    var stored = null, prepared = null;
    try { stored = JSON.parse(window.localStorage.getItem("deck-store")); } catch (e) { stored = null; }
    try { prepared = window.dash_component_api.getLayout("deck-default").props.data; } catch (e) { prepared = null; }
    var out = edit(titles, shown("slide-caption"), shown("slide-notes-field"), stored, prepared);
    if (out !== null) { window.localStorage.setItem("deck-store", JSON.stringify(out)); }
  });

  // dcc.Upload drops a file over its max_size without a word: say why, in the page's language (the words and the
  // limit are on the upload's wrapper, written by the server). Chosen files arrive by "change", dropped ones by "drop".
  function refuseLarge(event) {
    var box = event.target.closest && event.target.closest("[data-too-large]");
    var files = event.type === "drop" ? event.dataTransfer && event.dataTransfer.files : event.target.files;
    if (!box || !files || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var large = Array.prototype.filter.call(files, function (f) { return f.size > Number(box.dataset.maxSize); });
    if (large.length) {
      var message = box.dataset.tooLarge.replace("{name}", large[0].name);
      window.dash_clientside.set_props("deck-message", {children: message});
    }
  }
  document.addEventListener("change", refuseLarge, true);
  document.addEventListener("drop", refuseLarge, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlasDeck: {
      editText: function (titles, captions, notes, stored, prepared) {
        var out = edit(titles, captions, notes, stored, prepared);
        return out === null ? window.dash_clientside.no_update : out;
      }
    }
  });
}());
