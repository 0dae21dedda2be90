"""The one place where numbers, qualities, dates and attributions become text; pure functions.

Every panel, hover, handout, export, coverage cell and fact-check card formats through here, so a
figure reads the same everywhere. Display precision follows the source: a value is printed with the
digits it was stated with (``6300`` US$ m from "$6.3 billion" is "US$6.3 bn", ``3496`` from
"3.496 billion" is "US$3.496 bn", Tokayev's "$5 billion" is "US$5 bn"); nothing is padded with zeros
the source never gave. A bound says so with a sign: "> US$1.9 bn" ("more than"), "≈ US$2 bn"
("almost", "nearly").

Each function takes ``lang`` (``en``, ``tr``, ``kk``, ``ru``; default: the active language of
:mod:`dashboard.i18n`). A number's value and digits never change with the language, only how they
are written: separators, percent and date patterns come from Babel (CLDR), the words of the units
from the message catalogs, in the forms ``docs/GLOSSARY.md`` fixes::

    money(6300)              'US$6.3 bn'
    money(6300, lang="tr")   '6,3 milyar ABD doları'
    money(6300, lang="ru")   '6,3 млрд долл. США'
    money(6300, lang="kk")   '6,3 млрд АҚШ доллары'
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal, format_percent

from dashboard import i18n
from dashboard.i18n import N_

#: Quality of a figure in words (a separate matter from who relayed it: :func:`attribution`).
QUALITY_LABEL = {
    "official": N_("official statistic"),
    "statement": N_("statement"),
    "rounded": N_("rounded figure from a statement"),
    "lower_bound": N_("lower bound (“more than”)"),
    "upper_bound": N_("upper bound (“almost”, “nearly”)"),
    "dubious": N_("dubious: not a statistic"),
    "forecast": N_("forecast or plan"),
}
#: The same for sector indicators, where "official" figures come from ministries and operators.
INDICATOR_QUALITY_LABEL = {**QUALITY_LABEL, "official": N_("official figure")}
#: Who said it decides the words (``issuer_kind``, dashboard/data/schema.py): an operator's own count is not an
#: official statistic, and a figure a research paper, a business association or a news report gives is not a
#: president's statement.
OFFICIAL_BY_KIND = {"operator": N_("operator's own figure")}
STATEMENT_BY_KIND = {
    "business_association": N_("business association's figure"),
    "research_paper": N_("figure from a research paper"),
    "news_outlet": N_("news report, issuer not named"),
}
# TRANSLATORS: in "…, as reported by Kazinform" where the news report names no one who produced the figure.
ISSUER_NOT_NAMED = N_("issuer not named")
BOUND_SIGN = {"lower_bound": "> ", "upper_bound": "≈ "}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MASS_UNITS = {"t": 1.0, "kt": 1e3, "Mt": 1e6}  # exact conversions between the tonne units the sources use

# The words around a number: English as the code writes it, other languages from the catalogs.
# TRANSLATORS: US dollars in billions; {amount} is already formatted (6.3 / 6,3). Glossary: "US$ billion".
MONEY_BN = N_("US${amount} bn")
# TRANSLATORS: US dollars in millions; {amount} is already formatted. Glossary: "US$ million".
MONEY_M = N_("US${amount} m")
#: Units of sector indicators (``dashboard.data.schema.UNITS``) with their number.
UNIT_TEMPLATES = {
    "Mt": N_("{amount} Mt"),
    "kt": N_("{amount} kt"),
    "t": N_("{amount} t"),
    "TEU": N_("{amount} TEU"),
    "Mt/yr": N_("{amount} Mt/yr"),
}
#: A unit alone, as axis titles and the sector chart's picker write it ("Mt" → "млн т"); the same words as
#: :data:`UNIT_TEMPLATES` (CLDR has none of these scaled units, nor TEU).
UNIT_NAMES = {
    # TRANSLATORS: unit alone (axis title): million tonnes, as in "{amount} Mt".
    "Mt": N_("Mt"),
    # TRANSLATORS: unit alone (axis title): thousand tonnes, as in "{amount} kt".
    "kt": N_("kt"),
    # TRANSLATORS: unit alone (axis title): tonnes, as in "{amount} t".
    "t": N_("t"),
    # TRANSLATORS: unit alone (axis title): twenty-foot equivalent units (containers), as in "{amount} TEU".
    "TEU": N_("TEU"),
    # TRANSLATORS: unit alone (axis title): million tonnes per year, as in "{amount} Mt/yr".
    "Mt/yr": N_("Mt/yr"),
    # TRANSLATORS: unit alone (axis title): US dollars in millions.
    "USD m": N_("US$ m"),
    # TRANSLATORS: unit alone (axis title): US dollars in billions.
    "USD bn": N_("US$ bn"),
    # TRANSLATORS: unit alone (axis title): a number of things (projects, flights ...).
    "count": N_("count"),
}
# TRANSLATORS: who produced a figure and the outlet that relayed it: "Kazakh statistics, as reported by Trend".
REPORTED_BY = N_("{issuer}, as reported by {channel}")
#: Periods of a row (``period`` column) that are words, not months.
PERIOD_WORDS = {
    "full": N_("full year"),
    "cumulative": N_("cumulative"),
    "forecast": N_("forecast"),
    "capacity": N_("capacity"),
    "unstated": N_("period not stated"),
    "H1": N_("first half"),
}
#: Dates: English keeps the Atlas's "20 May 2024" / "May 2024"; the other languages write months
#: in full, as their official prose does (CLDR "long" dates: "20 Mayıs 2024", "20 мая 2024 г.",
#: "2024 ж. 20 мамыр"; month and year: "Mayıs 2024", "май 2024 г.", "2024 ж. мамыр").
DAY_FORMAT = {"en": "d MMM y"}
MONTH_FORMAT = {"en": "MMM y"}
#: A month named alone ("Jan–Sep"): the nominative, which CLDR calls "stand-alone" (Russian "январь", not
#: "января"); Kazakh's CLDR stand-alone forms are capitalised, its "format" forms are the lower-case nominative.
MONTH_CONTEXT = {"kk": "format"}


def _t(message: str, lang: str | None) -> str:
    return i18n.translate(message, lang)


def quality_label(quality: object, *, indicator: bool = False, issuer_kind: object = None,
                  lang: str | None = None) -> str:
    """The quality of a figure in words, derived from who produced it: only a statistics office or a ministry
    yields "official statistic"; an exact number from anyone else is a statement (or the kind's own words)."""
    labels = INDICATOR_QUALITY_LABEL if indicator else QUALITY_LABEL
    key, kind = str(quality), str(issuer_kind or "")
    if key == "official" and kind in OFFICIAL_BY_KIND:
        return _t(OFFICIAL_BY_KIND[kind], lang)
    if key == "statement" and kind in STATEMENT_BY_KIND:
        return _t(STATEMENT_BY_KIND[kind], lang)
    return _t(labels[key], lang) if key in labels else key


def quality_of(row: object, *, indicator: bool = False, lang: str | None = None) -> str:
    """:func:`quality_label` of a data row (its ``quality`` and ``issuer_kind``)."""
    return quality_label(row["quality"], indicator=indicator, issuer_kind=row.get("issuer_kind"), lang=lang)


def plain(x: float, max_decimals: int = 6) -> str:
    """``x`` with its own digits and a thousands separator: 6.3 → '6.3', 5.0 → '5', 439031 → '439,031'."""
    text = f"{round(float(x), max_decimals):,.{max_decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def decimals(x: float) -> int:
    """How many decimals ``x`` was stated with (0 for whole numbers)."""
    text = plain(x).replace(",", "")
    return len(text.split(".")[1]) if "." in text else 0


def _digits(x: float, places: int | None) -> Decimal:
    """``x`` as an exact decimal with its own digits (or rounded to ``places``)."""
    if places is None:
        return Decimal(plain(x).replace(",", ""))
    return Decimal(f"{float(x):.{places}f}")


def _pattern(value: Decimal) -> str:
    """A CLDR number pattern that writes exactly the digits of ``value`` (symbols come from the locale)."""
    places = max(0, -int(value.as_tuple().exponent))
    return "#,##0" + ("." + "0" * places if places else "")


def number(x: float, lang: str | None = None, *, places: int | None = None) -> str:
    """``x`` with the digits it was stated with (or ``places`` decimals), in the language's digits:
    439031 → '439,031' (en), '439.031' (tr), '439 031' (ru, kk, non-breaking space); 6.3 → '6,3'."""
    value = _digits(x, places)
    return format_decimal(value, format=_pattern(value), locale=i18n.babel_locale(lang))


def percent(x: float, lang: str | None = None, *, places: int | None = None) -> str:
    """``x`` per cent with its own digits, in the language's pattern: 31 → '31%', tr '%31', ru '31 %'."""
    loc = i18n.babel_locale(lang)
    value = _digits(x, places)
    pattern = loc.percent_formats[None].pattern.replace("#,##0", _pattern(value), 1)
    return format_percent(value / 100, format=pattern, locale=loc)


def _signed(text: str, quality: object) -> str:
    return BOUND_SIGN.get(str(quality), "") + text


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value_usd_m: float | None, quality: object = None, *, lang: str | None = None) -> str:
    """US$ from a value in US$ million, with the precision the source gave: 'US$6.3 bn', 'US$939.6 m'."""
    if _missing(value_usd_m):
        return "—"
    v = float(value_usd_m)
    template, amount = (MONEY_BN, v / 1000) if abs(v) >= 1000 else (MONEY_M, v)
    return _signed(_t(template, lang).format(amount=number(amount, lang)), quality)


def quantity(value: float, unit: str, quality: object = None, *, lang: str | None = None) -> str:
    """A sector indicator value in its unit, as stated: '1.392 Mt', '77,000 TEU', '31%', 'US$2.9 bn'."""
    if _missing(value):
        return "—"
    if unit == "USD m":
        return money(value, quality, lang=lang)
    if unit == "USD bn":
        return money(float(value) * 1000, quality, lang=lang)
    if unit == "%":
        return _signed(percent(value, lang), quality)
    if unit == "count":
        return _signed(number(value, lang), quality)
    amount = number(value, lang)
    text = _t(UNIT_TEMPLATES[unit], lang).format(amount=amount) if unit in UNIT_TEMPLATES else f"{amount} {unit}"
    return _signed(text, quality)


def axis_amount(value: float, unit: str, quality: object = None, *, lang: str | None = None) -> str:
    """A value in the unit its chart's axis and title name, for a label beside its point: '6.3', '> 1.4', '31%'
    (the unit written out beside every point overlapped its neighbours in a narrow chart)."""
    if _missing(value):
        return "—"
    return _signed(percent(value, lang) if unit == "%" else number(value, lang), quality)


def unit_label(unit: str, *, lang: str | None = None) -> str:
    """A unit alone in the language's words: 'Mt' → 'milyon ton' / 'млн т'; '%' stays; an unknown unit as given."""
    return _t(UNIT_NAMES[unit], lang) if unit in UNIT_NAMES else unit


def pct_change(pct: float, *, stated: bool, lang: str | None = None) -> str:
    """A change in percent: a stated change with the source's own digits, a computed one to 0.1 point.

    '+54%' / '-5.3%'; tr '+%54' / '-%5,3'; ru '+54 %'."""
    places = None if stated else 1
    sign = "-" if pct < 0 else "+"
    return sign + percent(abs(pct), lang, places=places)


def signed_number(x: float, lang: str | None = None) -> str:
    """A whole-number difference with its sign, in the language's digits: '+1,234' / '−56' (tr '+1.234')."""
    return ("+" if x >= 0 else "−") + number(abs(x), lang, places=0)


def signed_percent(x: float, lang: str | None = None) -> str:
    """A whole-number percentage with its sign, in the language's pattern: '+12%' (tr '+%12', ru '+12 %')."""
    return ("+" if x >= 0 else "−") + percent(abs(x), lang, places=0)


def _date_parts(text: object) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of '2024-05-20', '2024-05' or '2018'; None when the text is not such a date."""
    parts = str(text or "").strip().split("-")
    try:
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d.year, d.month, d.day
        if len(parts) == 2:
            d = date(int(parts[0]), int(parts[1]), 1)
            return d.year, d.month, None
    except ValueError:
        return None
    return None


def date_label(text: object, *, lang: str | None = None) -> str:
    """'2024-05-20' → '20 May 2024'; '2024-05' → 'May 2024'; '2018' → '2018'; anything else as given.

    tr '20 Mayıs 2024', ru '20 мая 2024 г.', kk '2024 ж. 20 мамыр'."""
    lang = i18n.resolve(lang)
    found = _date_parts(text)
    if found is None:
        parts = str(text or "").strip().split("-")
        return "-".join(parts) if parts != [""] else ""
    year, month, day = found
    loc = i18n.babel_locale(lang)
    if day is not None:
        return format_date(date(year, month, day), DAY_FORMAT.get(lang, "long"), locale=loc)
    when = date(year, month, 1)
    if lang in MONTH_FORMAT:
        return format_date(when, MONTH_FORMAT[lang], locale=loc)
    return format_skeleton("yMMMM", when, locale=loc)


def _month_label(text: str, lang: str) -> str | None:
    """'Sep' → 'Eyl' / 'сент.' / 'қыр.' (abbreviated like the data's English: period labels sit on charts);
    'Jul 2016' → month and year; None if not a month."""
    words = text.split()
    if not words or words[0] not in MONTHS or len(words) > 2:
        return None
    month = MONTHS.index(words[0]) + 1
    loc = i18n.babel_locale(lang)
    if len(words) == 1:
        return get_month_names("abbreviated", context=MONTH_CONTEXT.get(lang, "stand-alone"), locale=loc)[month]
    if not words[1].isdigit():
        return None
    return format_skeleton("yMMMM", date(int(words[1]), month, 1), locale=loc)


def period_label(period: object, *, lang: str | None = None) -> str:
    """The period a row covers: 'full' → 'full year', 'Jan–Sep' (English as the data write it),
    'Oca–Eyl', 'янв.–сент.', 'қаң.–қыр.'. An unknown period is shown as given."""
    lang = i18n.resolve(lang)
    text = str(period or "").strip()
    if text in PERIOD_WORDS:
        return _t(PERIOD_WORDS[text], lang)
    if lang == i18n.DEFAULT:
        return text
    months = [_month_label(part.strip(), lang) for part in text.split("–")]
    return "–".join(months) if months and all(months) else text


def attribution(issuer: object, channel: object, when: object, *, lang: str | None = None) -> str:
    """Who produced a figure and who relayed it: 'Kazakh statistics, as reported by Trend (20 May 2024)'."""
    issuer, channel = str(issuer or "").strip(), str(channel or "").strip()
    if issuer in ("nan", "<NA>"):
        issuer = ""
    if channel in ("nan", "<NA>"):
        channel = ""
    when_text = date_label(when, lang=lang)
    dated = f" ({when_text})" if when_text else ""
    if channel:  # a news report naming no issuer: the outlet relayed it, it did not produce it
        return _t(REPORTED_BY, lang).format(issuer=issuer or _t(ISSUER_NOT_NAMED, lang), channel=channel) + dated
    return f"{issuer}{dated}"


# Second-level names under which a country's registrars sell names: mfa.gov.tr, ntv.com.tr, konya.bel.tr.
SECOND_LEVEL = frozenset({"ac", "bel", "co", "com", "edu", "gen", "gov", "info", "net", "org"})


def publisher(url: object) -> str:
    """The web site that published a page, as a reader names it: 'en.trend.az' and 'trend.az' are one publisher,
    'www.mfa.gov.tr' is 'mfa.gov.tr'; a fully qualified host's final dot ('today.az.') is no part of the name."""
    text = str(url or "").strip()
    host = (urlsplit(text).hostname or "") if "://" in text else text.split("/")[0]
    labels = [part for part in host.lower().rstrip(".").split(".") if part]
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-keep:])
