"""Briefing decks: the prepared story is sourced; decks load, save and edit safely; navigation."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Point

from dashboard import i18n, make_domain
from dashboard.briefing.deck import (
    MAX_SLIDES,
    VERSION,
    Deck,
    add_slide,
    current_view_slide,
    default_deck,
    default_deck_file,
    delete_slide,
    edit_slide,
    load_or_default,
    move_slide,
    navigate,
    parse_deck,
)
from dashboard.briefing.rows import callouts, known_ids, speaker_notes
from dashboard.briefing.rows import row as cited_row
from dashboard.config import ROOT
from dashboard.data.load import load_atlas
from dashboard.state import decode, default_state, with_changes

ATLAS = load_atlas(ROOT / "geodata")
DOMAIN = make_domain(ATLAS)
DECK = default_deck(DOMAIN)
LANGS = ("en", "tr", "kk", "ru")
DECKS = {lang: default_deck(DOMAIN, lang) for lang in LANGS}
SLIDES = [(lang, n) for lang in LANGS for n in range(len(DECKS[lang].slides))]
V1_FILE = Path(__file__).parents[1] / "fixtures" / "deck_v1.json"  # the prepared story as exported before layouts


# --------------------------------------------------------------------------- the prepared story
def test_prepared_story_covers_the_article_in_at_least_six_slides():
    titles = " ".join(s.title for s in DECK.slides).lower()
    assert len(DECK.slides) >= 6
    for topic in ("diplomatic", "trade", "energy", "middle corridor", "agriculture", "sources"):
        assert topic in titles, topic
    trade = next(s for s in DECK.slides if "trade" in s.title.lower())
    assert decode(trade.query, DOMAIN)[0].reporter == "both"  # Kazakh and Turkish figures side by side


def _row_texts(ids: list[str]) -> str:
    tables = [
        ATLAS.trade,
        ATLAS.indicators,
        ATLAS.targets,
        ATLAS.milestones,
        ATLAS.posts.drop(columns="geometry"),
        ATLAS.ports.drop(columns="geometry"),
        ATLAS.routes.drop(columns="geometry"),
    ]
    tables += [ATLAS.facts, ATLAS.factcheck]
    found = {}
    for t in tables:
        for _, row in t[t["id"].isin(ids)].iterrows():
            found[row["id"]] = " ".join(str(v) for v in row.values)
            if "value_usd_m" in row:  # trade values are printed in US$ bn on slides
                found[row["id"]] += f" {row['value_usd_m'] / 1000:g}"
    missing = set(ids) - set(found)
    assert not missing, f"cited rows do not exist: {missing}"
    return " ".join(found.values())


def _slide_texts(slide, lang: str = "en") -> dict[str, str]:
    """Everything a prepared slide says: caption, callouts (label and the figure drawn from the data, written in
    ``lang``), notes."""
    texts = {"caption": slide.caption, "notes": slide.notes}
    with i18n.using(lang):
        for n, figure in enumerate(callouts(ATLAS, slide)):
            texts[f"callout {n + 1}"] = f"{figure.value} {figure.label}"
    return texts


def _numbers(text: str, lang: str) -> list[str]:
    """The numbers a text states, as plain decimals: English '1,851' and '6.3'; Turkish '439.031' and '6,3';
    Russian and Kazakh '439 031' (non-breaking space) and '6,3' (the way ``dashboard.format`` writes them)."""
    if lang == "en":
        text = text.replace(",", "")
    else:
        group = r"\." if lang == "tr" else "[\u00a0\u202f]"
        text = re.sub(rf"(?<=\d){group}(?=\d{{3}}(?!\d))", "", text)  # thousands separators
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # decimal comma
    return re.findall(r"\d+(?:\.\d+)?", text)


def _cited(text: str, number: str) -> bool:
    return bool(re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text))


@pytest.mark.parametrize(("lang", "n"), SLIDES, ids=[f"{lang}-{n + 1}" for lang, n in SLIDES])
def test_every_number_on_a_prepared_slide_is_in_the_rows_it_cites(lang, n):
    """No number without a source, in every language: each figure in a caption, a callout or the speaker notes
    appears in one of the data rows the slide cites."""
    slide = DECKS[lang].slides[n]
    assert slide.rows
    text = _row_texts(list(slide.rows)).replace(",", "")
    for where, said in _slide_texts(slide, lang).items():
        for number in _numbers(said, lang):
            assert _cited(text, number), (number, where, lang, slide.title)


def _without_translations(text: str) -> str:
    """A text without the marked translations of its quotes (a translation repeats the quote's numbers)."""
    return re.sub(r"\((?:çeviri|аудармасы|перевод): [^()]*\)", "", text)


@pytest.mark.parametrize("lang", LANGS[1:])
def test_a_translated_slide_states_the_numbers_of_the_english_one(lang):
    """Never translate a number: title, caption, notes, callout labels and source line of a Kazakh (Turkish,
    Russian) slide state exactly the numbers of the English slide, and its callouts show the same rows' figures."""
    for en, other in zip(DECKS["en"].slides, DECKS[lang].slides, strict=True):
        for field in ("title", "caption", "notes", "source"):
            said = _numbers(_without_translations(getattr(other, field)), lang)
            assert sorted(said) == sorted(_numbers(getattr(en, field), "en")), (lang, en.title, field)
        for c_en, c_other in zip(en.callouts, other.callouts, strict=True):
            assert sorted(_numbers(c_other.label, lang)) == sorted(_numbers(c_en.label, "en")), (lang, c_en.label)
        with i18n.using(lang):
            shown = [(f.row, _numbers(f.value, lang)) for f in callouts(ATLAS, other)]
        assert shown == [(f.row, _numbers(f.value, "en")) for f in callouts(ATLAS, en)]


@pytest.mark.parametrize(("lang", "note", "wrong"), [
    ("en", "Turnover will reach US$7.7 bn.", "7.7"),
    ("tr", "Ticaret hacmi 7,7 milyar ABD dolarına ulaşacak.", "7.7"),
    ("kk", "Тауар айналымы 7,7 млрд АҚШ долларына жетеді.", "7.7"),
    ("ru", "Товарооборот достигнет 1\u00a0851,5 млн долл. США.", "1851.5"),
])
def test_the_number_check_catches_a_figure_no_cited_row_gives(lang, note, wrong):
    """The check above can fail, in every language: a note with a number from nowhere is caught."""
    slide = replace(DECKS[lang].slides[2], notes=note)
    text = _row_texts(list(slide.rows)).replace(",", "")
    assert wrong in _numbers(note, lang)
    assert not _cited(text, wrong)


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.title)
def test_callouts_show_the_figure_of_their_row(slide):
    """A callout is never typed: its figure is the cited row's value written by the one formatter."""
    for figure in callouts(ATLAS, slide):
        assert figure.row in slide.rows
        assert figure.value == cited_row(ATLAS, figure.row).figure and figure.value != "—"
    assert len(callouts(ATLAS, slide)) == len(slide.callouts)  # every callout's row has a figure


def test_prepared_callouts_are_the_figures_a_delegation_asks_for():
    trade = next(s for s in DECK.slides if "US$10 bn" in s.title)
    assert [f.value for f in callouts(ATLAS, trade)] == ["US$6.3 bn", "US$5.4 bn", "US$10 bn"]
    assert "2022" in callouts(ATLAS, trade)[0].label and "Kazakh" in callouts(ATLAS, trade)[0].label


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.title)
def test_no_row_id_appears_on_screen(slide):
    """Row ids go into the speaker notes and the exports, never onto the slide."""
    known = known_ids(ATLAS)
    on_screen = " ".join([slide.title, slide.caption, slide.source, *(c.label for c in slide.callouts)])
    assert "Rows:" not in on_screen
    words = set(re.findall(r"[A-Za-z0-9_.-]+", on_screen))
    assert not words & known, words & known
    notes = speaker_notes(ATLAS, slide)
    assert all(r in notes for r in slide.rows)  # ... and every cited row is in the notes


def test_every_slide_has_speaker_notes_and_a_layout_that_shows_its_subject():
    focus = {s.title: (s.layout, s.focus) for s in DECK.slides}
    assert all(s.notes.strip() for s in DECK.slides)
    assert focus["Trade against the US$10 bn target"] == ("full", "trade")
    assert focus["The diplomatic network"] == ("full", "map")
    assert focus["The Middle Corridor and the port of Kuryk"][0:2] == ("full", "map")
    assert {s.layout for s in DECK.slides} == {"full", "split"}  # both layouts are used


def test_the_notes_of_a_sector_slide_shown_as_cards_say_so():
    """The Agriculture slide shows its thin series as cards, yet its notes said "The chart shows ..."."""
    from dashboard.data.tables import as_cards, sector_points  # noqa: PLC0415

    cards = {"en": "cards", "tr": "kart", "kk": "карточка", "ru": "карточк"}  # the notes say what is shown
    checked = 0
    for lang in LANGS:
        for slide in default_deck(DOMAIN, lang).slides:
            state = decode(slide.query, DOMAIN)[0]
            if slide.focus != "sector" or not as_cards(sector_points(ATLAS, state.sector, None)[1]):
                continue
            checked += 1
            assert cards[lang] in slide.notes.lower(), (lang, slide.title, slide.notes)
    assert checked == len(LANGS)  # the Agriculture slide in each language


def test_the_slide_about_the_article_names_it():
    """The article is named where it is discussed: title, outlet and date (as the research notes identify it; the
    copy carries only its author's affiliation), and the notes say the attribution is the research notes'."""
    article = next(s for s in DECK.slides if "article" in s.title.lower())
    for part in ("Enhancing Bilateral Relations: The Kazakhstan–Türkiye Strategic Partnership", "Eurasia Magazine",
                 "July 2025", "a researcher at the Eurasia Center"):
        assert part in article.caption, part
    assert "eurasiamagazine.com" in article.notes and "attribution" in article.notes
    assert "source article" not in " ".join(s.caption for s in DECK.slides)


def _flat(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("ı", "i"))


_NOT_A_NAME = {"www", "en", "ru", "rus", "old", "lite", "mirror", "com", "org", "net", "gov", "bel", "kz", "tr", "az",
               "ge", "media", "news", "info", "wiki", "the"}


def _publisher_keys(row) -> set[str]:
    """Ways a slide's source line may name the publisher of a row: its web site, its channel, its issuer."""
    keys = set()
    for cell in (row.get("source_url"), row.get("evidence_url")):
        for url in str(cell or "").split(" ; "):
            host = url.split("/")[2] if url.count("/") >= 2 else ""
            keys |= {label for label in host.split(".") if label and label not in _NOT_A_NAME}
    for col in ("channel", "issuer", "source_name"):
        head = re.split(r" via | citing |[,(–;]", str(row.get(col) or ""))[0]
        if head.strip() and head.strip() not in ("nan", "None"):
            keys.add(_flat(head))
    return {k for k in map(_flat, keys) if len(k) >= 3}


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: s.title)
def test_a_slide_source_line_names_the_publisher_of_every_row_it_cites(slide):
    """Slide 2 once cited 'Turkish MFA; Hürriyet; Akorda' while its rows came from Trend and the Astana Times."""
    named = _flat(slide.source)
    ids_ = list(slide.rows)
    tables = [ATLAS.trade, ATLAS.indicators, ATLAS.targets, ATLAS.milestones, ATLAS.facts,
              ATLAS.posts.drop(columns="geometry"), ATLAS.ports.drop(columns="geometry"),
              ATLAS.routes.drop(columns="geometry")]
    for t in tables:
        for _, row in t[t["id"].isin(ids_)].iterrows():
            keys = _publisher_keys(row)
            assert any(k in named for k in keys), (slide.title, row["id"], sorted(keys))


def test_prepared_captions_do_not_overstate_the_sources():
    """The US$10 bn target was first set by a government in 2012 (TİM's chairman proposed it in 2010); the 141 kt
    of lentils are Türkiye's imports, origin not stated; the Trans-Caspian pipeline is Turkmen–Azerbaijani."""
    text = " ".join(f"{s.caption} {s.notes}" for s in DECK.slides)
    assert "first set in May 2012" not in text and "government" in DECK.slides[2].caption
    assert "2010" in DECK.slides[2].caption
    assert "sold 141 kt" not in text and "does not say how much came from Kazakhstan" in text
    assert "would link Kazakhstan" not in text and "Turkmenistan–Azerbaijan" in text


# --------------------------------------------------------------------------- files
def test_deck_round_trips_through_its_json_file():
    again, problems = parse_deck(DECK.to_json(), DOMAIN)
    assert problems == [] and again == DECK


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"\xff\xfe not utf8", "not UTF-8"),
        ("{not json", "not valid JSON"),
        ('{"format": "something-else", "version": 1, "slides": []}', "not an Atlas briefing deck"),
        ('{"format": "kz-tr-atlas-deck", "version": 7, "slides": []}', "version"),
        ('{"format": "kz-tr-atlas-deck", "version": 1, "slides": []}', "no slides"),
        ('{"format": "kz-tr-atlas-deck", "version": 1, "slides": [{"title": ""}]}', "title is empty"),
        (
            '{"format": "kz-tr-atlas-deck", "version": 1, "slides": [{"title": "x", "query": "year=abc"}]}',
            "view is not valid",
        ),
        ('{"format": "kz-tr-atlas-deck", "version": 1, "slides": [{"title": "x", "chart": "pie"}]}', "unknown focus"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "layout": "carousel"}]}',
         'unknown layout "carousel"'),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "layout": "split", "focus": "map"}]}',
         "cannot be the map"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "rows": "m03"}]}', "'rows'"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "rows": ["<b>x</b>"]}]}', "'rows'"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "callouts": [{"row": "m03"}] }]}',
         None),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "callouts": [1, 2, 3, 4]}]}',
         "at most 3"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "slides": [{"title": "x", "notes": 5}]}',
         "'notes' must be text"),
        ('{"format": "kz-tr-atlas-deck", "version": 2, "lang": "xx", "slides": [{"title": "x"}]}', "language"),
        ('{"format": "kz-tr-atlas-deck", "version": 1, "slides": [{"title": 5}]}', "must be text"),
        (
            '{"format": "kz-tr-atlas-deck", "version": 1, "slides": [' + ",".join(['{"title": "x"}'] * 51) + "]}",
            "at most",
        ),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_broken_or_foreign_deck_files_are_rejected_with_a_reason(text, message):
    deck, problems = parse_deck(text, DOMAIN)
    if message is None:  # a well-formed case among the broken ones: accepted
        assert deck is not None and problems == []
        return
    assert deck is None and any(message in p for p in problems), problems


def test_a_deck_exported_before_layouts_existed_still_imports():
    """Version 1 (``chart``; row ids at the end of the source line) migrates: same slides, layouts from the
    chart, rows out of the source line and into the row list."""
    old = json.loads(V1_FILE.read_text(encoding="utf-8"))
    deck, problems = parse_deck(V1_FILE.read_text(encoding="utf-8"), DOMAIN)
    assert problems == [] and len(deck.slides) == len(old["slides"])
    for slide, raw in zip(deck.slides, old["slides"], strict=True):
        assert (slide.title, slide.caption, slide.layout, slide.focus) == (raw["title"], raw["caption"], "full",
                                                                           raw["chart"])
        head, _, cited = raw["source"].rpartition("Rows:")
        assert slide.source == head.strip() and "Rows:" not in slide.source
        assert list(slide.rows) == [r.strip() for r in cited.split(",")]
    again, _ = parse_deck(deck.to_json(), DOMAIN)
    assert again == deck and json.loads(deck.to_json())["version"] == VERSION


def test_a_deck_carries_its_language_and_the_prepared_story_is_found_per_language():
    for lang in LANGS:
        assert json.loads(DECKS[lang].to_json())["lang"] == lang
        assert default_deck_file(lang).name == ("default_deck.json" if lang == "en" else f"default_deck.{lang}.json")
    again, problems = parse_deck(DECKS["kk"].to_json(), DOMAIN)
    assert problems == [] and again == DECKS["kk"]


@pytest.mark.parametrize("lang", LANGS[1:])
def test_the_prepared_story_tells_the_same_slides_in_every_language(lang):
    """Same slides in the same order: layouts, focuses, saved views, cited rows and callout rows are the English
    ones; only the words differ (every title, caption, note, label and source line is translated)."""
    en, other = DECKS["en"], DECKS[lang]
    assert len(other.slides) == len(en.slides)
    for a, b in zip(en.slides, other.slides, strict=True):
        assert (b.layout, b.focus, b.query, b.rows) == (a.layout, a.focus, a.query, a.rows)
        assert [c.row for c in b.callouts] == [c.row for c in a.callouts]
        assert all(getattr(b, f) != getattr(a, f) for f in ("title", "caption", "notes", "source")), a.title
        assert all(cb.label != ca.label for ca, cb in zip(a.callouts, b.callouts, strict=True))


LETTERS = {"tr": "ğşıİçöü", "kk": "әғқңөұүі", "ru": "ыщъ"}


@pytest.mark.parametrize("lang", LANGS[1:])
def test_a_translated_deck_is_written_in_its_own_letters(lang):
    """Kazakh in Cyrillic with its own letters; no word mixes Latin and Cyrillic letters (a Latin 'e' or 'o' in a
    Russian word looks right and breaks search)."""
    text = " ".join(f"{s.title} {s.caption} {s.notes} {s.source} " + " ".join(c.label for c in s.callouts)
                    for s in DECKS[lang].slides)
    assert set(LETTERS[lang]) <= set(text), set(LETTERS[lang]) - set(text)
    mixed = [w for w in re.findall(r"\w+", text) if re.search("[A-Za-z]", w) and re.search("[\u0400-\u04ff]", w)]
    assert mixed == []


@pytest.mark.parametrize(("lang", "marker"), [("tr", "(çeviri: "), ("kk", "(аудармасы: "), ("ru", "(перевод: ")])
def test_quotes_stay_as_written_with_a_marked_translation_beside_them(lang, marker):
    """The article's title, the figure it claims and its author's signature are quotes: they stay in English, and a
    translation marked as such follows each (docs/TRANSLATING.md)."""
    article = DECKS[lang].slides[-1]
    for quote in ("'Enhancing Bilateral Relations: The Kazakhstan–Türkiye Strategic Partnership' " + marker,
                  "'USD 6.3 bn by the end of 2024' " + marker, "Eurasia Magazine"):
        assert quote in article.caption, quote
    assert "'a researcher at the Eurasia Center' " + marker in article.notes
    assert "eurasiamagazine.com" in article.notes and "'USD 1.1 bn'" in article.notes


@pytest.mark.parametrize("lang", LANGS[1:])
def test_the_page_language_chooses_the_prepared_story_but_never_rewrites_a_users_deck(lang):
    assert load_or_default(None, DOMAIN, lang) == DECKS[lang]
    assert load_or_default("{broken", DOMAIN, lang) == DECKS[lang]
    assert load_or_default(None, DOMAIN, "xx") == DECK  # an unknown language: the English story
    mine = edit_slide(DECK, 0, caption="My own words, as typed.")
    assert load_or_default(mine.to_json(), DOMAIN, lang) == mine


@pytest.mark.parametrize("lang", LANGS[1:])
def test_presenting_keeps_the_page_language(lang):
    """A slide saves a view, not a language: a Kazakh presenter going through the slides stays in Kazakh."""
    s0 = with_changes(default_state(DOMAIN), lang=lang)
    for state in (navigate(s0, "start", DECK, DOMAIN), navigate(s0, "goto:3", DECK, DOMAIN)):
        assert state.lang == lang and state.briefing
    after = navigate(navigate(s0, "start", DECK, DOMAIN), "next", DECK, DOMAIN)
    assert after == with_changes(decode(DECK.slides[1].query, DOMAIN)[0], briefing=2, lang=lang)


def test_callout_figures_follow_the_language_of_each_request():
    """The rows are read once, but a figure is written per language: a Kazakh export after an English one shows
    '6,3 млрд АҚШ доллары', not the English 'US$6.3 bn'."""
    trade = DECK.slides[2]
    assert callouts(ATLAS, trade)[0].value == "US$6.3 bn"
    with i18n.using("kk"):
        assert callouts(ATLAS, trade)[0].value == "6,3 млрд АҚШ доллары"
    with i18n.using("ru"):
        assert callouts(ATLAS, trade)[0].value == "6,3 млрд долл. США"
    assert callouts(ATLAS, trade)[0].value == "US$6.3 bn"


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_file_content_gives_a_deck_or_reasons_never_an_exception(blob):
    deck, problems = parse_deck(blob, DOMAIN)
    assert (deck is None) == bool(problems)


def test_a_broken_stored_deck_falls_back_to_the_prepared_story():
    assert load_or_default("{broken", DOMAIN) == DECK
    assert load_or_default(None, DOMAIN) == DECK


# --------------------------------------------------------------------------- presenter edits
def test_add_current_view_saves_the_view_without_the_briefing_key():
    state = with_changes(default_state(DOMAIN), year=2014, year_start=2014, sector="energy", briefing=3)
    slide = current_view_slide(state, DOMAIN, 8)
    deck = add_slide(DECK, slide)
    assert len(deck.slides) == len(DECK.slides) + 1
    assert decode(deck.slides[-1].query, DOMAIN)[0] == with_changes(state, briefing=0)


def test_reorder_delete_and_edit():
    first, second = DECK.slides[0], DECK.slides[1]
    moved = move_slide(DECK, 0, 1)
    assert moved.slides[:2] == (second, first)
    assert move_slide(DECK, 0, -1) == DECK  # nothing before the first slide
    assert delete_slide(DECK, 0).slides[0] == second
    edited = edit_slide(DECK, 1, caption="New caption", title="   ", notes="Say this.")
    assert edited.slides[1].caption == "New caption" and edited.slides[1].title == second.title
    assert edited.slides[1].notes == "Say this."


def test_a_deck_is_never_empty_or_over_full():
    one = Deck(DECK.slides[:1])
    assert delete_slide(one, 0) == one
    full = Deck(DECK.slides[:1] * MAX_SLIDES)
    assert add_slide(full, DECK.slides[1]) == full


# --------------------------------------------------------------------------- navigation
def test_navigation_follows_the_slides_and_loads_their_views():
    s0 = default_state(DOMAIN)
    s1 = navigate(s0, "start", DECK, DOMAIN)
    assert s1.briefing == 1 and s1.sector == decode(DECK.slides[0].query, DOMAIN)[0].sector
    s2 = navigate(s1, "next", DECK, DOMAIN)
    assert s2 == with_changes(decode(DECK.slides[1].query, DOMAIN)[0], briefing=2)
    assert navigate(s1, "prev", DECK, DOMAIN).briefing == 1  # no slide before the first
    last = navigate(s0, f"goto:{len(DECK.slides)}", DECK, DOMAIN)
    assert navigate(last, "next", DECK, DOMAIN).briefing == len(DECK.slides)
    out = navigate(s2, "exit", DECK, DOMAIN)
    assert out.briefing == 0 and out.year == s2.year  # leaving keeps the view


# --------------------------------------------------------------------------- slides carry map views
def test_prepared_slides_open_the_map_on_their_region():
    """The network slide opens on Türkiye, the Kuryk slide on the Caspian (the map flies there)."""
    turkey = ATLAS.countries.loc[ATLAS.countries["iso_a3"] == "TUR"].geometry.union_all()
    views = {s.title: decode(s.query, DOMAIN)[0].view for s in DECK.slides}
    network = views["The diplomatic network"]
    assert network is not None and turkey.contains(Point(network[:2])) and network[2] >= 2.5
    kuryk = next(v for t, v in views.items() if "Kuryk" in t)
    assert kuryk is not None and 46 <= kuryk[0] <= 56 and 37 <= kuryk[1] <= 47 and kuryk[2] >= 3


def test_deck_json_is_readable_by_people():
    data = json.loads(DECK.to_json())
    assert data["format"] == "kz-tr-atlas-deck" and "caption" in data["slides"][0]
