"""HTTP handlers of /api/v1/directives: issue, list, detail, actions, statistics, what waits for me."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.directives import export, queries, service
from ioc.directives.deadlines import aware
from ioc.directives.flows import STATUSES
from ioc.directives.schemas import DirectiveDetail, DirectiveIn, DirectiveOut, ProgressIn, ReasonIn, StatRow
from ioc.kit.errors import ValidationProblem
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.timeutil import utcnow
from ioc.kit.types import Id, Timestamp

router = APIRouter(prefix="/api/v1/directives", tags=["directives"])
reader = require_roles("admin", "leader", "operator", "agency_officer")
issuer = require_roles("admin", "leader")
agency_actor = require_roles("admin", "agency_officer")
Status = Literal["not_started", "in_progress", "done_on_time", "done_late", "overdue"]
assert set(Status.__args__) == set(STATUSES)


@router.post("", response_model=DirectiveOut, status_code=201)
def create(body: DirectiveIn, actor: Principal = Depends(issuer), db: Session = DB) -> dict:
    """Issue a directive to a lead agency and supporting agencies, from any source or none."""
    return service.create_directive(db, actor, body)


@router.get("", response_model=Page[DirectiveOut])
def list_directives(
    status: Status | None = None,
    agency: str | None = Query(None, max_length=40),
    leader: str | None = Query(None, max_length=120),
    source_kind: Literal["indicator", "incident", "report", "alert", "event", "none"] | None = None,
    overdue: bool = False,
    due_before: Timestamp | None = None,
    area: str | None = Query(None, max_length=10, description="The ward (code) the directives concern"),
    q: str | None = Query(None, max_length=200, description="Text, with or without diacritics"),
    params: PageParams = Depends(page_params),
    actor: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Directives the caller may see, filtered, paginated, sorted (`sort=-issued_at`, `deadline`, `title`)."""
    filters = {"status": status, "agency": agency, "leader": leader, "source_kind": source_kind,
               "overdue": overdue, "due_before": aware(due_before), "area": area, "q": q}  # fmt: skip
    return queries.list_directives(db, actor, filters, params, utcnow())


@router.get("/mine")
def mine(actor: Principal = Depends(reader), db: Session = DB) -> list[dict[str, Any]]:
    """What waits for the caller: an officer's assignments to act on, a leader's completions to accept."""
    return queries.waiting_for(db, actor, utcnow())


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    finish = aware(end) or utcnow()
    begin = aware(start) or finish - timedelta(days=365)
    if begin >= finish:
        raise ValidationProblem("start: must come before end", errors=[{"field": "start", "message": "after end"}])
    return begin, finish


@router.get("/stats", response_model=list[StatRow])
def stats(
    by: Literal["agency", "leader"] = "agency",
    start: Timestamp | None = None,
    end: Timestamp | None = None,
    _: Principal = Depends(reader),
    db: Session = DB,
) -> list[dict]:
    """Per agency or leader, directives issued in the period: received, on time, late, overdue, in progress."""
    begin, finish = _window(start, end)
    return queries.stats(db, by, begin, finish, utcnow())


@router.get("/stats/export.{fmt}", response_class=Response, responses=media("text/csv", export.XLSX_TYPE))
def export_stats(
    fmt: Literal["csv", "xlsx"],
    by: Literal["agency", "leader"] = "agency",
    start: Timestamp | None = None,
    end: Timestamp | None = None,
    _: Principal = Depends(reader),
    db: Session = DB,
) -> Response:
    """The statistics table as CSV or XLSX."""
    begin, finish = _window(start, end)
    rows = queries.stats(db, by, begin, finish, utcnow())
    headers = {"Content-Disposition": f'attachment; filename="nhiem-vu-{by}-{begin:%Y%m%d}-{finish:%Y%m%d}.{fmt}"'}
    if fmt == "csv":
        return Response(export.to_csv(rows, by), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(export.to_xlsx(rows, by), media_type=export.XLSX_TYPE, headers=headers)


@router.get("/{directive_id}", response_model=DirectiveDetail)
def detail(directive_id: Id, actor: Principal = Depends(reader), db: Session = DB) -> dict:
    """A directive with its assignments, progress reports and timeline."""
    return service.get_directive(db, actor, directive_id)


@router.post("/{directive_id}/ack", response_model=DirectiveDetail)
def ack(
    directive_id: Id, agency: str | None = Query(None, max_length=40), actor: Principal = Depends(agency_actor),
    db: Session = DB,
) -> dict:  # fmt: skip
    """The agency acknowledges its assignment."""
    return service.act(db, actor, directive_id, "ack", agency=agency)


@router.post("/{directive_id}/progress", response_model=DirectiveDetail)
def progress(
    directive_id: Id, body: ProgressIn, agency: str | None = Query(None, max_length=40),
    actor: Principal = Depends(agency_actor), db: Session = DB,
) -> dict:  # fmt: skip
    """The agency reports progress (text, percent, links)."""
    return service.act(db, actor, directive_id, "progress", agency=agency, report=body)


@router.post("/{directive_id}/complete", response_model=DirectiveDetail)
def complete(
    directive_id: Id, body: ProgressIn, agency: str | None = Query(None, max_length=40),
    actor: Principal = Depends(agency_actor), db: Session = DB,
) -> dict:  # fmt: skip
    """The agency reports completion."""
    return service.act(db, actor, directive_id, "complete", agency=agency, report=body)


@router.post("/{directive_id}/accept", response_model=DirectiveDetail)
def accept(
    directive_id: Id, body: ReasonIn | None = None, agency: str | None = Query(None, max_length=40),
    actor: Principal = Depends(issuer), db: Session = DB,
) -> dict:  # fmt: skip
    """The leader accepts a completed assignment: done on time or late by completion against the deadline."""
    return service.act(db, actor, directive_id, "accept", agency=agency, reason=body.reason if body else "")


@router.post("/{directive_id}/return", response_model=DirectiveDetail)
def return_(
    directive_id: Id, body: ReasonIn, agency: str | None = Query(None, max_length=40),
    actor: Principal = Depends(issuer), db: Session = DB,
) -> dict:  # fmt: skip
    """The leader returns a completed assignment to work, with a reason."""
    return service.act(db, actor, directive_id, "return", agency=agency, reason=body.reason)
