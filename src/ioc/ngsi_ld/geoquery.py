"""Geo-queries (georel near/within/intersects/disjoint/equals/contains/overlaps) with Shapely.

The database narrows candidates with the stored lat/lon bounding box; Shapely decides.
Distances for `near` are metres on a local equirectangular projection around the
reference point: exact enough at city scale and cheap.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ioc.kit.geo import degrees_box
from ioc.ngsi_ld.attrs import GEO_TYPES, check_geometry
from ioc.ngsi_ld.errors import bad_data

RELATIONS = ("near", "within", "contains", "intersects", "disjoint", "equals", "overlaps")
Box = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


@dataclass
class GeoQuery:
    """A parsed georel + geometry + coordinates triple."""

    rel: str
    geometry: BaseGeometry
    geoproperty: str = "location"
    max_distance: float | None = None
    min_distance: float | None = None

    def prefilter_box(self) -> Box | None:
        """A box every matching entity's box must overlap (None: no narrowing possible)."""
        if self.rel == "disjoint" or (self.rel == "near" and self.max_distance is None):
            return None
        minx, miny, maxx, maxy = self.geometry.bounds
        if self.rel == "near":
            lo = degrees_box(miny, minx, self.max_distance)
            hi = degrees_box(maxy, maxx, self.max_distance)
            return lo[0], lo[1], hi[2], hi[3]
        return minx, miny, maxx, maxy

    def matches(self, value: dict[str, Any] | None) -> bool:
        """True if an entity's GeoJSON satisfies the relation."""
        if value is None:
            return False
        try:
            geom = shape(value)
        except Exception:  # stored geometry was checked on write; be defensive on old rows
            return False
        if self.rel == "near":
            return self._near(geom)
        return bool(getattr(geom, self.rel)(self.geometry))

    def _near(self, geom: BaseGeometry) -> bool:
        distance = metres_between(self.geometry, geom)
        if self.max_distance is not None and distance > self.max_distance:
            return False
        return not (self.min_distance is not None and distance < self.min_distance)


def metres_between(ref: BaseGeometry, geom: BaseGeometry) -> float:
    """Distance in metres between two lon/lat geometries (local projection at ref)."""
    lat0 = ref.centroid.y
    kx, ky = 111_320.0 * math.cos(math.radians(lat0)), 110_540.0

    scale = np.array([kx, ky])
    return shapely.transform(ref, lambda xy: xy * scale).distance(shapely.transform(geom, lambda xy: xy * scale))


def parse(
    georel: str | None, geometry: str | None, coordinates: str | None, geoproperty: str | None = None
) -> GeoQuery | None:
    """The geo-query of a request, or None when none was asked; 400 naming the bad parameter."""
    if not georel and not geometry and not coordinates:
        return None
    if not (georel and geometry and coordinates):
        missing = [n for n, v in (("georel", georel), ("geometry", geometry), ("coordinates", coordinates)) if not v]
        raise bad_data(missing[0], "georel, geometry and coordinates go together")
    rel, *modifiers = georel.split(";")
    if rel not in RELATIONS:
        raise bad_data("georel", f"unknown relation {rel!r}; one of {', '.join(RELATIONS)}")
    query = GeoQuery(rel, _geometry(geometry, coordinates), geoproperty or "location")
    for mod in modifiers:
        name, _, value = mod.partition("==")
        if name not in ("maxDistance", "minDistance") or rel != "near":
            raise bad_data("georel", f"unknown modifier {mod!r}")
        try:
            setattr(query, "max_distance" if name == "maxDistance" else "min_distance", float(value))
        except ValueError as exc:
            raise bad_data("georel", f"{name} must be a number of metres") from exc
    if rel == "near" and query.max_distance is None and query.min_distance is None:
        raise bad_data("georel", "near needs maxDistance or minDistance")
    return query


def _geometry(kind: str, coordinates: str) -> BaseGeometry:
    if kind not in GEO_TYPES:
        raise bad_data("geometry", f"unknown geometry {kind!r}")
    try:
        coords = json.loads(coordinates)
    except ValueError as exc:
        raise bad_data("coordinates", "must be a JSON array such as [106.70,10.77]") from exc
    return shape(check_geometry("coordinates", {"type": kind, "coordinates": coords}))


def box_of(value: dict[str, Any] | None) -> Box | None:
    """The lon/lat bounding box of a GeoJSON geometry."""
    if not value:
        return None
    if value.get("type") == "Point":  # the common case, without building a Shapely object
        x, y = value["coordinates"][:2]
        return x, y, x, y
    return tuple(shape(value).bounds)  # type: ignore[return-value]
