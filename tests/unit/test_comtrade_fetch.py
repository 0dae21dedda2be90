"""``python -m dashboard.data fetch comtrade``: the UN's client is replaced by a stub; no network.

The stub answers in the column layout UN Comtrade's API documents for final data (typeCode, freqCode,
refYear, reporterCode, reporterISO, partnerCode, flowCode, cmdCode, customsCode, motCode, partner2Code,
primaryValue, …) with the SYNTHETIC rows of tests/fixtures/synthetic/comtrade_kaz_tur.csv — invented
numbers, never real statistics. Like the live API it leaves reporterISO / partnerISO empty, so the
command's own code mapping is exercised. Imports go into a temporary copy of geodata/.
"""

from __future__ import annotations

import json
import socket
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import comtrade
from dashboard.data.__main__ import main
from dashboard.data.load import load_atlas
from tests.datadir import snapshot

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic" / "comtrade_kaz_tur.csv"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: the stub must answer everything."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(comtrade, "PAUSE_SECONDS", 0.0)
    monkeypatch.delenv("COMTRADE_KEY", raising=False)


class StubClient(types.ModuleType):
    """Stands in for ``comtradeapicall``: records every call, answers from the SYNTHETIC fixture."""

    def __init__(self, mode: str = "ok"):
        super().__init__("comtradeapicall")
        self.mode = mode
        self.calls: list[tuple[str | None, dict]] = []
        rows = pd.read_csv(SYNTHETIC, dtype={"cmdCode": str, "customsCode": str})
        rows["reporterISO"] = None  # the API returns codes; ISO columns come back empty
        rows["partnerISO"] = None
        self.rows = rows

    def _answer(self, key, params):
        self.calls.append((key, params))
        if self.mode == "offline":
            print("Request error: HTTPSConnectionPool(host='comtradeapi.un.org', port=443): Max retries exceeded")
            return None
        if self.mode == "refused":
            print('{"statusCode": 401, "message": "Access denied due to invalid subscription key."}')
            return None
        if self.mode == "raises":
            raise ConnectionResetError("connection reset by peer")
        year = self.rows["refYear"] == int(params["period"])
        total = self.rows["cmdCode"] == "TOTAL"
        hit = self.rows[year & (total if params["cmdCode"] == "TOTAL" else ~total)]
        if self.mode == "full":  # pretend the preview hit its row limit
            hit = pd.concat([hit] * (params["maxRecords"] // max(len(hit), 1) + 1), ignore_index=True)
        return hit.reset_index(drop=True)

    def previewFinalData(self, **params):  # noqa: N802 (the client's own name)
        return self._answer(None, params)

    def getFinalData(self, key, **params):  # noqa: N802
        return self._answer(key, params)


@pytest.fixture
def client(monkeypatch):
    def install(mode: str = "ok") -> StubClient:
        stub = StubClient(mode)
        monkeypatch.setitem(sys.modules, "comtradeapicall", stub)
        return stub

    return install


def fetch(capsys, data_copy: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["fetch", "comtrade", "--years", "2020-2021", "--data-dir", str(data_copy), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_asks_for_both_reporters_flows_totals_and_chapters_and_writes_nothing(capsys, client, data_copy):
    stub = client()
    before = snapshot(data_copy)
    code, out, err = fetch(capsys, data_copy, "--dry-run")
    assert code == 0, err
    assert "Dry run" in out and "Nothing was written" in out and "trade_comtrade_api.csv" in out
    assert snapshot(data_copy) == before
    asked = [(p["period"], p["cmdCode"]) for _, p in stub.calls]
    assert asked == [("2020", "TOTAL"), ("2020", "AG2"), ("2021", "TOTAL"), ("2021", "AG2")]
    for key, p in stub.calls:
        assert key is None  # no COMTRADE_KEY: the public preview endpoint
        assert (p["reporterCode"], p["partnerCode"], p["flowCode"]) == ("398,792", "792,398", "X,M")
        assert (p["typeCode"], p["freqCode"], p["clCode"]) == ("C", "A", "HS")


def test_fetch_imports_through_the_validated_importer_with_provenance(capsys, client, data_copy):
    client()
    code, out, err = fetch(capsys, data_copy)
    assert code == 0, err
    assert "Imported comtrade_api_2020-2021.csv (UN Comtrade export)" in out
    trade = pd.read_csv(data_copy / "imported" / "trade_comtrade_api.csv", dtype=str)
    assert len(trade) == 8  # 2 years × 2 reporters × 2 flows
    assert set(trade["source_url"]) == {comtrade.PREVIEW_ENDPOINT}
    assert trade["source_name"].str.contains("period=2020-2021").all()
    assert trade["source_name"].str.contains("retrieved 20").all()
    kaz_x = trade[(trade["year"] == "2020") & (trade["reporter"] == "KZ") & (trade["flow"] == "kz_exports_to_tr")]
    assert float(kaz_x["value_usd_m"].iloc[0]) == 2000  # SYNTHETIC TOTAL 2,000,000,000 USD
    indicators = pd.read_csv(data_copy / "imported" / "indicators_comtrade_api.csv", dtype=str)
    assert {"energy", "metals", "agriculture", "trade"} <= set(indicators["sector"])  # chapters mapped to sectors
    log = [json.loads(line) for line in (data_copy / "imported" / "IMPORTS.log").read_text().splitlines()]
    assert {entry["table"] for entry in log} == {"trade", "indicators"}
    assert all(comtrade.PREVIEW_ENDPOINT in e["declared_source"] and "cmdCode=TOTAL,AG2" in e["declared_source"]
               for e in log)
    atlas = load_atlas(data_copy)  # the data directory loads with the import
    assert atlas.trade["id"].str.startswith("imp_comtrade_api_").sum() == 8


def test_a_subscription_key_uses_the_full_api(capsys, client, data_copy, monkeypatch):
    stub = client()
    monkeypatch.setenv("COMTRADE_KEY", "test-key-not-real")
    code, out, err = fetch(capsys, data_copy, "--dry-run")
    assert code == 0, err
    assert {key for key, _ in stub.calls} == {"test-key-not-real"}
    assert comtrade.KEY_ENDPOINT in out


@pytest.mark.parametrize(("mode", "words"), [
    ("offline", "did not answer"),
    ("refused", "invalid subscription key"),
    ("raises", "could not be reached"),
    ("full", "cut off"),
])
def test_offline_or_refused_is_one_line_exit_2_and_nothing_changes(capsys, client, data_copy, mode, words):
    client(mode)
    before = snapshot(data_copy)
    code, out, err = fetch(capsys, data_copy)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and words in err and "nothing was changed" in err
    assert "Traceback" not in err + out
    assert snapshot(data_copy) == before


def test_without_the_client_installed_the_command_says_so(capsys, data_copy, monkeypatch):
    monkeypatch.setitem(sys.modules, "comtradeapicall", None)  # import fails
    code, _, err = fetch(capsys, data_copy)
    assert code == 2 and "not installed" in err and err.count("\n") == 1


@pytest.mark.parametrize("years", ["2024-2000", "1980-1990", "abc", f"2020-{9999}"])
def test_bad_years_are_a_usage_error(capsys, client, data_copy, years):
    stub = client()
    code = main(["fetch", "comtrade", "--years", years, "--data-dir", str(data_copy)])
    _, err = capsys.readouterr()
    assert code == 2 and "--years" in err and stub.calls == []
