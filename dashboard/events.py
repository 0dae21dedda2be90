"""What a user action does to the view state: one pure reducer, shared by every input.

Payloads come from the browser and may be tampered with; anything that does not fit the
domain is ignored with a notice, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.state import Domain, ViewState, with_changes

BAD_INPUT = "Ignored an invalid selection; the view is unchanged."
DEFAULT_CENTER = (53.0, 45.25)  # centre of the map's default lon/lat ranges (see figures.map)
VIEW_KEYS = ("geo.center.lon", "geo.center.lat", "geo.projection.scale")


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


def reduce(
    state: ViewState,
    event: str,
    value: Any,
    domain: Domain,
    feature_sectors: Mapping[str, str],
    milestone_years: Mapping[str, int],
) -> tuple[ViewState, str | None]:
    """Apply one event to ``state``; returns the new state and a notice (None if all went well).

    Events: ``sector``, ``layers``, ``reporter``, ``year``, ``tick`` (play), ``map`` (clickData),
    ``chart`` (clickData with ``["year", y]`` or ``["milestone", id, feature]`` customdata).
    """
    if event == "sector":
        if value == "all" or value in domain.sectors:
            return with_changes(state, sector=value), None
    elif event == "layers":
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            chosen = tuple(v for v in domain.layers if v in value)
            return with_changes(state, layers=chosen), None
    elif event == "reporter":
        if value in ("KZ", "TR", "both"):
            return with_changes(state, reporter=value), None
    elif event == "year":
        if (year := _year(value, domain)) is not None:
            return with_changes(state, year=year, year_start=year), None
    elif event == "tick":
        nxt = state.year + 1 if state.year < domain.years[1] else domain.years[0]
        return with_changes(state, year=nxt, year_start=nxt), None
    elif event == "map":
        fid = _clicked(value)  # map points carry their feature id as customdata
        if isinstance(fid, str) and fid in domain.features:
            return with_changes(state, feature=fid, sector=feature_sectors.get(fid, state.sector)), None
        if value is None:
            return state, None
    elif event == "view":
        return _view(state, value), None
    elif event == "chart":
        data = _clicked(value)
        year = _year(data[1], domain) if isinstance(data, list) and len(data) >= 2 and data[0] == "year" else None
        if year is not None:
            return with_changes(state, year=year, year_start=year), None
        if isinstance(data, list) and len(data) >= 3 and data[0] == "milestone" and data[1] in milestone_years:
            feature = data[2] if isinstance(data[2], str) and data[2] in domain.features else state.feature
            year = _year(milestone_years[data[1]], domain) or state.year
            return with_changes(state, feature=feature, year=year, year_start=year), None
        if value is None:
            return state, None
    return state, BAD_INPUT


def _view(state: ViewState, relayout: Any) -> ViewState:
    """Pan/zoom of the map (plotly relayoutData) as the state's ``view``; anything else is ignored."""
    if not isinstance(relayout, dict) or not any(k in relayout for k in VIEW_KEYS):
        return state
    lon, lat, scale = state.view or (*DEFAULT_CENTER, 1.0)
    try:
        lon = float(relayout.get("geo.center.lon", lon))
        lat = float(relayout.get("geo.center.lat", lat))
        scale = float(relayout.get("geo.projection.scale", scale))
    except (TypeError, ValueError):
        return state
    if not (-180 <= lon <= 180 and -90 <= lat <= 90 and 0.5 <= scale <= 50):
        return state
    view = (round(lon, 2), round(lat, 2), round(scale, 2))
    return with_changes(state, view=None if view == (*DEFAULT_CENTER, 1.0) else view)
