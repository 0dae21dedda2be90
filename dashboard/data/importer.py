"""Import official trade data into a data directory, validated first, written atomically.

Two input formats are accepted (see ``docs/IMPORT.md``):

* a UN Comtrade bilateral export (Kazakhstan–Türkiye, annual, ``TOTAL`` and/or HS chapters):
  ``TOTAL`` rows become ``trade`` rows, chapter rows are summed per sector into ``indicators`` rows;
* a file in the project's own schema, with exactly the columns of ``trade_annual.csv`` or of
  ``indicators.csv``.

Every problem is collected and reported at once with its row (as a spreadsheet shows it, the header
is row 1) and column. Only a fully valid file is written, to ``<data dir>/imported/<table>_<name>.csv``;
the data directory is then loaded with :func:`~dashboard.data.load.load_atlas`, and restored
byte for byte if it no longer loads. The column rules are those of :mod:`dashboard.data.schema`,
applied by :func:`~dashboard.data.load.validate_frame`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.data.hs_sectors import HS_CHAPTERS, SECTOR_OF_CHAPTER
from dashboard.data.load import (
    IMPORTED_DIR,
    DataError,
    Problem,
    load_atlas,
    validate_frame,
)
from dashboard.data.schema import TABLES, Column, TableSpec

IMPORTABLE = ("trade", "indicators")
LOG_FILE = "IMPORTS.log"
COMTRADE_URL = "https://comtradeplus.un.org/"
COMTRADE_FMT = "UN Comtrade export"
FIRST_YEAR = 1992  # first full year of Kazakh–Turkish trade statistics
MAX_FLOW_USD = 1e12  # no bilateral flow of these two economies comes near USD 1 trillion
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")

_ISO = {"KAZ": "KZ", "TUR": "TR"}
# (reporter, Comtrade flow) -> atlas flow. Imports reported by one side mirror the other's exports.
_FLOW = {
    ("KAZ", "X"): "kz_exports_to_tr",
    ("KAZ", "M"): "tr_exports_to_kz",
    ("TUR", "X"): "tr_exports_to_kz",
    ("TUR", "M"): "kz_exports_to_tr",
}
_INDICATOR = {
    "kz_exports_to_tr": "Kazakh exports to Türkiye (UN Comtrade, HS)",
    "tr_exports_to_kz": "Turkish exports to Kazakhstan (UN Comtrade, HS)",
}
_ISSUER = {"KAZ": "Kazakhstan's official statistics", "TUR": "Türkiye's official statistics"}
_AS_REPORTED = {
    ("KAZ", "X"): "Kazakhstan's reported exports to Türkiye (flow X)",
    ("KAZ", "M"): "Kazakhstan's reported imports from Türkiye (flow M, usually valued CIF)",
    ("TUR", "X"): "Türkiye's reported exports to Kazakhstan (flow X)",
    ("TUR", "M"): "Türkiye's reported imports from Kazakhstan (flow M, usually valued CIF)",
}
# Columns a Comtrade export must have, with the rule of each; other Comtrade columns are ignored.
_COMTRADE_REQUIRED = ("freqCode", "refYear", "reporterISO", "partnerISO", "flowCode", "cmdCode", "primaryValue")
_COMTRADE_OPTIONAL = ("typeCode", "classificationCode")
_BILATERAL = "only bilateral Kazakhstan (KAZ) – Türkiye (TUR) data can be imported"
_HINTS = {
    "freqCode": "only annual data (A) can be imported",
    "typeCode": "only trade in goods (C) can be imported",
    "reporterISO": _BILATERAL,
    "partnerISO": _BILATERAL,
    "flowCode": "only exports (X) and imports (M) can be imported",
    "primaryValue": "the value in US dollars must be a number from 0 to 1e12 (no bilateral flow is negative "
    "or above USD 1 trillion)",
}
_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP archive or Excel workbook (.xlsx); export it as CSV (UTF-8)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls); export it as CSV (UTF-8)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\x1f\x8b": "a gzip archive; unpack it first",
}
# Keys that may occur only once in an own-schema file (same value twice from one source).
_OWN_KEYS = {
    "trade": ("year", "reporter", "flow", "period", "source_name"),
    "indicators": ("sector", "indicator", "unit", "year", "period", "reporter", "source_name"),
}


@dataclass
class ImportPlan:
    """What an import would write: one frame (text, schema column order) per table, or problems."""

    file: str
    sha256: str
    name: str
    declared: str
    today: date
    fmt: str = ""
    outputs: dict[str, pd.DataFrame] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class ImportRejected(Exception):
    """The import was not applied; ``problems`` says why, one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def slug(text: str) -> str:
    """A file-name-safe import name derived from ``text`` (a file stem)."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60].strip("_")
    return s or "import"


def target_path(data_dir: Path, table: str, name: str) -> Path:
    return Path(data_dir) / IMPORTED_DIR / f"{table}_{name}.csv"


# --------------------------------------------------------------------------- reading
def read_csv_bytes(raw: bytes, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Decode and parse one CSV; every value stays text. Row numbers: index + 2 (header is row 1)."""
    if not raw.strip():
        return None, [Problem(file, None, None, "the file is empty")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, None, None, "the file is UTF-16 text; save it as CSV (UTF-8)")]
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            return None, [Problem(file, None, None, f"not a CSV text file: it looks like {what}")]
    if b"\x00" in raw[:8192]:
        return None, [Problem(file, None, None, "not a CSV text file: it contains binary data (NUL bytes)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return None, [
            Problem(file, line, None, f"not UTF-8 text (byte 0x{bad} cannot be decoded); save the file as CSV (UTF-8)")
        ]
    if text.lstrip().startswith(("{", "[")):
        return None, [Problem(file, None, None, "not a CSV file: it looks like JSON (GeoJSON?)")]
    records: list[tuple[int, list[str]]] = []  # (row number as a spreadsheet shows it, fields)
    try:
        for row, fields in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            records.append((row, [f.strip() for f in fields]))
    except csv.Error as exc:
        return None, [Problem(file, len(records) + 1, None, f"cannot be read as CSV: {exc}")]
    (_, names), body = records[0], records[1:]
    problems = [
        Problem(file, 1, n, "column appears more than once in the header")
        for n in sorted({n for n in names if names.count(n) > 1})
    ]
    if "" in names:
        problems.append(Problem(file, 1, None, f"column {names.index('') + 1} of the header has no name"))
    for row, fields in body:
        if len(fields) > len(names) and any(fields[len(names) :]):
            msg = f"row has {len(fields)} fields but the header has {len(names)} (an unquoted comma in a value?)"
            problems.append(Problem(file, row, None, msg))
    if problems:
        return None, problems
    body = [(row, fields) for row, fields in body if any(fields)]  # blank lines keep their row numbers
    if not body:
        return None, [Problem(file, None, None, "the file has a header but no data rows")]
    width = len(names)
    data = [(fields + [""] * width)[:width] for _, fields in body]  # short rows: missing cells are empty
    return pd.DataFrame(data, columns=names, index=[row - 2 for row, _ in body], dtype=str), []


def detect_format(columns: list[str]) -> str | None:
    """``"comtrade"``, ``"trade"``, ``"indicators"`` or None, from the header alone."""
    cols = set(columns)
    if len(cols & set(_COMTRADE_REQUIRED)) >= 3:
        return "comtrade"
    trade, indicators = set(TABLES["trade"].columns), set(TABLES["indicators"].columns)
    # Columns only one of the two tables has (flow, value_usd_m, primary / sector, indicator, unit, value).
    own = {"trade": len(cols & (trade - indicators)), "indicators": len(cols & (indicators - trade))}
    best = max(own, key=own.get)
    half = 2 * len(cols & set(TABLES[best].columns)) >= len(TABLES[best].columns)
    if own[best] < 2 and not (own[best] and half):
        return None  # e.g. milestones.csv: only id, year, sector and the source columns in common
    return best


# --------------------------------------------------------------------------- validation
def _with_hints(problems: list[Problem], hints: dict[str, str]) -> list[Problem]:
    """Add what a column must hold to its row problems (not to 'required column is missing')."""
    return [
        replace(p, message=f"{p.message}; {hints[p.column]}") if p.column in hints and p.row is not None else p
        for p in problems
    ]


def _normalise_hs(code: str) -> str:
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def _hs_problem(code: str) -> str | None:
    if code == "TOTAL" or code in HS_CHAPTERS:
        return None
    if code == "77":
        return "HS chapter 77 is reserved and never used; unknown HS code"
    if code.isdigit() and len(code) > 2:
        return f"HS code {code!r} is more detailed than a chapter; export 2-digit chapters (AG2) or TOTAL"
    return f"unknown HS code {code!r}; expected TOTAL or an HS chapter 01–99"


def _validate_comtrade(df: pd.DataFrame, file: str, today: date) -> tuple[pd.DataFrame, list[Problem]]:
    last = today.year - 1
    rules: dict[str, Column] = {
        "freqCode": Column(allowed=frozenset({"A"})),
        "refYear": Column("int", min=FIRST_YEAR, max=last),
        "reporterISO": Column(allowed=frozenset(_ISO)),
        "partnerISO": Column(allowed=frozenset(_ISO)),
        "flowCode": Column(allowed=frozenset({"X", "M"})),
        "cmdCode": Column(),
        "primaryValue": Column("float", min=0, max=MAX_FLOW_USD),
    }
    if "typeCode" in df.columns:
        rules["typeCode"] = Column(allowed=frozenset({"C"}))
    if "classificationCode" in df.columns:
        rules["classificationCode"] = Column(required=False)
    hints = {
        **_HINTS,
        "refYear": f"annual data run from {FIRST_YEAR} to {last}; a later year is in the future or not complete yet",
    }
    typed, problems = validate_frame(df, TableSpec(file, rules, id_column=None), file)
    problems = _with_hints(problems, hints)
    if any(p.row is None for p in problems):  # a column is missing: row checks would only add noise
        return typed, problems
    bad_rows = {p.row for p in problems}
    typed["cmdCode"] = typed["cmdCode"].map(_normalise_hs)
    for idx, r in typed.iterrows():
        row = idx + 2
        if r["reporterISO"] in _ISO and r["reporterISO"] == r["partnerISO"]:
            problems.append(
                Problem(
                    file, row, "partnerISO", f"partner is the same as the reporter ({r['reporterISO']}); {_BILATERAL}"
                )
            )
            bad_rows.add(row)
        if r["cmdCode"] and (msg := _hs_problem(r["cmdCode"])):
            problems.append(Problem(file, row, "cmdCode", msg))
            bad_rows.add(row)
        cls = str(r.get("classificationCode", "") or "")
        if cls and not cls.upper().startswith("H"):
            msg = f"classification {cls!r} is not the Harmonized System (HS); only HS data can be mapped to sectors"
            problems.append(Problem(file, row, "classificationCode", msg))
            bad_rows.add(row)
    ok = typed[~(typed.index + 2).isin(bad_rows)]
    key = ["refYear", "reporterISO", "flowCode", "cmdCode"]
    first = {}
    for idx, k in zip(ok.index, ok[key].itertuples(index=False, name=None), strict=True):
        if k in first:
            msg = (
                f"duplicate of row {first[k]}: same year, reporter, flow and commodity code (is the export broken "
                "down by second partner, customs procedure or mode of transport? download totals only)"
            )
            problems.append(Problem(file, idx + 2, "/".join(key), msg))
        else:
            first[k] = idx + 2
    for (year, rep, flow), grp in ok.groupby(["refYear", "reporterISO", "flowCode"]):
        total = grp[grp["cmdCode"] == "TOTAL"]
        chapters = grp[grp["cmdCode"] != "TOTAL"]
        if len(total) == 1 and len(chapters):
            t, s = float(total["primaryValue"].iloc[0]), float(chapters["primaryValue"].sum())
            if s > t * 1.005 + 1:
                msg = (
                    f"HS chapters of {year} {rep} flow {flow} sum to USD {s / 1e6:,.1f} m, more than this TOTAL "
                    f"of USD {t / 1e6:,.1f} m (rows {_rows(chapters.index)})"
                )
                problems.append(Problem(file, int(total.index[0]) + 2, "primaryValue", msg))
    return typed, problems


def _rows(index: pd.Index) -> str:
    return ",".join(str(int(i) + 2) for i in index)


def _validate_own(df: pd.DataFrame, table: str, file: str, today: date) -> list[Problem]:
    spec = TABLES[table]
    problems = [
        Problem(file, 1, c, f"unexpected column: the file must have exactly the columns of {spec.file}")
        for c in df.columns
        if c not in spec.columns
    ]
    typed, found = validate_frame(df, spec, file)
    problems += found
    if any(p.row is None for p in found):
        return problems
    future = typed["year"].notna() & (typed["year"] > today.year) & (typed["quality"] != "forecast")
    for idx in typed.index[future.fillna(False)]:
        msg = f"year {typed.at[idx, 'year']} is in the future; only rows of quality 'forecast' may be"
        problems.append(Problem(file, idx + 2, "year", msg))
    key = list(_OWN_KEYS[table])
    dup = df.duplicated(key, keep="first")
    for idx in df.index[dup]:
        first = df.index[(df[key] == df.loc[idx, key]).all(axis=1)][0]
        msg = f"duplicate of row {first + 2}: the same source gives this value twice"
        problems.append(Problem(file, idx + 2, "/".join(key), msg))
    if table == "trade":
        prim = typed[typed["primary"]]
        for idx in prim.index[prim.duplicated(["year", "reporter", "flow"], keep="first")]:
            msg = "a second primary value for the same year, reporter and flow; set primary to false on one of them"
            problems.append(Problem(file, idx + 2, "primary", msg))
    return problems


# --------------------------------------------------------------------------- conversion
def _provenance(file: str, today: date, declared: str) -> tuple[str, str]:
    """(source_name, source_url) of Comtrade rows."""
    name = f"UN Comtrade (imported from {file} on {today.isoformat()})"
    if declared:
        name += f"; declared source: {declared}"
    url = re.search(r"https?://\S+", declared)
    return name, url[0] if url else COMTRADE_URL


def _convert_comtrade(typed: pd.DataFrame, file: str, name: str, today: date, declared: str) -> dict[str, pd.DataFrame]:
    source_name, source_url = _provenance(file, today, declared)
    common = {
        "period": "full",
        "quality": "official",
        "issuer_kind": "statistics_office",
        "source_name": source_name,
        "source_url": source_url,
        "source_date": today.isoformat(),
    }
    trade, indicators = [], []
    for idx, r in typed[typed["cmdCode"] == "TOTAL"].iterrows():
        rep, flow = _ISO[r["reporterISO"]], _FLOW[(r["reporterISO"], r["flowCode"])]
        year = int(r["refYear"])
        trade.append(
            {
                "id": f"imp_{name}_{year}_{rep.lower()}_{flow}",
                "year": year,
                "reporter": rep,
                "flow": flow,
                "value_usd_m": _usd_m(r["primaryValue"]),
                **common,
                "primary": True,
                "origin": f"import:{file}:{idx + 2}",
                "issuer": _ISSUER[r["reporterISO"]],
                "channel": "UN Comtrade",
                "stated_change_pct": "",
                "stated_change": "",
                "note": f"UN Comtrade TOTAL: {_AS_REPORTED[(r['reporterISO'], r['flowCode'])]}.",
                "_row": idx + 2,
            }
        )
    chapters = typed[typed["cmdCode"] != "TOTAL"].assign(sector=lambda d: d["cmdCode"].map(SECTOR_OF_CHAPTER))
    for (year, iso, fc, sector), grp in chapters.groupby(["refYear", "reporterISO", "flowCode", "sector"]):
        rep, flow = _ISO[iso], _FLOW[(iso, fc)]
        grp = grp.sort_values("cmdCode")
        listed = "; ".join(f"{c} {HS_CHAPTERS[c]}" for c in grp["cmdCode"])
        indicators.append(
            {
                "id": f"imp_{name}_{int(year)}_{rep.lower()}_{flow}_{sector}",
                "sector": sector,
                "indicator": _INDICATOR[flow],
                "unit": "USD m",
                "year": int(year),
                "value": _usd_m(grp["primaryValue"].sum()),
                "reporter": rep,
                **common,
                "origin": f"import:{file}:{_rows(grp.index.sort_values())}",
                "issuer": _ISSUER[iso],
                "channel": "UN Comtrade",
                "note": f"Sum of HS chapters {listed}. {_AS_REPORTED[(iso, fc)]}.",
                "_row": int(grp.index.min()) + 2,
            }
        )
    out = {}
    for table, rows in (("trade", trade), ("indicators", indicators)):
        if rows:
            out[table] = pd.DataFrame(rows)[[*TABLES[table].columns, "_row"]].astype(str)
    return out


def _usd_m(value: float) -> str:
    return f"{float(value) / 1e6:.6f}".rstrip("0").rstrip(".")


def _convert_own(df: pd.DataFrame, table: str, file: str, today: date, declared: str) -> pd.DataFrame:
    out = df.reindex(columns=list(TABLES[table].columns), fill_value="")
    out["_row"] = (df.index + 2).astype(str)
    stamp = f"[Imported from {file} on {today.isoformat()}" + (f"; declared source: {declared}]" if declared else "]")
    out["note"] = (out["note"] + " " + stamp).str.strip()
    out["origin"] = "import:" + file + ":" + out["_row"] + out["origin"].map(lambda o: f" (was {o})" if o else "")
    return out


# --------------------------------------------------------------------------- checks against the data dir
def _existing(data_dir: Path, name: str) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """trade and indicators as they load now, minus the rows of the import this one would replace."""
    try:
        atlas = load_atlas(data_dir)
    except DataError as exc:
        head = Problem(
            str(data_dir), None, None, "the data directory does not load before the import; fix these problems first"
        )
        return {}, [head, *exc.problems]
    except Exception as exc:  # noqa: BLE001 -- unreadable geometry etc.: report, never crash
        return {}, [Problem(str(data_dir), None, None, f"the data directory cannot be loaded: {str(exc)[:200]}")]
    frames = {}
    for table in IMPORTABLE:
        frame = getattr(atlas, table)
        old = target_path(data_dir, table, name)
        if old.exists():
            old_ids = pd.read_csv(old, dtype=str, keep_default_na=False, encoding="utf-8")["id"]
            frame = frame[~frame["id"].isin(set(old_ids))]
        frames[table] = frame
    return frames, []


def _check_against(plan: ImportPlan, existing: dict[str, pd.DataFrame], own: bool) -> None:
    for table, out in plan.outputs.items():
        have = existing[table]
        origin = dict(zip(have["id"], have["origin"], strict=True))
        for i, row in zip(out["id"], out["_row"], strict=True):
            if i in origin:
                msg = f"id {i!r} already exists in the data directory (origin {origin[i]}); choose a new id"
                plan.problems.append(Problem(plan.file, int(row), "id", msg))
        if table != "trade":
            continue
        prim = have[have["primary"]].set_index(["year", "reporter", "flow"])
        for idx, r in out.iterrows():
            k = (int(float(r["year"])), r["reporter"], r["flow"])
            is_primary = r["primary"].strip().lower() in {"true", "1", "yes"}
            if not is_primary or k not in prim.index:
                continue
            hit = prim.loc[[k]].iloc[0]
            which = f"{hit['id']} ({hit['value_usd_m']} USD m, origin {hit['origin']})"
            if own:
                msg = f"the data directory already has a primary value for {' '.join(map(str, k))}: {which}"
                msg += "; set primary to false"
                plan.problems.append(Problem(plan.file, int(r["_row"]), "primary", msg))
            else:
                out.at[idx, "primary"] = "False"
                out.at[idx, "note"] += f" Not primary: the data directory already has a primary value for it: {which}."
                plan.notices.append(
                    f"{k[0]} {k[1]} {k[2]}: imported with primary=False, because {which} is already the primary value"
                )


def plan_import(path: Path, data_dir: Path, *, name: str, declared: str = "", today: date | None = None) -> ImportPlan:
    """Read, validate and convert ``path``; check it against ``data_dir``. Writes nothing."""
    today = today or date.today()
    path, data_dir = Path(path), Path(data_dir)
    raw = path.read_bytes()
    plan = ImportPlan(path.name, hashlib.sha256(raw).hexdigest(), name, declared, today)
    df, plan.problems = read_csv_bytes(raw, plan.file)
    if df is not None:
        fmt = detect_format(list(df.columns))
        if fmt is None:
            expected = ", ".join(_COMTRADE_REQUIRED)
            msg = (
                f"columns not recognised: expected a UN Comtrade export ({expected}, ...) or exactly the columns of "
                f"{TABLES['trade'].file} or {TABLES['indicators'].file}"
            )
            if len(df.columns) == 1 and ";" in df.columns[0]:
                msg += "; the file seems to use ';' as separator, save it with ','"
            plan.problems.append(Problem(plan.file, 1, None, msg))
        elif fmt == "comtrade":
            plan.fmt = COMTRADE_FMT
            typed, plan.problems = _validate_comtrade(df, plan.file, today)
            if not plan.problems:
                plan.outputs = _convert_comtrade(typed, plan.file, name, today, declared)
        else:
            plan.fmt = f"{TABLES[fmt].file} schema"
            plan.problems += _validate_own(df, fmt, plan.file, today)
            if not plan.problems:
                plan.outputs = {fmt: _convert_own(df, fmt, plan.file, today, declared)}
    existing, dir_problems = _existing(data_dir, name)
    if not plan.problems and not dir_problems:
        _check_against(plan, existing, own=plan.fmt != COMTRADE_FMT)
    plan.problems += dir_problems
    return plan


# --------------------------------------------------------------------------- writing
def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.drop(columns="_row").to_csv(index=False, lineterminator="\n").encode("utf-8")


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not supported everywhere (e.g. Windows)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then ``os.replace`` it into place."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def apply_import(plan: ImportPlan, data_dir: Path) -> list[str]:
    """Write a valid plan; prove the data dir still loads; otherwise restore it and raise ImportRejected."""
    data_dir = Path(data_dir)
    imp = data_dir / IMPORTED_DIR
    log = imp / LOG_FILE
    targets = {t: target_path(data_dir, t, plan.name) for t in plan.outputs}
    touched = [log, *targets.values(), *(p.with_name(p.name + ".prev") for p in targets.values())]
    had_dir = imp.is_dir()
    before = {p: p.read_bytes() if p.exists() else None for p in touched}
    messages = []
    try:
        imp.mkdir(exist_ok=True)
        lines = b""
        for table, path in targets.items():
            data = to_csv_bytes(plan.outputs[table])
            what = f"{len(plan.outputs[table])} {table} row(s) to {path}"
            if before[path] is not None:
                atomic_write(path.with_name(path.name + ".prev"), before[path])
                what += f" (previous version kept as {path.name}.prev)"
            atomic_write(path, data)
            messages.append(f"wrote {what}")
            entry = {
                "file": plan.file,
                "sha256": plan.sha256,
                "date": plan.today.isoformat(),
                "declared_source": plan.declared,
                "name": plan.name,
                "format": plan.fmt,
                "table": table,
                "rows": len(plan.outputs[table]),
                "output": f"{IMPORTED_DIR}/{path.name}",
            }
            lines += (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        load_atlas(data_dir)
        atomic_write(log, (before[log] or b"") + lines)
    except BaseException as exc:
        _restore(before, imp, had_dir)
        if isinstance(exc, DataError):
            head = Problem(
                plan.file, None, None, "the data directory no longer loads with this import, so it was rolled back"
            )
            raise ImportRejected([head, *exc.problems]) from None
        if isinstance(exc, OSError):
            raise ImportRejected(
                [Problem(plan.file, None, None, f"cannot write the import ({exc}); it was rolled back")]
            ) from None
        raise
    return messages


def _restore(before: dict[Path, bytes | None], imp: Path, had_dir: bool) -> None:
    for path, data in before.items():
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        elif not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
    if not had_dir:
        with contextlib.suppress(OSError):
            imp.rmdir()
