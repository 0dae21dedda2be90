"""Load every shipped file once, validate it, and report every problem at once.

A broken file stops start-up with one :class:`DataError` whose message lists each problem
with its file, row and column, never a bare traceback.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.data.labels import LABEL_DIR, Labels, load_labels
from dashboard.data.schema import TABLES, Column, TableSpec, issuer_problems

IMPORTED_DIR = "imported"  # validated imports: imported/<table>_<name>.csv, same schema as the table
IMPORTABLE = ("trade", "indicators")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when shipped or imported data fail validation; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data files:\n{lines}")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so derived tables can be cached per atlas
class Atlas:
    """All data of the app, validated; never mutated after loading."""

    posts: gpd.GeoDataFrame
    ports: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    lakes: gpd.GeoDataFrame
    trade: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    milestones: pd.DataFrame
    facts: pd.DataFrame
    factcheck: pd.DataFrame
    labels: Labels  # names, kinds, sectors, titles ... in en, tr, kk, ru (geodata/i18n/)

    def label(self, kind: str, id: object, lang: str | None = None, *, fallback: str | None = None) -> str:
        """``atlas.label("feature", "port_kuryk", "kk")`` → 'Құрық порты (паром кешені)'; see :class:`Labels`."""
        return self.labels.label(kind, id, lang, fallback=fallback)


# --------------------------------------------------------------------------- validation
def _date_year(text: str) -> int | None:
    """The year of an ISO date to the year, month or day ('2012', '2012-05', '2012-05-23'); None if it is none."""
    found = _ISO_DATE.match(text)
    if not found:
        return None
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        datetime.date(max(year, 1), month, day)
    except ValueError:
        return None
    return year


def _coerce(values: pd.Series, col: Column) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of bad cells) for one column read as text."""
    text = values.astype("string").str.strip().fillna("")
    empty = text.eq("") | text.str.lower().isin({"nan", "<na>", "none"})
    if col.type == "str":
        typed, bad = text.where(~empty, ""), pd.Series(False, index=values.index)
    elif col.type == "date":  # kept as written; its year is checked against the plausible range
        typed = text.where(~empty, "")
        bad = ~empty & text.map(_date_year).isna()
    elif col.type == "bool":
        low = text.str.lower()
        typed = low.isin(_TRUE)
        bad = ~empty & ~low.isin(_TRUE | _FALSE)
    else:
        num = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = ~empty & num.isna()
        if col.type == "int":
            bad |= num.notna() & (num % 1 != 0)
            typed = num.round().astype("Int64")
        else:
            typed = num.astype("Float64")
    return typed, bad


def validate_frame(
    df: pd.DataFrame, spec: TableSpec, file: str, first_row: int = 2
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and type one table; ``first_row`` is the row number shown for the first record."""
    problems: list[Problem] = []
    df = df.assign(**{c: "" for c, col in spec.columns.items() if col.absent_ok and c not in df.columns})
    missing = [c for c in spec.columns if c not in df.columns]
    for c in missing:
        problems.append(Problem(file, None, c, "required column is missing"))
    if df.empty:
        problems.append(Problem(file, None, None, "the file has no rows"))
    out = df.copy()
    for name, col in spec.columns.items():
        if name in missing:
            continue
        typed, bad = _coerce(df[name], col)
        text = df[name].astype("string").str.strip().fillna("")
        expected = "a date (YYYY, YYYY-MM or YYYY-MM-DD)" if col.type == "date" else col.type
        for idx in df.index[bad]:
            problems.append(Problem(file, idx + first_row, name, f"expected {expected}, found {str(text[idx])[:40]!r}"))
        if col.required:
            empty = typed.isna() if col.type in ("int", "float") else text.eq("") | text.str.lower().eq("nan")
            for idx in df.index[empty & ~bad]:
                problems.append(Problem(file, idx + first_row, name, "value is required"))
        if col.allowed is not None:
            off = text.ne("") & ~text.isin(col.allowed)
            for idx in df.index[off]:
                allowed = ", ".join(sorted(col.allowed))
                problems.append(
                    Problem(file, idx + first_row, name, f"{str(text[idx])[:40]!r} is not one of: {allowed}")
                )
        if col.min is not None or col.max is not None:
            num = (typed.map(_date_year) if col.type == "date" else typed).astype("Float64")
            lo = col.min if col.min is not None else -float("inf")
            hi = col.max if col.max is not None else float("inf")
            off = num.notna() & ((num < lo) | (num > hi))
            for idx in df.index[off.fillna(False)]:
                problems.append(
                    Problem(file, idx + first_row, name, f"{num[idx]:g} is outside the plausible range {lo:g}–{hi:g}")
                )
        out[name] = typed
    if spec.id_column and spec.id_column in df.columns:
        dup = df[spec.id_column].duplicated(keep="first")
        for idx in df.index[dup]:
            problems.append(
                Problem(file, idx + first_row, spec.id_column, f"duplicate id {df.at[idx, spec.id_column]!r}")
            )
    return out, problems


def _check_geometry(gdf: gpd.GeoDataFrame, spec: TableSpec, file: str) -> list[Problem]:
    problems: list[Problem] = []
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        problems.append(Problem(file, None, "geometry", f"CRS must be EPSG:4326 (WGS84), found {gdf.crs}"))
    geom = gdf.geometry
    for i, g in enumerate(geom.values, start=1):
        if g is None or g.is_empty:
            problems.append(Problem(file, i, "geometry", "geometry is missing or empty"))
            continue
        if g.geom_type.removeprefix("Multi") != spec.geometry:
            problems.append(Problem(file, i, "geometry", f"expected {spec.geometry}, found {g.geom_type}"))
        elif not g.is_valid:
            problems.append(Problem(file, i, "geometry", f"invalid geometry: {shapely.is_valid_reason(g)}"))
        minx, miny, maxx, maxy = g.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            problems.append(Problem(file, i, "geometry", "coordinates outside longitude/latitude bounds"))
    return problems


def _long_row(path: Path) -> int | None:
    """The line number of the first CSV record with more fields than the header."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        width = len(next(rows, []))
        return next((rows.line_num for row in rows if len(row) > width), None)


def _read(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = path.name
    if not path.exists():
        return None, [Problem(name, None, None, "file not found")]
    try:
        if spec.geometry:
            json.loads(path.read_text(encoding="utf-8"))  # clear message for truncated / non-JSON files
            return gpd.read_file(path), []
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        if not isinstance(df.index, pd.RangeIndex):  # pandas made column 1 the index: a row is too long
            return None, [Problem(name, _long_row(path), None, "the row has more fields than the header "
                                  "(a stray comma, or a value with a comma but no quotes?)")]
        return df, []
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except json.JSONDecodeError as exc:
        return None, [Problem(name, exc.lineno, None, f"not valid JSON: {exc.msg}")]
    except Exception as exc:  # pyogrio / pandas parser errors: report, never crash start-up
        return None, [Problem(name, None, None, f"cannot be read: {str(exc)[:200]}")]


def load_table(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and validate one file; returns the typed frame (None if unreadable) and its problems."""
    df, problems = _read(path, spec)
    if df is None:
        return None, problems
    typed, more = validate_frame(df, spec, path.name, first_row=1 if spec.geometry else 2)
    problems += more
    if spec.geometry:
        problems += _check_geometry(df, spec, path.name)
        typed = gpd.GeoDataFrame(typed, geometry=df.geometry.name, crs=df.crs)
    return typed, problems


def _issuer_problems(df: pd.DataFrame | None, spec: TableSpec, file: str, *, required: bool) -> list[Problem]:
    """Rows whose issuer kind cannot carry their quality (schema.issuer_problems), as problems of ``file``."""
    if "issuer_kind" not in spec.columns:
        return []
    first = 1 if spec.geometry else 2
    return [Problem(file, idx + first, col, msg) for idx, col, msg in issuer_problems(df, required=required)]


def load_atlas(data_dir: Path) -> Atlas:
    """Load and validate every table in ``data_dir`` (plus validated imports); raise on any problem."""
    data_dir = Path(data_dir)
    frames: dict[str, pd.DataFrame] = {}
    shipped: dict[str, pd.DataFrame] = {}  # without imports: the labels translate the shipped data
    problems: list[Problem] = []
    for key, spec in TABLES.items():
        df, found = load_table(data_dir / spec.file, spec)
        problems += found + _issuer_problems(df, spec, spec.file, required=True)
        if df is not None:
            shipped[key] = df
        parts = [df] if df is not None else []
        imports = sorted((data_dir / IMPORTED_DIR).glob(f"{key}_*.csv")) if key in IMPORTABLE else []
        for extra in imports:
            imp, found = load_table(extra, spec)
            found += _issuer_problems(imp, spec, extra.name, required=False)
            problems += [Problem(f"{IMPORTED_DIR}/{p.file}", p.row, p.column, p.message) for p in found]
            if imp is not None:
                parts.append(imp)
        if parts:
            frames[key] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for key in IMPORTABLE:
        if key in frames and "id" in frames[key]:
            dup = frames[key]["id"].duplicated()
            problems += [
                Problem(key, None, "id", f"id {i!r} appears in both shipped and imported data")
                for i in frames[key]["id"][dup]
            ]
    trade = frames.get("trade")
    if trade is not None and {"primary", "year", "reporter", "flow"} <= set(trade.columns):
        primary = trade[trade["primary"] == True]  # noqa: E712 (nullable boolean column)
        clash = primary[primary.duplicated(["year", "reporter", "flow"], keep="first")]
        problems += [
            Problem(
                "trade",
                None,
                "primary",
                f"two primary rows for {r.year} {r.reporter} {r.flow} (id {r.id!r}); the chart can plot only one",
            )
            for r in clash.itertuples()
        ]
    labels, found = load_labels(data_dir / LABEL_DIR, shipped)
    problems += found
    if problems:
        raise DataError(problems)
    return Atlas(**frames, labels=labels)
