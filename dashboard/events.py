"""What a user action does to the view state: pure functions, no Dash.

:func:`resolve` takes one event (what was triggered and its payload), the current state, the
briefing deck and the :class:`Context` (what the data allow) and returns the new state and a
notice. :func:`writes` decides which controls and stores the callback must update. The Dash
callback only translates component ids into event names and the result into outputs.

Payloads come from the browser and may be tampered with; anything that does not fit the domain
is ignored with a notice, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard import i18n
from dashboard.briefing.deck import Deck, navigate
from dashboard.i18n import N_, _
from dashboard.state import Domain, ViewState, decode, default_state, encode, with_changes

BAD_INPUT = N_("Ignored an invalid selection; the view is unchanged.")
VIEW_KEYS = ("geo.center.lon", "geo.center.lat", "geo.projection.scale")
SLIDE_ACTIONS = ("start", "next", "prev", "exit")
EVENTS = ("url", "sector", "layers", "reporter", "year", "tick", "map", "table", "chart", "view", "clear", "slide",
          "lang", "compare")
SAME_YEARS = N_("Choose two different years to compare.")
COMPARE_OFF = "off"  # the compare control's first year when there is no comparison


@dataclass(frozen=True)
class Context:
    """What the loaded data allow: the domain, milestone years and the map's home view."""

    domain: Domain
    milestone_years: Mapping[str, int]
    home: tuple[float, float]  # the default map centre (lon, lat); at scale 1 it is no view at all


def _clicked(payload: Any) -> list | str | None:
    """The customdata of the first clicked point, or None."""
    try:
        return payload["points"][0]["customdata"]
    except (KeyError, IndexError, TypeError):
        return None


def _year(value: Any, domain: Domain) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # noqa: PLR0124 (NaN)
        return None
    year = int(value)
    return year if domain.years[0] <= year <= domain.years[1] else None


def _deep_link(search: Any, deck: Deck, domain: Domain) -> tuple[ViewState, str | None]:
    state, notices = decode(search if isinstance(search, str) else "", domain)
    # ?briefing=N alone (in any language): the slide
    if state.briefing and not encode(with_changes(state, briefing=0, lang=default_state(domain).lang), domain):
        state = navigate(state, f"goto:{state.briefing}", deck, domain)
    return state, " ".join(notices) or None


def _slide(state: ViewState, action: Any, deck: Deck, domain: Domain) -> ViewState | None:
    if action in SLIDE_ACTIONS:
        return navigate(state, action, deck, domain)
    if isinstance(action, int) and not isinstance(action, bool) and 1 <= action <= len(deck.slides):
        return navigate(state, f"goto:{action}", deck, domain)
    return None


def resolve(
    event: str, payload: Any, state: ViewState, deck: Deck, context: Context
) -> tuple[ViewState, str | None]:
    """Apply one event to ``state``; returns the new state and a notice (None if all went well).

    Events and payloads: ``url`` (the query string; a bare ``?briefing=N`` opens slide N of
    ``deck``), ``sector``, ``layers``, ``reporter``, ``year`` (control values), ``tick`` (play),
    ``map`` (clickData), ``table`` (selected rows), ``chart`` (clickData with ``["year", y]`` or
    ``["milestone", id, feature]`` customdata), ``view`` (the map's relayoutData), ``clear``
    (drop the selected feature), ``slide`` (``start``/``next``/``prev``/``exit`` or a slide number),
    ``lang`` (the language menu: a supported language code).
    Selecting a feature never changes the filters the user set.
    """
    domain = context.domain
    if event == "url":
        return _deep_link(payload, deck, domain)
    if event == "sector":
        if payload == "all" or payload in domain.sectors:
            return with_changes(state, sector=payload), None
    elif event == "layers":
        if isinstance(payload, list | tuple) and all(isinstance(v, str) for v in payload):
            return with_changes(state, layers=tuple(v for v in domain.layers if v in payload)), None
    elif event == "reporter":
        if payload in ("KZ", "TR", "both"):
            return with_changes(state, reporter=payload), None
    elif event == "year":
        if (year := _year(payload, domain)) is not None:
            return with_changes(state, year=year, year_start=year, compare=None), None
    elif event == "tick":
        nxt = state.year + 1 if state.year < domain.years[1] else domain.years[0]
        return with_changes(state, year=nxt, year_start=nxt, compare=None), None
    elif event == "map":
        fid = _clicked(payload)  # map points carry their feature id as customdata
        if isinstance(fid, str) and fid in domain.features:
            return with_changes(state, feature=fid), None
        if payload is None:
            return state, None
    elif event == "table":
        fid = _table_row(payload)
        if fid in domain.features:
            return with_changes(state, feature=fid), None
        if not payload:  # a selection cleared in the table
            return state, None
    elif event == "clear":
        return with_changes(state, feature=None), None
    elif event == "view":
        return _view(state, payload, context.home), None
    elif event == "slide":
        new = _slide(state, payload, deck, domain)
        if new is not None:
            return new, None
    elif event == "chart":
        return _chart(state, payload, context)
    elif event == "lang" and i18n.is_supported(payload):
        return with_changes(state, lang=payload), None
    elif event == "compare":
        return _compare(state, payload, domain)
    return state, _(BAD_INPUT)


def compare_pick(payload: Any, domain: Domain) -> tuple[int, int] | None | str:
    """The years of the compare control's ``[first, second]`` values: a pair of years, None (first year
    :data:`COMPARE_OFF`: no comparison), ``"same"`` (one year twice) or ``"bad"`` (anything else)."""
    if not isinstance(payload, list | tuple) or len(payload) != 2:
        return "bad"
    if payload[0] in (None, "", COMPARE_OFF):
        return None
    try:
        years = [_year(int(v), domain) if isinstance(v, int | str) and not isinstance(v, bool) else None
                 for v in payload]
    except ValueError:
        return "bad"
    if None in years:
        return "bad"
    first, second = sorted(years)
    return "same" if first == second else (first, second)


def _compare(state: ViewState, payload: Any, domain: Domain) -> tuple[ViewState, str | None]:
    """Two years picked to compare: the view shows the second and what changed since the first."""
    pick = compare_pick(payload, domain)
    if pick is None:
        return with_changes(state, compare=None), None
    if isinstance(pick, tuple):
        return with_changes(state, compare=pick, year=pick[1], year_start=pick[1]), None
    notice = SAME_YEARS if pick == "same" else BAD_INPUT
    return state, _(notice)


def briefing_entry(event: str, payload: Any, before: ViewState, after: ViewState, saved: str | None,
                   domain: Domain) -> tuple[ViewState, str | None]:
    """The view to return to when the briefing ends, and the state after ``event``.

    Starting a briefing (from the page) saves the view the user had; Exit (Esc) restores it, so
    leaving a briefing goes back to where the user was, not to the last slide's view. Leaving by
    Back or a link keeps that address's view and forgets the saved one.
    """
    if after.briefing and not before.briefing:
        return after, encode(before, domain)
    if before.briefing and not after.briefing:
        if event == "slide" and payload == "exit" and isinstance(saved, str):
            restored, notices = decode(saved, domain)
            if not notices:  # the view the user had, in the language the page speaks now
                return with_changes(restored, briefing=0, lang=before.lang), None
        return after, None
    return after, saved


def with_pending_edits(state: ViewState, controls: Controls, deck: Deck, context: Context) -> ViewState:
    """``state`` with every control edit that has not reached it yet.

    Dash drops the answer to a callback request when a newer request of the same callback starts, so a
    chip clicked just before a zoom (or a Play tick) would be lost and then undone by the newer answer.
    The newer request still carries every control's value: a control that differs from the stored state
    was changed by the user, so it is applied before the newer event. Not for ``url`` events (Back,
    Forward and links set the controls, not the other way round).
    """
    edits = (
        ("sector", controls.sector, state.sector),
        ("layers", controls.layers, state.layers),
        ("reporter", controls.reporter, state.reporter),
        ("year", controls.year, state.year),
        ("lang", controls.lang, state.lang),
        ("compare", controls.compare, state.compare),
    )
    for event, value, now in edits:
        if event == "compare":
            value = None if value is None or compare_pick(value, context.domain) == now else value
        differs = set(value) != set(now) if event == "layers" and isinstance(value, list) else value != now
        if value is not None and differs:
            new, notice = resolve(event, value, state, deck, context)
            state = state if notice else new
    return state


def _table_row(payload: Any) -> str | None:
    try:
        fid = payload[0]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return fid if isinstance(fid, str) else None


def _chart(state: ViewState, payload: Any, context: Context) -> tuple[ViewState, str | None]:
    domain = context.domain
    data = _clicked(payload)
    year = _year(data[1], domain) if isinstance(data, list) and len(data) >= 2 and data[0] == "year" else None
    if year is not None:
        return with_changes(state, year=year, year_start=year, compare=None), None
    years = context.milestone_years
    if isinstance(data, list) and len(data) >= 3 and data[0] == "milestone" and data[1] in years:
        feature = data[2] if isinstance(data[2], str) and data[2] in domain.features else state.feature
        year = _year(years[data[1]], domain) or state.year
        return with_changes(state, feature=feature, year=year, year_start=year, compare=None), None
    if payload is None:
        return state, None
    return state, _(BAD_INPUT)


def _view(state: ViewState, relayout: Any, home: tuple[float, float]) -> ViewState:
    """Pan/zoom of the map (plotly relayoutData) as the state's ``view``; anything else is ignored."""
    if not isinstance(relayout, dict) or not any(k in relayout for k in VIEW_KEYS):
        return state
    lon, lat, scale = state.view or (*home, 1.0)
    try:
        lon = float(relayout.get("geo.center.lon", lon))
        lat = float(relayout.get("geo.center.lat", lat))
        scale = float(relayout.get("geo.projection.scale", scale))
    except (TypeError, ValueError):
        return state
    if not (-180 <= lon <= 180 and -90 <= lat <= 90 and 0.5 <= scale <= 50):
        return state
    view = (round(lon, 2), round(lat, 2), round(scale, 2))
    is_home = view[2] == 1.0 and abs(view[0] - home[0]) < 0.02 and abs(view[1] - home[1]) < 0.02
    return with_changes(state, view=None if is_home else view)


# --------------------------------------------------------------------------- what to write back
@dataclass(frozen=True)
class Controls:
    """The values the page's controls and stores hold now (as the callback received them)."""

    stored: str | None  # the view-state store (the encoded state), None before the first run
    search: str | None  # the URL's query string, with its "?"
    sector: Any = None
    layers: Any = None
    reporter: Any = None
    year: Any = None
    lang: Any = None
    compare: Any = None  # the compare control's [first, second] values


@dataclass(frozen=True)
class Writes:
    """What to write; None means "leave as it is" (``dash.no_update``)."""

    stored: str | None
    search: str | None
    sector: str | None
    layers: list[str] | None
    reporter: str | None
    year: int | None
    notice: str | None
    keep_notice: bool  # True: leave the notice on screen as it is
    lang: str | None = None  # the language menu's value
    compare: list[str] | None = None  # the compare control's [first, second] values


def writes(event: str, state: ViewState, notice: str | None, controls: Controls, domain: Domain) -> Writes:
    """Only what changed: the store, the URL and each control whose value differs from the new state.

    When nothing changed (the map's first relayout, a refused click), nothing is written, so a late
    answer can never undo a newer change; a notice already on screen stays unless there is a new one.
    """
    query = encode(state, domain)
    if controls.stored is not None and query == controls.stored and event != "url":
        return Writes(None, None, None, None, None, None, notice, keep_notice=notice is None)
    search = f"?{query}" if query else ""
    layers = list(state.layers)
    return Writes(
        stored=query,
        search=search if search != (controls.search or "") else None,
        sector=state.sector if state.sector != controls.sector else None,
        layers=layers if layers != (controls.layers or []) else None,
        reporter=state.reporter if state.reporter != controls.reporter else None,
        year=state.year if state.year != controls.year else None,
        notice=notice,
        keep_notice=False,
        lang=state.lang if state.lang != controls.lang else None,
        compare=_compare_values(state, controls.compare),
    )


def _compare_values(state: ViewState, shown: Any) -> list[str] | None:
    """The compare control's values for ``state`` (no first year when there is no comparison), if they differ."""
    first, second = state.compare or (COMPARE_OFF, state.year)
    values = [str(first), str(second)]
    return None if list(shown or []) == values else values
