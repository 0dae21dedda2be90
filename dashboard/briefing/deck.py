"""Briefing decks: slides that are saved views with a layout, a caption, callouts, notes and sources.

A deck travels as JSON::

    {"format": "kz-tr-atlas-deck", "version": 3, "lang": "en", "slides": [
        {"title": ..., "caption": ..., "source": ..., "query": "year=2022&reporter=both",
         "layout": "full", "focus": "trade", "rows": ["t2022_kz_total_turnover_39", ...],
         "callouts": [{"row": "t2022_kz_total_turnover_39", "label": "2022, Kazakh statistics"}],
         "notes": "What the presenter says."}]}

It is exported, imported and kept in the browser's local storage. ``layout`` is ``full`` (the focus
fills the screen) or ``split`` (the map beside the focus); ``focus`` is what the slide is about: the
``map``, the ``trade`` chart, the ``sector`` chart, the feature ``card`` or the ``headline`` figures.
``rows`` are the ids of the data rows the slide cites: they go into the speaker notes and the exports,
never on screen. A callout shows the figure of one row (formatted from the data, never typed).
``lang`` is the language the deck is written in (a prepared story exists per language:
``default_deck.json`` in English, ``default_deck.<lang>.json`` for another language when there is one).

A slide's view may compare two years (``"query": "compare=2013..2022&layers=posts"``): the slide then
shows the compared view (rings on the map, both years' figures, both years marked on the trade chart).
That is version 3; a version 2 file reads the same (its views compare nothing). Version 1 files
(``chart`` instead of layout and focus, ``Rows: ...`` at the end of the source line) are migrated on
import. :func:`parse_deck` accepts only a well-formed deck and says precisely what is
wrong with any other file; it never raises.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dashboard import i18n
from dashboard.data.compare import years_label
from dashboard.i18n import _
from dashboard.state import Domain, ViewState, decode, encode

FORMAT = "kz-tr-atlas-deck"
VERSION = 3  # 3: a slide's view may compare two years (compare= in its query)
VERSIONS = (1, 2, 3)  # versions parse_deck reads (1 is migrated)
LAYOUTS = ("full", "split")
FOCI = ("map", "trade", "sector", "card", "headline")
CHARTS = ("map", "trade", "sector")  # version 1's "chart"
MAX_SLIDES = 50
MAX_DECK_BYTES = 512 * 1024  # a deck file: the import widget and the export routes refuse larger ones
MAX_TEXT = {"title": 120, "caption": 600, "source": 400, "query": 400, "notes": 3000}
MAX_LABEL = 80
MAX_ROWS = 60
MAX_CALLOUTS = 3
ROW_ID = re.compile(r"[A-Za-z0-9_.\-]{1,80}")
DEFAULT_DECK_FILE = Path(__file__).with_name("default_deck.json")


@dataclass(frozen=True)
class Callout:
    """A big number on a slide: the figure of data row ``row`` and what it is (``2022, Kazakh statistics``)."""

    row: str
    label: str


@dataclass(frozen=True)
class Slide:
    title: str
    caption: str
    source: str  # the source line shown on the slide: publishers and dates, no row ids
    query: str  # the saved view: an encoded ViewState without the briefing key
    layout: str = "full"  # one of LAYOUTS
    focus: str = "map"  # one of FOCI
    rows: tuple[str, ...] = ()  # ids of every data row the slide cites (notes and exports)
    callouts: tuple[Callout, ...] = ()
    notes: str = ""  # speaker notes

    @property
    def chart(self) -> str:
        """The figure that stands for the focus in a one-picture export (a card sits on its map)."""
        return {"card": "map", "headline": "trade"}.get(self.focus, self.focus)


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]
    lang: str = i18n.DEFAULT

    def to_json(self) -> str:
        return json.dumps(
            {"format": FORMAT, "version": VERSION, "lang": self.lang,
             "slides": [{**asdict(s), "rows": list(s.rows), "callouts": [asdict(c) for c in s.callouts]}
                        for s in self.slides]},
            ensure_ascii=False,
            indent=2,
        )


def _migrate_v1(raw: dict) -> dict:
    """A version-1 slide as version 2: ``chart`` becomes the focus of a full layout, ``Rows:`` the row list."""
    source = raw.get("source", "")
    rows: list[str] = []
    if isinstance(source, str) and "Rows:" in source:
        source, _sep, cited = source.rpartition("Rows:")
        rows = [r.strip() for r in cited.split(",") if r.strip()]
        source = source.strip()
    chart = raw.get("chart", "map")
    return {**{k: v for k, v in raw.items() if k != "chart"}, "source": source, "rows": rows,
            "layout": "full", "focus": chart}


def _text_fields(raw: dict, n: int, problems: list[str]) -> dict[str, str]:
    fields = {}
    for key, limit in MAX_TEXT.items():
        value = raw.get(key, "")
        if not isinstance(value, str):
            problems.append(_("Slide {n}: '{key}' must be text.").format(n=n, key=key))
        elif len(value) > limit:
            problems.append(_("Slide {n}: '{key}' is longer than {limit} characters.").format(
                n=n, key=key, limit=limit))
        fields[key] = value if isinstance(value, str) else ""
    if not fields["title"].strip():
        problems.append(_("Slide {n}: the title is empty.").format(n=n))
    return fields


def _rows(raw: dict, n: int, problems: list[str]) -> tuple[str, ...]:
    rows = raw.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, str) and ROW_ID.fullmatch(r) for r in rows):
        problems.append(_("Slide {n}: 'rows' must be a list of data row ids.").format(n=n))
        return ()
    if len(rows) > MAX_ROWS:
        problems.append(_("Slide {n}: it cites more than {limit} rows.").format(n=n, limit=MAX_ROWS))
    return tuple(dict.fromkeys(rows))


def _callouts(raw: dict, n: int, problems: list[str]) -> tuple[Callout, ...]:
    items = raw.get("callouts", [])
    if not isinstance(items, list) or len(items) > MAX_CALLOUTS:
        problems.append(_("Slide {n}: 'callouts' must be a list of at most {limit}.").format(
            n=n, limit=MAX_CALLOUTS))
        return ()
    out = []
    for item in items:
        row = item.get("row") if isinstance(item, dict) else None
        label = item.get("label", "") if isinstance(item, dict) else None
        if not (isinstance(row, str) and ROW_ID.fullmatch(row) and isinstance(label, str)
                and len(label) <= MAX_LABEL):
            problems.append(_("Slide {n}: each callout needs a data row id and a label of at most {limit} "
                                   "characters.").format(n=n, limit=MAX_LABEL))
            return ()
        out.append(Callout(row, label))
    return tuple(out)


def _layout(raw: dict, n: int, problems: list[str]) -> tuple[str, str]:
    layout, focus = raw.get("layout", "full"), raw.get("focus", "map")
    if layout not in LAYOUTS:
        problems.append(_("Slide {n}: unknown layout {value}; the layouts are {names}.").format(
            n=n, value=json.dumps(str(layout)[:20]), names=", ".join(LAYOUTS)))
        layout = "full"
    if focus not in FOCI:
        problems.append(_("Slide {n}: unknown focus {value}; a slide is about one of {names}.").format(
            n=n, value=json.dumps(str(focus)[:20]), names=", ".join(FOCI)))
        focus = "map"
    if layout == "split" and focus == "map":
        problems.append(_("Slide {n}: a split layout shows the map beside its focus, so the focus cannot be "
                               "the map.").format(n=n))
    return layout, focus


def parse_deck(text: str | bytes, domain: Domain) -> tuple[Deck | None, list[str]]:
    """A deck from JSON text, or None and every reason it was rejected (for the user to read)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        return None, [_("The file is not UTF-8 text; is it a deck exported from the Atlas?")]
    except (json.JSONDecodeError, RecursionError) as exc:
        return None, [_("The file is not valid JSON ({reason}).").format(
            reason=getattr(exc, "msg", "too deeply nested"))]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, [_("This is not an Atlas briefing deck (its 'format' is not 'kz-tr-atlas-deck').")]
    version = data.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        return None, [_("Deck version {value} is not supported (expected {expected}).").format(
            value=repr(str(version)[:10]), expected=" or ".join(map(str, VERSIONS)))]
    lang = data.get("lang", i18n.DEFAULT)
    if not i18n.is_supported(lang):
        return None, [_("The deck's language {value} is not one of {codes}.").format(
            value=json.dumps(str(lang)[:10]), codes=", ".join(i18n.LANGUAGES))]
    slides = data.get("slides")
    if not isinstance(slides, list) or not slides:
        return None, [_("The deck has no slides.")]
    if len(slides) > MAX_SLIDES:
        return None, [_("The deck has {count} slides; at most {limit} are allowed.").format(
            count=len(slides), limit=MAX_SLIDES)]
    problems: list[str] = []
    out = []
    for n, raw in enumerate(slides, start=1):
        if not isinstance(raw, dict):
            problems.append(_("Slide {n} is not an object.").format(n=n))
            continue
        if version == 1:
            raw = _migrate_v1(raw)
        fields = _text_fields(raw, n, problems)
        layout, focus = _layout(raw, n, problems)
        callouts = _callouts(raw, n, problems)
        rows = _rows(raw, n, problems)
        state, notices = decode(fields["query"], domain)
        if notices:
            problems.append(_("Slide {n}: its view is not valid here ({reason})").format(n=n, reason=notices[0]))
        fields["query"] = encode(state, domain)
        rows = tuple(dict.fromkeys([*rows, *(c.row for c in callouts)]))  # a callout's row is cited too
        out.append(Slide(layout=layout, focus=focus, rows=rows, callouts=callouts, **fields))
    if problems:
        return None, problems
    return Deck(tuple(out), lang), []


def default_deck_file(lang: str = i18n.DEFAULT) -> Path:
    """The prepared story in ``lang`` if it exists, else the English one."""
    localized = DEFAULT_DECK_FILE.with_name(f"default_deck.{lang}.json")
    return localized if lang != i18n.DEFAULT and localized.is_file() else DEFAULT_DECK_FILE


@functools.cache
def default_deck(domain: Domain, lang: str = i18n.DEFAULT) -> Deck:
    """The prepared story that ships with the Atlas (validated like any imported deck; read once per language)."""
    deck, problems = parse_deck(default_deck_file(lang).read_text(encoding="utf-8"), domain)
    if deck is None:
        raise ValueError("The shipped default deck is invalid: " + " ".join(problems))
    return deck


# --------------------------------------------------------------------------- presenter edits (pure)
def add_slide(deck: Deck, slide: Slide) -> Deck:
    """Append a slide (the deck is capped at MAX_SLIDES: a full deck is returned unchanged)."""
    return deck if len(deck.slides) >= MAX_SLIDES else replace(deck, slides=(*deck.slides, slide))


def move_slide(deck: Deck, index: int, delta: int) -> Deck:
    """Move slide ``index`` (0-based) by ``delta`` places; out-of-range moves change nothing."""
    target = index + delta
    if not (0 <= index < len(deck.slides) and 0 <= target < len(deck.slides)):
        return deck
    slides = list(deck.slides)
    slides.insert(target, slides.pop(index))
    return replace(deck, slides=tuple(slides))


def delete_slide(deck: Deck, index: int) -> Deck:
    """Remove slide ``index``; the last slide of a deck cannot be deleted (a deck is never empty)."""
    if not (0 <= index < len(deck.slides)) or len(deck.slides) == 1:
        return deck
    return replace(deck, slides=deck.slides[:index] + deck.slides[index + 1 :])


EDITABLE = ("title", "caption", "notes")


def edit_slide(deck: Deck, index: int, **text: str) -> Deck:
    """Change the title, caption and/or notes of slide ``index``, trimmed to the deck's limits."""
    if not (0 <= index < len(deck.slides)):
        return deck
    changes = {k: str(v)[: MAX_TEXT[k]] for k, v in text.items() if k in EDITABLE and isinstance(v, str)}
    if "title" in changes and not changes["title"].strip():
        del changes["title"]  # a slide keeps a title
    slides = list(deck.slides)
    slides[index] = replace(slides[index], **changes)
    return replace(deck, slides=tuple(slides))


def set_layout(deck: Deck, index: int, choice: object) -> Deck:
    """Slide ``index`` laid out as ``choice`` (``"full:trade"``, ``"split:sector"`` ...); anything else is ignored."""
    layout, _sep, focus = str(choice).partition(":")
    if not (0 <= index < len(deck.slides)) or layout not in LAYOUTS or focus not in FOCI or (
            layout == "split" and focus == "map"):
        return deck
    slides = list(deck.slides)
    slides[index] = replace(slides[index], layout=layout, focus=focus)
    return replace(deck, slides=tuple(slides))


def append_deck(deck: Deck, other: Deck) -> tuple[Deck, int]:
    """``deck`` followed by the slides of ``other`` (as many as fit under MAX_SLIDES) and how many were added."""
    room = max(0, MAX_SLIDES - len(deck.slides))
    added = other.slides[:room]
    return replace(deck, slides=(*deck.slides, *added)), len(added)


def load_or_default(stored: object, domain: Domain, lang: str = i18n.DEFAULT) -> Deck:
    """The deck kept in the browser, or the prepared story in ``lang`` when there is none (or it no longer fits).

    A user's own deck is returned as it was typed, whatever the page's language."""
    if isinstance(stored, str):
        deck, _problems = parse_deck(stored, domain)
        if deck is not None:
            return deck
    return default_deck(domain, lang if i18n.is_supported(lang) else i18n.DEFAULT)


def slide_view(deck: Deck, number: int, domain: Domain, lang: str = i18n.DEFAULT) -> ViewState:
    """The saved view of slide ``number`` (1-based, clamped to the deck) with the briefing key set, in the page's
    language ``lang`` (a slide saves a view, not a language: the presenter's language stays)."""
    number = min(max(number, 1), len(deck.slides))
    return replace(decode(deck.slides[number - 1].query, domain)[0], briefing=number, lang=lang)


def navigate(state: ViewState, action: str, deck: Deck, domain: Domain) -> ViewState:
    """``start``, ``next``, ``prev``, ``exit`` or ``goto:<n>``: where a presenter's key or click leads."""
    if action == "exit":
        return replace(state, briefing=0)
    if action.startswith("goto:") and action[5:].isdigit():
        return slide_view(deck, int(action[5:]), domain, state.lang)
    current = state.briefing or 0
    target = {"start": 1, "next": current + 1, "prev": current - 1}.get(action, current or 1)
    return slide_view(deck, target, domain, state.lang)


def current_view_slide(state: ViewState, domain: Domain, number: int) -> Slide:
    """A new slide that saves the current view (a presenter then edits its title and caption)."""
    query = encode(replace(state, briefing=0), domain)
    label = f"{state.year_start}–{state.year}" if state.year_start != state.year else str(state.year)
    if state.compare is not None:
        label = years_label(state.compare)
    return Slide(
        title=_("Slide {number}: view of {years}").format(number=number, years=label),
        caption="",
        source=_("Kazakhstan–Türkiye Partnership Atlas (see Sources & checks for the rows behind each figure)"),
        query=query,
        layout="split" if state.feature else "full",
        focus="card" if state.feature else "map",
    )
