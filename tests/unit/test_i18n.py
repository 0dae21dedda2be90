"""The interface's translations: complete catalogs, intact placeholders, nothing left unextracted,
one language per request thread, and the language carried by the link."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.format import money
from dashboard.state import Domain, decode, default_state, encode, with_changes

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
DOMAIN = Domain(years=(1991, 2026), default_year=2025, sectors=("energy", "trade"),
                layers=("posts", "ports"), features=frozenset({"port_kuryk"}), max_slides=7)


# --------------------------------------------------------------------------- catalogs
@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_a_translation_with_the_same_placeholders(lang):
    """No silent English fallback: each msgid of each catalog is translated, not fuzzy, placeholders intact."""
    problems = i18n.check_catalog(lang, i18n.read_catalog(lang))
    assert problems == [], "\n".join(problems)


def _po(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "messages.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body, encoding="utf-8")
    return path


def test_the_catalog_check_names_each_broken_message(tmp_path):
    path = _po(tmp_path, (
        'msgid "Ignored year {value}."\nmsgstr "{valeur} yılı yok sayıldı."\n\n'  # renamed placeholder
        'msgid "Ignored map view {value}."\nmsgstr "Harita görünümü yok sayıldı."\n\n'  # dropped placeholder
        'msgid "full year"\nmsgstr ""\n\n'  # untranslated
        '#, fuzzy\nmsgid "forecast"\nmsgstr "tahmin"\n\n'  # fuzzy: not reviewed
        'msgid "capacity"\nmsgstr "kapasite"\n'  # fine
    ))
    with path.open("rb") as f:
        catalog = read_po(f, locale="tr")
    problems = i18n.check_catalog("tr", catalog)
    assert len(problems) == 4, problems
    text = "\n".join(problems)
    assert "'Ignored year {value}.': placeholders differ from the English (missing ['value']; unexpected ['valeur'])" \
        in text
    assert "'Ignored map view {value}.': placeholders differ from the English (missing ['value'])" in text
    assert "'full year' has no translation" in text and "'forecast' is marked fuzzy" in text
    assert "capacity" not in text


def test_a_broken_catalog_stops_start_up_with_the_list_of_problems(tmp_path, monkeypatch):
    locale_dir = tmp_path / "dashboard" / "locale"
    for lang in TRANSLATED:
        target = locale_dir / lang / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        text = i18n.po_path(lang).read_text(encoding="utf-8")
        target.write_text(text.replace('msgstr "tam yıl"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale_dir)
    with pytest.raises(i18n.CatalogError) as err:
        i18n.load_catalogs()
    assert str(err.value).count("\n  - ") == 1
    assert "dashboard/locale/tr/LC_MESSAGES/messages.po, line " in str(err.value)
    assert "'full year' has no translation" in str(err.value)


def test_extracting_the_code_finds_no_message_missing_from_the_catalogs(tmp_path):
    """``pybabel extract`` (as docs/TRANSLATING.md runs it) on the code: every message is in every catalog,
    and no catalog keeps a message the code no longer has."""
    pot = tmp_path / "messages.pot"
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-o", str(pot)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    with pot.open("rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert len(extracted) > 30  # the extraction ran over the code (state notices, units, qualities ...)
    pending = awaiting_translation()
    assert not pending - extracted, f"{PENDING.name} lists messages no longer in the code: {pending - extracted}"
    for lang in TRANSLATED:
        in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in i18n.read_catalog(lang) if m.id}
        missing, stale = sorted(extracted - in_catalog - pending), sorted(in_catalog - extracted)
        assert not missing, f"{lang}: run pybabel extract and update (docs/TRANSLATING.md); missing: {missing}"
        assert not stale, f"{lang}: messages no longer in the code: {stale}"
        assert not pending & in_catalog, f"{lang}: translated now, remove from {PENDING.name}: {pending & in_catalog}"


PENDING = ROOT / "dashboard" / "locale" / "awaiting-translation.txt"


def awaiting_translation() -> set[str]:
    """Messages of the code that no catalog has yet (docs/TRANSLATING.md): the English shows until translated."""
    lines = PENDING.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_plural_forms_follow_each_languages_rules():
    catalog = i18n.read_catalog("ru")
    assert catalog.num_plurals == 3  # Russian: 1 слайд, 2 слайда, 5 слайдов
    assert i18n.read_catalog("tr").num_plurals == 2 and i18n.read_catalog("kk").num_plurals == 2


# --------------------------------------------------------------------------- the active language
def test_english_is_the_default_and_using_restores_the_previous_language():
    assert i18n.get_lang() == "en"
    with i18n.using("kk"):
        assert i18n.get_lang() == "kk" and i18n._("full year") == "толық жыл"
        with i18n.using("tr"):
            assert i18n._("full year") == "tam yıl"
        assert i18n.get_lang() == "kk"
    assert i18n.get_lang() == "en" and i18n._("full year") == "full year"


def test_the_language_is_restored_after_an_exception():
    with pytest.raises(RuntimeError), i18n.using("ru"):
        raise RuntimeError("callback failed")
    assert i18n.get_lang() == "en"


def test_an_unsupported_language_is_refused_not_silently_english():
    with pytest.raises(ValueError, match="unsupported language 'de'"), i18n.using("de"):
        pass


def test_a_language_never_leaks_to_the_next_request_on_the_same_pool_thread():
    """Pool threads run many requests in turn: one request's language must not reach the next."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        def request(lang):
            with i18n.using(lang):
                return money(6300)

        def bare_request():
            return i18n.get_lang(), money(6300)

        assert pool.submit(request, "ru").result() == "6,3 млрд долл. США"
        assert pool.submit(bare_request).result() == ("en", "US$6.3 bn")


def test_concurrent_requests_each_format_in_their_own_language():
    expected = {"en": "US$6.3 bn", "tr": "6,3 milyar ABD doları", "kk": "6,3 млрд АҚШ доллары",
                "ru": "6,3 млрд долл. США"}
    barrier = threading.Barrier(len(expected) * 2)
    seen: dict[str, set[str]] = {lang: set() for lang in expected}

    def request(lang):
        with i18n.using(lang):
            barrier.wait(timeout=10)  # every thread has set its language before any formats
            for _ in range(50):
                seen[lang].add(money(6300))

    threads = [threading.Thread(target=request, args=(lang,)) for lang in [*expected, *expected]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert {lang: values for lang, values in seen.items()} == {lang: {text} for lang, text in expected.items()}


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("kk-KZ,kk;q=0.9,ru;q=0.8,en;q=0.5", "kk"),
        ("ru-KZ,ru;q=0.9", "ru"),
        ("tr-TR,tr;q=0.9,en-US;q=0.8", "tr"),
        ("de-DE,fr;q=0.5", "en"),
        ("en-GB,ru;q=0.3", "en"),
        ("ru;q=0.2,tr;q=0.9", "tr"),
        ("", "en"),
        (None, "en"),
        ("<script>;q=x", "en"),
    ],
)
def test_first_visit_language_follows_the_browsers_accept_language(header, lang):
    assert i18n.negotiate(header) == lang


# --------------------------------------------------------------------------- the language in the link
@pytest.mark.parametrize("lang", ["tr", "kk", "ru"])
def test_lang_travels_in_the_link_and_round_trips(lang):
    state = with_changes(default_state(DOMAIN), lang=lang, sector="energy")
    assert encode(state, DOMAIN) == f"sector=energy&lang={lang}"
    assert decode(encode(state, DOMAIN), DOMAIN) == (state, ())


def test_english_is_not_written_in_the_link():
    assert encode(default_state(DOMAIN), DOMAIN) == ""
    assert decode("lang=en", DOMAIN) == (default_state(DOMAIN), ())


@pytest.mark.parametrize("value", ["TR", "tr-TR", "kk_KZ", "Ru"])
def test_language_codes_are_read_case_and_region_insensitively(value):
    state, notices = decode(f"lang={value}", DOMAIN)
    assert state.lang == value[:2].lower() and notices == ()


@pytest.mark.parametrize("value", ["xx", "<b>de</b>", "english", "1"])
def test_a_garbage_language_falls_back_to_english_with_a_notice(value):
    state, notices = decode(f"lang={value}&sector=energy", DOMAIN)
    assert state.lang == "en" and state.sector == "energy"
    assert len(notices) == 1 and notices[0].startswith("Ignored language") and "en, tr, kk, ru" in notices[0]
    assert "<" not in notices[0]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("tr", "yılı yok sayıldı"),
        ("kk", "ескерілмеді"),
        ("ru", "не учтён"),
    ],
)
def test_notices_about_a_link_are_written_in_the_links_language(lang, words):
    state, notices = decode(f"year=abc&lang={lang}", DOMAIN)
    assert state.lang == lang and len(notices) == 1
    assert words in notices[0] and '"abc"' in notices[0]
    assert i18n.get_lang() == "en"  # decoding did not change the caller's language
