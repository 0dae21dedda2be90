"""The languages of the Atlas and the active one: gettext catalogs managed with Babel.

English is the default and the language of the source code; Turkish (``tr``), Kazakh in Cyrillic
(``kk``, the script of current official publications) and Russian (``ru``) have a catalog each in
``dashboard/locale/<lang>/LC_MESSAGES/messages.po`` (workflow: ``docs/TRANSLATING.md``).

The catalogs are compiled in memory the first time a language is used (a few milliseconds; no
``.mo`` file in the repository that could go stale, no build step: a fresh clone runs as it is).
:func:`check_catalogs` lists every untranslated, fuzzy or placeholder-breaking message; the
test suite runs it, and :func:`load_catalogs` refuses to start with a broken catalog.

The active language is a :class:`contextvars.ContextVar`, so each request thread (and each
asyncio task) has its own; nothing is global. A callback sets it for the time of its work::

    with i18n.using(state.lang):
        return build_everything()

The language must come from the callback's *request body* (the ``lang=`` key of the view state
in the URL): the server answers identical callback bodies from a cache (``dashboard.server``),
so a language read from a request header inside a callback would leak into other users'
answers. :func:`negotiate` reads ``Accept-Language`` for the first visit only, to choose the
``lang=`` the page then carries.
"""

from __future__ import annotations

import contextvars
import gettext
import io
import string
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

DEFAULT = "en"
#: Supported languages, each named in itself (what the language menu shows), in menu order.
LANGUAGES: dict[str, str] = {"en": "English", "tr": "Türkçe", "kk": "Қазақша", "ru": "Русский"}
#: The CLDR locale behind each language code (numbers, dates, plural rules). Kazakh: CLDR's ``kk``
#: is Kazakh in Cyrillic as used in Kazakhstan (``kk_Cyrl_KZ``).
BABEL_LOCALES: dict[str, str] = {"en": "en", "tr": "tr", "kk": "kk", "ru": "ru"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_active: contextvars.ContextVar[str] = contextvars.ContextVar("atlas_lang", default=DEFAULT)
_cache: dict[str, gettext.NullTranslations] = {}
_cache_lock = threading.Lock()


class CatalogError(Exception):
    """A message catalog is missing, unreadable or incomplete; ``problems`` lists each issue."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the message catalogs:\n{lines}")


# --------------------------------------------------------------------------- the active language
def is_supported(lang: object) -> bool:
    return isinstance(lang, str) and lang in LANGUAGES


def get_lang() -> str:
    """The language of the current request (``"en"`` unless a caller set another)."""
    return _active.get()


def resolve(lang: str | None) -> str:
    """``lang`` if given, else the active language; an unsupported code raises ValueError."""
    if lang is None:
        return _active.get()
    if not is_supported(lang):
        raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}")
    return lang


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Make ``lang`` the active language inside the ``with`` block (``None``: English).

    The previous language is restored on the way out, also on an exception, so a language never
    outlives the request that chose it (threads of a pool run many requests one after another).
    """
    token = _active.set(resolve(lang or DEFAULT))
    try:
        yield _active.get()
    finally:
        _active.reset(token)


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel :class:`~babel.Locale` of ``lang`` (default: the active language)."""
    return Locale.parse(BABEL_LOCALES[resolve(lang)])


def negotiate(accept_language: str | None) -> str:
    """The supported language a browser prefers (``Accept-Language`` header), else English.

    ``"kk-KZ,kk;q=0.9,ru;q=0.8"`` → ``"kk"``; ``"de-DE,de"`` → ``"en"``. For the first visit
    without ``lang=`` only: once the page has ``lang=``, the URL decides.
    """
    accepted = parse_accept_header(accept_language or "", LanguageAccept)  # sorted by quality, best first
    for tag, quality in accepted:
        primary = tag.lower().replace("_", "-").split("-")[0]
        if quality > 0 and is_supported(primary):  # "en-GB" is English, "kk-KZ" Kazakh
            return primary
    return DEFAULT


# --------------------------------------------------------------------------- catalogs
def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog:
    """The ``.po`` catalog of ``lang`` as Babel reads it (CatalogError if missing or unreadable)."""
    path = po_path(lang)
    try:
        with path.open("rb") as f:
            return read_po(f, locale=BABEL_LOCALES[lang], domain=DOMAIN)
    except FileNotFoundError as exc:
        raise CatalogError([f"{path.relative_to(LOCALE_DIR.parent.parent)}: file not found"]) from exc
    except Exception as exc:  # Babel's PoFileError and decoding errors
        raise CatalogError([f"{path.relative_to(LOCALE_DIR.parent.parent)}: cannot be read: {exc}"]) from exc


_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (``{{`` and ``}}`` are literal braces, not fields)."""
    try:
        return {name for _lit, name, _spec, _conv in _FORMATTER.parse(text) if name is not None}
    except ValueError:  # unbalanced braces: reported by the caller as a broken placeholder
        return {"<unbalanced braces>"}


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, list | tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, list | tuple) else (message.string,)


def check_catalog(lang: str, catalog: Catalog) -> list[str]:
    """Every problem of one catalog: a message with no (or a fuzzy) translation, a plural form
    missing, or a ``{placeholder}`` dropped, added or renamed. An empty list means complete."""
    where = f"{po_path(lang).relative_to(LOCALE_DIR.parent.parent)}"
    problems: list[str] = []
    nplurals = catalog.num_plurals
    for message in catalog:
        if not message.id:  # the header
            continue
        ids, strings = _ids(message), _strings(message)
        line = f"{where}, line {message.lineno}" if message.lineno else where
        short = ids[0][:60]
        if message.fuzzy:
            problems.append(f"{line}: {short!r} is marked fuzzy (check the translation and remove the flag)")
        if not all(s and s.strip() for s in strings) or (len(ids) > 1 and len(strings) != nplurals):
            problems.append(f"{line}: {short!r} has no translation" +
                            (f" for all {nplurals} plural forms" if len(ids) > 1 else ""))
            continue
        wanted = set().union(*(placeholders(i) for i in ids))
        for s in strings:
            found = placeholders(s)
            if found != wanted:
                missing, extra = sorted(wanted - found), sorted(found - wanted)
                detail = "; ".join(filter(None, [f"missing {missing}" if missing else "",
                                                 f"unexpected {extra}" if extra else ""]))
                problems.append(f"{line}: {short!r}: placeholders differ from the English ({detail})")
    return problems


def check_catalogs() -> list[str]:
    """Problems of every translated language's catalog (see :func:`check_catalog`)."""
    problems: list[str] = []
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        try:
            problems += check_catalog(lang, read_catalog(lang))
        except CatalogError as exc:
            problems += exc.problems
    return problems


def _compile(catalog: Catalog) -> gettext.GNUTranslations:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (compiled once per process, on first use)."""
    lang = resolve(lang)
    found = _cache.get(lang)
    if found is not None:
        return found
    with _cache_lock:
        if lang not in _cache:
            _cache[lang] = gettext.NullTranslations() if lang == DEFAULT else _compile(read_catalog(lang))
        return _cache[lang]


def load_catalogs() -> None:
    """Compile every catalog now and refuse a broken one (called once at start-up)."""
    problems = check_catalogs()
    if problems:
        raise CatalogError(problems)
    for lang in LANGUAGES:
        translations(lang)


# --------------------------------------------------------------------------- translating
def _(message: str) -> str:
    """``message`` in the active language. Placeholders are filled *after* translating::

    _("Ignored year {value}.").format(value=v)
    """
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the active language's plural rules
    (Russian has three forms, Turkish and Kazakh one)."""
    return translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level tables)."""
    return message


def translate(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: the active language), for code that is given a language."""
    return translations(lang).gettext(message)
