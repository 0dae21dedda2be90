"""Loading and validation: the shipped data load; each kind of broken file is rejected by place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from dashboard.config import ROOT
from dashboard.data.load import DataError, load_atlas

SHIPPED = ROOT / "geodata"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data to break in one place."""
    dst = tmp_path / "geodata"
    shutil.copytree(SHIPPED, dst)
    return dst


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_atlas(data_dir)
    return [str(p) for p in err.value.problems]


def test_shipped_data_load_with_every_layer_and_table():
    atlas = load_atlas(SHIPPED)
    assert {"port_kuryk", "port_aktau"} <= set(atlas.ports["id"])
    assert {"tanap", "btc", "tcp", "titr_btk_rail"} <= set(atlas.routes["id"])
    assert "kz_emb_ankara" in set(atlas.posts["id"])
    assert atlas.routes.geom_type.eq("LineString").all()
    assert atlas.posts.crs.to_epsg() == 4326
    assert (atlas.trade["value_usd_m"] > 0).all()
    assert not atlas.indicators.empty and not atlas.targets.empty and len(atlas.milestones) >= 60


def test_consular_posts_reconciled_with_the_2026_mfa_list():
    posts = load_atlas(SHIPPED).posts.set_index("id")
    for verified in ("kz_hc_denizli", "kz_hc_alanya", "kz_hc_bursa", "kz_hc_kocaeli"):
        assert posts.loc[verified, "verified"], verified
        assert posts.loc[verified, "kind"] == "honorary_consulate"
    for unverified in ("kz_hc_hatay", "kz_hc_konya"):
        assert not posts.loc[unverified, "verified"], unverified
        assert posts.loc[unverified, "status"] == "unverified"


def test_missing_column_is_named_with_its_file(data_copy: Path):
    t = pd.read_csv(data_copy / "trade_annual.csv", dtype=str)
    t.drop(columns="source_url").to_csv(data_copy / "trade_annual.csv", index=False)
    assert "trade_annual.csv, column 'source_url': required column is missing" in _problems(data_copy)


def test_non_numeric_value_is_named_by_row_and_column(data_copy: Path):
    t = pd.read_csv(data_copy / "trade_annual.csv", dtype=str)
    t.loc[3, "value_usd_m"] = "about 800"
    t.to_csv(data_copy / "trade_annual.csv", index=False)
    problems = _problems(data_copy)
    assert any(p.startswith("trade_annual.csv, row 5, column 'value_usd_m': expected float") for p in problems)


def test_row_with_a_stray_comma_is_named_by_row(data_copy: Path):
    """A record with more fields than the header made pandas index by the first column (and crashed start-up)."""
    path = data_copy / "trade_annual.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",,", 1)  # the first record: pandas then takes column 1 as the index
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _problems(data_copy) == ["trade_annual.csv, row 2: the row has more fields than the header "
                                    "(a stray comma, or a value with a comma but no quotes?)"]


def test_duplicate_id_is_rejected(data_copy: Path):
    m = pd.read_csv(data_copy / "milestones.csv", dtype=str)
    m.loc[5, "id"] = m.loc[4, "id"]
    m.to_csv(data_copy / "milestones.csv", index=False)
    assert any("milestones.csv, row 7, column 'id': duplicate id" in p for p in _problems(data_copy))


def test_implausible_year_and_unknown_sector_are_rejected(data_copy: Path):
    m = pd.read_csv(data_copy / "milestones.csv", dtype=str)
    m.loc[0, "year"] = "2992"
    m.loc[1, "sector"] = "tourism"
    m.to_csv(data_copy / "milestones.csv", index=False)
    problems = _problems(data_copy)
    assert any("row 2, column 'year'" in p and "plausible range" in p for p in problems)
    assert any("row 3, column 'sector'" in p and "'tourism' is not one of" in p for p in problems)


def test_wrong_crs_is_rejected(data_copy: Path):
    ports = gpd.read_file(data_copy / "ports.geojson").to_crs("EPSG:3857")
    ports.to_file(data_copy / "ports.geojson", driver="GeoJSON")
    assert any(p.startswith("ports.geojson, column 'geometry': CRS must be EPSG:4326") for p in _problems(data_copy))


def test_invalid_and_empty_geometries_are_rejected(data_copy: Path):
    lakes = gpd.read_file(data_copy / "basemap_lakes.geojson")
    bowtie = Polygon([(50, 40), (52, 42), (52, 40), (50, 42), (50, 40)])  # self-intersecting
    lakes.loc[0, "geometry"] = bowtie
    lakes.loc[1, "geometry"] = None
    lakes.to_file(data_copy / "basemap_lakes.geojson", driver="GeoJSON")
    problems = _problems(data_copy)
    assert any(
        "basemap_lakes.geojson, row 1, column 'geometry': invalid geometry: Self-intersection" in p for p in problems
    )
    assert "basemap_lakes.geojson, row 2, column 'geometry': geometry is missing or empty" in problems


def test_wrong_geometry_type_is_rejected(data_copy: Path):
    routes = gpd.read_file(data_copy / "routes.geojson")
    routes.loc[0, "geometry"] = routes.geometry.iloc[0].centroid
    routes.to_file(data_copy / "routes.geojson", driver="GeoJSON")
    assert "routes.geojson, row 1, column 'geometry': expected LineString, found Point" in _problems(data_copy)


def test_truncated_json_and_missing_file_are_reported_together(data_copy: Path):
    text = (data_copy / "posts.geojson").read_text(encoding="utf-8")
    (data_copy / "posts.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    (data_copy / "targets.csv").unlink()
    problems = _problems(data_copy)
    assert any(p.startswith("posts.geojson") and "not valid JSON" in p for p in problems)
    assert "targets.csv: file not found" in problems


def test_every_problem_is_listed_in_one_message(data_copy: Path):
    t = pd.read_csv(data_copy / "trade_annual.csv", dtype=str)
    t.loc[0, "reporter"] = "XX"
    t.loc[1, "value_usd_m"] = "-5"
    t.to_csv(data_copy / "trade_annual.csv", index=False)
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    message = str(err.value)
    assert "row 2, column 'reporter'" in message and "row 3, column 'value_usd_m'" in message
    assert "Traceback" not in message


def test_geojson_that_is_not_a_feature_collection_is_rejected(data_copy: Path):
    (data_copy / "ports.geojson").write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    assert any(p.startswith("ports.geojson") for p in _problems(data_copy))


def test_app_refuses_to_start_on_broken_data_with_one_clear_message(data_copy: Path, capsys):
    import app as entry

    (data_copy / "milestones.csv").write_bytes(b"\xff\xfe\x00garbage")
    assert entry.main(["--data-dir", str(data_copy), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The Atlas cannot start:") and "milestones.csv" in err and "Traceback" not in err
