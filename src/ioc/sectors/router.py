"""HTTP handlers of /api/v1/sectors: the catalogue, a sector's dashboard, map, series, calendar and exports."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.sheets import XLSX_TYPE
from ioc.kit.types import Day
from ioc.sectors import calendar, exports, service
from ioc.sectors.schemas import CalendarEntryOut
from ioc.web.templating import request_language

router = APIRouter(prefix="/api/v1/sectors", tags=["sectors"])
reader = require_roles(*service.READERS)
SECTOR = Path(..., max_length=40, description="traffic | security | land | health | education | tourism")


def _province(request: Request) -> str:
    return request.app.state.settings.jurisdiction


@router.get("")
def list_sectors(request: Request, actor: Principal = Depends(reader)) -> list[dict[str, Any]]:
    """The sectors of the catalogue with their pages."""
    return service.sectors_list(request_language(request))


@router.get("/{sector}")
def sector_dashboard(
    request: Request, sector: str = SECTOR, actor: Principal = Depends(reader), db: Session = DB
) -> dict[str, Any]:
    """A sector's dashboard: KPI tiles, facilities, ward ranking, events, incidents, reports and its own panels."""
    return service.dashboard(db, actor, sector, _province(request), request_language(request))


@router.get("/{sector}/map")
def sector_map(request: Request, sector: str = SECTOR, actor: Principal = Depends(reader), db: Session = DB) -> dict:
    """The sector's map: its layers, facilities, ward values and live overlay (congestion, crowds)."""
    return service.sector_map(db, actor, sector, request_language(request))


@router.get("/{sector}/series")
def sector_series(request: Request, sector: str = SECTOR, actor: Principal = Depends(reader), db: Session = DB) -> dict:
    """The sector's charts over time: named lines of (period start, value)."""
    return service.series(db, sector, _province(request), request_language(request))


@router.get("/{sector}/export.{fmt}", responses=media("text/csv", XLSX_TYPE))
def sector_export(
    request: Request,
    fmt: Literal["csv", "xlsx"],
    sector: str = SECTOR,
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The sector's charts and ward ranking as CSV (long format) or XLSX (one sheet each)."""
    lang = request_language(request)
    body, media_type, name = exports.export(db, actor, sector, _province(request), lang, fmt)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _calendar_filters(
    first: Day | None = Query(None, alias="from", description="First day (default: 30 days ago)"),
    last: Day | None = Query(None, alias="to", description="Last day (default: in 120 days)"),
    kind: str | None = Query(None, max_length=20, description="festival | fair | sport"),
    area_code: str | None = Query(None, max_length=10, description="Ward code"),
    status: str | None = Query(None, max_length=10, description="past | ongoing | upcoming"),
    q: str | None = Query(None, max_length=200, description="Title or place; diacritics ignored"),
) -> dict[str, Any]:
    return {"from": first, "to": last, "kind": kind, "area_code": area_code, "status": status, "q": q}


@router.get("/{sector}/calendar", response_model=Page[CalendarEntryOut])
def sector_calendar(
    request: Request,
    sector: str = SECTOR,
    filters: dict[str, Any] = Depends(_calendar_filters),
    params: PageParams = Depends(page_params),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> dict[str, Any]:
    """The sector's events calendar: happenings overlapping the days asked for, filtered, sorted, paged."""
    order = params.sort_key(calendar.SORTABLE, "starts_on")
    page = (params.offset, params.page_size)
    items, total = calendar.listing(db, service.require(sector), filters, order, page, request_language(request))
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}


@router.get("/{sector}/calendar.{fmt}", responses=media("text/csv", XLSX_TYPE))
def sector_calendar_export(
    request: Request,
    fmt: Literal["csv", "xlsx"],
    sector: str = SECTOR,
    filters: dict[str, Any] = Depends(_calendar_filters),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The filtered calendar as CSV or XLSX, earliest first."""
    body, media_type, name = calendar.export(db, service.require(sector), filters, request_language(request), fmt)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
