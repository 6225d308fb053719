"""Build src/ioc/areas/data/wards-PP.geojson: approximate ward shapes of a demo province at the real wards' places.

Ward positions and areas come from the PyPI package `vietnamadminunits` (its dataset.db, since 2025-07-01);
its codes are reconciled with the official list (`vietnam-provinces`, ioc.areas.units) by the ward's full
name, since a few codes differ. Vietnam's land comes from Natural Earth 1:10m (the npm package
`world-atlas`, public domain). Each ward is the Voronoi cell of its real position among every ward of the
country nearby (so the province's edge falls between its wards and its neighbours' wards), clipped to the
land; a ward whose position is at sea (an island, Hoàng Sa) keeps a disc of its real area around it. The
shapes are approximations and stay flagged synthetic. Run at build time only:

    pip download --no-deps vietnamadminunits && unzip vietnamadminunits-*.whl 'vietnamadminunits/data/*'
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_demo_wards.py vietnamadminunits/data/dataset.db package/countries-10m.json
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from pathlib import Path

import shapely
import shapely.affinity
from shapely.geometry import MultiPoint, Point, mapping

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_provinces_geojson import land  # noqa: E402

from ioc.areas.units import ward_units  # noqa: E402

OUT = ROOT / "src" / "ioc" / "areas" / "data"
LAND_TOLERANCE = 0.001  # degrees (about 100 m): simplify the coastline before cutting, so cells share edges
GRID = 1e-5  # degrees (about 1 m)
MARGIN = 1.0  # degrees around the province whose wards take part as neighbours


def _rows(db: Path) -> list[tuple[str, str, str, float, float, float]]:
    with sqlite3.connect(db) as conn:
        query = "select provinceCode, ward, wardCode, wardLat, wardLon, coalesce(wardAreaKm2, 0) from admin_units"
        return [(str(p).zfill(2), w, str(c).zfill(5), la, lo, a) for p, w, c, la, lo, a in conn.execute(query)]


def _disc(lat: float, lon: float, area_km2: float) -> shapely.Geometry:
    """A disc of that area around the point (a degree of longitude shrinks with latitude)."""
    radius = math.sqrt(max(area_km2, 1.0) / math.pi) / 111.32
    circle = Point(lon, lat).buffer(radius, quad_segs=8)
    return shapely.affinity.scale(circle, 1 / math.cos(math.radians(lat)), 1, origin=(lon, lat))


def _filled(geometry: shapely.Geometry) -> shapely.Geometry:
    """The land without its holes (Natural Earth cuts lagoons and river mouths out; wards cover them)."""
    parts = getattr(geometry, "geoms", [geometry])
    return shapely.union_all([shapely.Polygon(part.exterior) for part in parts])


def reconcile(province: str, rows: list) -> list[dict]:
    """The official wards of the province with the package's position, matched by full name."""
    by_name = {r[1]: r for r in rows if r[0] == province}
    wards = []
    for unit in ward_units(province):
        row = by_name.get(unit.name)
        if row is None:
            raise SystemExit(f"{unit.code} {unit.name}: not in vietnamadminunits")
        wards.append(
            {"code": unit.code, "name": unit.name, "lat": row[3], "lon": row[4], "area_km2": row[5], "source": row[2]}
        )
    return wards


def _cell(ward: dict, cells: shapely.Geometry, outline: shapely.Geometry) -> shapely.Geometry:
    site = Point(ward["lon"], ward["lat"])
    voronoi = next(c for c in cells.geoms if c.covers(site))
    piece = voronoi.intersection(outline)
    if not piece.covers(site):  # at sea or on an island the coastline misses: a disc of its area
        piece = piece.union(voronoi.intersection(_disc(ward["lat"], ward["lon"], ward["area_km2"])))
    piece = shapely.set_precision(piece, GRID)
    if not piece.covers(site):
        raise SystemExit(f"{ward['code']}: its cell lost its position")
    return piece


def build(province: str, rows: list, topology: dict) -> dict:
    """The FeatureCollection of the province's wards."""
    wards = reconcile(province, rows)
    lons, lats = [w["lon"] for w in wards], [w["lat"] for w in wards]
    box = shapely.box(min(lons) - MARGIN, min(lats) - MARGIN, max(lons) + MARGIN, max(lats) + MARGIN)
    sites = {(r[4], r[3]) for r in rows if box.contains(Point(r[4], r[3]))}
    cells = shapely.voronoi_polygons(MultiPoint(sorted(sites)), extend_to=box.buffer(1))
    outline = _filled(land(topology).intersection(box)).simplify(LAND_TOLERANCE)
    pieces = [_cell(ward, cells, outline) for ward in wards]
    # Natural Earth leaves river mouths as gaps between its polygons: give each gap to the wards around it.
    parts = getattr(shapely.union_all(pieces), "geoms", [])
    gaps = shapely.union_all([shapely.Polygon(ring) for part in parts for ring in part.interiors])
    features = []
    for ward, piece in zip(wards, pieces, strict=True):
        site = Point(ward["lon"], ward["lat"])
        voronoi = next(c for c in cells.geoms if c.covers(site))
        piece = shapely.set_precision(piece.union(voronoi.intersection(gaps)), GRID)
        geometry = json.loads(json.dumps(mapping(piece)))
        features.append({"type": "Feature", "properties": ward, "geometry": geometry})
    return {
        "type": "FeatureCollection",
        "approximate": True,
        "source": "vietnamadminunits 1.0.4 ward positions and areas; Natural Earth 1:10m land (world-atlas 2.0.2)",
        "features": features,
    }


def main() -> None:
    """Read the package's database and the TopoJSON, write the GeoJSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="vietnamadminunits/data/dataset.db")
    parser.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    parser.add_argument("--province", default="48")
    args = parser.parse_args()
    collection = build(args.province, _rows(args.dataset), json.loads(args.topojson.read_text()))
    out = OUT / f"wards-{args.province}.geojson"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out.name}: {len(collection['features'])} wards, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
