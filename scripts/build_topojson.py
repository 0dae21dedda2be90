"""Cut the base map the browser loads to the Atlas's part of the world.

    python scripts/build_topojson.py     # writes assets/plotly_topojson/region/world_50m.json

plotly.js draws the ``geo`` base map (land, countries, coastlines, lakes, ocean) from ``world_50m.json``
(1.7 MB, 624 kB gzip): the whole world, of which the map shows Europe and Asia around Kazakhstan and
Türkiye, and at its widest zoom (a scale of 0.5) still no more than about 25°W–150°E. The browser gets a cut
of the same file: every country, lake, land mass and coastline that reaches into :data:`BOX` is kept whole
(so nothing ends at an artificial edge), everything else is left out, and so are layers the map never shows
(rivers, sub-units) and the ocean polygon (the map's background has the ocean's colour). The arcs are the
file's own, re-indexed; nothing is simplified. Server-side exports (kaleido) keep the full files.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assets" / "plotly_topojson" / "world_50m.json"
OUT = ROOT / "assets" / "plotly_topojson" / "region" / "world_50m.json"
BOX = (-25.0, -5.0, 150.0, 82.0)  # lon_min, lat_min, lon_max, lat_max
EMPTY = ("ocean", "rivers", "subunits")


def arc_boxes(topo: dict) -> list[tuple[float, float, float, float]]:
    """The lon/lat bounding box of every arc (arcs are delta-encoded, quantized by the file's transform)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x * sx + tx)
            ys.append(y * sy + ty)
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def _arcs_of(arcs) -> list[int]:
    if isinstance(arcs, int):
        return [arcs]
    return [i for part in arcs for i in _arcs_of(part)]


def _touches(arcs, boxes) -> bool:
    x0, y0, x1, y1 = BOX
    for i in _arcs_of(arcs):
        a = boxes[i if i >= 0 else ~i]
        if a[0] <= x1 and a[2] >= x0 and a[1] <= y1 and a[3] >= y0:
            return True
    return False


def _remap(arcs, index: dict[int, int]):
    if isinstance(arcs, int):
        return index[arcs] if arcs >= 0 else ~index[~arcs]
    return [_remap(part, index) for part in arcs]


def cut(topo: dict) -> dict:
    boxes = arc_boxes(topo)
    objects = {}
    for name, obj in topo["objects"].items():
        kept = []
        for geom in [] if name in EMPTY else obj["geometries"]:
            if geom["type"] in ("MultiPolygon", "MultiLineString"):  # one land mass or coastline at a time
                parts = [p for p in geom["arcs"] if _touches(p, boxes)]
                if parts:
                    kept.append({**geom, "arcs": parts})
            elif _touches(geom["arcs"], boxes):
                kept.append(geom)
        objects[name] = {**obj, "geometries": kept}
    used = sorted({i if i >= 0 else ~i for obj in objects.values() for g in obj["geometries"]
                   for i in _arcs_of(g["arcs"])})
    index = {old: new for new, old in enumerate(used)}
    for obj in objects.values():
        for g in obj["geometries"]:
            g["arcs"] = _remap(g["arcs"], index)
    return {**topo, "objects": objects, "arcs": [topo["arcs"][i] for i in used]}


def main() -> None:
    topo = json.loads(SOURCE.read_text())
    region = cut(topo)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(region, separators=(",", ":")))
    print(f"{OUT.relative_to(ROOT)}: {len(region['arcs'])} of {len(topo['arcs'])} arcs, "
          f"{OUT.stat().st_size / 1e6:.2f} MB (from {SOURCE.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
