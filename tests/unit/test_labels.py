"""Data labels in four languages: complete for the shipped data, validated at start-up, official place names."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.data.labels import KINDS, LABEL_FILES, numbers
from dashboard.data.load import DataError, load_atlas
from dashboard.data.schema import SECTORS

LANGS = ("en", "tr", "kk", "ru")


def _rewrite(path: Path, change) -> None:
    """Apply ``change(rows)`` to a label CSV (a list of dicts) and write it back."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _row(rows, kind, key):
    return next(r for r in rows if r["kind"] == kind and r["id"] == key)


# --------------------------------------------------------------------------- the shipped labels
def test_every_id_of_the_shipped_tables_has_all_four_languages(atlas):
    frames = {name: getattr(atlas, name) for name in ("posts", "ports", "routes", "countries", "lakes",
                                                      "indicators", "milestones", "factcheck")}
    for kind, spec in KINDS.items():
        for key in spec.ids(frames):
            texts = {lang: atlas.label(kind, key, lang) for lang in LANGS}
            assert all(t.strip() for t in texts.values()), (kind, key, texts)
    assert len(atlas.labels.ids("feature")) == len(atlas.posts) + len(atlas.ports) + len(atlas.routes)
    assert len(atlas.labels.ids("indicator")) == atlas.indicators["indicator"].nunique()
    assert set(atlas.labels.ids("sector")) == set(SECTORS)


def test_label_follows_the_requests_language(atlas):
    assert atlas.label("sector", "transport") == "Transport & logistics"
    with i18n.using("ru"):
        assert atlas.label("sector", "transport") == "Транспорт и логистика"
        assert atlas.label("sector", "transport", "tr") == "Ulaştırma ve lojistik"


@pytest.mark.parametrize(
    ("fid", "kk"),
    [("tr_emb_astana", "Астана"), ("port_aktau", "Ақтау"), ("port_kuryk", "Құрық порты"), ("tr_cg_almaty", "Алматы"),
     ("tr_cons_turkestan_planned", "Түркістан"), ("tr_hc_shymkent", "Шымкент"), ("kz_cg_istanbul", "Ыстамбұл")],
)
def test_kazakh_place_names_are_the_official_cyrillic_forms(atlas, fid, kk):
    assert atlas.label("map_label", fid, "kk") == kk


def test_natural_earths_outdated_russian_almaty_is_not_used(atlas):
    assert atlas.label("place", "almaty", "ru") == "Алматы"  # Natural Earth 4.0.0: Алма-Ата
    assert all("Алма-Ата" not in texts["ru"] for texts in atlas.labels.table.values())


def test_each_place_name_records_its_source(atlas):
    places = atlas.labels.ids("place")
    assert len(places) > 40
    with (Path(__file__).resolve().parents[2] / "geodata" / "i18n" / "places.csv").open(encoding="utf-8") as f:
        assert all(r["source"].strip() for r in csv.DictReader(f))


def _stem(name: str) -> str:
    """A Russian name without its ending (Анкара → Анкар-: в Анкаре; Хатай → Хата-: в Хатае)."""
    return name[:-1] if name[-1] in "аяйоеьыи" and len(name) > 4 else name


def test_a_posts_translated_name_uses_the_place_table_for_its_city(atlas):
    """The city in each post's full name is the city of its map label, in the same spelling."""
    for fid in atlas.posts["id"]:
        for lang in ("tr", "kk", "ru"):
            city = atlas.label("map_label", fid, lang)
            name = atlas.label("feature", fid, lang)
            expected = _stem(city) if lang == "ru" else city
            assert expected in name, f"{fid} {lang}: {city!r} not in {name!r}"


_LATIN, _CYRILLIC = re.compile(r"[A-Za-z]"), re.compile(r"[\u0400-\u04FF]")


def test_no_word_mixes_latin_and_cyrillic_letters(atlas):
    """A Latin 'e' or 'o' typed inside a Cyrillic word looks right and breaks search and sorting."""
    mixed = [(kind, key, lang, word) for (kind, key), texts in atlas.labels.table.items()
             for lang, text in texts.items()
             for word in re.findall(r"\w+", text) if _LATIN.search(word) and _CYRILLIC.search(word)]
    assert mixed == []


def test_quotes_stay_in_their_language_with_a_marked_translation(atlas):
    title = {lang: atlas.label("milestone", "m66", lang) for lang in LANGS}
    quote = "'14 meetings with Erdoğan since 2019'"
    assert all(quote in t for t in title.values())
    assert "(çeviri:" in title["tr"] and "(аудармасы:" in title["kk"] and "(перевод:" in title["ru"]


def test_a_translation_carries_the_numbers_of_its_english(atlas):
    for (kind, key), texts in atlas.labels.table.items():
        for lang in ("tr", "kk", "ru"):
            assert numbers(texts[lang]) == numbers(texts["en"]), (kind, key, lang)
    russian = "Грузы ТМТМ в 2025 г.: 4,12 млн т, ~77\u00a0000 ДФЭ"
    assert numbers("TITR cargo 2025: 4.12 Mt, ~77,000 TEU") == numbers(russian) == ["2025", "412", "77000"]


def test_an_imported_indicator_is_shown_as_the_user_named_it(atlas):
    assert atlas.label("indicator", "My own series", "kk", fallback="My own series") == "My own series"
    with pytest.raises(KeyError, match="no 'indicator' label for 'My own series'"):
        atlas.label("indicator", "My own series", "kk")


# --------------------------------------------------------------------------- start-up validation
def test_a_missing_translation_stops_start_up_naming_file_row_and_column(data_copy):
    path = data_copy / "i18n" / "features.csv"
    _rewrite(path, lambda rows: _row(rows, "feature", "port_kuryk").update(kk=""))
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    text = str(err.value)
    assert "i18n/features.csv, row " in text and "column 'kk': value is required" in text


def test_an_id_without_a_row_and_a_row_without_an_id_are_both_reported(data_copy):
    path = data_copy / "i18n" / "milestones.csv"
    _rewrite(path, lambda rows: _row(rows, "milestone", "m05").update(id="m99"))
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    text = str(err.value)
    assert "no milestone translation for 'm05'" in text
    assert "milestone 'm99' is not in the data" in text


def test_a_changed_english_name_flags_its_translations_as_stale(data_copy):
    path = data_copy / "posts.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Honorary Consulate of Kazakhstan in Mersin", "Consulate of Kazakhstan in Mersin"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    assert "feature 'kz_hc_mersin': the data now say 'Consulate of Kazakhstan in Mersin'" in str(err.value)


def test_a_translation_that_changes_a_number_is_a_data_error(data_copy):
    path = data_copy / "i18n" / "milestones.csv"
    _rewrite(path, lambda rows: _row(rows, "milestone", "m53").update(ru="Грузы ТМТМ в 2023 г.: 2,67 млн т"))
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    assert "column 'ru': the numbers differ from the English (['2023', '276']" in str(err.value)


def test_a_missing_label_file_is_reported_not_a_crash(data_copy):
    (data_copy / "i18n" / "terms.csv").unlink()
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    assert "i18n/terms.csv: file not found" in str(err.value)
    assert "no sector translation for 'energy'" in str(err.value)


def test_every_label_file_is_read():
    root = Path(__file__).resolve().parents[2] / "geodata" / "i18n"
    assert {p.name for p in root.glob("*.csv")} - {"glossary.csv"} == set(LABEL_FILES)
