"""HTTP handlers of /api/v1/events: intake from outside systems, the list, its CSV export, one event."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.events import cap, intake, ngsi, repository, revise, service, views
from ioc.events.schemas import AwareTime, Category, EventOut, RecordOut, Severity
from ioc.kit.errors import NotFound
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Id

router = APIRouter(prefix="/api/v1/events", tags=["events"])
reader = require_roles("admin", "leader", "operator", "integrator", "agency_officer")  # officers: their wards
writer = require_roles("admin", "operator", "integrator")
BODY_DOC = 'One event object (EventIn, camelCase) or {"events": [EventIn, …]} (at most 500)'


@router.post("", response_model=RecordOut, status_code=201, responses={200: {"description": "all redeliveries"}})
def post_events(
    body: dict[str, Any] = Body(..., description=BODY_DOC), actor: Principal = Depends(writer), db: Session = DB
) -> Response:
    """Record events from an outside system; a redelivered (source, sourceId) is stored once."""
    result = service.record(db, actor, intake.parse(body))
    out = {"created": result.created, "duplicates": result.duplicates}
    return Response(orjson.dumps(out), status_code=201 if result.created else 200, media_type="application/json")


CAP_BODY = {"requestBody": {"required": True, "content": {"application/xml": {"schema": {"type": "string"}}}}}


@router.post("/cap", response_model=RecordOut, status_code=201, openapi_extra=CAP_BODY,
             responses={200: {"description": "a redelivery"}})  # fmt: skip
async def post_cap(request: Request, actor: Principal = Depends(writer), db: Session = DB) -> Response:
    """Record a CAP 1.2 alert as an event; an Update or Cancel revises the event its `references` name."""
    msg = cap.message(await request.body())
    result = await run_in_threadpool(revise.apply, db, actor, msg)
    out = {"created": result.created, "duplicates": result.duplicates, "updated": result.updated}
    return Response(orjson.dumps(out), status_code=201 if result.created else 200, media_type="application/json")


@router.post("/ngsi-ld", response_model=RecordOut, status_code=201, responses={200: {"description": "redeliveries"}})
def post_ngsi(
    body: dict[str, Any] | list[dict[str, Any]] = Body(..., description="Alert, RoadAccident or TrafficViolation"),
    actor: Principal = Depends(writer),
    db: Session = DB,
) -> Response:
    """Record Smart Data Models entities (NGSI-LD normalized or keyValues); the entity id is the source id."""
    result = service.record(db, actor, ngsi.parse(body))
    out = {"created": result.created, "duplicates": result.duplicates}
    return Response(orjson.dumps(out), status_code=201 if result.created else 200, media_type="application/json")


def _filters(db, who, category, sub_category, severity, area, source, since, until) -> dict[str, Any]:
    return {"category": category, "sub_category": sub_category, "severity": severity, "area_code": area,
            "source": source, "since": since, "until": until, "area_in": service.visible_areas(db, who)}  # fmt: skip


@router.get("", response_model=Page[EventOut])
def list_events(
    category: Category | None = None,
    sub_category: str | None = Query(None, max_length=40),
    severity: Severity | None = None,
    area: str | None = Query(None, max_length=10, description="Ward code"),
    source: str | None = Query(None, max_length=120),
    since: AwareTime | None = None,
    until: AwareTime | None = None,
    paging: PageParams = Depends(page_params),
    who: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Events, filtered by kind, severity, ward, source and time of occurrence; newest first unless `sort` says."""
    order = paging.sort_key(repository.SORTABLE, "-occurred_at")
    filters = _filters(db, who, category, sub_category, severity, area, source, since, until)
    items, total = service.list_events(db, filters, order, paging.offset, paging.page_size)
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}


@router.get("/export.csv", response_class=Response, responses=media("text/csv"))
def export_events(
    category: Category | None = None,
    sub_category: str | None = Query(None, max_length=40),
    severity: Severity | None = None,
    area: str | None = Query(None, max_length=10),
    source: str | None = Query(None, max_length=120),
    since: AwareTime | None = None,
    until: AwareTime | None = None,
    who: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The events as CSV (UTF-8 with BOM, for spreadsheets), same filters as the list, newest first."""
    filters = _filters(db, who, category, sub_category, severity, area, source, since, until)
    items, _total = service.list_events(db, filters, ("occurred_at", True), 0, 10_000)
    headers = {"Content-Disposition": 'attachment; filename="su-kien.csv"'}
    return Response(views.to_csv(items), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/{event_id}", response_model=EventOut)
def get_event(event_id: Id, who: Principal = Depends(reader), db: Session = DB) -> dict:
    """One event with its geometry, payload and media links (an agency officer's: of its wards)."""
    found = service.get_event(db, event_id)
    scope = service.visible_areas(db, who)
    if found is None or (scope is not None and found["area_code"] not in scope):
        raise NotFound(f"No event {event_id}.")
    return found
