"""Validation of boundary GeoJSON (RFC 7946) before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
    "OGC:CRS84",
}


class BoundaryImportError(ValueError):
    """The file cannot be imported; `errors` names each problem."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(e["message"] for e in errors[:5]))


@dataclass
class ParsedBoundary:
    """A checked feature ready to store."""

    code: str
    geometry: dict
    centroid: tuple[float, float]  # lat, lon
    population: int | None = None  # residents, when the feature gives a "population" property


@dataclass
class ParseResult:
    boundaries: list[ParsedBoundary] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def check_crs(doc: dict) -> None:
    """Refuse a named CRS other than WGS 84 (RFC 7946 allows only WGS 84)."""
    crs = doc.get("crs")
    if not crs:
        return
    name = (crs.get("properties") or {}).get("name", "") if isinstance(crs, dict) else str(crs)
    if name not in WGS84_NAMES:
        message = f"wrong CRS {name!r}: GeoJSON must be WGS 84 longitude/latitude (RFC 7946); reproject first"
        raise BoundaryImportError([{"feature": None, "message": message}])


def _feature_error(index: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"feature": index, "code": code, "message": f"feature {index}: {message}"}


def _check_geometry(index: int, code: str, geom_doc: Any) -> tuple[ParsedBoundary | None, str | None]:
    if not isinstance(geom_doc, dict) or geom_doc.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geom_doc.get("type") if isinstance(geom_doc, dict) else None
        return None, f"geometry must be a Polygon or MultiPolygon, got {kind!r}"
    try:
        geom = shape(geom_doc)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        return None, f"malformed coordinates: {exc}"
    if geom.is_empty:
        return None, "empty geometry"
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        return None, (
            "coordinates are outside longitude/latitude range: the file is probably in a "
            "projected CRS (e.g. VN-2000); reproject to WGS 84"
        )
    if not geom.is_valid:
        return None, f"invalid geometry: {explain_validity(geom)}"
    point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
    return ParsedBoundary(code, shapely.geometry.mapping(geom), (point.y, point.x)), None


MAX_POPULATION = 50_000_000


def _population(props: dict) -> tuple[int | None, str | None]:
    # An optional "population" property: a whole number of residents (a JSON number or a numeric string).
    raw = props.get("population")
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, bool):
        return None, "population must be a whole number of residents"
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None, "population must be a whole number of residents"
    if value != value or not value.is_integer() or not 0 <= value <= MAX_POPULATION:
        return None, f"population must be a whole number from 0 to {MAX_POPULATION:,}"
    return int(value), None


def parse_feature_collection(doc: Any, code_property: str, known_codes: set[str]) -> ParseResult:
    """Check every feature; collect all problems rather than stopping at the first."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise BoundaryImportError([{"feature": None, "message": "not a GeoJSON FeatureCollection"}])
    check_crs(doc)
    result, seen = ParseResult(), set()
    for index, feature in enumerate(doc.get("features") or []):
        props = (feature or {}).get("properties") or {}
        raw = props.get(code_property)
        code = str(raw).strip() if raw is not None else ""
        if code.isdigit():
            code = code.zfill(5) if len(code) > 2 else code.zfill(2)
        if not code:
            result.errors.append(_feature_error(index, f"property {code_property!r} is missing"))
            continue
        if code not in known_codes:
            result.errors.append(_feature_error(index, f"unknown area code {code!r}", code))
            continue
        if code in seen:
            result.errors.append(_feature_error(index, f"area code {code!r} appears twice", code))
            continue
        seen.add(code)
        parsed, error = _check_geometry(index, code, feature.get("geometry"))
        population, bad = _population(props)
        error = error or bad
        if error:
            result.errors.append(_feature_error(index, error, code))
        else:
            parsed.population = population
            result.boundaries.append(parsed)
    if not result.boundaries and not result.errors:
        result.errors.append({"feature": None, "message": "the file has no features"})
    return result
