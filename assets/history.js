/* One history entry per thing a user would go Back to.

   dcc.Location writes every change of the view into the address with history.pushState. Two kinds of change
   are not steps a user took, and Back must not walk through them:
   - Play: each tick changes the year. The first tick of a run adds one entry; the following ones replace it,
     so Back after Play returns to the view before Play.
   - A slide: once a slide is on screen, what follows (the map settling on the slide's view, a resize) keeps
     the same slide number and replaces the slide's entry. Moving to another slide adds one entry.
   Everything else (a filter, a click, a pan or zoom outside a briefing) still adds one entry. */
(function () {
  "use strict";
  var push = window.history.pushState.bind(window.history);
  var replace = window.history.replaceState.bind(window.history);

  function params(href) {
    var out = {};
    new URL(href, window.location.href).searchParams.forEach(function (v, k) { out[k] = v; });
    return out;
  }
  function changedKeys(a, b) {
    var keys = {};
    Object.keys(a).concat(Object.keys(b)).forEach(function (k) { if (a[k] !== b[k]) { keys[k] = true; } });
    return Object.keys(keys);
  }
  function playing() {
    var button = document.getElementById("play-button");
    return !!button && button.getAttribute("aria-pressed") === "true";
  }

  window.history.pushState = function (state, title, url) {
    if (url === undefined || url === null) { return push(state, title, url); }
    var target = new URL(url, window.location.href);
    if (target.pathname !== window.location.pathname) { return push(state, title, url); }
    var before = params(window.location.href), after = params(target.href);
    var changed = changedKeys(before, after);
    var current = window.history.state || {};
    // a tick that lands just after Stop was pressed still belongs to the run (the entry it replaces is Play's)
    if ((playing() || current.atlasPlay) && changed.length === 1 && changed[0] === "year") {
      var marked = Object.assign({}, state, {atlasPlay: true});
      return current.atlasPlay ? replace(marked, title, url) : push(marked, title, url);
    }
    if (before.briefing && before.briefing === after.briefing) { return replace(state, title, url); }
    return push(state, title, url);
  };
}());
