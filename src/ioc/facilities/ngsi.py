"""Smart Data Models entities (PointOfInterest, TouristDestination, Building) as facilities.

FIWARE clients send NGSI-LD entities normalized ({"type": "Property", "value": …}) or as keyValues;
both are read. The kind comes from the entity type and its `category`.
"""

from __future__ import annotations

from typing import Any

from ioc.facilities.kinds import ATTRIBUTES, FieldError
from ioc.facilities.schemas import FacilityIn

TYPES = ("PointOfInterest", "TouristDestination", "Building")
# Building and PointOfInterest categories (OpenStreetMap-style, as the models use them) → kind and attributes.
CATEGORIES: dict[str, tuple[str, dict[str, Any]]] = {
    "hospital": ("hospital", {}),
    "clinic": ("commune_health_station", {}),
    "healthcare": ("commune_health_station", {}),
    "kindergarten": ("school", {"level": "mam_non"}),
    "school": ("school", {}),
    "primary_school": ("school", {"level": "tieu_hoc"}),
    "secondary_school": ("school", {"level": "thcs"}),
    "high_school": ("school", {"level": "thpt"}),
    "hotel": ("hotel", {}),
    "hostel": ("hotel", {}),
    "guest_house": ("hotel", {}),
    "police": ("police_post", {}),
    "fire_station": ("fire_station", {}),
    "attraction": ("tourist_site", {}),
    "museum": ("tourist_site", {}),
    "monument": ("tourist_site", {}),
    "beach": ("tourist_site", {}),
    "viewpoint": ("tourist_site", {}),
}


def _plain(value: Any) -> Any:
    # A normalized attribute's value, or the keyValues value as it is.
    if isinstance(value, dict) and value.get("type") in ("Property", "GeoProperty", "Relationship"):
        return value.get("object") if value.get("type") == "Relationship" else value.get("value")
    return value


def _kind(entity_type: str, categories: list[str]) -> tuple[str, dict[str, Any]]:
    if entity_type == "TouristDestination":
        return "tourist_site", {}
    for category in categories:
        if category in CATEGORIES:
            return CATEGORIES[category]
    known = ", ".join(sorted(CATEGORIES))
    raise FieldError("category", f"no facility kind for categories {categories!r}; known: {known}")


def _point(entity: dict[str, Any]) -> tuple[float, float]:
    location = _plain(entity.get("location"))
    coords = location.get("coordinates") if isinstance(location, dict) and location.get("type") == "Point" else None
    if not (isinstance(coords, list) and len(coords) >= 2 and all(isinstance(c, int | float) for c in coords[:2])):
        raise FieldError("location", "a GeoJSON Point [longitude, latitude] is required")
    return float(coords[1]), float(coords[0])


def _address(entity: dict[str, Any]) -> str:
    address = _plain(entity.get("address"))
    if isinstance(address, str):
        return address[:300]
    if isinstance(address, dict):
        parts = [address.get(k) for k in ("streetAddress", "addressLocality", "addressRegion")]
        return ", ".join(str(p) for p in parts if p)[:300]
    return ""


def _owner(entity: dict[str, Any]) -> str | None:
    owner = _plain(entity.get("owner"))
    if isinstance(owner, list):
        owner = owner[0] if owner else None
    return str(owner).rsplit(":", 1)[-1][:40] if owner else None


def to_facility(entity: Any) -> FacilityIn:
    """A FacilityIn of one entity, or a FieldError naming the attribute that cannot be read."""
    if not isinstance(entity, dict):
        raise FieldError("entity", "must be a JSON object")
    entity_type, entity_id = entity.get("type"), entity.get("id")
    if entity_type not in TYPES:
        raise FieldError("type", f"unsupported type {entity_type!r}; one of {', '.join(TYPES)}")
    if not isinstance(entity_id, str) or not entity_id:
        raise FieldError("id", "the entity id (a URI) is required")
    category = _plain(entity.get("category")) or []
    categories = [category] if isinstance(category, str) else [c for c in category if isinstance(c, str)]
    kind, preset = _kind(entity_type, categories)
    lat, lon = _point(entity)
    names = {a.name for a in ATTRIBUTES[kind]}
    attributes = preset | {k: _plain(v) for k, v in entity.items() if k in names}
    name = _plain(entity.get("name")) or entity_id
    try:
        return FacilityIn(
            code=entity_id[:80], kind=kind, name=str(name)[:200], address=_address(entity),
            owner_agency=_owner(entity), lat=lat, lon=lon, attributes=attributes,
        )  # fmt: skip
    except ValueError as exc:
        raise FieldError("id", str(exc).splitlines()[-1] if str(exc) else "invalid") from None
