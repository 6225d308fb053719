"""HTTP handlers of map layers: upload (admins), describe, and features by bbox and zoom (cached)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ioc.auth.deps import get_principal, require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import ValidationProblem
from ioc.kit.geo import parse_bbox
from ioc.kit.openapi import media
from ioc.kit.types import Id
from ioc.layers import service
from ioc.layers.crs import ZONES
from ioc.layers.importer import Limits
from ioc.layers.models import Layer
from ioc.layers.schemas import ROLE_NAMES, LayerList, LayerOut, LayerPatch, Sector, Style, Visibility, Zone
from ioc.layers.settings import LayerSettings, layer_settings
from ioc.web.templating import request_language

router = APIRouter(prefix="/api/v1/layers", tags=["layers"])
admin = require_roles("admin")
GEOJSON = "application/geo+json"
MAX_FILE = 50 * 1024 * 1024


def layer_out(layer: Layer, lang: str = "vi", repaired: list[int] | None = None) -> LayerOut:
    """API shape of a layer."""
    name = layer.name_en if lang == "en" and layer.name_en else layer.name_vi
    return LayerOut(
        id=layer.id,
        name_vi=layer.name_vi,
        name_en=layer.name_en,
        name=name,
        sector=layer.sector,
        visibility=layer.visibility,
        roles=layer.roles or [],
        style=Style(**(layer.style or {})),
        popup_fields=layer.popup_fields or [],
        fields=layer.fields or {},
        geometry_type=layer.geometry_type,
        source_name=layer.source_name,
        source_format=layer.source_format,
        source_crs=layer.source_crs,
        feature_count=layer.feature_count,
        bbox=[layer.min_lon, layer.min_lat, layer.max_lon, layer.max_lat],
        version=layer.version,
        repaired=repaired or [],
        created_at=layer.created_at,
        updated_at=layer.updated_at,
    )


def _lang(request: Request) -> str:
    return request_language(request)


@router.get("", response_model=LayerList)
def list_layers(request: Request, principal: Principal = Depends(get_principal), db: Session = DB) -> LayerList:
    """The layers the caller may see (anonymous callers: public layers)."""
    lang = _lang(request)
    return LayerList(items=[layer_out(x, lang) for x in service.visible_layers(db, principal)])


@router.get("/zones", response_model=list[Zone])
def zones() -> list[Zone]:
    """VN-2000 TM-3 zones of the former provinces (Circular 973/2001/TT-TCĐC), for crs=zone:<code>."""
    return [Zone(code=code, name=name, central_meridian=meridian) for code, (name, meridian) in ZONES.items()]


def _meta(name_vi: str, name_en: str, sector: str, visibility: str, roles: str, style: str, popup: str) -> dict:
    try:
        parsed_style = Style(**json.loads(style)) if style.strip() else Style()
    except (ValueError, TypeError, ValidationError) as exc:
        raise ValidationProblem(f"style: {str(exc)[:300]}", errors=[{"field": "style", "message": "invalid"}]) from exc
    role_list = [r.strip() for r in roles.split(",") if r.strip()]
    unknown = [r for r in role_list if r not in ROLE_NAMES]
    if unknown:
        raise ValidationProblem(f"roles: unknown role(s) {', '.join(unknown)}.")
    if visibility == "roles" and not role_list:
        raise ValidationProblem("roles: a layer visible to roles needs at least one role.")
    popup_fields = [f.strip() for f in popup.split(",") if f.strip()][:30]
    return {
        "name_vi": name_vi.strip(),
        "name_en": name_en.strip(),
        "sector": sector,
        "visibility": visibility,
        "roles": role_list if visibility == "roles" else [],
        "style": parsed_style,
        "popup_fields": popup_fields,
    }


@router.post("", response_model=LayerOut, status_code=201)
def upload_layer(
    request: Request,
    file: UploadFile = File(..., description="GeoJSON, zipped Shapefile (.shp .shx .dbf .prj), GeoPackage or KML"),
    name_vi: str = Form(..., min_length=1, max_length=200),
    name_en: str = Form("", max_length=200),
    sector: Sector = Form(...),
    visibility: Visibility = Form("staff"),
    roles: str = Form("", max_length=200),
    style: str = Form("", max_length=20_000),
    popup_fields: str = Form("", max_length=2000),
    crs: str | None = Form(None, max_length=60, description="EPSG:5899, or zone:<province> (GET /zones)"),
    repair: bool = Query(False, description="fix invalid geometries with make_valid instead of refusing them"),
    actor: Principal = Depends(admin),
    settings: LayerSettings = Depends(layer_settings),
    db: Session = DB,
) -> LayerOut:
    """Import a layer file; any bad feature refuses the whole file (422 naming it) and nothing is stored."""
    data = file.file.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValidationProblem("file: larger than 50 MB", errors=[{"field": "file", "message": "too large"}])
    meta = _meta(name_vi, name_en, sector, visibility, roles, style, popup_fields)
    if not meta["name_vi"]:
        raise ValidationProblem("name_vi: empty.")
    options = {
        "crs": crs.strip() if crs and crs.strip() else None,
        "repair": repair,
        "province": request.app.state.settings.jurisdiction,
        "limits": Limits(settings.max_features, settings.max_vertices),
    }
    try:
        layer, prepared = service.import_layer(db, actor, (file.filename or "upload", data), meta, options)
    except service.FileProblem as exc:
        message = exc.args[0]  # a Text: the page reads it in its own language
        raise ValidationProblem(message, errors=exc.errors or [{"field": "file", "message": message}]) from exc
    return layer_out(layer, _lang(request), prepared.repaired)


@router.get("/{layer_id}", response_model=LayerOut)
def get_layer(
    request: Request, layer_id: Id, principal: Principal = Depends(get_principal), db: Session = DB
) -> LayerOut:
    """One layer's description (404 when the caller may not see it)."""
    return layer_out(service.get_visible(db, principal, layer_id), _lang(request))


@router.patch("/{layer_id}", response_model=LayerOut)
def patch_layer(
    request: Request, body: LayerPatch, layer_id: Id, actor: Principal = Depends(admin), db: Session = DB
) -> LayerOut:
    """Change a layer's names, sector, style, popup fields or visibility."""
    changes = body.model_dump(exclude_unset=True)
    return layer_out(service.update_layer(db, actor, layer_id, changes), _lang(request))


@router.delete("/{layer_id}", status_code=204, response_class=Response)
def delete_layer(layer_id: Id, actor: Principal = Depends(admin), db: Session = DB) -> Response:
    """Remove a layer and its features."""
    service.delete_layer(db, actor, layer_id)
    return Response(status_code=204)


@router.get(
    "/{layer_id}/features",
    response_class=Response,
    responses=media(GEOJSON) | {304: {"description": "Not modified (ETag)"}},
)
def layer_features(
    request: Request,
    layer_id: Id,
    bbox: str = Query(..., max_length=120, description="west,south,east,north (WGS 84 degrees)"),
    zoom: int = Query(..., ge=0, le=22),
    principal: Principal = Depends(get_principal),
    settings: LayerSettings = Depends(layer_settings),
    db: Session = DB,
) -> Response:
    """Features meeting the box, simplified for the zoom (at most max_response_features); ETag and Cache-Control."""
    layer = service.get_visible(db, principal, layer_id)
    box = parse_bbox(bbox)
    etag = service.features_etag(layer, box, zoom)
    scope = "public" if layer.visibility == "public" else "private"
    headers = {
        "ETag": etag,
        "Cache-Control": f"{scope}, max-age={settings.cache_seconds}",
        "Vary": "Cookie, Authorization",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    body = service.features_geojson(db, layer, box, zoom, settings.max_response_features)
    return Response(body, media_type=GEOJSON, headers=headers)
