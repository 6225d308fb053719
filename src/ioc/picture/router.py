"""HTTP API of the province picture: every tile's figures, the wards by a measure, and the map's point layers."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import ValidationProblem
from ioc.picture import layers, service

router = APIRouter(prefix="/api/v1/picture", tags=["picture"])
readers = require_roles(*service.ROLES)
Range = Literal["today", "24h", "7d", "30d"]


def view_of(request: Request, db: Session, ward: str | None, range: str) -> service.View:
    """The view asked for; an unknown ward is a 422."""
    province = request.app.state.settings.jurisdiction
    if ward and areas_service.get_area(db, ward) is None:
        raise ValidationProblem("ward: unknown ward", errors=[{"field": "ward", "message": "unknown ward"}])
    return service.View(province=province, ward=ward or None, range=range)


def _lang(request: Request) -> str:
    from ioc.web.templating import request_language

    return request_language(request)


@router.get("")
def picture(
    request: Request,
    ward: str | None = Query(None, max_length=10),
    range: Range = "today",
    sections: str | None = Query(None, max_length=200, description="comma-separated: fire,track,feedback,…"),
    principal: Principal = Depends(readers),
    db: Session = DB,
) -> dict[str, Any]:
    """Every tile's figures (or the sections asked for), each with the link to its filtered list."""
    names = tuple(s for s in (sections or "").split(",") if s in service.SECTIONS) or service.SECTIONS
    return service.picture(db, principal, view_of(request, db, ward, range), names)


@router.get("/wards")
def wards(
    request: Request,
    measure: str = Query(
        "off_track", max_length=60, description="off_track, aqi, reports, incidents, indicator:<code>"
    ),
    range: Range = "today",
    principal: Principal = Depends(readers),
    db: Session = DB,
) -> dict[str, Any]:
    """Each ward's figure, colour and link for a measure, with the legend."""
    return layers.ward_measure(db, principal, measure, view_of(request, db, None, range), _lang(request))


@router.get("/points/{layer}")
def points(
    request: Request,
    layer: Literal["stations", "events", "reports", "incidents", "cameras", "facilities"],
    ward: str | None = Query(None, max_length=10),
    range: Range = "today",
    principal: Principal = Depends(readers),
    db: Session = DB,
) -> dict[str, Any]:
    """A point layer as GeoJSON: title, tone and link of each point."""
    return layers.points(db, principal, layer, view_of(request, db, ward, range), _lang(request))
