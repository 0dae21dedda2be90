"""URL query string <-> view state for the Partnership Atlas.

Every view of the dashboard is reproducible from its URL query string.
This module is pure (no Dash import): :func:`encode` turns a
:class:`ViewState` into a short, readable query string holding only the
non-default settings, and :func:`decode` turns any string back into a
valid :class:`ViewState` plus plain-text notices about what was ignored.
:func:`decode` never raises.

Examples
--------
>>> domain = Domain(years=(1991, 2026), default_year=2025,
...                 sectors=("energy", "transport"), layers=("posts", "ports"),
...                 features=frozenset({"port-aktau"}), max_slides=12)
>>> state = with_changes(default_state(domain), sector="energy", year_start=2010)
>>> encode(state, domain)
'year=2010..2025&sector=energy'
>>> decode("?year=abc&sector=energy", domain)[0].sector
'energy'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_plus, urlencode

from dashboard import i18n
from dashboard.i18n import _

__all__ = [
    "KEYS",
    "REPORTERS",
    "SECTOR_ALIASES",
    "Domain",
    "ViewState",
    "decode",
    "default_state",
    "encode",
    "with_changes",
]

#: Query keys, in the fixed order :func:`encode` writes them.
KEYS: tuple[str, ...] = (
    "year",
    "compare",
    "sector",
    "layers",
    "feature",
    "reporter",
    "view",
    "briefing",
    "lang",
)
#: Accepted reporter values (canonical spelling; decoding is case-insensitive).
REPORTERS: tuple[str, ...] = ("KZ", "TR", "both")
#: Old sector ids still accepted in links, mapped to their current id.
SECTOR_ALIASES: dict[str, str] = {"transport_logistics": "transport"}

ALL_SECTORS = "all"
NO_LAYERS = "none"
DEFAULT_REPORTER = "KZ"
MAX_QUERY_CHARS = 2000
MAX_VALUE_CHARS = 200
MAX_ECHO_CHARS = 40
LON_RANGE = (-180.0, 180.0)
LAT_RANGE = (-90.0, 90.0)
SCALE_RANGE = (0.5, 50.0)

_INT_RE = re.compile(r"[0-9]{1,6}")
_YEAR_RE = re.compile(r"([0-9]{1,6})(?:\.\.([0-9]{1,6}))?")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


@dataclass(frozen=True)
class ViewState:
    """Everything needed to reproduce one view of the dashboard.

    Attributes
    ----------
    year : int
        End of the selected period.
    year_start : int
        Start of the selected period (equal to ``year`` for a single year).
    sector : str
        ``"all"`` or one of ``Domain.sectors``.
    layers : tuple of str
        Visible map layers, in ``Domain.layers`` order.
    feature : str or None
        Selected map feature id (one of ``Domain.features``).
    reporter : str
        ``"KZ"``, ``"TR"`` or ``"both"``.
    view : tuple of float or None
        Map centre longitude, latitude and zoom scale; ``None`` is the
        default regional view.
    briefing : int
        0 when the briefing is off, otherwise the slide number (from 1).
    lang : str
        Language of the interface (``dashboard.i18n.LANGUAGES``); English by default. It
        travels in the URL, so every callback request carries it in its body.
    compare : tuple of int or None
        Two distinct years ``(first, second)``, ``first < second``, compared with each other
        (``compare=2013..2022``); ``None`` when no comparison is on. While one is on, the view
        shows the second year (``year == year_start == second``).
    """

    year: int
    year_start: int
    sector: str
    layers: tuple[str, ...]
    feature: str | None
    reporter: str
    view: tuple[float, float, float] | None
    briefing: int
    lang: str = i18n.DEFAULT
    compare: tuple[int, int] | None = None


@dataclass(frozen=True)
class Domain:
    """The values a :class:`ViewState` may take, as loaded from the data.

    Attributes
    ----------
    years : tuple of int
        ``(min, max)`` years covered by the data, inclusive.
    default_year : int
        Year shown when the URL does not say.
    sectors : tuple of str
        Sector ids (``"all"`` is implicit and must not be listed).
    layers : tuple of str
        Map layer ids, in canonical order.
    features : frozenset of str
        Selectable map feature ids.
    max_slides : int
        Number of briefing slides.

    Raises
    ------
    ValueError
        If the domain is inconsistent (would make links ambiguous).
    """

    years: tuple[int, int]
    default_year: int
    sectors: tuple[str, ...]
    layers: tuple[str, ...]
    features: frozenset[str]
    max_slides: int

    def __post_init__(self) -> None:
        low, high = self.years
        if not low <= self.default_year <= high:
            raise ValueError(
                f"default_year {self.default_year} not within {self.years}"
            )
        if self.max_slides < 0:
            raise ValueError("max_slides must be >= 0")
        if ALL_SECTORS in self.sectors:
            raise ValueError(f"{ALL_SECTORS!r} is reserved and cannot be a sector id")
        if any(
            not layer or "," in layer or layer == NO_LAYERS for layer in self.layers
        ):
            raise ValueError(
                f"layer ids must be non-empty, comma-free and not {NO_LAYERS!r}"
            )


def default_state(domain: Domain) -> ViewState:
    """Return the view shown for an empty query string."""
    return ViewState(
        year=domain.default_year,
        year_start=domain.default_year,
        sector=ALL_SECTORS,
        layers=tuple(domain.layers),
        feature=None,
        reporter=DEFAULT_REPORTER,
        view=None,
        briefing=0,
    )


def with_changes(state: ViewState, **changes: Any) -> ViewState:
    """Return a copy of ``state`` with the given fields replaced."""
    return replace(state, **changes)


# --------------------------------------------------------------------------- encode


def _format_number(value: float) -> str:
    """Format with at most 2 decimals and no trailing zeros (``52.50`` -> ``52.5``)."""
    text = f"{round(value, 2) + 0.0:.2f}"  # + 0.0 turns -0.0 into 0.0
    return text.rstrip("0").rstrip(".") if "." in text else text


def encode(state: ViewState, domain: Domain) -> str:
    """Encode ``state`` as a query string (no leading ``?``).

    Only settings that differ from :func:`default_state` are written, in
    the order of :data:`KEYS`, e.g. ``year=2010..2020&layers=posts,ports``.
    The default state encodes to ``""``.
    """
    default = default_state(domain)
    pairs: list[tuple[str, str]] = []
    start, end = sorted((state.year_start, state.year))
    if state.compare is not None:  # the comparison sets the year: its second year
        pairs.append(("compare", "{}..{}".format(*sorted(state.compare))))
    elif (start, end) != (default.year_start, default.year):
        pairs.append(("year", str(end) if start == end else f"{start}..{end}"))
    if state.sector != default.sector:
        pairs.append(("sector", state.sector))
    layers = tuple(layer for layer in domain.layers if layer in state.layers)
    if layers != default.layers:
        pairs.append(("layers", ",".join(layers) or NO_LAYERS))
    if state.feature is not None:
        pairs.append(("feature", state.feature))
    if state.reporter != default.reporter:
        pairs.append(("reporter", state.reporter))
    if state.view is not None:
        pairs.append(("view", ",".join(_format_number(v) for v in state.view)))
    if state.briefing != default.briefing:
        pairs.append(("briefing", str(state.briefing)))
    if state.lang != default.lang:
        pairs.append(("lang", state.lang))
    return urlencode(pairs, safe=",.")


# --------------------------------------------------------------------------- decode

# A parser takes the decoded value and returns (value, notice or None).
_Parsed = tuple[Any, str | None]


def echo(raw: str) -> str:
    """Make raw input safe to show inside a notice.

    Drops ``<``, ``>`` and control/format/unassigned characters, collapses
    whitespace and keeps at most :data:`MAX_ECHO_CHARS` characters.
    """
    kept = "".join(
        ch
        for ch in raw[: MAX_ECHO_CHARS * 4]
        if ch not in "<>" and not unicodedata.category(ch).startswith("C")
    )
    text = " ".join(kept.split())
    if len(text) > MAX_ECHO_CHARS:
        text = text[: MAX_ECHO_CHARS - 1] + "…"
    return f'"{text}"'


def _parse_year(value: str, domain: Domain) -> _Parsed:
    low, high = domain.years
    match = _YEAR_RE.fullmatch(value)
    if match is None:
        return None, _("Ignored year {value}: expected e.g. 2020 or 2010..2020.").format(value=echo(value))
    start = int(match[1])
    end = int(match[2]) if match[2] else start
    start, end = sorted((start, end))
    if start < low or end > high:
        return None, _("Ignored year {value}: the data covers {first}-{last}.").format(
            value=echo(value), first=low, last=high)
    return (start, end), None


def _parse_compare(value: str, domain: Domain) -> _Parsed:
    low, high = domain.years
    match = _YEAR_RE.fullmatch(value)
    if match is None or not match[2] or int(match[1]) == int(match[2]):
        return None, _("Ignored comparison {value}: expected two different years, e.g. 2013..2022.").format(
            value=echo(value))
    first, second = sorted((int(match[1]), int(match[2])))
    if first < low or second > high:
        return None, _("Ignored comparison {value}: the data covers {first}-{last}.").format(
            value=echo(value), first=low, last=high)
    return (first, second), None


def _parse_sector(value: str, domain: Domain) -> _Parsed:
    sector = SECTOR_ALIASES.get(value, value)
    if sector == ALL_SECTORS or sector in domain.sectors:
        return sector, None
    return ALL_SECTORS, _("Ignored unknown sector {value}; showing all sectors.").format(value=echo(value))


def _parse_layers(value: str, domain: Domain) -> _Parsed:
    if value == NO_LAYERS:
        return (), None
    names = [name for name in value.split(",") if name]
    wanted = {name for name in names if name in domain.layers}
    unknown = list(dict.fromkeys(name for name in names if name not in domain.layers))
    layers = tuple(layer for layer in domain.layers if layer in wanted)
    if not layers:
        shown = echo(", ".join(unknown) if unknown else value)
        return tuple(domain.layers), _("Ignored map layers {value}; showing all layers.").format(value=shown)
    if unknown:
        return layers, _("Ignored unknown map layers {value}.").format(value=echo(", ".join(unknown)))
    return layers, None


def _parse_feature(value: str, domain: Domain) -> _Parsed:
    if value in domain.features:
        return value, None
    return None, _("Ignored unknown map feature {value}.").format(value=echo(value))


def _parse_reporter(value: str, domain: Domain) -> _Parsed:
    for reporter in REPORTERS:
        if value.lower() == reporter.lower():
            return reporter, None
    return (
        DEFAULT_REPORTER,
        _("Ignored reporter {value}: expected KZ, TR or both.").format(value=echo(value)),
    )


def _parse_view(value: str, domain: Domain) -> _Parsed:
    parts = value.split(",")
    if len(parts) == 3 and all(_NUMBER_RE.fullmatch(part) for part in parts):
        lon, lat, scale = (round(float(part), 2) + 0.0 for part in parts)
        if (
            all(math.isfinite(v) for v in (lon, lat, scale))
            and LON_RANGE[0] <= lon <= LON_RANGE[1]
            and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
            and SCALE_RANGE[0] <= scale <= SCALE_RANGE[1]
        ):
            return (lon, lat, scale), None
    return None, _("Ignored map view {value}: expected lon,lat,zoom in range.").format(value=echo(value))


def _parse_briefing(value: str, domain: Domain) -> _Parsed:
    if _INT_RE.fullmatch(value) and int(value) <= domain.max_slides:
        return int(value), None
    return (
        0,
        _("Ignored briefing slide {value}: expected 1 to {last}.").format(value=echo(value), last=domain.max_slides),
    )


def _parse_lang(value: str, domain: Domain) -> _Parsed:
    code = value.strip().lower().replace("_", "-").split("-")[0]  # "tr-TR", "KK" are read as tr, kk
    if i18n.is_supported(code):
        return code, None
    return i18n.DEFAULT, _("Ignored language {value}; showing English (languages: {codes}).").format(
        value=echo(value), codes=", ".join(i18n.LANGUAGES))


_PARSERS: dict[str, Callable[[str, Domain], _Parsed]] = {
    "year": _parse_year,
    "compare": _parse_compare,
    "sector": _parse_sector,
    "layers": _parse_layers,
    "feature": _parse_feature,
    "reporter": _parse_reporter,
    "view": _parse_view,
    "briefing": _parse_briefing,
    "lang": _parse_lang,
}


def _link_lang(text: str, domain: Domain) -> str:
    """The language a link asks for (its first ``lang=``; English if none is usable): the language of its notices."""
    for part in text.split("&"):
        raw_key, _sep, raw_value = part.partition("=")
        if unquote_plus(raw_key, errors="replace") == "lang":
            if len(raw_value) > MAX_VALUE_CHARS:
                return i18n.DEFAULT
            return _parse_lang(unquote_plus(raw_value, errors="replace"), domain)[0]
    return i18n.DEFAULT


def _decode(query: str, domain: Domain) -> tuple[ViewState, tuple[str, ...]]:
    default = default_state(domain)
    text = (query if isinstance(query, str) else "").removeprefix("?")
    if len(text) > MAX_QUERY_CHARS:
        notice = _("Ignored the link's settings: too long ({count} characters); showing the default view.").format(
            count=len(text))
        return default, (notice,)
    with i18n.using(_link_lang(text, domain)):
        return _decode_settings(text, domain, default)


def _decode_settings(text: str, domain: Domain, default: ViewState) -> tuple[ViewState, tuple[str, ...]]:

    values: dict[str, str | None] = {}  # first value per key; None = unusable
    notices: dict[str, list[str]] = {key: [] for key in KEYS}
    unknown: list[str] = []
    repeated: set[str] = set()
    for part in text.split("&"):
        if not part:
            continue
        raw_key, _sep, raw_value = part.partition("=")
        key = unquote_plus(raw_key, errors="replace")
        if key not in _PARSERS:
            if key not in unknown:
                unknown.append(key)
        elif key in values:
            if key not in repeated:  # one "repeated" notice per key
                repeated.add(key)
                notices[key].append(_('Used the first of several "{key}" settings.').format(key=key))
        elif len(raw_value) > MAX_VALUE_CHARS:
            values[key] = None
            notices[key].append(
                _('Ignored the "{key}" setting: too long ({count} characters).').format(key=key, count=len(raw_value))
            )
        else:
            value = unquote_plus(raw_value, errors="replace")
            values[key] = value if value else None
            if not value:
                notices[key].append(_('Ignored the empty "{key}" setting.').format(key=key))

    fields: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        parsed, notice = _PARSERS[key](value, domain)
        if notice is not None:
            notices[key].insert(0, notice)
        if parsed is not None:
            fields[key] = parsed
    if "year" in fields:
        fields["year_start"], fields["year"] = fields["year"]
    if "compare" in fields:  # a comparison shows its second year, whatever ``year`` says
        fields["year_start"] = fields["year"] = fields["compare"][1]

    ordered = [notice for key in KEYS for notice in notices[key]]
    if unknown:
        ordered.append(_("Ignored unknown settings {value}.").format(value=echo(", ".join(unknown))))
    return replace(default, **fields), tuple(ordered)


def decode(query: str, domain: Domain) -> tuple[ViewState, tuple[str, ...]]:
    """Decode a URL query string into a valid view state.

    Parameters
    ----------
    query : str
        The query string, with or without the leading ``?``. Any string is
        accepted; nothing raises.
    domain : Domain
        The values each setting may take.

    Returns
    -------
    state : ViewState
        A state whose every field is valid for ``domain``. Each setting that
        is missing, malformed or unknown falls back to its default.
    notices : tuple of str
        Plain-text messages (one per problem, safe to show as text: at most
        40 characters of the input are echoed, never ``<`` or ``>``).
        Empty when the link was read as-is.
    """
    try:
        return _decode(query, domain)
    except Exception:  # noqa: BLE001 -- by contract a bad link never breaks the page
        notice = _("Could not read the link's settings; showing the default view.")
        return default_state(domain), (notice,)
