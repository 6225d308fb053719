"""The land of the region around Vietnam as GeoJSON, cut at build time from Natural Earth 1:10m (the npm package
`world-atlas`, TopoJSON, public domain), so the maps draw land and sea with no tile server."""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

SOURCE = "world-atlas/land-10m.json"
TARGET = "coastline/land.geojson"
REGION = (100.0, 5.0, 120.0, 25.0)  # lon/lat box: Vietnam, its neighbours and the East Sea islands
TOLERANCE = 0.002  # degrees (about 200 m): finer than a ward, light enough for a phone


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs in longitude/latitude (undo quantization and delta encoding)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def topology_shape(topology: dict, geometries: list[dict]) -> shapely.Geometry:
    """TopoJSON (Multi)Polygon geometries of the topology as one valid shapely (multi)polygon."""
    arcs = _arcs(topology)
    polygons = []
    for geometry in geometries:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons += [[_ring(arcs, ring) for ring in part] for part in parts]
    return shape({"type": "MultiPolygon", "coordinates": polygons}).buffer(0)


def region_land(topology: dict, region: tuple[float, float, float, float] = REGION) -> dict:
    """The land inside the region as one simplified GeoJSON MultiPolygon feature collection."""
    land = topology_shape(topology, topology["objects"]["land"]["geometries"])
    piece = shapely.set_precision(land.intersection(shapely.box(*region)).simplify(TOLERANCE), 1e-4)
    feature = {"type": "Feature", "properties": {}, "geometry": mapping(piece)}
    source = "Natural Earth 1:10m land (world-atlas 2.0.2)"
    return {"type": "FeatureCollection", "bbox": list(region), "source": source, "features": [feature]}


def build_coastline(node_modules: Path, target: Path) -> Path:
    """Write the region's land into static/vendor; FileNotFoundError when `npm ci` has not run."""
    source = node_modules / SOURCE
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
    out = target / TARGET
    out.parent.mkdir(parents=True, exist_ok=True)
    collection = region_land(json.loads(source.read_text()))
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    return out
