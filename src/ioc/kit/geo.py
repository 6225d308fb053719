"""Small geographic helpers (WGS 84, lon/lat order as in GeoJSON)."""

from __future__ import annotations

import math

from ioc.kit.errors import ValidationProblem

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def check_lat_lon(lat: float, lon: float) -> None:
    """Raise ValueError unless lat/lon are valid WGS 84 degrees."""
    if not (-90.0 <= lat <= 90.0):
        raise ValueError(f"lat must be between -90 and 90, got {lat}")
    if not (-180.0 <= lon <= 180.0):
        raise ValueError(f"lon must be between -180 and 180, got {lon}")


def degrees_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """A (min_lon, min_lat, max_lon, max_lat) box that contains the circle."""
    dlat = radius_m / 111_320.0
    dlon = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 1e-6))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'west,south,east,north' in degrees; 422 naming the parameter otherwise."""
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise ValidationProblem("bbox: four numbers west,south,east,north.") from exc
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValidationProblem("bbox: west <= east within ±180 and south <= north within ±90.")
    return west, south, east, north
