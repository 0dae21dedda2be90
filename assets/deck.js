/* The deck editor's text fields, saved as they are typed (atlasDeck.editText, a clientside callback).

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

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlasDeck: {
      editText: function (titles, captions, notes, stored, prepared) {
        var noUpdate = window.dash_clientside.no_update;
        var deck = parse(stored);
        if (!deck || deck.slides.length !== titles.length) { deck = parse(prepared); }
        if (!deck || deck.slides.length !== titles.length) { return noUpdate; }  // the list is being redrawn
        var before = JSON.stringify(deck);
        deck.slides.forEach(function (slide, i) {
          if (typeof titles[i] === "string" && titles[i].trim()) { slide.title = titles[i].slice(0, LIMITS.title); }
          if (typeof captions[i] === "string") { slide.caption = captions[i].slice(0, LIMITS.caption); }
          if (typeof notes[i] === "string") { slide.notes = notes[i].slice(0, LIMITS.notes); }
        });
        var after = JSON.stringify(deck, null, 2);
        return JSON.stringify(deck) === before && typeof stored === "string" ? noUpdate : after;
      }
    }
  });
}());
