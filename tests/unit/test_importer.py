"""Tests for ``python -m dashboard.data import``: validation, atomic writes, provenance, rollback.

Every input file here is SYNTHETIC test data (see tests/fixtures/synthetic/README.md), declared as
such with ``--source``. Imports go into a temporary copy of ``geodata/``, never into the shipped one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import importer
from dashboard.data.__main__ import main
from dashboard.data.hs_sectors import HS_CHAPTERS, SECTOR_OF_CHAPTER
from dashboard.data.load import DataError, Problem, load_atlas
from tests.datadir import snapshot

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "synthetic"
COMTRADE = FIX / "comtrade_kaz_tur.csv"
SOURCE = "SYNTHETIC test data, not real statistics"
NEXT_YEAR = date.today().year + 1


# --------------------------------------------------------------------------- helpers
def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def do_import(capsys, file: Path, data_copy: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "import", file, "--data-dir", data_copy, "--source", SOURCE, *extra)


BASE = COMTRADE.read_text(encoding="utf-8")
BASE_ROWS = list(csv.reader(io.StringIO(BASE)))
HEADER = BASE_ROWS[0]


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def edit(row: int, **changes: str) -> bytes:
    """The valid Comtrade file with cells of spreadsheet row ``row`` (header = row 1) changed."""
    rows = [list(r) for r in BASE_ROWS]
    for col, value in changes.items():
        rows[row - 1][HEADER.index(col)] = value
    return _csv(rows)


def drop_column(col: str) -> bytes:
    i = HEADER.index(col)
    return _csv([r[:i] + r[i + 1 :] for r in BASE_ROWS])


def own(fixture: str, row: int, **changes: str) -> bytes:
    rows = list(csv.reader(io.StringIO((FIX / fixture).read_text(encoding="utf-8"))))
    for col, value in changes.items():
        if col not in rows[0]:
            rows[0].append(col)
            for r in rows[1:]:
                r.append("")
        rows[row - 1][rows[0].index(col)] = value
    return _csv(rows)


# --------------------------------------------------------------------------- a valid Comtrade file
def test_comtrade_import_adds_trade_rows_and_sector_indicators(data_copy: Path, capsys) -> None:
    before = snapshot(data_copy)
    code, out, err = do_import(capsys, COMTRADE, data_copy)
    assert code == 0, err
    assert "8 trade row(s), 15 indicators row(s)" in out
    assert err == ""
    after = snapshot(data_copy)
    assert {k: v for k, v in after.items() if not k.startswith("imported")} == before  # shipped files untouched
    assert {
        "imported/trade_comtrade_kaz_tur.csv",
        "imported/indicators_comtrade_kaz_tur.csv",
        "imported/IMPORTS.log",
    } <= set(after)

    atlas = load_atlas(data_copy)
    trade = atlas.trade[atlas.trade["origin"].str.startswith("import:comtrade_kaz_tur.csv:")]
    assert sorted(trade["year"].unique()) == [2020, 2021]
    got = {(r.year, r.reporter, r.flow): (r.value_usd_m, r.primary) for r in trade.itertuples()}
    # KAZ X -> KZ kz_exports_to_tr; KAZ M -> KZ tr_exports_to_kz;
    # TUR X -> TR tr_exports_to_kz; TUR M -> TR kz_exports_to_tr.
    # KZ rows of 2020/2021 are not primary: the shipped data already has primary KZ values for them.
    assert got == {
        (2020, "KZ", "kz_exports_to_tr"): (2000.0, False),
        (2020, "KZ", "tr_exports_to_kz"): (800.0, False),
        (2020, "TR", "tr_exports_to_kz"): (850.0, True),
        (2020, "TR", "kz_exports_to_tr"): (1900.0, True),
        (2021, "KZ", "kz_exports_to_tr"): (2500.0, False),
        (2021, "KZ", "tr_exports_to_kz"): (1000.0, False),
        (2021, "TR", "tr_exports_to_kz"): (1000.0, True),
        (2021, "TR", "kz_exports_to_tr"): (2600.0, True),
    }
    row = trade[(trade["year"] == 2020) & (trade["reporter"] == "KZ") & (trade["flow"] == "kz_exports_to_tr")].iloc[0]
    assert "t2020_kz_kz_exports_to_tr_31" in row["note"]
    assert row["period"] == "full" and row["quality"] == "official"
    assert (
        row["source_name"]
        == f"UN Comtrade (imported from comtrade_kaz_tur.csv on {date.today().isoformat()}); declared source: {SOURCE}"
    )
    assert row["source_url"] == "https://comtradeplus.un.org/"
    assert row["source_date"] == date.today().isoformat()
    assert row["origin"] == "import:comtrade_kaz_tur.csv:2"
    assert "primary=False" in out and "t2020_kz_kz_exports_to_tr_31" in out  # said in the report too

    ind = atlas.indicators[atlas.indicators["origin"].str.startswith("import:comtrade_kaz_tur.csv:")]
    assert set(ind["unit"]) == {"USD m"}
    vals = {(r.year, r.reporter, r.indicator, r.sector): r.value for r in ind.itertuples()}
    kz_x = "Kazakh exports to Türkiye (UN Comtrade, HS)"
    tr_x = "Turkish exports to Kazakhstan (UN Comtrade, HS)"
    assert vals[(2020, "KZ", kz_x, "energy")] == 1200.0  # HS 27
    assert vals[(2020, "KZ", kz_x, "metals")] == 400.0  # HS 26 + 28 + 72
    assert vals[(2020, "KZ", kz_x, "agriculture")] == 100.0  # HS 10
    assert vals[(2020, "KZ", tr_x, "trade")] == 300.0  # HS 84 + 87, reported by KZ as imports
    assert vals[(2020, "TR", kz_x, "metals")] == 300.0  # HS 74, reported by TR as imports
    assert vals[(2021, "TR", kz_x, "metals")] == pytest.approx(123.456789)
    assert vals[(2021, "KZ", kz_x, "agriculture")] == 20.0  # HS 01
    metals = ind[(ind["year"] == 2020) & (ind["reporter"] == "KZ") & (ind["sector"] == "metals")].iloc[0]
    assert "26 Ores" in metals["note"] and "28 Inorganic" in metals["note"] and "72 Iron and steel" in metals["note"]
    assert metals["origin"] == "import:comtrade_kaz_tur.csv:4,5,6"

    log = [
        json.loads(line) for line in (data_copy / "imported" / "IMPORTS.log").read_text(encoding="utf-8").splitlines()
    ]
    assert [(e["table"], e["rows"]) for e in log] == [("trade", 8), ("indicators", 15)]
    assert {e["sha256"] for e in log} == {hashlib.sha256(COMTRADE.read_bytes()).hexdigest()}
    assert {(e["file"], e["declared_source"], e["date"]) for e in log} == {
        ("comtrade_kaz_tur.csv", SOURCE, date.today().isoformat())
    }


def test_dry_run_writes_nothing(data_copy: Path, capsys) -> None:
    before = snapshot(data_copy)
    code, out, err = do_import(capsys, COMTRADE, data_copy, "--dry-run")
    assert code == 0, err
    assert "Dry run" in out and "Nothing was written" in out
    assert "imp_comtrade_kaz_tur_2020_tr_tr_exports_to_kz,2020,TR,tr_exports_to_kz,850," in out
    assert snapshot(data_copy) == before


def test_second_import_of_same_name_keeps_prev(data_copy: Path, tmp_path: Path, capsys) -> None:
    assert do_import(capsys, COMTRADE, data_copy, "--name", "ct")[0] == 0
    imp = data_copy / "imported"
    first = (imp / "trade_ct.csv").read_bytes()
    revised = tmp_path / "revised.csv"
    revised.write_bytes(edit(12, primaryValue="860000000"))  # 2020 TUR X TOTAL, revised
    code, out, err = do_import(capsys, revised, data_copy, "--name", "ct")
    assert code == 0, err
    assert "previous version kept as trade_ct.csv.prev" in out
    assert (imp / "trade_ct.csv.prev").read_bytes() == first
    atlas = load_atlas(data_copy)  # .prev files are not loaded: no duplicate ids
    row = atlas.trade[atlas.trade["id"] == "imp_ct_2020_tr_tr_exports_to_kz"]
    assert row["value_usd_m"].tolist() == [860.0]
    assert len((imp / "IMPORTS.log").read_text(encoding="utf-8").splitlines()) == 4


def test_second_name_for_same_data_is_not_primary(data_copy: Path, capsys) -> None:
    assert do_import(capsys, COMTRADE, data_copy, "--name", "first")[0] == 0
    code, out, _ = do_import(capsys, COMTRADE, data_copy, "--name", "second")
    assert code == 0
    trade = load_atlas(data_copy).trade
    second = trade[trade["id"].str.startswith("imp_second_")]
    assert not second["primary"].any()
    assert "imp_first_2020_tr_tr_exports_to_kz" in out


def test_utf8_with_bom_is_accepted(data_copy: Path, tmp_path: Path, capsys) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + COMTRADE.read_bytes())
    code, _, err = do_import(capsys, bom, data_copy, "--dry-run")
    assert code == 0, err


def test_own_schema_trade_and_indicators(data_copy: Path, capsys) -> None:
    for fixture in ("trade_own.csv", "indicators_own.csv"):
        code, _, err = do_import(capsys, FIX / fixture, data_copy)
        assert code == 0, err
    atlas = load_atlas(data_copy)
    t = atlas.trade.set_index("id").loc["syn_t2014_other_total"]
    assert (t["year"], t["reporter"], t["value_usd_m"], t["primary"]) == (2014, "OTHER", 1111.0, True)
    assert t["source_name"] == "SYNTHETIC test source"  # the row's own source is kept
    assert t["origin"] == "import:trade_own.csv:2 (was synthetic.csv:2)"
    assert SOURCE in t["note"] and "trade_own.csv" in t["note"]
    i = atlas.indicators.set_index("id").loc["syn_i_grain_2020"]
    assert (i["sector"], i["unit"], i["value"]) == ("agriculture", "kt", 120.0)
    assert (data_copy / "imported" / "trade_trade_own.csv").exists()
    assert (data_copy / "imported" / "indicators_indicators_own.csv").exists()


# --------------------------------------------------------------------------- malformed input
# (case id, file content, expected "FILE, row N, column 'C'" location, message fragment)
MALFORMED = [
    ("empty", b"", "", "the file is empty"),
    ("header_only", (",".join(HEADER) + "\n").encode(), "", "header but no data rows"),
    ("binary_png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "", "not a CSV text file"),
    ("binary_nul", b"refYear,cmdCode\n2020,\x00\x01\x02\n", "", "binary data"),
    ("excel", b"PK\x03\x04" + bytes(64), "", "Excel workbook"),
    ("json", b'{"type": "FeatureCollection"}', "", "looks like JSON"),
    ("latin1", BASE.encode("cp1252"), ", row 2", "not UTF-8"),
    ("utf16", BASE.encode("utf-16"), "", "UTF-16"),
    ("missing_column", drop_column("primaryValue"), ", column 'primaryValue'", "required column is missing"),
    (
        "duplicate_header",
        _csv([[("cmdCode" if h == "cmdDesc" else h) for h in HEADER], *BASE_ROWS[1:]]),
        ", row 1, column 'cmdCode'",
        "more than once",
    ),
    ("unrecognised", b"country,value\nKAZ,1\n", ", row 1", "columns not recognised"),
    ("semicolon", BASE.replace(",", ";").encode(), ", row 1", "';' as separator"),
    (
        "ragged_row",
        BASE.encode() + b",".join([b"x"] * 50) + b"\n",
        ", row 28",
        "row has 50 fields but the header has 47",
    ),
    ("wrong_type", edit(3, primaryValue="12abc"), ", row 3, column 'primaryValue'", "expected float, found '12abc'"),
    ("year_not_a_number", edit(4, refYear="twenty"), ", row 4, column 'refYear'", "expected int"),
    (
        "reporter_not_kz_tr",
        edit(2, reporterISO="RUS"),
        ", row 2, column 'reporterISO'",
        "'RUS' is not one of: KAZ, TUR",
    ),
    ("partner_not_kz_tr", edit(5, partnerISO="CHN"), ", row 5, column 'partnerISO'", "'CHN' is not one of: KAZ, TUR"),
    ("partner_is_reporter", edit(2, partnerISO="KAZ"), ", row 2, column 'partnerISO'", "same as the reporter"),
    ("year_in_future", edit(2, refYear=str(NEXT_YEAR)), ", row 2, column 'refYear'", "in the future"),
    ("year_too_early", edit(2, refYear="1985"), ", row 2, column 'refYear'", "outside the plausible range 1992"),
    (
        "duplicate_key",
        BASE.encode() + _csv([BASE_ROWS[2]]),
        ", row 28, column 'refYear/reporterISO/flowCode/cmdCode'",
        "duplicate of row 3",
    ),
    ("negative_value", edit(3, primaryValue="-5"), ", row 3, column 'primaryValue'", "outside the plausible range 0"),
    ("absurd_value", edit(2, primaryValue="5e12"), ", row 2, column 'primaryValue'", "above USD 1 trillion"),
    ("missing_value", edit(6, primaryValue=""), ", row 6, column 'primaryValue'", "value is required"),
    ("monthly", edit(2, freqCode="M"), ", row 2, column 'freqCode'", "only annual data"),
    ("re_export_flow", edit(2, flowCode="RX"), ", row 2, column 'flowCode'", "only exports (X) and imports (M)"),
    ("services", edit(2, typeCode="S"), ", row 2, column 'typeCode'", "only trade in goods"),
    ("hs_reserved_77", edit(3, cmdCode="77"), ", row 3, column 'cmdCode'", "unknown HS code"),
    ("hs_six_digits", edit(3, cmdCode="270900"), ", row 3, column 'cmdCode'", "more detailed than a chapter"),
    ("hs_unknown", edit(3, cmdCode="AG2"), ", row 3, column 'cmdCode'", "unknown HS code 'AG2'"),
    ("not_hs", edit(3, classificationCode="S4"), ", row 3, column 'classificationCode'", "not the Harmonized System"),
    (
        "chapters_exceed_total",
        edit(2, primaryValue="1000000000"),
        ", row 2, column 'primaryValue'",
        "more than this TOTAL",
    ),
    ("own_unknown_unit", own("indicators_own.csv", 2, unit="EUR m"), ", row 2, column 'unit'", "'EUR m' is not one of"),
    (
        "own_unknown_reporter",
        own("trade_own.csv", 3, reporter="RU"),
        ", row 3, column 'reporter'",
        "'RU' is not one of: KZ, OTHER, TR",
    ),
    (
        "own_unknown_sector",
        own("indicators_own.csv", 3, sector="uranium"),
        ", row 3, column 'sector'",
        "'uranium' is not one of",
    ),
    ("own_bad_bool", own("trade_own.csv", 2, primary="maybe"), ", row 2, column 'primary'", "expected bool"),
    (
        "own_id_collides_with_shipped",
        own("trade_own.csv", 2, id="t1992_other_total_turnover_2"),
        ", row 2, column 'id'",
        "already exists in the data directory",
    ),
    (
        "own_second_primary",
        own("trade_own.csv", 2, year="2010", reporter="KZ", flow="total_turnover"),
        ", row 2, column 'primary'",
        "already has a primary value",
    ),
    ("own_future_year", own("indicators_own.csv", 2, year=str(NEXT_YEAR)), ", row 2, column 'year'", "in the future"),
    (
        "own_negative",
        own("trade_own.csv", 2, value_usd_m="-1"),
        ", row 2, column 'value_usd_m'",
        "outside the plausible range",
    ),
    ("own_extra_column", own("trade_own.csv", 2, comment="x"), ", row 1, column 'comment'", "unexpected column"),
    (
        "own_missing_column",
        b"id,year,reporter,flow,value_usd_m\nx,2014,KZ,total_turnover,1\n",
        ", column 'period'",
        "required column is missing",
    ),
    ("own_duplicate_id", own("trade_own.csv", 3, id="syn_t2014_other_total"), ", row 3, column 'id'", "duplicate id"),
]


@pytest.mark.parametrize(("case", "content", "where", "fragment"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_input_is_rejected_and_changes_nothing(
    data_copy, tmp_path, capsys, case, content, where, fragment
) -> None:
    # Put an earlier import in place too: a rejected file must not touch it or its log either.
    assert do_import(capsys, FIX / "trade_own.csv", data_copy, "--name", case)[0] == 0
    before = snapshot(data_copy)
    bad = tmp_path / f"{case}.csv"
    bad.write_bytes(content)
    code, out, err = do_import(capsys, bad, data_copy, "--name", case)
    assert code == 1
    lines = err.splitlines()
    assert any(line.startswith(f"{case}.csv{where}:") and fragment in line for line in lines), err
    assert lines[-1].endswith("nothing was written.")
    assert "Traceback" not in err and out == ""
    assert snapshot(data_copy) == before


def test_every_problem_is_reported_at_once(data_copy, tmp_path, capsys) -> None:
    rows = [list(r) for r in BASE_ROWS]
    rows[1][HEADER.index("freqCode")] = "Q"
    rows[4][HEADER.index("reporterISO")] = "RUS"
    rows[9][HEADER.index("primaryValue")] = "-1"
    bad = tmp_path / "many.csv"
    bad.write_bytes(_csv(rows))
    code, _, err = do_import(capsys, bad, data_copy)
    assert code == 1
    assert "many.csv, row 2, column 'freqCode'" in err
    assert "many.csv, row 5, column 'reporterISO'" in err
    assert "many.csv, row 10, column 'primaryValue'" in err
    assert "rejected (3 problem(s))" in err


def test_rolled_back_when_data_dir_no_longer_loads(data_copy, tmp_path, capsys, monkeypatch) -> None:
    assert do_import(capsys, COMTRADE, data_copy, "--name", "ct")[0] == 0
    before = snapshot(data_copy)
    calls = []

    def load_then_fail(d):  # the check before writing passes, the one after writing fails
        calls.append(d)
        if len(calls) > 1:
            raise DataError([Problem("trade_ct.csv", 2, "id", "SYNTHETIC failure")])
        return load_atlas(d)

    monkeypatch.setattr(importer, "load_atlas", load_then_fail)
    revised = tmp_path / "revised.csv"
    revised.write_bytes(edit(12, primaryValue="860000000"))
    code, _, err = do_import(capsys, revised, data_copy, "--name", "ct")
    assert code == 1
    assert "rolled back" in err and "SYNTHETIC failure" in err
    assert snapshot(data_copy) == before


def test_first_import_rolled_back_leaves_no_imported_dir(data_copy, capsys, monkeypatch) -> None:
    before = snapshot(data_copy)
    real = load_atlas
    calls = []

    def load_then_fail(d):
        calls.append(d)
        if len(calls) > 1:
            raise DataError([Problem("x", None, None, "SYNTHETIC failure")])
        return real(d)

    monkeypatch.setattr(importer, "load_atlas", load_then_fail)
    assert do_import(capsys, COMTRADE, data_copy)[0] == 1
    assert snapshot(data_copy) == before
    assert not (data_copy / "imported").exists()


def test_rejected_when_data_dir_does_not_load(data_copy, capsys) -> None:
    (data_copy / "milestones.csv").unlink()
    before = snapshot(data_copy)
    code, _, err = do_import(capsys, COMTRADE, data_copy)
    assert code == 1
    assert "does not load before the import" in err and "milestones.csv: file not found" in err
    assert snapshot(data_copy) == before


# --------------------------------------------------------------------------- command line
@pytest.mark.parametrize(
    "args",
    [
        [],
        ["import"],
        ["import", "no_such_file.csv"],
        ["import", str(COMTRADE), "--name", "../escape"],
        ["import", str(COMTRADE), "--data-dir", "/no/such/dir"],
        ["import", str(COMTRADE), "--unknown-option"],
    ],
)
def test_usage_errors_exit_2(capsys, args) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err


def test_cli_never_shows_a_traceback(data_copy, tmp_path) -> None:
    binary = tmp_path / "blob.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    for args, expected in (([str(binary), "--data-dir", str(data_copy)], 1), (["missing.csv"], 2)):
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.data", "import", *args],
            check=False,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == expected, proc.stderr
        assert "Traceback" not in proc.stderr and proc.stderr.strip()


def test_unexpected_error_is_a_message_not_a_traceback(data_copy, capsys, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("SYNTHETIC bug")

    monkeypatch.setattr("dashboard.data.__main__.plan_import", boom)
    code, _, err = do_import(capsys, COMTRADE, data_copy)
    assert code == 1
    assert "SYNTHETIC bug" in err and "Traceback" not in err


# --------------------------------------------------------------------------- pieces
def test_hs_sector_table() -> None:
    assert set(HS_CHAPTERS) == {f"{c:02d}" for c in range(1, 100)} - {"77"}
    assert SECTOR_OF_CHAPTER["27"] == "energy"
    assert {SECTOR_OF_CHAPTER[c] for c in ("26", "28", "72", "76", "83")} == {"metals"}
    assert {SECTOR_OF_CHAPTER[f"{c:02d}"] for c in range(1, 25)} == {"agriculture"}
    assert {SECTOR_OF_CHAPTER[c] for c in ("25", "29", "71", "84", "87", "99")} == {"trade"}


@pytest.mark.parametrize(
    ("stem", "expected"),
    [("TradeData_2_20_2025 (1)", "tradedata_2_20_2025_1"), ("Türkiye–KZ", "t_rkiye_kz"), ("...", "import")],
)
def test_default_name_is_a_slug(stem, expected) -> None:
    assert importer.slug(stem) == expected


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8"))))
def test_reading_any_bytes_never_raises(raw: bytes) -> None:
    df, problems = importer.read_csv_bytes(raw, "fuzz.csv")
    assert (df is None) == bool(problems)
    assert all(p.file == "fuzz.csv" for p in problems)


def test_imported_values_reach_the_app_without_code_changes(data_copy: Path, capsys) -> None:
    """After an import, the sector panel offers the imported series and the trade chart plots the new rows."""
    from dashboard import create_app
    from dashboard.config import Settings
    from dashboard.devtools import call

    assert do_import(capsys, COMTRADE, data_copy)[0] == 0
    app = create_app(Settings(data_dir=data_copy))
    client = app.server.test_client()
    r = call(client, app, "sector-indicator.options", {"view-state.data": "sector=energy&year=2021"},
             ["view-state.data"])
    options = r.get_json()["response"]["sector-indicator"]["options"]
    imported = [o["value"] for o in options if "UN Comtrade" in o["value"]]
    assert imported, options
    r = call(client, app, "sector-chart.figure", {"view-state.data": "sector=energy&year=2021",
                                                  "sector-indicator.value": imported[0], "analysis-seen.data": True},
             ["view-state.data"])
    out = r.get_json()["response"]
    if "figure" in out["sector-chart"]:
        assert any(2021 in (t.get("x") or []) for t in out["sector-chart"]["figure"]["data"])
    else:  # fewer than three full years: the imported values are shown as cards
        assert "2021 · " in json.dumps(out["sector-cards"]["children"], ensure_ascii=False)
    r = call(client, app, "trade-chart.figure", {"reporter-toggle.value": "TR", "view-state.data": "reporter=TR",
                                               "analysis-seen.data": True},
             ["reporter-toggle.value"])
    bars = [t for t in r.get_json()["response"]["trade-chart"]["figure"]["data"]
            if t.get("name", "").startswith("Turkish exports to Kazakhstan (TR)")]
    assert bars and 2021 in bars[0]["x"]  # the SYNTHETIC TR-reported 2021 value is now on the chart
