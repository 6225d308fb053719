"""Build src/ioc/federation/data/provinces.geojson: approximate shapes of the 34 provinces (since 2025-07-01).

Vietnam's land outline comes from Natural Earth (the npm package `world-atlas`, TopoJSON, public domain);
each province is the Voronoi cell of its centre (src/ioc/federation/data/provinces.csv) clipped to that
outline. The result is approximate: real borders do not follow Voronoi cells. Run at build time only:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_provinces_geojson.py package/countries-50m.json
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, mapping

from ioc.web.coastline import topology_shape  # the one reader of Natural Earth's TopoJSON

DATA = Path(__file__).resolve().parent.parent / "src" / "ioc" / "federation" / "data"
VIETNAM = "704"  # ISO 3166-1 numeric
TOLERANCE = 0.02  # degrees of simplification (about 2 km)


def land(topology: dict) -> shapely.Geometry:
    """Vietnam's land as a shapely (multi)polygon."""
    for geometry in topology["objects"]["countries"]["geometries"]:
        if str(geometry.get("id")) == VIETNAM:
            return topology_shape(topology, [geometry])
    raise SystemExit("no Vietnam (704) in the topology")


def _rounded(geometry: shapely.Geometry) -> dict:
    return json.loads(json.dumps(mapping(shapely.set_precision(geometry, 0.001))))


def build(topology: dict) -> dict:
    """The FeatureCollection of the 34 approximate provinces."""
    outline = land(topology)
    with open(DATA / "provinces.csv", encoding="utf-8") as handle:
        centres = {r["code"]: Point(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(handle)}
    cells = shapely.voronoi_polygons(MultiPoint(list(centres.values())), extend_to=outline.envelope.buffer(2))
    features = []
    for code, centre in centres.items():
        cell = next(c for c in cells.geoms if c.contains(centre))
        piece = cell.intersection(outline).simplify(TOLERANCE)
        features.append({"type": "Feature", "properties": {"code": code}, "geometry": _rounded(piece)})
    return {
        "type": "FeatureCollection",
        "approximate": True,
        "source": "Natural Earth 1:50m land (world-atlas 2.0.2), Voronoi cells of the province centres",
        "features": features,
    }


def main() -> None:
    """Read the TopoJSON, write the GeoJSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json (or -10m)")
    parser.add_argument("--out", type=Path, default=DATA / "provinces.geojson")
    args = parser.parse_args()
    collection = build(json.loads(args.topojson.read_text()))
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{args.out.name}: {len(collection['features'])} provinces, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
