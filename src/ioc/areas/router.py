"""HTTP handlers of the areas domain. Reading units is public: citizens need the map."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, UploadFile
from sqlalchemy.orm import Session

from ioc.areas import service
from ioc.areas.boundaries import BoundaryImportError
from ioc.areas.models import Area
from ioc.areas.schemas import AreaOut, AreaPatch, BoundaryImportOut, LocateOut
from ioc.auth import audit
from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.pagination import Page, PageParams, page_params

router = APIRouter(prefix="/api/v1/areas", tags=["areas"])


def area_out(area: Area, geometry: bool = False) -> AreaOut:
    """API shape of a unit."""
    centroid = {"lat": area.centroid_lat, "lon": area.centroid_lon} if area.centroid_lat is not None else None
    return AreaOut(
        code=area.code,
        name=area.name,
        division_type=area.division_type,
        level=area.level,
        parent_code=area.parent_code,
        centroid=centroid,
        synthetic=area.synthetic,
        population=area.population,
        population_synthetic=bool(area.population_synthetic),
        geometry=area.geometry if geometry else None,
    )


@router.get("", response_model=Page[AreaOut])
def list_areas(
    level: str | None = Query(None, pattern="^(province|ward)$"),
    parent: str | None = None,
    q: str | None = Query(None, description="Name (with or without diacritics) or code"),
    geometry: bool = False,
    page: PageParams = Depends(page_params),
    db: Session = DB,
) -> Page[AreaOut]:
    """Provinces and wards, filtered, sorted and paged; GeoJSON geometry with geometry=true."""
    sort = page.sort_key({"code", "name", "level", "division_type"}, "code")
    rows, total = service.search(
        db, level=level, parent=parent, q=q, sort=sort, offset=page.offset, limit=page.page_size
    )
    return Page(items=[area_out(a, geometry) for a in rows], total=total, page=page.page, page_size=page.page_size)


@router.get("/geojson")
def wards_geojson(level: str = Query("ward", pattern="^(province|ward)$"), db: Session = DB) -> dict:
    """Boundaries of a level as a GeoJSON FeatureCollection (RFC 7946)."""
    return service.feature_collection(db, level)


@router.get("/locate", response_model=LocateOut)
def locate(
    lat: float = Query(..., ge=-90, le=90), lon: float = Query(..., ge=-180, le=180), db: Session = DB
) -> LocateOut:
    """The ward that contains a WGS 84 point; ward is null outside every boundary."""
    area = service.locate(db, lat, lon)
    return LocateOut(
        lat=lat, lon=lon, ward=area_out(area) if area else None, province_code=area.parent_code if area else None
    )


@router.post("/boundaries", response_model=BoundaryImportOut)
async def import_boundaries(
    file: UploadFile,
    code_property: str = Query("code"),
    actor: Principal = Depends(require_roles("admin")),
    db: Session = DB,
) -> BoundaryImportOut:
    """Import ward boundaries from a GeoJSON FeatureCollection; nothing is stored if any feature is bad."""
    try:
        doc = json.loads(await file.read())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationProblem(
            f"file: not valid JSON: {exc}", errors=[{"field": "file", "message": str(exc)}]
        ) from exc
    try:
        codes = service.import_boundaries(db, doc, code_property)
    except BoundaryImportError as exc:
        raise ValidationProblem(
            f"{len(exc.errors)} problem(s) in the boundary file; nothing was imported", errors=exc.errors
        ) from exc
    audit.record(db, actor, "areas.boundaries.import", "areas", None, after={"codes": codes})
    return BoundaryImportOut(imported=len(codes), codes=codes)


@router.get("/{code}", response_model=AreaOut)
def get_area(code: str, geometry: bool = True, db: Session = DB) -> AreaOut:
    """One unit with its GeoJSON boundary."""
    area = service.get_area(db, code)
    if area is None:
        raise NotFound(f"area {code!r} not found")
    return area_out(area, geometry)


@router.patch("/{code}", response_model=AreaOut)
def patch_area(
    code: str, body: AreaPatch, actor: Principal = Depends(require_roles("admin")), db: Session = DB
) -> AreaOut:
    """Set a unit's population (a real figure: it is no longer marked synthetic)."""
    area = service.get_area(db, code)
    if area is None:
        raise NotFound(f"area {code!r} not found")
    before = {"population": area.population, "population_synthetic": area.population_synthetic}
    service.set_population(db, code, body.population)
    after = {"population": area.population, "population_synthetic": False}
    audit.record(db, actor, "areas.update", "areas", code, before=before, after=after)
    return area_out(area, geometry=False)
