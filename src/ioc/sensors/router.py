"""HTTP handlers of the sensors domain: stations, bulk observation ingest, latest values, series."""

from __future__ import annotations

from datetime import timedelta

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import ValidationProblem
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.timeutil import utcnow
from ioc.kit.types import Timestamp
from ioc.sensors import service
from ioc.sensors.adapters import http
from ioc.sensors.quantities import STATION_KINDS
from ioc.sensors.schemas import LatestOut, SeriesOut, StationIn, StationOut, StationPatch

router = APIRouter(prefix="/api/v1", tags=["sensors"])
READERS = ("admin", "leader", "operator", "agency_officer", "integrator")
WRITERS = service.WRITER_ROLES


@router.get("/stations", response_model=Page[StationOut])
def list_stations(
    kind: str | None = Query(None, description=" | ".join(STATION_KINDS)),
    area_code: str | None = None,
    q: str | None = None,
    active: bool | None = None,
    state: str | None = Query(None, pattern="^(online|stale|offline|never)$"),
    page: PageParams = Depends(page_params),
    db: Session = DB,
    _: Principal = Depends(require_roles(*READERS)),
) -> Page[StationOut]:
    """Stations filtered by kind, ward, text, active flag and state; sorted and paged."""
    sort = page.sort_key({"code", "name", "kind", "area_code", "last_seen_at", "created_at"}, "code")
    if state:
        # State depends on the clock, so it is filtered after loading (station counts are small).
        rows, _total = service.search_stations(
            db, kind=kind, area_code=area_code, q=q, active=active, sort=sort, offset=0, limit=100_000
        )
        now = utcnow()
        items = [service.station_out(s, now) for s in rows]
        items = [i for i in items if i.state == state]
        return Page(
            items=items[page.offset : page.offset + page.page_size],
            total=len(items),
            page=page.page,
            page_size=page.page_size,
        )
    rows, total = service.search_stations(
        db, kind=kind, area_code=area_code, q=q, active=active, sort=sort, offset=page.offset, limit=page.page_size
    )
    return Page(items=[service.station_out(s) for s in rows], total=total, page=page.page, page_size=page.page_size)


@router.put("/stations/{code}", response_model=StationOut)
@router.post("/stations", response_model=StationOut, status_code=201, include_in_schema=True)
def put_station(
    data: StationIn, code: str | None = None, db: Session = DB, principal: Principal = Depends(require_roles(*WRITERS))
) -> StationOut:
    """Create a station, or replace it when the code exists (PUT /stations/{code} for idempotent clients)."""
    if code is not None and code != data.code:
        raise ValidationProblem(
            "code: the body's code differs from the path",
            errors=[{"field": "code", "message": "differs from the path"}],
        )
    station = service.upsert_station(db, principal, data)
    return service.station_out(station)


@router.get("/stations/{code}", response_model=StationOut)
def get_station(code: str, db: Session = DB, _: Principal = Depends(require_roles(*READERS))) -> StationOut:
    """One station with its state."""
    return service.station_out(service.require_station(db, code))


@router.patch("/stations/{code}", response_model=StationOut)
def patch_station(
    code: str, patch: StationPatch, db: Session = DB, principal: Principal = Depends(require_roles(*WRITERS))
) -> StationOut:
    """Change some fields; `active: false` retires a station (its history is kept)."""
    station = service.patch_station(db, principal, code, patch)
    return service.station_out(station)


@router.delete("/stations/{code}", response_model=StationOut)
def retire_station(code: str, db: Session = DB, principal: Principal = Depends(require_roles(*WRITERS))) -> StationOut:
    """Retire a station: it stops accepting observations; its history stays."""
    station = service.patch_station(db, principal, code, StationPatch(active=False))
    return service.station_out(station)


def _ingest(db: Session, principal: Principal, rows: list, source: str) -> tuple[int, dict]:
    result = service.ingest(db, principal, rows, source=source)
    if rows and not result.stored and not result.duplicates:
        # Nothing usable at all: answer as an error so a single bad row gets a 4xx naming its field.
        first = result.rejected[0]
        raise ValidationProblem(f"{first['field']}: {first['reason']} (row {first['index']})", errors=result.rejected)
    return 200, result.to_dict()


@router.post("/observations", responses={200: {"description": "counts stored / duplicates / rejected"}})
async def post_observations(
    request: Request, db: Session = DB, principal: Principal = Depends(require_roles(*WRITERS))
) -> Response:
    """Bulk ingest: a JSON array, NDJSON (application/x-ndjson) or CSV (text/csv or a multipart `file`)."""
    content_type = request.headers.get("content-type", "application/json")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise http.MalformedBody("file: a CSV file is required", errors=[{"field": "file", "message": "required"}])
        body, content_type = await upload.read(), "text/csv"
    else:
        body = await request.body()
    rows = http.parse_body(content_type, body)
    status, out = await run_in_threadpool(_ingest, db, principal, rows, "http")
    return Response(orjson.dumps(out), status_code=status, media_type="application/json")


@router.get("/observations/latest", response_model=list[LatestOut])
def latest(
    station: list[str] | None = Query(None, description="Station codes; repeat or comma-separate"),
    db: Session = DB,
    _: Principal = Depends(require_roles(*READERS)),
) -> list[LatestOut]:
    """The newest value of each quantity at each station (all stations without `station`)."""
    codes = [c for s in station for c in s.split(",") if c] if station else None
    return service.latest(db, codes)


@router.get("/stations/{code}/series", response_model=SeriesOut)
def series(
    code: str,
    quantity: str,
    resolution: str = Query("hour", description="raw | hour | day"),
    start: Timestamp | None = Query(None, alias="from", description="ISO 8601 with zone; default: to − 24 h"),
    end: Timestamp | None = Query(None, alias="to", description="ISO 8601 with zone; default: now"),
    db: Session = DB,
    _: Principal = Depends(require_roles(*READERS)),
) -> dict:
    """A time series of one quantity: raw values or hourly/daily mean, min, max and count."""
    for name, value in (("from", start), ("to", end)):
        if value is not None and value.tzinfo is None:
            raise ValidationProblem(
                f"{name}: a time zone is required", errors=[{"field": name, "message": "a time zone is required"}]
            )
    end = end or utcnow()
    start = start or end - timedelta(hours=24)
    return service.series(db, code, quantity, resolution, start, end)
