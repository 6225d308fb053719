"""HTTP handlers of the notify API: receivers, the routing tree, silences, inhibitions, the delivery log."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.types import Id
from ioc.notify import service
from ioc.notify.schemas import (
    InhibitionIn,
    InhibitionOut,
    NotificationOut,
    ReceiverIn,
    ReceiverOut,
    Route,
    SilenceIn,
    SilenceOut,
)

router = APIRouter(prefix="/api/v1", tags=["notify"])
admin = require_roles("admin")
desk = require_roles("admin", "operator")


@router.get("/receivers")
def get_receivers(actor: Principal = Depends(admin), db: Session = DB) -> list[ReceiverOut]:
    """Every receiver (secrets are never shown)."""
    return service.list_receivers(db)


@router.post("/receivers", status_code=201)
def post_receiver(body: ReceiverIn, actor: Principal = Depends(admin), db: Session = DB) -> ReceiverOut:
    """Add a receiver; its kind checks its settings (a webhook URL against the URL policy)."""
    return service.save_receiver(db, actor, body)


@router.put("/receivers/{receiver_id}")
def put_receiver(receiver_id: Id, body: ReceiverIn, actor: Principal = Depends(admin), db: Session = DB) -> ReceiverOut:
    """Replace a receiver."""
    return service.save_receiver(db, actor, body, receiver_id)


@router.delete("/receivers/{receiver_id}", status_code=204)
def delete_receiver(receiver_id: Id, actor: Principal = Depends(admin), db: Session = DB) -> None:
    """Delete a receiver no route uses."""
    service.delete_receiver(db, actor, receiver_id)


@router.get("/notification-routes")
def get_routes(actor: Principal = Depends(admin), db: Session = DB) -> dict:
    """The routing tree."""
    return service.get_routes(db)


@router.put("/notification-routes")
def put_routes(body: Route, actor: Principal = Depends(admin), db: Session = DB) -> dict:
    """Replace the routing tree (validated whole: receivers, matchers, timings)."""
    return service.save_routes(db, actor, body)


@router.get("/silences")
def get_silences(actor: Principal = Depends(desk), db: Session = DB) -> list[SilenceOut]:
    """Every silence with its state."""
    return service.list_silences(db)


@router.post("/silences", status_code=201)
def post_silence(body: SilenceIn, actor: Principal = Depends(desk), db: Session = DB) -> SilenceOut:
    """Mute alerts matching the matchers until endsAt."""
    return service.create_silence(db, actor, body)


@router.post("/silences/{silence_id}/expire")
def expire_silence(silence_id: Id, actor: Principal = Depends(desk), db: Session = DB) -> SilenceOut:
    """End a silence now."""
    return service.expire_silence(db, actor, silence_id)


@router.get("/inhibitions")
def get_inhibitions(actor: Principal = Depends(admin), db: Session = DB) -> list[InhibitionOut]:
    """Every inhibition rule."""
    return service.list_inhibitions(db)


@router.post("/inhibitions", status_code=201)
def post_inhibition(body: InhibitionIn, actor: Principal = Depends(admin), db: Session = DB) -> InhibitionOut:
    """Add an inhibition rule."""
    return service.create_inhibition(db, actor, body)


@router.delete("/inhibitions/{rule_id}", status_code=204)
def delete_inhibition(rule_id: Id, actor: Principal = Depends(admin), db: Session = DB) -> None:
    """Remove an inhibition rule."""
    service.delete_inhibition(db, actor, rule_id)


@router.get("/notifications")
def get_notifications(
    status: Literal["pending", "delivered", "failed"] | None = Query(None),
    paging: PageParams = Depends(page_params),
    actor: Principal = Depends(desk),
    db: Session = DB,
) -> Page[NotificationOut]:
    """The delivery log, newest first, with each notification's delivery state (failed ones: `status=failed`)."""
    items, total = service.notifications_page(db, status, paging.page_size, paging.offset)
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)
