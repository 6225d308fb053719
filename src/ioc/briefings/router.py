"""HTTP handlers of /api/v1/briefings: make one on demand, list, download the PDF and XLSX, subscribers."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.briefings import service
from ioc.briefings.schemas import BriefingIn, BriefingOut, Kind, SubscriberIn, SubscriberOut
from ioc.db.uow import DB
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.sheets import XLSX_TYPE
from ioc.kit.types import Id

router = APIRouter(prefix="/api/v1/briefings", tags=["briefings"])
reader = require_roles("admin", "leader", "operator")
maker = require_roles("admin", "leader", "operator")
admin = require_roles("admin")


@router.post(
    "",
    response_model=BriefingOut,
    status_code=201,
    responses={200: {"model": BriefingOut, "description": "The period's briefing existed and was remade"}},
)
def create(
    body: BriefingIn, request: Request, response: Response, actor: Principal = Depends(maker), db: Session = DB
) -> dict:
    """Make the briefing of a week (2026-W48) or month (2026-11) now; an existing one is remade (200)."""
    settings = request.app.state.settings
    row, created = service.generate(db, settings, actor, body.kind, body.period)
    if body.send:
        service.send(db, settings, actor, row)
    if not created:
        response.status_code = 200
    return service.out(row)


@router.get("", response_model=Page[BriefingOut])
def list_briefings(
    kind: Kind | None = None,
    params: PageParams = Depends(page_params),
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Stored briefings, newest period first."""
    items, total = service.listing(db, kind, params.offset, params.page_size)
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}


@router.get("/subscribers", response_model=list[SubscriberOut])
def list_subscribers(_: Principal = Depends(admin), db: Session = DB) -> list[dict[str, Any]]:
    """The addresses that receive briefings."""
    return service.subscribers(db)


@router.post("/subscribers", response_model=SubscriberOut, status_code=201)
def add_subscriber(body: SubscriberIn, actor: Principal = Depends(admin), db: Session = DB) -> dict[str, Any]:
    """Subscribe an address to weekly and/or monthly briefings."""
    return service.add_subscriber(db, actor, body.model_dump())


@router.delete("/subscribers/{subscriber_id}", status_code=204)
def remove_subscriber(subscriber_id: Id, actor: Principal = Depends(admin), db: Session = DB) -> Response:
    """Unsubscribe an address."""
    service.remove_subscriber(db, actor, subscriber_id)
    return Response(status_code=204)


@router.get("/{briefing_id}", response_model=BriefingOut)
def detail(briefing_id: Id, _: Principal = Depends(reader), db: Session = DB) -> dict:
    """One briefing."""
    return service.out(service.require(db, briefing_id))


@router.get("/{briefing_id}/{fmt}", responses=media(service.PDF_TYPE, XLSX_TYPE))
def download(
    briefing_id: Id, fmt: Literal["pdf", "xlsx"], _: Principal = Depends(reader), db: Session = DB
) -> Response:
    """The briefing's PDF or XLSX file."""
    row = service.require(db, briefing_id, files=True)
    data, kind = (row.pdf, service.PDF_TYPE) if fmt == "pdf" else (row.xlsx, XLSX_TYPE)
    headers = {"Content-Disposition": f'attachment; filename="{service.file_name(row, fmt)}"'}
    return Response(data, media_type=kind, headers=headers)
