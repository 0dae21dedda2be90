"""Fetch Kazakhstan–Türkiye trade by HS chapter from UN Comtrade, with the UN's own client.

``python -m dashboard.data fetch comtrade --years 2000-2024 [--dry-run]`` asks UN Comtrade
(``comtradeapicall``: the public preview endpoint, or the subscription endpoint when ``COMTRADE_KEY``
is set) for both reporters (Kazakhstan 398, Türkiye 792), both flows (exports X, imports M), the
``TOTAL`` and every HS chapter (``AG2``), one year at a time. The rows are written to a CSV in the
standard Comtrade layout and handed to the existing validated, atomic importer
(:mod:`dashboard.data.importer`), which maps chapters to sectors and records the provenance: endpoint,
query and retrieval time travel in the declared source of every row and in ``imported/IMPORTS.log``.

The network is touched only by :func:`call_comtrade`. If UN Comtrade cannot be reached or refuses
the query, :class:`FetchFailed` carries a one-line message and nothing is written.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

PREVIEW_ENDPOINT = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
KEY_ENDPOINT = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
REPORTERS = {398: "KAZ", 792: "TUR"}  # UN M49 codes as Comtrade uses them
COMMODITIES = ("TOTAL", "AG2")  # the whole flow, then every 2-digit HS chapter
PREVIEW_MAX = 500  # the preview endpoint returns at most 500 rows per call
PAUSE_SECONDS = 1.0  # between calls: the public endpoint is rate-limited
#: The standard Comtrade+ columns the importer reads (others the API returns are kept and ignored).
COLUMNS = ("typeCode", "freqCode", "refYear", "reporterCode", "reporterISO", "partnerCode", "partnerISO",
           "partner2Code", "flowCode", "classificationCode", "cmdCode", "customsCode", "motCode", "primaryValue")


class FetchFailed(Exception):
    """UN Comtrade could not be reached, refused the query or returned nothing usable; one line for the user."""


def query(year: int, cmd: str) -> dict:
    """The parameters of one call (both reporters, both flows, one year, TOTAL or all HS chapters)."""
    return {
        "typeCode": "C",
        "freqCode": "A",
        "clCode": "HS",
        "period": str(year),
        "reporterCode": ",".join(map(str, REPORTERS)),
        "cmdCode": cmd,
        "flowCode": "X,M",
        "partnerCode": ",".join(map(str, reversed(list(REPORTERS)))),
        "partner2Code": "0",
        "customsCode": "C00",
        "motCode": "0",
        "maxRecords": PREVIEW_MAX if cmd != "TOTAL" else 50,
        "format_output": "JSON",
        "includeDesc": True,
    }


def call_comtrade(params: dict, key: str | None) -> pd.DataFrame:
    """The one network call: UN Comtrade's client, preview endpoint (no key) or the keyed endpoint.

    The client prints errors and returns None instead of raising; that becomes :class:`FetchFailed`.
    """
    try:
        import comtradeapicall  # noqa: PLC0415 -- only the fetch command needs it
    except ImportError as exc:
        raise FetchFailed("the UN Comtrade client is not installed (pip install -r requirements.txt)") from exc
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            df = (comtradeapicall.getFinalData(key, **params) if key
                  else comtradeapicall.previewFinalData(**params))
    except Exception as exc:  # noqa: BLE001 -- network errors of any kind: one line, nothing written
        raise FetchFailed(f"UN Comtrade could not be reached ({type(exc).__name__}: {str(exc)[:160]})") from exc
    if df is None:
        first = next((line.strip() for line in said.getvalue().splitlines() if line.strip()), "no answer")
        raise FetchFailed(f"UN Comtrade refused or did not answer the query for {params['period']}: {first[:200]}")
    return df


@dataclass(frozen=True)
class Fetched:
    """The rows fetched, where they came from, and when."""

    rows: pd.DataFrame
    endpoint: str
    queries: list[dict]
    retrieved: str  # ISO 8601, UTC

    def provenance(self) -> str:
        """The declared source of the import: endpoint, query and retrieval time."""
        q = self.queries[0] if self.queries else {}
        years = sorted({int(p["period"]) for p in self.queries})
        span = f"{years[0]}-{years[-1]}" if years else ""
        return (f"UN Comtrade API {self.endpoint} via comtradeapicall; query: reporterCode={q.get('reporterCode')} "
                f"partnerCode={q.get('partnerCode')} flowCode={q.get('flowCode')} cmdCode={','.join(COMMODITIES)} "
                f"customsCode={q.get('customsCode')} motCode={q.get('motCode')} period={span}; "
                f"retrieved {self.retrieved}")


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Totals only (no breakdown by customs procedure, transport mode or second partner), ISO codes filled."""
    if df.empty:
        return df
    df = df.copy()
    for col, keep in (("customsCode", {"C00"}), ("motCode", {"0"}), ("partner2Code", {"0"})):
        if col in df:
            df = df[df[col].isna() | df[col].astype(str).isin(keep)]
    for code, iso in (("reporterCode", "reporterISO"), ("partnerCode", "partnerISO")):
        mapped = pd.to_numeric(df[code], errors="coerce").map(REPORTERS)
        df[iso] = df[iso].where(df[iso].notna() & df[iso].astype(str).str.strip().ne(""), mapped) \
            if iso in df else mapped
    return df


def fetch(years: range, key: str | None = None, *, pause: float | None = None,
          call: Callable[[dict, str | None], pd.DataFrame] | None = None) -> Fetched:
    """Every year of ``years``: both reporters and flows, TOTAL and all HS chapters. Raises FetchFailed."""
    pause = PAUSE_SECONDS if pause is None else pause
    call = call or call_comtrade
    parts, queries = [], []
    for n, (year, cmd) in enumerate((y, c) for y in years for c in COMMODITIES):
        if n and pause:
            time.sleep(pause)
        params = query(year, cmd)
        df = call(params, key)
        if not key and len(df) >= params["maxRecords"]:
            raise FetchFailed(f"UN Comtrade's preview returned the maximum of {params['maxRecords']} rows for "
                              f"{year} ({cmd}), so the answer may be cut off; set COMTRADE_KEY to use the full API")
        queries.append(params)
        parts.append(_tidy(df))
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else pd.DataFrame()
    if rows.empty:
        raise FetchFailed(f"UN Comtrade returned no Kazakhstan–Türkiye rows for {years.start}–{years.stop - 1}")
    missing = [c for c in ("refYear", "reporterCode", "flowCode", "cmdCode", "primaryValue") if c not in rows]
    if missing:
        raise FetchFailed(f"UN Comtrade's answer lacks the columns {', '.join(missing)}: the API may have changed")
    retrieved = datetime.now(UTC).replace(microsecond=0).isoformat()
    return Fetched(rows, KEY_ENDPOINT if key else PREVIEW_ENDPOINT, queries, retrieved)


def write_csv(fetched: Fetched, folder: Path, years: range) -> Path:
    """The fetched rows as a Comtrade CSV in ``folder`` (the importer's input)."""
    cols = [c for c in COLUMNS if c in fetched.rows] + [c for c in fetched.rows if c not in COLUMNS]
    path = Path(folder) / f"comtrade_api_{years.start}-{years.stop - 1}.csv"
    fetched.rows[cols].to_csv(path, index=False)
    return path


def temp_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="atlas-comtrade-")
