"""Shared helpers of the browser tests: waiting for Dash, reading what Plotly drew, clicking like a person."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

FADED = 0.5  # an effective opacity below this is "faded"; full opacity is 1.0

# The Dash renderer has no pending or running callback.
SETTLED_JS = """() => {
  const s = window.store && window.store.getState && window.store.getState();
  if (!s || s.appLifecycle !== 'HYDRATED' || s.isLoading) return false;
  const c = s.callbacks || {};
  return ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
    .every(k => !c[k] || c[k].length === 0);
}"""

# Effective opacity (trace opacity x marker opacity), visibility and line dash of every map feature, by id.
MAP_STYLE_JS = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const out = {};
  (gd && gd._fullData || []).forEach(t => {
    (t.customdata || []).forEach((c, i) => {
      const id = Array.isArray(c) ? c[0] : c;
      if (typeof id !== 'string' || id in out) return;
      const mo = t.marker ? t.marker.opacity : 1;
      const m = Array.isArray(mo) ? mo[i] : (mo === undefined ? 1 : mo);
      out[id] = {opacity: (t.opacity === undefined ? 1 : t.opacity) * m, visible: t.visible === true,
                 dash: t.line ? t.line.dash : null, trace: t.index};
    });
  });
  return out;
}"""

# Every drawn point of a graph: its trace, index, customdata and screen centre and size.
POINTS_JS = """(graph) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  const out = [];
  gd.querySelectorAll('.point').forEach(el => {
    const tr = el.closest('.trace');
    const cd = tr && tr.__data__;
    const t = cd && cd[0] && cd[0].trace;
    const d = el.__data__;
    if (!t || !d || d.i === undefined || !t.customdata) return;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return;
    out.push({trace: t.index, type: t.type, i: d.i, customdata: t.customdata[d.i],
              x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height});
  });
  return out;
}"""


# --------------------------------------------------------------------------- helpers
def url(page: Page) -> str:
    """The address the page shows, read from the page itself.

    Playwright's ``page.url`` sometimes misses a ``history.pushState`` made while other requests are in
    flight (the app writes every view change that way), so tests read ``location.href``.
    """
    return page.evaluate("location.href")


def expect_url(page: Page, pattern: re.Pattern, present: bool = True, timeout: float = 5_000) -> None:
    """Wait until the page's address matches ``pattern`` (or, with ``present=False``, no longer does)."""
    try:
        page.wait_for_function(
            "([src, flags, present]) => new RegExp(src, flags).test(location.href) === present",
            arg=[pattern.pattern, "i" if pattern.flags & re.IGNORECASE else "", present],
            timeout=timeout,
        )
    except Exception:  # noqa: BLE001 -- say what the address was instead of a bare timeout
        pytest.fail(f"address {url(page)!r} {'does not match' if present else 'still matches'} {pattern.pattern!r}")


def query(page: Page) -> dict[str, str]:
    """The page's URL query as a flat dict."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url(page)).query).items()}


def settle(page: Page) -> None:
    """Wait until the Dash renderer has no callback pending or running."""
    page.wait_for_function(SETTLED_JS)


def open_atlas(page: Page, path: str | None = "/") -> None:
    """Load the page (``None``: the page is loading itself, e.g. after a language switch) and wait until the map,
    the chart and the first round of callbacks are drawn."""
    if path is not None:
        page.goto(path)
    # attached, not visible: a briefing slide shows only its own focus (the map or a chart); the charts below the
    # map are drawn after it, without scrolling (assets/a11y.js)
    page.wait_for_selector("#map .geo .scattergeo .point", state="attached")
    page.wait_for_selector("#trade-chart .point", state="attached")
    expect(page.locator("#sector-note")).not_to_have_text("")  # rendered from the stored view state
    settle(page)


def map_style(page: Page) -> dict[str, dict]:
    return page.evaluate(MAP_STYLE_JS)


def wait_for_map(page: Page, expected: dict[str, tuple[float, float]]) -> dict[str, dict]:
    """Wait until each feature's effective opacity lies in its (low, high) range; return the map style."""
    predicate = f"""(exp) => {{
      const o = ({MAP_STYLE_JS})();
      return Object.entries(exp).every(([id, [lo, hi]]) => o[id] && o[id].opacity >= lo && o[id].opacity <= hi);
    }}"""
    try:
        page.wait_for_function(predicate, arg={k: list(v) for k, v in expected.items()}, timeout=10_000)
    except Exception:  # noqa: BLE001 -- report what the map shows instead of a bare timeout
        style = map_style(page)
        wrong = {
            k: style.get(k) for k, (lo, hi) in expected.items() if k not in style or not lo <= style[k]["opacity"] <= hi
        }
        pytest.fail(f"map opacities not as expected (wanted {expected}); wrong: {wrong}")
    return map_style(page)


def points(page: Page, graph: str) -> list[dict]:
    return page.evaluate(POINTS_JS, graph)


def click_at(page: Page, x: float, y: float) -> None:
    """A real mouse click: move there first, as a hand does (Plotly picks the clicked point from its hover,
    which it refreshes at most every 50 ms, so the pointer rests a moment before the click)."""
    page.mouse.move(x, y, steps=3)
    page.wait_for_timeout(120)
    page.mouse.click(x, y)


def feature_marker(page: Page, feature_id: str) -> dict:
    """The map marker of a point feature (a port or post), the largest one carrying its id."""
    mine = [p for p in points(page, "map") if p["customdata"] == feature_id]
    assert mine, f"no marker of {feature_id!r} drawn on the map"
    return max(mine, key=lambda p: p["w"])
