"""HTTP handlers of /api/v1/sectors: the catalogue, a sector's dashboard, map, series and exports."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.openapi import media
from ioc.kit.sheets import XLSX_TYPE
from ioc.sectors import exports, service
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
