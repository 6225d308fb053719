"""HTTP handlers of /api/v1/warnings and the public CAP feed (/cap/alerts.atom, /cap/{identifier}.xml)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import NotFound
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Id
from ioc.public_warnings import feeds, repository, service, views
from ioc.public_warnings.cap import ATOM_MEDIA, CAP_MEDIA
from ioc.public_warnings.schemas import STATUSES, CancelIn, Category, Severity, WarningIn, WarningOut, WarningPatch
from ioc.public_warnings.settings import PublicWarningSettings, warning_settings

api = APIRouter(prefix="/api/v1/warnings", tags=["public_warnings"])
cap_router = APIRouter(prefix="/cap", tags=["public_warnings"])
routers = [api, cap_router]
reader = require_roles("admin", "leader", "operator", "agency_officer")
writer = require_roles("admin", "operator")
FEED_CACHE = "public, max-age=60"
MESSAGE_CACHE = "public, max-age=3600"  # a sent message never changes


@api.get("", response_model=Page[WarningOut])
def list_warnings(
    status: Literal[STATUSES] | None = None,  # type: ignore[valid-type]
    severity: Severity | None = None,
    category: Category | None = None,
    area_code: str | None = Query(None, max_length=10),
    current: bool = False,
    q: str | None = Query(None, max_length=100),
    paging: PageParams = Depends(page_params),
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Warnings, filtered by status, severity, category, ward or text; newest first unless `sort` says."""
    order = paging.sort_key(repository.SORTABLE, "-id")
    filters = {"status": status, "severity": severity, "category": category, "area_code": area_code}
    filters |= {"current": current, "q": q}
    items, total = service.list_warnings(db, filters, order, paging.offset, paging.page_size)
    return {"items": items, "total": total, "page": paging.page, "page_size": paging.page_size}


@api.get("/export.csv", response_class=Response, responses=media("text/csv"))
def export_warnings(
    status: Literal[STATUSES] | None = None,  # type: ignore[valid-type]
    severity: Severity | None = None,
    category: Category | None = None,
    _: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The warnings as CSV (UTF-8 with BOM, for spreadsheets), same filters as the list."""
    filters = {"status": status, "severity": severity, "category": category}
    items, _total = service.list_warnings(db, filters, ("id", True), 0, 10_000)
    body = views.to_csv(items)
    headers = {"Content-Disposition": 'attachment; filename="canh-bao.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@api.post("", response_model=WarningOut, status_code=201)
def create_warning(body: WarningIn, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """A new draft warning; publish it with POST …/publish."""
    return service.create_warning(db, actor, body)


@api.get("/{warning_id}", response_model=WarningOut)
def get_warning(warning_id: Id, _: Principal = Depends(reader), db: Session = DB) -> dict:
    """One warning with the CAP messages sent for it."""
    found = service.get_warning(db, warning_id)
    if found is None:
        raise NotFound(f"No warning {warning_id}.")
    return found


@api.patch("/{warning_id}", response_model=WarningOut)
def update_warning(warning_id: Id, body: WarningPatch, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Edit a warning; a published one is re-sent as a CAP Update."""
    return service.update_warning(db, actor, warning_id, body)


@api.post("/{warning_id}/publish", response_model=WarningOut)
def publish_warning(warning_id: Id, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Send a draft to citizens (CAP Alert)."""
    return service.publish_warning(db, actor, warning_id)


@api.post("/{warning_id}/cancel", response_model=WarningOut)
def cancel_warning(
    warning_id: Id, body: CancelIn | None = None, actor: Principal = Depends(writer), db: Session = DB
) -> dict:
    """Withdraw a warning (CAP Cancel when it was published)."""
    return service.cancel_warning(db, actor, warning_id, body.note if body else "")


def _base(request: Request, settings: PublicWarningSettings) -> str:
    return settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")


@cap_router.get("/alerts.atom", response_class=Response, responses=media(ATOM_MEDIA))
def atom(request: Request, settings: PublicWarningSettings = Depends(warning_settings), db: Session = DB) -> Response:
    """Atom index of the warnings in force; each entry links to its CAP 1.2 message."""
    body = feeds.atom_xml(db, _base(request, settings))
    return Response(body, media_type=ATOM_MEDIA, headers={"Cache-Control": FEED_CACHE})


@cap_router.get("/{identifier}.xml", response_class=Response, responses=media(CAP_MEDIA))
def cap_message(
    identifier: str, request: Request, settings: PublicWarningSettings = Depends(warning_settings), db: Session = DB
) -> Response:
    """One CAP 1.2 alert, by its identifier (a warning's identifier names its first message, the Alert)."""
    body = feeds.message_xml(db, identifier, _base(request, settings))
    if body is None:
        raise NotFound(f"No CAP message {identifier}.")
    return Response(body, media_type=CAP_MEDIA, headers={"Cache-Control": MESSAGE_CACHE})
