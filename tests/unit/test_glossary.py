"""The glossary is the one source of the fixed terms: labels and catalogs use its terms verbatim."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.format import MONEY_BN, MONEY_M, PERIOD_WORDS, QUALITY_LABEL, UNIT_TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "geodata" / "i18n" / "glossary.csv"
LANGS = ("tr", "kk", "ru")


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def fold(text: str, lang: str) -> str:
    """Lower case as the language does (Turkish: İ → i, I → ı), for case-insensitive matching."""
    if lang == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()


def accepted(entry: dict[str, str], lang: str) -> list[str]:
    forms = [entry[lang], *filter(None, entry[f"{lang}_forms"].split("|"))]
    return [fold(f, lang) for f in forms]


def english_terms(entry: dict[str, str]) -> list[str]:
    return [entry["en"], *filter(None, entry["en_forms"].split("|"))]


def terms_in(english: str, entries: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The glossary terms an English text uses, longest first, each as the list of its senses (the entries whose
    English matches the same words: 'export' is a trade flow or saving a file); a term inside a longer one is not
    counted twice ('oil pipeline' is not also a 'pipeline')."""
    found: list[list[dict[str, str]]] = []
    taken: dict[tuple[int, int], list[dict[str, str]]] = {}
    candidates = sorted(((t, e) for e in entries for t in english_terms(e)), key=lambda te: -len(te[0]))
    for term, entry in candidates:
        for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", english, flags=re.IGNORECASE):
            span = (m.start(), m.end())
            if span in taken:
                if entry not in taken[span]:
                    taken[span].append(entry)  # another sense of the same words
                continue
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken[span] = [entry]
            if not any(entry in senses for senses in found):
                found.append(taken[span])
    return found


def strays(english: str, text: str, lang: str, entries: list[dict[str, str]]) -> list[str]:
    """The glossary terms of ``english`` whose translation ``text`` uses none of the accepted forms (of any sense)."""
    return [senses[0]["en"] for senses in terms_in(english, entries)
            if not any(form in fold(text, lang) for entry in senses for form in accepted(entry, lang))]


def test_every_glossary_term_has_four_languages_and_ids_are_unique():
    rows = glossary()
    assert len(rows) >= 15
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert all(r[lang].strip() for lang in ("en", *LANGS)), r["id"]
    required = {"middle_corridor", "titr", "tanap", "btc", "strategic_partnership", "hlscc", "ots",
                "honorary_consulate", "consulate_general", "turnover", "exports", "imports", "mirror_statistics",
                "partial_year"}
    assert required <= {r["id"] for r in rows}


def test_glossary_page_is_generated_from_the_csv():
    done = subprocess.run([sys.executable, "scripts/glossary.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_official_names_are_the_ones_the_glossary_fixes():
    by_id = {r["id"]: r for r in glossary()}
    assert by_id["ots"]["tr"] == "Türk Devletleri Teşkilatı"
    assert by_id["ots"]["ru"] == "Организация тюркских государств"
    assert by_id["hlscc"]["tr"] == "Yüksek Düzeyli Stratejik İşbirliği Konseyi"
    assert by_id["titr"]["ru"] == "Транскаспийский международный транспортный маршрут"
    assert by_id["titr_abbr"]["ru"] == "ТМТМ"


@pytest.mark.parametrize("lang", LANGS)
def test_data_labels_use_the_glossary_terms_verbatim(atlas, lang):
    entries = glossary()
    wrong = []
    for (kind, key), texts in atlas.labels.table.items():
        wrong += [f"{kind} {key}: {term!r} strays in {texts[lang]!r}" for term in strays(texts["en"], texts[lang],
                                                                                          lang, entries)]
    assert not wrong, "\n".join(wrong)


def catalog_messages(lang: str):
    """(English, translation) of every message and plural form of the interface catalog of ``lang``."""
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with (ROOT / "dashboard" / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for n, text in enumerate(texts):
            yield ids[min(n, len(ids) - 1)], text


@pytest.mark.parametrize("lang", LANGS)
def test_the_interface_catalogs_use_the_glossary_terms_verbatim(lang):
    entries = glossary()
    wrong = [f"{english!r}: {term!r} strays in {text!r}" for english, text in catalog_messages(lang)
             for term in strays(english, text, lang, entries)]
    assert not wrong, "\n".join(wrong)


def test_the_glossary_check_catches_a_label_that_strays():
    entries = glossary()
    used = terms_in("Honorary Consulate of Kazakhstan in Bursa", entries)
    assert [[e["id"] for e in senses] for senses in used] == [["honorary_consulate"], ["kazakhstan"]]
    english = "Honorary Consulate of Kazakhstan in Bursa"
    assert strays(english, "Почетное консульство Казахстана в Бурсе", "ru", entries) == []
    assert strays(english, "Почетный консулат Казахстана в Бурсе", "ru", entries) == ["honorary consulate"]
    assert [[e["id"] for e in s] for s in terms_in("BTC oil pipeline", entries)] == [["oil_pipeline"], ["btc"]]


def test_a_word_with_two_senses_takes_the_form_of_either():
    """'Export' is saving a file (dışa aktar) or the trade flow (ihracat): a translation needs one of the two."""
    entries = glossary()
    assert strays("Export deck (JSON)", "Sunumu dışa aktar (JSON)", "tr", entries) == []
    assert strays("Kazakh export potential", "Kazakistan'ın ihracat potansiyeli", "tr", entries) == []
    assert strays("CSV and ZIP exports still work", "CSV ve ZIP dışa aktarımları çalışıyor", "tr", entries) == []
    assert strays("Kazakh exports to Türkiye", "Kazakistan'ın Türkiye'ye satışları", "tr", entries) == ["exports"]
    assert strays("Export", "Kaydet", "tr", entries) == ["exports"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_formatters_words_are_the_glossarys(lang):
    by_id = {r["id"]: r for r in glossary()}
    assert by_id["us_billion"][lang] in i18n.translate(MONEY_BN, lang)
    assert by_id["us_million"][lang] in i18n.translate(MONEY_M, lang)
    assert by_id["teu"][lang] in i18n.translate(UNIT_TEMPLATES["TEU"], lang)
    assert i18n.translate(PERIOD_WORDS["full"], lang) == by_id["full_year"][lang]
    assert i18n.translate(QUALITY_LABEL["official"], lang) == by_id["official_statistic"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_prepared_briefing_uses_the_glossary_terms_verbatim(lang):
    """Each fixed term in an English slide's title, caption, notes, callout labels or source line appears, in the
    glossary's words, in the same field of the slide in ``lang``."""
    from dashboard import make_domain  # noqa: PLC0415
    from dashboard.briefing.deck import default_deck  # noqa: PLC0415
    from dashboard.data.load import load_atlas  # noqa: PLC0415

    domain = make_domain(load_atlas(ROOT / "geodata"))
    english, translated = default_deck(domain), default_deck(domain, lang)
    assert translated.lang == lang
    entries, wrong = glossary(), []
    for n, (en, other) in enumerate(zip(english.slides, translated.slides, strict=True), start=1):
        fields = [(f, getattr(en, f), getattr(other, f)) for f in ("title", "caption", "notes", "source")]
        fields += [("callout", a.label, b.label) for a, b in zip(en.callouts, other.callouts, strict=True)]
        for field, text_en, text in fields:
            wrong += [f"slide {n} {field}: {term!r} strays in {text!r}" for term in strays(text_en, text, lang,
                                                                                          entries)]
    assert not wrong, "\n".join(wrong)
