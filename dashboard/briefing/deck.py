"""Briefing decks: slides that are saved views plus a caption and a source line.

A deck travels as JSON (``{"format": "kz-tr-atlas-deck", "version": 1, "slides": [...]}``); it is
exported, imported and kept in the browser's local storage. :func:`parse_deck` accepts only a
well-formed deck and says precisely what is wrong with any other file; it never raises.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dashboard.state import Domain, ViewState, decode, encode

FORMAT = "kz-tr-atlas-deck"
VERSION = 1
CHARTS = ("map", "trade", "sector")
MAX_SLIDES = 50
MAX_TEXT = {"title": 120, "caption": 600, "source": 400, "query": 400}
DEFAULT_DECK_FILE = Path(__file__).with_name("default_deck.json")


@dataclass(frozen=True)
class Slide:
    title: str
    caption: str
    source: str
    query: str  # the saved view: an encoded ViewState without the briefing key
    chart: str = "map"  # which figure a printed or exported slide shows


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]

    def to_json(self) -> str:
        return json.dumps(
            {"format": FORMAT, "version": VERSION, "slides": [asdict(s) for s in self.slides]},
            ensure_ascii=False,
            indent=2,
        )


def parse_deck(text: str | bytes, domain: Domain) -> tuple[Deck | None, list[str]]:
    """A deck from JSON text, or None and every reason it was rejected (for the user to read)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        return None, ["The file is not UTF-8 text; is it a deck exported from the Atlas?"]
    except (json.JSONDecodeError, RecursionError) as exc:
        return None, [f"The file is not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})."]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, ["This is not an Atlas briefing deck (its 'format' is not 'kz-tr-atlas-deck')."]
    if data.get("version") != VERSION:
        return None, [f"Deck version {str(data.get('version'))[:10]!r} is not supported (expected {VERSION})."]
    slides = data.get("slides")
    if not isinstance(slides, list) or not slides:
        return None, ["The deck has no slides."]
    if len(slides) > MAX_SLIDES:
        return None, [f"The deck has {len(slides)} slides; at most {MAX_SLIDES} are allowed."]
    problems: list[str] = []
    out = []
    for n, raw in enumerate(slides, start=1):
        if not isinstance(raw, dict):
            problems.append(f"Slide {n} is not an object.")
            continue
        fields = {}
        for key, limit in MAX_TEXT.items():
            value = raw.get(key, "")
            if not isinstance(value, str):
                problems.append(f"Slide {n}: '{key}' must be text.")
            elif len(value) > limit:
                problems.append(f"Slide {n}: '{key}' is longer than {limit} characters.")
            fields[key] = value if isinstance(value, str) else ""
        if not fields["title"].strip():
            problems.append(f"Slide {n}: the title is empty.")
        chart = raw.get("chart", "map")
        if chart not in CHARTS:
            problems.append(f"Slide {n}: 'chart' must be one of {', '.join(CHARTS)}.")
        state, notices = decode(fields["query"], domain)
        if notices:
            problems.append(f"Slide {n}: its view is not valid here ({notices[0]})")
        fields["query"] = encode(state, domain)
        out.append(Slide(chart=chart if chart in CHARTS else "map", **fields))
    if problems:
        return None, problems
    return Deck(tuple(out)), []


@functools.cache
def default_deck(domain: Domain) -> Deck:
    """The prepared story that ships with the Atlas (validated like any imported deck; read once)."""
    deck, problems = parse_deck(DEFAULT_DECK_FILE.read_text(encoding="utf-8"), domain)
    if deck is None:
        raise ValueError("The shipped default deck is invalid: " + " ".join(problems))
    return deck


# --------------------------------------------------------------------------- presenter edits (pure)
def add_slide(deck: Deck, slide: Slide) -> Deck:
    """Append a slide (the deck is capped at MAX_SLIDES: a full deck is returned unchanged)."""
    return deck if len(deck.slides) >= MAX_SLIDES else Deck((*deck.slides, slide))


def move_slide(deck: Deck, index: int, delta: int) -> Deck:
    """Move slide ``index`` (0-based) by ``delta`` places; out-of-range moves change nothing."""
    target = index + delta
    if not (0 <= index < len(deck.slides) and 0 <= target < len(deck.slides)):
        return deck
    slides = list(deck.slides)
    slides.insert(target, slides.pop(index))
    return Deck(tuple(slides))


def delete_slide(deck: Deck, index: int) -> Deck:
    """Remove slide ``index``; the last slide of a deck cannot be deleted (a deck is never empty)."""
    if not (0 <= index < len(deck.slides)) or len(deck.slides) == 1:
        return deck
    return Deck(deck.slides[:index] + deck.slides[index + 1 :])


def edit_slide(deck: Deck, index: int, **text: str) -> Deck:
    """Change the title and/or caption of slide ``index``, trimmed to the deck's limits."""
    if not (0 <= index < len(deck.slides)):
        return deck
    changes = {k: str(v)[: MAX_TEXT[k]] for k, v in text.items() if k in ("title", "caption")}
    if "title" in changes and not changes["title"].strip():
        del changes["title"]  # a slide keeps a title
    slides = list(deck.slides)
    slides[index] = replace(slides[index], **changes)
    return Deck(tuple(slides))


def load_or_default(stored: object, domain: Domain) -> Deck:
    """The deck kept in the browser, or the prepared story when there is none (or it no longer fits)."""
    if isinstance(stored, str):
        deck, _ = parse_deck(stored, domain)
        if deck is not None:
            return deck
    return default_deck(domain)


def slide_view(deck: Deck, number: int, domain: Domain) -> ViewState:
    """The saved view of slide ``number`` (1-based, clamped to the deck) with the briefing key set."""
    number = min(max(number, 1), len(deck.slides))
    return replace(decode(deck.slides[number - 1].query, domain)[0], briefing=number)


def navigate(state: ViewState, action: str, deck: Deck, domain: Domain) -> ViewState:
    """``start``, ``next``, ``prev``, ``exit`` or ``goto:<n>``: where a presenter's key or click leads."""
    if action == "exit":
        return replace(state, briefing=0)
    if action.startswith("goto:") and action[5:].isdigit():
        return slide_view(deck, int(action[5:]), domain)
    current = state.briefing or 0
    target = {"start": 1, "next": current + 1, "prev": current - 1}.get(action, current or 1)
    return slide_view(deck, target, domain)


def current_view_slide(state: ViewState, domain: Domain, number: int) -> Slide:
    """A new slide that saves the current view (a presenter then edits its title and caption)."""
    query = encode(replace(state, briefing=0), domain)
    label = f"{state.year_start}–{state.year}" if state.year_start != state.year else str(state.year)
    return Slide(
        title=f"Slide {number}: view of {label}",
        caption="",
        source="Kazakhstan–Türkiye Partnership Atlas (see the Sources view for the rows behind each figure)",
        query=query,
        chart="map",
    )
