"""Data labels in four languages: ``geodata/i18n/*.csv``, validated against the tables they translate.

Every label file has the columns ``kind, id, en, tr, kk, ru, source``: one row per thing named
(a feature, a sector, an indicator, a milestone title, a claim ...), its English text and its
Turkish, Kazakh (Cyrillic) and Russian translations, and where a name comes from (Natural Earth,
a foreign ministry's page, the glossary). :data:`KINDS` says, for each kind, which ids the shipped
data need and whether ``en`` must repeat the data's own English text (so a changed English name
flags its translations as stale instead of silently showing an old one).

Validation, at start-up with the rest of the data (:func:`dashboard.data.load.load_atlas`):
every id of the shipped tables has a row with all four languages; no row names an id the data
do not have; ``en`` matches the data where it must; and a translation carries exactly the
numbers of its English text (digits never change with the language, only their separators).
A problem is a :class:`~dashboard.data.load.Problem` with file, row and column.

Imported rows (``imported/``) are the user's own data: their indicator names are shown as the
user wrote them (:meth:`Labels.label` with ``fallback``), never blocked at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import i18n
from dashboard.data.schema import FLOWS, LAYERS, REPORTERS, SECTORS, VERDICTS, Column, TableSpec

LABEL_DIR = "i18n"
LANGS = tuple(i18n.LANGUAGES)  # en, tr, kk, ru
LABEL_SPEC = TableSpec(
    "",
    {"kind": Column(), "id": Column(), **{lang: Column() for lang in LANGS}, "source": Column(required=False)},
    id_column=None,
)
#: The label files, in the order they are read (``kind`` says what each row names).
LABEL_FILES = ("terms.csv", "places.csv", "features.csv", "countries.csv", "indicators.csv", "milestones.csv",
               "factcheck.csv")
FEATURE_TABLES = ("posts", "ports", "routes")

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Kind:
    """What one kind of label translates: ``ids(frames)`` maps each id the data need to the English
    text ``en`` must repeat (None: ``en`` is the label's own English, e.g. a readable form of a code)."""

    source: str
    ids: Callable[[Frames], dict[str, str | None]]


def _codes(values) -> dict[str, str | None]:
    return {str(v): None for v in values}


def _column(table: str, column: str, key: str = "id") -> Callable[[Frames], dict[str, str | None]]:
    def ids(frames: Frames) -> dict[str, str | None]:
        df = frames[table]
        text = df[column].astype("string").fillna("").str.strip()
        return {str(k): str(v) for k, v in zip(df[key], text, strict=True) if v}

    return ids


def _features(frames: Frames) -> dict[str, str | None]:
    return {k: v for t in FEATURE_TABLES for k, v in _column(t, "name")(frames).items()}


def _feature_ids(frames: Frames) -> dict[str, str | None]:
    return _codes(k for t in FEATURE_TABLES for k in frames[t]["id"])


def _distinct(table: str, column: str, *, echo: bool) -> Callable[[Frames], dict[str, str | None]]:
    def ids(frames: Frames) -> dict[str, str | None]:
        values = sorted(set(frames[table][column].astype(str)))
        return {v: (v if echo else None) for v in values}

    return ids


#: Each kind of label and the ids the shipped data need.
KINDS: dict[str, Kind] = {
    "sector": Kind("schema.SECTORS", lambda f: dict(SECTORS)),
    "layer": Kind("schema.LAYERS", lambda f: dict(LAYERS)),
    "reporter": Kind("schema.REPORTERS", lambda f: dict(REPORTERS)),
    "flow": Kind("schema.FLOWS", lambda f: dict(FLOWS)),
    "verdict": Kind("schema.VERDICTS", lambda f: _codes(sorted(VERDICTS))),
    "feature_kind": Kind("kind of posts, ports and routes",
                         lambda f: _codes(sorted({str(k) for t in FEATURE_TABLES for k in f[t]["kind"]}))),
    "status": Kind("status of posts, ports and routes",
                   lambda f: _codes(sorted({str(k) for t in FEATURE_TABLES for k in f[t]["status"]}))),
    "milestone_kind": Kind("kind of milestones.csv", _distinct("milestones", "kind", echo=False)),
    "feature": Kind("name of posts, ports and routes", _features),
    "map_label": Kind("short map label of each post, port and route", _feature_ids),
    "country": Kind("iso_a3 of basemap_countries.geojson", lambda f: _codes(f["countries"]["iso_a3"])),
    "lake": Kind("name of basemap_lakes.geojson", _distinct("lakes", "name", echo=True)),
    "indicator": Kind("indicator of indicators.csv", _distinct("indicators", "indicator", echo=True)),
    "milestone": Kind("title of milestones.csv", _column("milestones", "title")),
    "claim": Kind("claim of factcheck.csv (a translation shown beside the quote)", _column("factcheck", "claim")),
    "corrected": Kind("corrected of factcheck.csv", _column("factcheck", "corrected")),
    "explanation": Kind("explanation of factcheck.csv", _column("factcheck", "explanation")),
    "place": Kind("place names (no table: the names feature labels use)", lambda f: {}),
}
FREE_KINDS = {"place"}  # kinds whose ids are not drawn from a table

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")


def numbers(text: str) -> list[str]:
    """The distinct numbers of ``text`` as digit strings, separators removed: '77,000' / '77.000' / '77 000' →
    '77000', '2.76' / '2,76' → '276'. A translation carries the same ones as its English (a quote kept in English
    with its translation beside it repeats a number, hence distinct)."""
    return sorted({re.sub(r"\D", "", m) for m in _NUMBER.findall(text)})


@dataclass(frozen=True, eq=False)
class Labels:
    """Validated labels: ``(kind, id) -> {lang: text}``."""

    table: Mapping[tuple[str, str], Mapping[str, str]]

    def label(self, kind: str, id: object, lang: str | None = None, *, fallback: str | None = None) -> str:
        """The ``kind`` label of ``id`` in ``lang`` (default: the active language).

        Shipped data always have one (start-up validation). ``fallback`` is returned for an id the
        tables do not know, e.g. the indicator name of a user's own import; without it, KeyError.
        """
        row = self.table.get((kind, str(id)))
        if row is None:
            if fallback is not None:
                return fallback
            raise KeyError(f"no {kind!r} label for {id!r}")
        return row[i18n.resolve(lang)]

    def ids(self, kind: str) -> list[str]:
        return [i for k, i in self.table if k == kind]


#: Kinds whose ids are the code's own vocabularies (schema.SECTORS, LAYERS ...), the same for any data set:
#: :func:`term` gives them to code that has no atlas at hand (texts, figure titles, exports).
TERM_KINDS = ("sector", "layer", "reporter", "flow", "verdict", "feature_kind", "status", "milestone_kind",
              "indicator")  # indicators: a user's imported indicator has no label and stays as typed
_terms: dict[tuple[str, str], Mapping[str, str]] = {}


def term(kind: str, id: object, fallback: str | None = None) -> str:
    """The active language's name of a code vocabulary entry (``term("sector", "energy")`` → 'Enerji' in
    Turkish), as the last validated label tables give it; ``fallback`` (or the id) if none has one."""
    row = _terms.get((kind, str(id)))
    if row is None:
        return fallback if fallback is not None else str(id)
    return row[i18n.get_lang()] or row["en"]


def load_labels(label_dir: Path, frames: Frames) -> tuple[Labels, list]:
    """Read and validate every label file against the shipped ``frames``; returns labels and problems."""
    from dashboard.data.load import Problem, load_table  # noqa: PLC0415 -- load imports this module

    problems: list[Problem] = []
    table: dict[tuple[str, str], dict[str, str]] = {}
    where: dict[tuple[str, str], tuple[str, int]] = {}
    for name in LABEL_FILES:
        path = label_dir / name
        df, found = load_table(path, LABEL_SPEC)
        file = f"{LABEL_DIR}/{name}"
        problems += [Problem(f"{LABEL_DIR}/{p.file}", p.row, p.column, p.message) for p in found]
        if df is None:
            continue
        for i, r in enumerate(df.itertuples(index=False), start=2):
            kind, key = str(r.kind), str(r.id)
            if kind not in KINDS:
                problems.append(Problem(file, i, "kind", f"unknown kind {kind!r}; one of: {', '.join(KINDS)}"))
                continue
            if (kind, key) in table:
                first = where[(kind, key)]
                problems.append(Problem(file, i, "id", f"{kind} {key!r} is already translated in "
                                                       f"{LABEL_DIR}/{first[0]}, row {first[1]}"))
                continue
            texts = {lang: str(getattr(r, lang)) for lang in LANGS}
            want = numbers(texts["en"])
            for lang in LANGS[1:]:
                if texts[lang] and numbers(texts[lang]) != want:
                    problems.append(Problem(file, i, lang, f"the numbers differ from the English ({want} in "
                                                           f"{texts['en'][:50]!r}); a translation never changes one"))
            table[(kind, key)] = texts
            where[(kind, key)] = (name, i)
    problems += _check_coverage(table, where, frames)
    _terms.update({key: texts for key, texts in table.items() if key[0] in TERM_KINDS})
    return Labels(table), problems


def _check_coverage(table, where, frames: Frames) -> list:
    from dashboard.data.load import Problem  # noqa: PLC0415

    problems = []
    for kind, spec in KINDS.items():
        if kind in FREE_KINDS:
            continue
        try:
            needed = spec.ids(frames)
        except KeyError:  # a source table failed to load: its own problems are reported already
            continue
        for key, english in needed.items():
            row = table.get((kind, key))
            if row is None:
                problems.append(Problem(f"{LABEL_DIR}/", None, None,
                                        f"no {kind} translation for {key!r} ({spec.source}): add a row with "
                                        "en, tr, kk and ru"))
            elif english is not None and row["en"] != english:
                file, line = where[(kind, key)]
                problems.append(Problem(f"{LABEL_DIR}/{file}", line, "en",
                                        f"{kind} {key!r}: the data now say {english[:60]!r}; update en and the "
                                        "translations"))
        for (k, key), (file, line) in where.items():
            if k == kind and key not in needed:
                problems.append(Problem(f"{LABEL_DIR}/{file}", line, "id",
                                        f"{kind} {key!r} is not in the data ({spec.source}): a stale translation?"))
    return problems
