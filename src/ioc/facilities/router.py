"""HTTP handlers of /api/v1/facilities: the registry, imports, NGSI-LD intake and figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.facilities import figures, files, mapview, ngsi, repository, service
from ioc.facilities.kinds import KINDS, FieldError
from ioc.facilities.schemas import (
    BulkFiguresWrite,
    DashboardOut,
    FacilityIn,
    FacilityOut,
    FacilityPatch,
    FigureResult,
    FiguresWrite,
)
from ioc.facilities.settings import FacilitiesSettings, facilities_settings
from ioc.kit import urlpolicy
from ioc.kit.errors import ValidationProblem
from ioc.kit.geo import parse_bbox
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Day, Id

router = APIRouter(prefix="/api/v1/facilities", tags=["facilities"])
reader = require_roles(*service.READERS)
writer = require_roles(*service.WRITERS)
MAX_UPLOAD = 50 * 1024 * 1024
MAX_EXPORT = 20_000
KIND = Query(None, description=" | ".join(KINDS), max_length=30)
MAP_KINDS = Query(..., max_length=len(KINDS), description="One or more kinds (repeat kind=): " + " | ".join(KINDS))


def allowlist(settings: FacilitiesSettings = Depends(facilities_settings)) -> urlpolicy.Allowlist:
    """The hosts camera URLs may name although they are not public."""
    return urlpolicy.Allowlist.parse(settings.camera_allowed_hosts)


def _filters(q: str | None, kind: str | None, area_code: str | None, owner_agency: str | None) -> dict[str, Any]:
    return {"q": q, "kind": kind, "area_code": area_code, "owner_agency": owner_agency}


@router.get("", response_model=Page[FacilityOut])
def list_facilities(
    q: str | None = Query(None, max_length=200, description="Name, address or code; diacritics ignored"),
    kind: str | None = KIND,
    area_code: str | None = Query(None, max_length=10, description="Ward code"),
    owner_agency: str | None = Query(None, max_length=40),
    params: PageParams = Depends(page_params),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """A searchable, filtered, sorted page of facilities."""
    order = params.sort_key(repository.SORTABLE, "name")
    rows, total = service.search(db, _filters(q, kind, area_code, owner_agency), order, params.offset, params.page_size)
    items = [service.facility_out(f, actor) for f in rows]
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}


@router.get("/export.{fmt}", response_class=Response, responses=media("text/csv", files.XLSX_TYPE))
def export_facilities(
    fmt: Literal["csv", "xlsx"],
    q: str | None = Query(None, max_length=200),
    kind: str | None = KIND,
    area_code: str | None = Query(None, max_length=10),
    owner_agency: str | None = Query(None, max_length=40),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The filtered facilities as CSV or XLSX, with the headers the import reads."""
    rows, _ = service.search(db, _filters(q, kind, area_code, owner_agency), ("name", False), 0, MAX_EXPORT)
    items = [service.facility_out(f, actor) for f in rows]
    headers = {"Content-Disposition": f'attachment; filename="co-so.{fmt}"'}
    if fmt == "csv":
        return Response(files.to_csv(items), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(files.to_xlsx(items), media_type=files.XLSX_TYPE, headers=headers)


@router.post("", response_model=FacilityOut, status_code=201)
def create_facility(
    body: FacilityIn, actor: Principal = Depends(writer), allow=Depends(allowlist), db: Session = DB
) -> dict:
    """Register a facility; the ward is resolved from lat/lon (outside the province: 422)."""
    return service.facility_out(service.create(db, actor, body, allow), actor)


async def _upload(file: UploadFile) -> bytes:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ValidationProblem("file: larger than 50 MB", errors=[{"field": "file", "message": "too large"}])
    return data


def _refuse(errors: list[dict], name: str) -> None:
    if errors:
        first = errors[0]
        where = f"row {first['row']}" if first.get("row") else name
        raise ValidationProblem(
            f"{name}: {where} {first['field']}: {first['message']}; {len(errors)} problem(s), nothing was imported",
            errors=errors[:1000],
        )


@router.post("/import")
async def import_facilities(
    file: UploadFile,
    dry_run: bool = False,
    actor: Principal = Depends(writer),
    allow=Depends(allowlist),
    db: Session = DB,
) -> dict:
    """Facilities from a CSV/XLSX file (created or replaced by code); any error imports nothing."""
    service.check_writer(actor, None if actor.role != "integrator" else actor.agency_code)
    records, errors = files.read(file.filename or "", await _upload(file), files.BASE_COLUMNS | files.ATTRIBUTE_COLUMNS,
                                 lambda raw: _checked_record(db, files.facility_record(raw), allow))  # fmt: skip
    _refuse(errors, file.filename or "file")
    if dry_run:
        return {"dry_run": True, "rows": len(records)}
    return {"dry_run": False, "rows": len(records), **service.upsert_many(db, actor, records)}


def _checked_record(db: Session, data: FacilityIn, allow: urlpolicy.Allowlist) -> tuple:
    return (data, *service.checked(db, data, allow))


@router.post("/ngsi-ld")
def ngsi_intake(
    body: dict[str, Any] | list[dict[str, Any]] = Body(
        ..., description="One entity or a list, normalized or keyValues"
    ),
    actor: Principal = Depends(writer),
    allow=Depends(allowlist),
    db: Session = DB,
) -> dict:
    """Smart Data Models PointOfInterest, TouristDestination and Building entities as facilities; all or none."""
    entities = body if isinstance(body, list) else [body]
    if len(entities) > 1000:
        raise service.invalid("entities", "at most 1000 entities at once")
    records = []
    for n, entity in enumerate(entities):
        try:
            records.append(_checked_record(db, ngsi.to_facility(entity), allow))
        except FieldError as exc:
            raise service.invalid(f"[{n}].{exc.field}", exc.message) from None
    return service.upsert_many(db, actor, records)


@router.post("/figures", response_model=FigureResult)
def post_bulk_figures(body: BulkFiguresWrite, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Figures of many facilities named by code; an unknown facility or bad value stores nothing."""
    return figures.store(db, actor, figures.check_bulk(db, body.figures), source="facilities:bulk")


@router.post("/figures/import")
async def import_figures(
    file: UploadFile, dry_run: bool = False, actor: Principal = Depends(writer), db: Session = DB
) -> dict:
    """Figures from a CSV/XLSX file (facility code, date, value); any error imports nothing."""
    records, where, errors = files.read_rows(file.filename or "", await _upload(file), files.FIGURE_COLUMNS,
                                             files.figure_record)  # fmt: skip
    _refuse(errors, file.filename or "file")
    codes = [r.facility for r in records]
    _refuse(files.unknown_facility_errors(where, codes, figures.known_codes(db, set(codes))), file.filename or "file")
    rows = figures.check_bulk(db, records)
    if dry_run:
        return {"dry_run": True, "rows": len(rows)}
    return {"dry_run": False, "rows": len(rows), **figures.store(db, actor, rows, source=f"import:{file.filename}")}


@router.get("/dashboard", response_model=DashboardOut)
def dashboard(
    kind: Literal["hospital", "commune_health_station", "school", "tourist_site", "hotel"],
    year: int = Query(None, ge=2000, le=2100),
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """A sector's facilities of a kind with their last figure, and the year's figures per ward and month."""
    return figures.dashboard(db, kind, year or date.today().year)


@router.get("/map", response_class=JSONResponse, responses={304: {"description": "Not modified (ETag)"}})
def facilities_map(
    request: Request,
    kind: list[str] = MAP_KINDS,
    bbox: str = Query(..., max_length=120, description="west,south,east,north (WGS 84 degrees)"),
    zoom: int = Query(..., ge=0, le=22),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The facilities in a map's box: points when few or from zoom 14, else counts per kind and grid cell."""
    etag, answer = mapview.in_view(db, actor, kind, parse_bbox(bbox), zoom)
    headers = {
        "ETag": etag,
        "Cache-Control": f"private, max-age={mapview.CACHE_SECONDS}",
        "Vary": "Cookie, Authorization",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return JSONResponse(answer, headers=headers)


@router.get("/{facility_id}", response_model=FacilityOut)
def get_facility(facility_id: Id, actor: Principal = Depends(reader), db: Session = DB) -> dict:
    """One facility."""
    return service.facility_out(service.require(db, facility_id), actor)


@router.patch("/{facility_id}", response_model=FacilityOut)
def patch_facility(
    facility_id: Id, body: FacilityPatch, actor: Principal = Depends(writer), allow=Depends(allowlist), db: Session = DB
) -> dict:
    """Change some fields; attributes are merged into the current ones and checked again."""
    return service.facility_out(service.update(db, actor, facility_id, body, allow), actor)


@router.delete("/{facility_id}", status_code=204, response_class=Response)
def delete_facility(facility_id: Id, actor: Principal = Depends(writer), db: Session = DB) -> Response:
    """Remove a facility from the registry (its figures stay on the series)."""
    service.delete(db, actor, facility_id)
    return Response(status_code=204)


@router.post("/{facility_id}/figures", response_model=FigureResult)
def post_figures(facility_id: Id, body: FiguresWrite, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Figures of one facility (bed occupancy per day, pupils per school year, visitors per month); all or none."""
    f = service.require(db, facility_id)
    service.check_writer(actor, f.owner_agency)
    return figures.for_facility(db, actor, f, body.figures)


@router.get("/{facility_id}/figures")
def get_figures(
    facility_id: Id,
    start: Day | None = Query(None, alias="from"),
    end: Day | None = Query(None, alias="to"),
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """A facility's figures by day between two days (default: the last 365 days)."""
    last = end or date.today()
    first = start or last - timedelta(days=365)
    if first > last:
        raise service.invalid("from", "must not be after to")
    return figures.series(db, service.require(db, facility_id), first, last)
