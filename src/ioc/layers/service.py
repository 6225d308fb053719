"""Layers domain logic: import a file all or nothing, describe layers, answer features by bbox and zoom."""

from __future__ import annotations

import hashlib
from typing import Any

from shapely.geometry import shape
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.layers import repository
from ioc.layers.importer import Limits, Prepared, band_for, prepare
from ioc.layers.models import Layer
from ioc.layers.reader import FileProblem as FileProblem  # re-exported: callers catch it
from ioc.layers.reader import read_upload
from ioc.layers.schemas import Style

AUDITED = ("name_vi", "name_en", "sector", "visibility", "roles", "style", "popup_fields")


def province_extent(session: Session, province: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the province's boundary, or None when it has none yet."""
    for area in areas_service.with_boundaries(session, "province"):
        if area.code == province and area.geometry:
            return shape(area.geometry).bounds
    return None


def may_see(principal: Principal, layer: Layer) -> bool:
    """Whether the caller may see a layer: public to all, staff to staff, roles to those roles (admins: all)."""
    if layer.visibility == "public" or principal.role == "admin":
        return True
    if layer.visibility == "staff":
        return principal.is_staff
    return principal.role in (layer.roles or [])


def visible_layers(session: Session, principal: Principal) -> list[Layer]:
    """The layers the caller may see."""
    return [layer for layer in repository.all_layers(session) if may_see(principal, layer)]


def get_visible(session: Session, principal: Principal, layer_id: int) -> Layer:
    """A layer the caller may see; NotFound otherwise (its existence is not revealed)."""
    layer = repository.get(session, layer_id)
    if layer is None or not may_see(principal, layer):
        raise NotFound(f"No layer {layer_id}.")
    return layer


def _check_description(style: Style, popup_fields: list[str], fields: dict[str, str], ranges: dict) -> Style:
    unknown = [f for f in popup_fields if f not in fields]
    if unknown:
        raise ValidationProblem(f"Popup fields not in the layer's attributes: {', '.join(unknown)}.")
    if style.kind == "single":
        return style
    if style.property not in fields:
        raise ValidationProblem(f"Style property '{style.property}' is not an attribute of the layer.")
    if style.kind == "ramp":
        if fields[style.property] != "number" or len(style.colors) < 2:
            raise ValidationProblem("A colour ramp needs a number attribute and at least two colours.")
        low, high = ranges.get(style.property, (0.0, 1.0))
        return style.model_copy(
            update={"min": low if style.min is None else style.min, "max": high if style.max is None else style.max}
        )
    return style


def import_layer(
    session: Session, principal: Principal, upload: tuple[str, bytes], meta: dict[str, Any], options: dict[str, Any]
) -> tuple[Layer, Prepared]:
    """Read, check and store a layer file with its description; FileProblem and nothing stored when any part is bad."""
    filename, data = upload
    raw = read_upload(filename, data)
    prepared = prepare(
        filename,
        raw,
        crs_choice=options.get("crs"),
        repair=options.get("repair", False),
        extent=province_extent(session, options["province"]),
        limits=options.get("limits") or Limits(),
    )
    style = _check_description(meta["style"], meta["popup_fields"], prepared.fields, prepared.ranges)
    layer = Layer(
        name_vi=meta["name_vi"],
        name_en=meta.get("name_en") or "",
        sector=meta["sector"],
        visibility=meta["visibility"],
        roles=meta.get("roles") or [],
        style=style.model_dump(),
        popup_fields=meta["popup_fields"],
        fields=prepared.fields,
        geometry_type=prepared.geometry_type,
        source_name=filename[:255],
        source_format=raw.format,
        source_crs=prepared.crs_label,
        feature_count=len(prepared.rows),
        created_by=principal.actor,
    )
    layer.min_lon, layer.min_lat, layer.max_lon, layer.max_lat = prepared.bbox
    repository.add_layer(session, layer)
    repository.add_features(session, layer.id, prepared.rows)
    extra = {"source": filename, "features": layer.feature_count, "crs": layer.source_crs}
    audit.record(session, principal, "layer.import", "layer", layer.id, after=_snapshot(layer) | extra)
    return layer, prepared


def _snapshot(layer: Layer) -> dict[str, Any]:
    return {key: getattr(layer, key) for key in AUDITED}


def update_layer(session: Session, principal: Principal, layer_id: int, changes: dict[str, Any]) -> Layer:
    """Change a layer's description; its features stay."""
    layer = repository.get(session, layer_id)
    if layer is None:
        raise NotFound(f"No layer {layer_id}.")
    before = _snapshot(layer)
    style = Style(**changes["style"]) if "style" in changes else Style(**layer.style)
    popup = changes.get("popup_fields", layer.popup_fields)
    ranges = {k: (style.min, style.max) for k in [style.property] if style.min is not None and style.max is not None}
    changes["style"] = _check_description(style, popup, layer.fields, ranges).model_dump()
    if changes.get("visibility", layer.visibility) != "roles":
        changes["roles"] = []
    for key, value in changes.items():
        setattr(layer, key, value)
    layer.version += 1
    layer.updated_at = utcnow()
    audit.record(session, principal, "layer.update", "layer", layer.id, before=before, after=_snapshot(layer))
    return layer


def delete_layer(session: Session, principal: Principal, layer_id: int) -> None:
    """Remove a layer and its features."""
    layer = repository.get(session, layer_id)
    if layer is None:
        raise NotFound(f"No layer {layer_id}.")
    audit.record(session, principal, "layer.delete", "layer", layer.id, before=_snapshot(layer))
    repository.delete_layer(session, layer)


def features_etag(layer: Layer, bbox: tuple[float, ...], zoom: int) -> str:
    """A strong ETag for one layer version, box and zoom band."""
    key = f"{layer.id}:{layer.version}:{band_for(zoom)}:{','.join(f'{v:.6f}' for v in bbox)}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def features_geojson(session: Session, layer: Layer, bbox: tuple[float, ...], zoom: int, limit: int) -> bytes:
    """A FeatureCollection (bytes) of the layer's features meeting the box, simplified for the zoom."""
    rows = repository.features_in(session, layer.id, zoom, band_for(zoom), bbox, limit + 1)
    truncated = len(rows) > limit
    parts = [
        f'{{"type":"Feature","id":{seq},"properties":{props},"geometry":{geom}}}' for seq, props, geom in rows[:limit]
    ]
    head = f'{{"type":"FeatureCollection","layer":{layer.id},"zoom":{zoom},"truncated":{str(truncated).lower()},'
    return (head + '"features":[' + ",".join(parts) + "]}").encode()
