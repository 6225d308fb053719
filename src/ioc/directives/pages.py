"""Directive pages: the list with "what waits for me", the detail with actions by role, the form, statistics."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.directives import export, flows, queries, service
from ioc.kit.errors import ValidationProblem
from ioc.kit.pagination import PageParams
from ioc.kit.timeutil import utcnow
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
NAV = [
    NavItem("/directives", "Nhiệm vụ chỉ đạo", "list", order=45, tab=True, group="operate"),
    NavItem("/directives/stats", "Thống kê nhiệm vụ", "chart", order=46, group="operate"),
]
STATUS = {"directive": {s: (label, flows.STATUS_TONE[s], "") for s, label in flows.STATUS_LABELS.items()}}
template_dirs(str(Path(__file__).resolve().parent / "templates"))
PAGE_SIZE = 20


def _common() -> dict:
    return {"labels": flows.STATUS_LABELS, "tones": flows.STATUS_TONE, "action_labels": flows.ACTION_LABELS}


def _wards(request: Request, db: Session) -> list[tuple[str, str]]:
    # The province's wards by name, for the ward filter and the form.
    labels = areas_service.area_labels(
        db, parent=request.app.state.settings.jurisdiction, lang=request_language(request)
    )
    return sorted(labels.items(), key=lambda kv: kv[1])


@router.get("/directives")
def list_page(
    request: Request,
    status: str | None = Query(None, max_length=20),
    agency: str | None = Query(None, max_length=40),
    area: str | None = Query(None, max_length=10),
    q: str | None = Query(None, max_length=200),
    page: int = Query(1, ge=1, le=100000),
    due_within: int | None = Query(None, ge=1, le=366),
    overdue: bool = False,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Directives as cards (phone first) with filters (`?due_within=7` days, `?overdue=1`), what waits on top."""
    now = utcnow()
    filters = {"status": status if status in flows.STATUSES else None, "agency": agency or None, "q": q or None}
    filters["area"] = area or None
    filters |= {"due_until": now + timedelta(days=due_within) if due_within else None, "overdue": overdue or None}
    result = queries.list_directives(db, principal, filters, PageParams(page=page, page_size=PAGE_SIZE), now)
    return render(
        request,
        "directives/list.html",
        principal,
        result=result,
        mine=queries.waiting_for(db, principal, now),
        filters=filters,
        due_within=due_within,
        agencies=auth_service.agency_labels(db, request_language(request)),
        wards=_wards(request, db),
        statuses=flows.STATUSES,
        can_issue=principal.has_role("leader", "admin"),
        pages=max(1, -(-result["total"] // PAGE_SIZE)),
        pager_query=urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"]),
        **_common(),
    )


@router.get("/directives/new")
def new_page(
    request: Request,
    source_kind: str = Query("none", max_length=12),
    source_id: str | None = Query(None, max_length=80),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The form to issue a directive, prefilled from its source (`?source_kind=indicator&source_id=…`)."""
    source = None
    if source_kind != "none" and source_id:
        try:
            label, url, area = service.resolve_source(db, source_kind, source_id)
            source = {"kind": source_kind, "id": source_id, "label": label, "url": url, "area": area}
        except ValidationProblem:
            source = None
    return render(
        request,
        "directives/new.html",
        principal,
        source=source,
        agencies=auth_service.agency_labels(db, request_language(request)),
        wards=_wards(request, db),
        can_issue=principal.has_role("leader", "admin"),
    )


@router.get("/directives/stats")
def stats_page(
    request: Request,
    by: str = Query("agency", pattern="^(agency|leader)$"),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Per agency or leader over the last twelve months, with CSV and XLSX export."""
    now = utcnow()
    from datetime import timedelta

    rows = queries.stats(db, by, now - timedelta(days=365), now, now)
    return render(
        request, "directives/stats.html", principal, rows=rows, by=by, headers=export.HEADERS[by], **_common()
    )


@router.get("/directives/{directive_id:int}")
def detail_page(request: Request, directive_id: int, principal: Principal = Depends(staff_page), db: Session = DB):
    """A directive: facts, progress per agency, timeline, the forms of the actions the caller may take."""
    d = service.get_directive(db, principal, directive_id if 0 < directive_id < 2**31 else 0)
    return render(request, "directives/detail.html", principal, d=d, **_common())
