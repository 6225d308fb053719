"""The briefings page: the stored briefings to download, a form to make one now, the subscribers (admins)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.briefings import periods, service
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden
from ioc.kit.timeutil import utcnow
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, template_dirs

router = APIRouter(include_in_schema=False)
ROLES = ("admin", "leader", "operator")
NAV = [NavItem("/briefings", "Báo cáo giao ban", "list", roles=ROLES, order=47, group="operate")]
template_dirs(str(Path(__file__).resolve().parent / "templates"))
PAGE_SIZE = 20


@router.get("/briefings")
def briefings_page(
    request: Request,
    page: int = Query(1, ge=1, le=100000),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Briefings newest first with their PDF and XLSX, the on-demand form and, for admins, the subscribers."""
    if principal.role not in ROLES:
        raise Forbidden("Briefings are for administrators, leaders and operators.")
    items, total = service.listing(db, None, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    now = utcnow()
    return render(
        request,
        "briefings/list.html",
        principal,
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        last_week=periods.last_complete("week", now).code,
        last_month=periods.last_complete("month", now).code,
        subscribers=service.subscribers(db) if principal.role == "admin" else None,
    )
