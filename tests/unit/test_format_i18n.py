"""The one formatter in four languages: the same digits, written as each language writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import i18n
from dashboard.format import (
    attribution,
    axis_amount,
    date_label,
    money,
    number,
    pct_change,
    period_label,
    quality_label,
    quantity,
    unit_label,
)

LANGS = ("en", "tr", "kk", "ru")
NBSP = "\u00a0"
NNBSP = "\u202f"  # CLDR joins a year and its abbreviation ("2024 ж.", "2024 г.") with a narrow no-break space


@pytest.mark.parametrize(
    ("value", "quality", "expected"),
    [
        (6300, None, {"en": "US$6.3 bn", "tr": "6,3 milyar ABD doları", "ru": "6,3 млрд долл. США",
                      "kk": "6,3 млрд АҚШ доллары"}),
        (3496, None, {"en": "US$3.496 bn", "tr": "3,496 milyar ABD doları", "ru": "3,496 млрд долл. США",
                      "kk": "3,496 млрд АҚШ доллары"}),
        (939.6, None, {"en": "US$939.6 m", "tr": "939,6 milyon ABD doları", "ru": "939,6 млн долл. США",
                       "kk": "939,6 млн АҚШ доллары"}),
        (5000, "rounded", {"en": "US$5 bn", "tr": "5 milyar ABD doları", "ru": "5 млрд долл. США",
                           "kk": "5 млрд АҚШ доллары"}),
        (1900, "lower_bound", {"en": "> US$1.9 bn", "tr": "> 1,9 milyar ABD doları", "ru": "> 1,9 млрд долл. США",
                               "kk": "> 1,9 млрд АҚШ доллары"}),
        (2000, "upper_bound", {"en": "≈ US$2 bn", "tr": "≈ 2 milyar ABD doları", "ru": "≈ 2 млрд долл. США",
                               "kk": "≈ 2 млрд АҚШ доллары"}),
    ],
)
def test_money_in_each_language_keeps_the_sources_precision(value, quality, expected):
    assert {lang: money(value, quality, lang=lang) for lang in LANGS} == expected


def test_missing_money_is_a_dash_in_every_language():
    assert {money(None, lang=lang) for lang in LANGS} == {"—"}
    assert {money(float("nan"), lang=lang) for lang in LANGS} == {"—"}


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (77000, "TEU", {"en": "77,000 TEU", "tr": "77.000 TEU", "kk": f"77{NBSP}000 ЖФЭ", "ru": f"77{NBSP}000 ДФЭ"}),
        (1.392, "Mt", {"en": "1.392 Mt", "tr": "1,392 milyon ton", "kk": "1,392 млн т", "ru": "1,392 млн т"}),
        (600, "kt", {"en": "600 kt", "tr": "600 bin ton", "kk": "600 мың т", "ru": "600 тыс. т"}),
        (439031, "t", {"en": "439,031 t", "tr": "439.031 ton", "kk": f"439{NBSP}031 т", "ru": f"439{NBSP}031 т"}),
        (1.2, "Mt/yr", {"en": "1.2 Mt/yr", "tr": "1,2 milyon ton/yıl", "kk": "1,2 млн т/жыл",
                        "ru": "1,2 млн т в год"}),
        (31, "%", {"en": "31%", "tr": "%31", "kk": "31%", "ru": f"31{NBSP}%"}),
        (2.9, "USD bn", {"en": "US$2.9 bn", "tr": "2,9 milyar ABD doları", "kk": "2,9 млрд АҚШ доллары",
                         "ru": "2,9 млрд долл. США"}),
        (1250, "count", {"en": "1,250", "tr": "1.250", "kk": f"1{NBSP}250", "ru": f"1{NBSP}250"}),
    ],
)
def test_quantities_in_each_language(value, unit, expected):
    assert {lang: quantity(value, unit, lang=lang) for lang in LANGS} == expected


@pytest.mark.parametrize(
    ("pct", "stated", "expected"),
    [
        (54, True, {"en": "+54%", "tr": "+%54", "kk": "+54%", "ru": f"+54{NBSP}%"}),
        (-5.3, True, {"en": "-5.3%", "tr": "-%5,3", "kk": "-5,3%", "ru": f"-5,3{NBSP}%"}),
        (20.5, True, {"en": "+20.5%", "tr": "+%20,5", "kk": "+20,5%", "ru": f"+20,5{NBSP}%"}),
        (5, False, {"en": "+5.0%", "tr": "+%5,0", "kk": "+5,0%", "ru": f"+5,0{NBSP}%"}),  # computed: 0.1 point
    ],
)
def test_changes_in_percent_in_each_language(pct, stated, expected):
    assert {lang: pct_change(pct, stated=stated, lang=lang) for lang in LANGS} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-20", {"en": "20 May 2024", "tr": "20 Mayıs 2024", "kk": f"2024{NNBSP}ж. 20 мамыр",
                        "ru": f"20 мая 2024{NNBSP}г."}),
        ("2017-09", {"en": "Sep 2017", "tr": "Eylül 2017", "kk": f"2017{NNBSP}ж. қыркүйек",
                     "ru": f"сентябрь 2017{NNBSP}г."}),
        ("1991-12-16", {"en": "16 Dec 1991", "tr": "16 Aralık 1991", "kk": f"1991{NNBSP}ж. 16 желтоқсан",
                        "ru": f"16 декабря 1991{NNBSP}г."}),
        ("2018", {lang: "2018" for lang in LANGS}),
        ("2024-13", {lang: "2024-13" for lang in LANGS}),  # not a date: shown as given
        ("", {lang: "" for lang in LANGS}),
    ],
)
def test_dates_in_each_language(text, expected):
    assert {lang: date_label(text, lang=lang) for lang in LANGS} == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Jan–Sep", {"en": "Jan–Sep", "tr": "Oca–Eyl", "kk": "қаң.–қыр.", "ru": "янв.–сент."}),
        ("Jul 2016–Jun 2017", {"en": "Jul 2016–Jun 2017", "tr": "Temmuz 2016–Haziran 2017",
                               "kk": f"2016{NNBSP}ж. шілде–2017{NNBSP}ж. маусым",
                               "ru": f"июль 2016{NNBSP}г.–июнь 2017{NNBSP}г."}),
        ("full", {"en": "full year", "tr": "tam yıl", "kk": "толық жыл", "ru": "полный год"}),
        ("H1", {"en": "first half", "tr": "ilk yarıyıl", "kk": "бірінші жартыжылдық", "ru": "первое полугодие"}),
        ("Q3 maybe", {lang: "Q3 maybe" for lang in LANGS}),  # unknown: as given, never guessed
    ],
)
def test_periods_in_each_language(period, expected):
    assert {lang: period_label(period, lang=lang) for lang in LANGS} == expected


def test_quality_and_attribution_words_are_translated_the_names_are_not():
    assert quality_label("official", lang="ru") == "официальная статистика"
    assert quality_label("official", indicator=True, lang="tr") == "resmî veri"
    assert quality_label("made_up", lang="kk") == "made_up"  # an unknown code is shown as it is
    assert attribution("Kazakh statistics", "Trend", "2024-05-20", lang="ru") == (
        f"Kazakh statistics, по сообщению Trend (20 мая 2024{NNBSP}г.)")
    assert attribution("TurkStat", "", "2023", lang="tr") == "TurkStat (2023)"


def test_without_a_language_the_formatter_follows_the_requests_language():
    assert money(6300) == "US$6.3 bn"
    with i18n.using("kk"):
        assert money(6300) == "6,3 млрд АҚШ доллары"
        assert date_label("2024-05-20") == f"2024{NNBSP}ж. 20 мамыр"
        assert money(6300, lang="en") == "US$6.3 bn"  # an explicit language wins


@given(st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False))
def test_a_number_keeps_its_value_and_digits_in_every_language(value):
    """Only the writing changes: the digits and the value read back from each language are the English ones."""
    x = float(value)
    english = number(x, "en")
    back = {"en": english.replace(",", ""),
            "tr": number(x, "tr").replace(".", "").replace(",", "."),
            "kk": number(x, "kk").replace(NBSP, "").replace(",", "."),
            "ru": number(x, "ru").replace(NBSP, "").replace(",", ".")}
    assert len(set(back.values())) == 1, back
    assert float(back["en"]) == pytest.approx(x, abs=1e-9)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Mt", {"en": "Mt", "tr": "milyon ton", "kk": "млн т", "ru": "млн т"}),
        ("kt", {"en": "kt", "tr": "bin ton", "kk": "мың т", "ru": "тыс. т"}),
        ("t", {"en": "t", "tr": "ton", "kk": "т", "ru": "т"}),
        ("TEU", {"en": "TEU", "tr": "TEU", "kk": "ЖФЭ", "ru": "ДФЭ"}),
        ("Mt/yr", {"en": "Mt/yr", "tr": "milyon ton/yıl", "kk": "млн т/жыл", "ru": "млн т в год"}),
        ("USD bn", {"en": "US$ bn", "tr": "milyar ABD doları", "kk": "млрд АҚШ доллары", "ru": "млрд долл. США"}),
        ("USD m", {"en": "US$ m", "tr": "milyon ABD doları", "kk": "млн АҚШ доллары", "ru": "млн долл. США"}),
        ("%", {"en": "%", "tr": "%", "kk": "%", "ru": "%"}),
    ],
)
def test_a_unit_alone_axis_titles_and_pickers_is_written_as_its_quantities_are(unit, expected):
    """The sector chart's axis and picker name a unit alone: the same words as a value in that unit."""
    assert {lang: unit_label(unit, lang=lang) for lang in LANGS} == expected
    for lang in LANGS:
        if unit not in ("%", "USD bn", "USD m"):
            assert quantity(2, unit, lang=lang).endswith(expected[lang])


def test_the_sector_chart_names_its_unit_in_the_language(atlas):
    from dashboard.data.tables import sector_points  # noqa: PLC0415
    from dashboard.figures.sector import option_label, sector_figure  # noqa: PLC0415

    option, rows = sector_points(atlas, "transport", "Middle Corridor (TITR) cargo, whole route · Mt")
    with i18n.using("ru"):
        fig = sector_figure(rows, "transport", 2024)
        assert fig.layout.title.text.endswith("(млн т)") and not fig.layout.yaxis.title.text
        assert option_label(option).endswith("весь маршрут (млн т)")
    assert sector_figure(rows, "transport", 2024).layout.title.text.endswith("(Mt)")


@pytest.mark.parametrize(("lang", "expected"), [("en", ["6.3", "> 1.4", "31%"]), ("tr", ["6,3", "> 1,4", "%31"]),
                                                ("kk", ["6,3", "> 1,4", "31%"]), ("ru", ["6,3", "> 1,4", "31\u00a0%"])])
def test_a_point_label_is_the_number_in_its_axis_unit(lang, expected):
    """Beside a point of a narrow chart the unit is not repeated (title and axis name it); bounds keep their sign."""
    got = [axis_amount(6.3, "USD bn", "official", lang=lang), axis_amount(1.4, "Mt", "lower_bound", lang=lang),
           axis_amount(31, "%", "official", lang=lang)]
    assert got == expected
