"""The full data set as one ZIP: every table as CSV (layers with WKT geometry), README and licences."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.data.load import IMPORTED_DIR, Atlas
from dashboard.data.schema import TABLES
from dashboard.export.annotate import ATLAS_NAME
from dashboard.export.shown import to_csv_bytes

DOCS = ("README.md", "CURATION.md")  # copied from the data folder when present

LICENCES = """# Licences and credits

The tables in this archive are the data of the {atlas}, exported on {today}.

* **Facts and figures** (trade values, indicators, targets, milestones, feature descriptions, dates) are
  factual statements taken from the public sources named in each row (`source_name`, `source_url`,
  `source_date`, and for features `source_url`, `evidence_url`). Each source keeps its own terms; the
  archive cites them and copies no text beyond short quotes and facts. Cite the row's source with the value.
* **City coordinates**: GeoNames cities1000, CC BY 4.0 — credit "GeoNames (geonames.org)".
  Rows using it say so in `coord_source`.
* **Port and terminal coordinates**: Natural Earth (public domain) and the NGA World Port Index (public
  domain); a few from Wikipedia pages (CC BY-SA 4.0), each named in `coord_source`.
* **Base map** (`basemap_countries.csv`, `basemap_lakes.csv`): Natural Earth 1:50m, public domain.
  The app's plotly base-map topojson (not in this archive) is from plotly.js (MIT; UN boundaries, which
  do not imply endorsement).
* **Route lines** are schematic: real towns joined by straight lines; they show a corridor, not the track.

See README.md (from the Atlas's `geodata/` folder) for what each table holds and how it was built.
"""


def table_csv(frame: pd.DataFrame) -> bytes:
    """One table as spreadsheet-friendly CSV; a layer's geometry becomes a ``geometry_wkt`` column."""
    if isinstance(frame, gpd.GeoDataFrame):
        geom = frame.geometry
        plain = pd.DataFrame(frame.drop(columns=geom.name))
        plain["geometry_wkt"] = geom.to_wkt(rounding_precision=6, trim=True)
        frame = plain
    return to_csv_bytes(frame)


def data_zip(atlas: Atlas, data_dir: Path, *, today: date) -> bytes:
    """Every table of ``atlas`` (including validated imports) as CSV, with README, curation notes and licences."""
    buf = io.BytesIO()
    listing = []
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key, spec in TABLES.items():
            frame = getattr(atlas, key, None)
            if frame is None:
                continue
            name = f"{Path(spec.file).stem}.csv"
            zf.writestr(name, table_csv(frame))
            listing.append(f"| `{name}` | {len(frame)} | `{spec.file}` |")
        for doc in DOCS:
            path = Path(data_dir) / doc
            if path.is_file():
                zf.writestr(doc, path.read_bytes())
        log = Path(data_dir) / IMPORTED_DIR / "IMPORTS.log"
        if log.is_file():
            zf.writestr(f"{IMPORTED_DIR}/IMPORTS.log", log.read_bytes())
        zf.writestr("LICENCES.md", LICENCES.format(atlas=ATLAS_NAME, today=today.isoformat()))
        zf.writestr("MANIFEST.md", "\n".join([
            f"# {ATLAS_NAME}: data export of {today.isoformat()}", "",
            "CSV files are UTF-8 with a byte-order mark (opens in Excel); layers carry their geometry as WKT",
            "(WGS84, EPSG:4326) in `geometry_wkt`. Validated imports are included in their tables.", "",
            "| file | rows | shipped as |", "|---|---|---|", *listing, "",
        ]))
    return buf.getvalue()
