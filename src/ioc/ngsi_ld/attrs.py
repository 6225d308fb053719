"""Entity payloads in, entity representations out: normalized, keyValues, checked field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shapely.geometry import shape

from ioc.kit.timeutil import parse_aware
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import bad_data
from ioc.ngsi_ld.limits import check_member

ATTR_TYPES = {
    "Property",
    "Relationship",
    "GeoProperty",
    "LanguageProperty",
    "JsonProperty",
    "ListProperty",
    "VocabProperty",
    "ListRelationship",
}
GEO_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
# Members of an attribute that are not sub-attributes.
META = {
    "type",
    "value",
    "object",
    "observedAt",
    "unitCode",
    "datasetId",
    "createdAt",
    "modifiedAt",
    "instanceId",
    "languageMap",
    "json",
    "valueList",
    "objectList",
    "vocab",
    "lang",
    "@context",
}
SYSTEM_MEMBERS = {"id", "type", "@context", "createdAt", "modifiedAt", "scope"}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_GEO_NAMES = {"location", "observationSpace", "operationSpace"}


def is_uri(value: Any) -> bool:
    """True for an absolute URI such as urn:ngsi-ld:Thing:1 or https://…."""
    return isinstance(value, str) and bool(_URI.match(value))


@dataclass
class Entity:
    """A checked entity: canonical type and attributes in normalized form."""

    id: str
    type: str
    attrs: dict[str, Any]


def check_id(value: Any, field: str = "id") -> str:
    """The entity id, or 400 naming the field."""
    if value is None:
        raise bad_data(field, "is required")
    if not is_uri(value):
        raise bad_data(field, f"must be a URI (e.g. urn:ngsi-ld:Type:1), got {value!r}")
    return value


def check_type(value: Any, ctx: LdContext, field: str = "type") -> str:
    """The canonical entity type, or 400 naming the field."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None:
        raise bad_data(field, "is required")
    if not isinstance(value, str) or not value.strip():
        raise bad_data(field, "must be a non-empty string")
    return ctx.canonical(value)


def parse_entity(
    body: Any, ctx: LdContext, *, key_values: bool = False, need_type: bool = True, entity_id: str | None = None
) -> Entity:
    """Check a whole entity payload before anything is written."""
    if not isinstance(body, dict):
        raise bad_data("entity", "must be a JSON object")
    eid = check_id(body.get("id", entity_id) if entity_id is None else entity_id)
    etype = check_type(body.get("type"), ctx) if (need_type or "type" in body) else ""
    return Entity(eid, etype, parse_attrs(body, ctx, key_values=key_values))


def parse_attrs(body: dict[str, Any], ctx: LdContext, *, key_values: bool = False) -> dict[str, Any]:
    """The attributes of a payload in normalized form, keyed by canonical name."""
    out: dict[str, Any] = {}
    for name, raw in body.items():
        check_member(name, raw)  # depth and NUL first: normalize_attr recurses as deep as the payload
        if name in SYSTEM_MEMBERS:
            continue
        if not name or any(c in name for c in "<>\"'=;()"):
            raise bad_data(name or "attribute", "is not a valid attribute name")
        out[ctx.canonical(name)] = normalize_attr(name, raw, key_values=key_values)
    return out


def normalize_attr(name: str, raw: Any, *, key_values: bool = False) -> Any:
    """One attribute in normalized form (a multi-attribute stays a list)."""
    if isinstance(raw, list) and raw and all(isinstance(i, dict) and "type" in i for i in raw) and not key_values:
        return [normalize_attr(name, item) for item in raw]
    if key_values or not _looks_normalized(raw):
        return _from_key_value(name, raw)
    attr_type = raw.get("type") or ("Relationship" if "object" in raw else "Property")
    if attr_type not in ATTR_TYPES:
        raise bad_data(f"{name}.type", f"unknown attribute type {attr_type!r}")
    out: dict[str, Any] = {"type": attr_type}
    if attr_type == "Relationship":
        out["object"] = _check_object(name, raw.get("object"))
    elif attr_type == "GeoProperty":
        out["value"] = check_geometry(f"{name}.value", raw.get("value"))
    elif attr_type == "LanguageProperty":
        out["languageMap"] = _required(name, raw, "languageMap")
    elif attr_type == "JsonProperty":
        out["json"] = _required(name, raw, "json")
    else:
        out["value"] = _required(name, raw, "value")
    _copy_meta(name, raw, out)
    return out


def _looks_normalized(raw: Any) -> bool:
    if not isinstance(raw, dict):
        return False
    if raw.get("type") in ATTR_TYPES:
        return True
    return "type" not in raw and ("value" in raw or "object" in raw)


def _from_key_value(name: str, raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict) and raw.get("type") in GEO_TYPES and ("coordinates" in raw or "geometries" in raw):
        return {"type": "GeoProperty", "value": check_geometry(name, raw)}
    if raw is None:
        raise bad_data(name, "value must not be null")
    return {"type": "Property", "value": raw}


def _required(name: str, raw: dict[str, Any], member: str) -> Any:
    if raw.get(member) is None:
        raise bad_data(f"{name}.{member}", "is required")
    return raw[member]


def _check_object(name: str, value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    if value is None or not all(is_uri(i) for i in items):
        raise bad_data(f"{name}.object", f"must be a URI, got {value!r}")
    return value


def _copy_meta(name: str, raw: dict[str, Any], out: dict[str, Any]) -> None:
    if "observedAt" in raw:
        out["observedAt"] = _iso(parse_time(raw["observedAt"], f"{name}.observedAt"))
    if "unitCode" in raw:
        if not isinstance(raw["unitCode"], str):
            raise bad_data(f"{name}.unitCode", "must be a string (UN/CEFACT code)")
        out["unitCode"] = raw["unitCode"]
    if "datasetId" in raw:
        out["datasetId"] = check_id(raw["datasetId"], f"{name}.datasetId")
    for sub, value in raw.items():
        if sub not in META:
            out[sub] = normalize_attr(f"{name}.{sub}", value)


def check_geometry(field: str, value: Any) -> dict[str, Any]:
    """A GeoJSON geometry that Shapely accepts, or 400 naming the field."""
    if not isinstance(value, dict) or value.get("type") not in GEO_TYPES:
        raise bad_data(field, "must be a GeoJSON geometry (Point, LineString, Polygon, …)")
    try:
        geom = shape(value)
    except Exception as exc:  # Shapely raises many kinds for malformed coordinates
        raise bad_data(field, f"invalid GeoJSON coordinates: {exc}") from exc
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise bad_data(field, "coordinates must be [longitude, latitude] in WGS 84")
    return value


def parse_time(value: Any, field: str) -> datetime:
    """An aware datetime from text or a JSON-LD typed value, or 400 naming the field."""
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if not isinstance(value, str):
        raise bad_data(field, "must be an ISO 8601 date-time string")
    try:
        return parse_aware(value, field=field)
    except ValueError as exc:
        raise bad_data(field, str(exc).split(": ", 1)[-1]) from exc
    except OverflowError as exc:  # 0001-01-01T00:00:00+01:00 is before the first UTC instant Python has
        raise bad_data(field, f"out of the range of dates: {value!r}") from exc


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def plain_value(attr: Any) -> Any:
    """The simplified (keyValues) value of a normalized attribute."""
    if isinstance(attr, list):
        attr = attr[0] if attr else {}
    if not isinstance(attr, dict):
        return attr
    for member in ("value", "object", "languageMap", "json", "valueList", "objectList", "vocab"):
        if member in attr:
            return attr[member]
    return None


def geometry_of(attrs: dict[str, Any], name: str = "location") -> dict[str, Any] | None:
    """The GeoJSON value of a GeoProperty, if the entity has it."""
    attr = attrs.get(name)
    if isinstance(attr, list):
        attr = attr[0] if attr else None
    if isinstance(attr, dict) and attr.get("type") == "GeoProperty":
        return attr.get("value")
    return None


def render(
    entity_id: str,
    entity_type: str,
    attrs: dict[str, Any],
    ctx: LdContext,
    *,
    key_values: bool = False,
    only: set[str] | None = None,
    sys_attrs: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An entity as a FIWARE client expects it (normalized by default)."""
    out: dict[str, Any] = {"id": entity_id, "type": ctx.compact(entity_type)}
    for name, attr in attrs.items():
        if only is not None and name not in only:
            continue
        out[ctx.compact(name)] = plain_value(attr) if key_values else attr
    if sys_attrs and not key_values:
        out.update(sys_attrs)
    return out
