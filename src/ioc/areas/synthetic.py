"""Synthetic ward polygons for a demo province that has no real boundaries.

Where a province ships `data/wards-PP.geojson` (scripts/build_demo_wards.py: Voronoi cells of the real
wards' positions, clipped to Natural Earth's land), its wards are those cells and their centroid is the
ward's real position. Elsewhere the province outline is an irregular blob around an approximate centre;
wards are a Voronoi partition of it, urban wards (phường) packed near the centre. Everything made here is
flagged `synthetic` and shown as such in the UI.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, mapping

# Approximate centres (lat, lon) of the 34 provinces after 1 July 2025, for demo shapes only.
PROVINCE_CENTRES: dict[str, tuple[float, float]] = {
    "01": (21.03, 105.80),
    "04": (22.67, 106.26),
    "08": (22.30, 105.00),
    "11": (21.60, 103.00),
    "12": (22.30, 103.20),
    "14": (21.20, 104.00),
    "15": (22.00, 104.30),
    "19": (21.90, 105.80),
    "20": (21.85, 106.76),
    "22": (21.20, 107.30),
    "24": (21.30, 106.20),
    "25": (21.00, 105.30),
    "31": (20.90, 106.50),
    "33": (20.60, 106.20),
    "37": (20.30, 106.00),
    "38": (20.00, 105.40),
    "40": (19.20, 104.90),
    "42": (18.35, 105.80),
    "44": (17.20, 106.50),
    "46": (16.35, 107.55),
    "48": (15.70, 108.00),
    "51": (14.80, 108.20),
    "52": (14.00, 108.40),
    "56": (12.10, 109.00),
    "66": (12.90, 108.50),
    "68": (11.60, 107.90),
    "75": (11.30, 107.00),
    "79": (10.80, 106.70),
    "80": (11.00, 106.10),
    "82": (10.40, 105.80),
    "86": (10.00, 106.20),
    "91": (10.30, 105.10),
    "92": (9.80, 105.80),
    "96": (9.20, 105.20),
}
HALF_EXTENT_DEG = 0.45
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class WardShape:
    """A synthetic ward: its polygon and the point it is placed around (lat, lon)."""

    geometry: dict
    site: tuple[float, float]


@cache
def shipped(province_code: str) -> dict[str, WardShape]:
    """The province's shipped ward shapes at the real wards' positions, by official code ({} when none)."""
    path = DATA / f"wards-{province_code}.geojson"
    if not path.exists():
        return {}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {
        f["properties"]["code"]: WardShape(f["geometry"], (f["properties"]["lat"], f["properties"]["lon"]))
        for f in features
    }


def _outline(rng: random.Random, lat: float, lon: float) -> Polygon:
    points = []
    for k in range(36):
        angle = 2 * math.pi * k / 36
        radius = HALF_EXTENT_DEG * (0.75 + 0.25 * math.sin(3 * angle + rng.random()) + 0.1 * rng.random())
        points.append((lon + radius * math.cos(angle) / math.cos(math.radians(lat)), lat + radius * math.sin(angle)))
    return Polygon(points).buffer(0)


def _seed_points(rng: random.Random, outline: Polygon, urban: list[bool]) -> list[Point]:
    centre = outline.centroid
    minx, miny, maxx, maxy = outline.bounds
    points: list[Point] = []
    for is_urban in urban:
        while True:
            if is_urban:  # phường cluster around the city centre
                p = Point(centre.x + rng.gauss(0, 0.06), centre.y + rng.gauss(0, 0.05))
            else:
                p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if outline.contains(p) and all(p.distance(q) > 0.004 for q in points):
                points.append(p)
                break
    return points


def _cells(points: list[Point], outline: Polygon) -> list[Polygon]:
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline)
    by_point: list[Polygon] = []
    for p in points:
        cell = next(c for c in cells.geoms if c.covers(p))
        by_point.append(cell.intersection(outline))
    return by_point


def synthetic_wards(province_code: str, wards: list[tuple[str, str]]) -> dict[str, WardShape]:
    """A shape per ward code; `wards` is (code, division_type) in a stable order."""
    real = shipped(province_code)
    if real and all(code in real for code, _ in wards):
        return {code: real[code] for code, _ in wards}
    lat, lon = PROVINCE_CENTRES.get(province_code, (16.0, 107.0))
    rng = random.Random(int(province_code) if province_code.isdigit() else 0)
    outline = _outline(rng, lat, lon)
    points = _seed_points(rng, outline, [dtype == "phường" for _, dtype in wards])
    cells = _cells(points, outline)
    # One Lloyd step evens out slivers while keeping urban wards small.
    relaxed = [
        c.centroid if c.area > 0 and outline.contains(c.centroid) else p for c, p in zip(cells, points, strict=True)
    ]
    cells = _cells(relaxed, outline)
    result = {}
    for (code, _), cell in zip(wards, cells, strict=True):
        geom = shapely.set_precision(cell, 1e-6)
        point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
        result[code] = WardShape(mapping(geom), (point.y, point.x))
    return result
