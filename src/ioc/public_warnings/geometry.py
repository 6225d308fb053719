"""Warning areas as CAP wants them: 'lat,lon' rings from ward boundaries or a drawn shape."""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon, shape
from shapely.ops import unary_union

DECIMALS = 4  # about 11 m: enough for a warning area, short enough for a phone
TOLERANCE = 0.0005  # degrees, for simplifying ward outlines (about 50 m)
MAX_POINTS = 400


def _ring(coords: Any) -> str:
    points = [(round(lat, DECIMALS), round(lon, DECIMALS)) for lon, lat in coords]
    dedup = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if dedup[0] != dedup[-1]:
        dedup.append(dedup[0])
    return " ".join(f"{lat},{lon}" for lat, lon in dedup)


def polygons_of(geometries: list[dict]) -> list[str]:
    """CAP polygons (exterior rings, simplified and rounded) covering these GeoJSON geometries."""
    shapes = [shape(g) for g in geometries if g]
    if not shapes:
        return []
    merged = unary_union([s.buffer(0) for s in shapes]).simplify(TOLERANCE, preserve_topology=True)
    parts = [merged] if isinstance(merged, Polygon) else list(getattr(merged, "geoms", []))
    rings = [_ring(p.exterior.coords) for p in parts if isinstance(p, Polygon) and not p.is_empty]
    return [r for r in rings if r.count(" ") >= 3]


def drawn_polygon(points: list[tuple[float, float]]) -> str:
    """A drawn [lat, lon] outline as a closed CAP polygon; ValueError when it is not one."""
    pts = [(round(lat, DECIMALS), round(lon, DECIMALS)) for lat, lon in points]
    for lat, lon in pts:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"point {lat},{lon} is outside WGS 84 degrees")
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(set(pts)) < 3 or len(pts) < 4:
        raise ValueError("a polygon needs at least 3 distinct points")
    if len(pts) > MAX_POINTS:
        raise ValueError(f"a polygon has at most {MAX_POINTS} points")
    if not Polygon([(lon, lat) for lat, lon in pts]).is_valid:
        raise ValueError("the outline crosses itself")
    return " ".join(f"{lat},{lon}" for lat, lon in pts)


def circle_text(lat: float, lon: float, radius_km: float) -> str:
    """A CAP circle: 'lat,lon radius'."""
    return f"{round(lat, DECIMALS)},{round(lon, DECIMALS)} {round(radius_km, 3)}"


def parse_polygon(text: str) -> list[list[float]]:
    """A CAP polygon back to [[lat, lon], …] (for the map)."""
    return [[float(v) for v in pair.split(",")] for pair in text.split()]
