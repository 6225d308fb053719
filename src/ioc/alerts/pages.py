"""Alert pages for the staff: the list of alerts (filterable, paginated) and an alert with the points that fired it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.alerts import service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden, NotFound
from ioc.kit.types import Id
from ioc.registry import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
READERS = ("admin", "leader", "operator")
NAV = [NavItem("/alerts", "Cảnh báo vận hành", "bell", roles=READERS, order=44)]
STATUS = {"alert": {"firing": ("Đang cảnh báo", "bad", "bell"), "resolved": ("Đã hết", "ok", "info")}}
PAGE_SIZE = 25


def _reader(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("Only admins, leaders and operators see the alerts.")


@router.get("/alerts")
def alerts_page(
    request: Request,
    status: Literal["firing", "resolved"] | None = None,
    severity: str | None = Query(None, max_length=20),
    page: int = Query(1, ge=1, le=10000),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Alerts, newest first, filtered by status and severity."""
    _reader(principal)
    filters = {"status": status, "severity": severity or None}
    items, total = service.list_alerts(db, filters, ("starts_at", True), (page - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    ctx = {"items": items, "total": total, "page": page, "pages": pages, "status": status, "severity": severity}
    return render(request, "alerts/list.html", principal, status_family=STATUS["alert"], **ctx)


@router.get("/alerts/{alert_id:int}")
def alert_page(
    request: Request, alert_id: Id, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """One alert: labels, annotations, the values that fired it, its acknowledgement."""
    _reader(principal)
    alert = service.get_alert(db, alert_id)
    if alert is None:
        raise NotFound(f"No alert {alert_id}")
    return render(request, "alerts/detail.html", principal, alert=alert, status_family=STATUS["alert"])
