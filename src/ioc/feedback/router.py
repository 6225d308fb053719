"""Feedback API for IOC staff and agency officers under /api/v1/feedback (plus the public and Open311 routers)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import STAFF, require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.feedback import categories, flows, repository, results, service, stats, views, workflow
from ioc.feedback.api_public import points_geojson
from ioc.feedback.api_public import router as public_router
from ioc.feedback.catalog import Snapshot, current_catalog
from ioc.feedback.media import Upload
from ioc.feedback.open311.router import router as open311_router
from ioc.feedback.schemas import (
    CODE_PATTERN,
    MAX_DESCRIPTION,
    ActionIn,
    CategoryIn,
    CategoryOut,
    EventOut,
    NoteIn,
    ReportOut,
    RuleIn,
)
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit.errors import ValidationProblem
from ioc.kit.openapi import media
from ioc.kit.pagination import Page, PageParams, page_params
from ioc.kit.timeutil import VN_TZ, local_date, local_midnight, utcnow
from ioc.kit.types import DayOrInstant, Id
from ioc.web.templating import request_language

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])
staff_or_agency = require_roles(*STAFF, "agency_officer")
actors = require_roles("admin", "operator", "agency_officer")
admin_only = require_roles("admin")
SORTABLE = {"id", "requested_at", "updated_at", "resolve_due_at", "status"}


def _queue_scope(principal: Principal, agency: str | None) -> str | None:
    # An agency officer sees only their agency's queue, whatever they ask for.
    return principal.agency_code if principal.role == "agency_officer" else agency


@router.get("/reports", response_model=Page[ReportOut])
def list_reports(
    request: Request,
    status: str | None = Query(None, description="Comma list of states"),
    agency: str | None = None,
    category: str | None = None,
    q: str | None = Query(None, description="Text in the description or address"),
    tracking_code: str | None = Query(
        None,
        description="A full tracking code (IOC operators only, "
        "exact match, audited); every other filter is then ignored",
    ),
    overdue: bool = False,
    page: PageParams = Depends(page_params),
    principal: Principal = Depends(staff_or_agency),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> Page[ReportOut]:
    """The queue: reports filtered by state, agency, category, text; overdue only on request."""
    lang, now = request_language(request), utcnow()
    if tracking_code is not None:
        return _tracking_code_page(db, principal, snap, tracking_code, page, lang, now)
    statuses = _statuses(status)
    return _queue_page(
        db,
        principal,
        snap,
        page,
        lang,
        now,
        statuses=statuses,
        agency=_queue_scope(principal, agency),
        category=category,
        q=q,
        overdue_before=now if overdue else None,
    )


def _tracking_code_page(
    db: Session, principal: Principal, snap: Snapshot, tracking_code: str, page: PageParams, lang: str, now: datetime
) -> Page[ReportOut]:
    # The one report with this tracking code, if the caller may look it up.
    found = service.report_by_tracking_code(db, principal, tracking_code)
    rows = [found] if found else []
    return Page(
        items=views.report_outs(db, principal, rows, snap, lang=lang, now=now),
        total=len(rows),
        page=1,
        page_size=page.page_size,
    )


def _queue_page(
    db: Session, principal: Principal, snap: Snapshot, page: PageParams, lang: str, now: datetime, **filters: Any
) -> Page[ReportOut]:
    # One sorted page of the queue under these filters (repository.queue's).
    column, desc = page.sort_key(SORTABLE, "-requested_at")
    rows, total = repository.queue(
        db, **filters, area_codes=None, sort=(column, desc), offset=page.offset, limit=page.page_size
    )
    return Page(
        items=views.report_outs(db, principal, rows, snap, lang=lang, now=now),
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


def _statuses(status: str | None) -> list[str] | None:
    # The comma list of states asked for (None: every state); an unknown state is a 422.
    statuses = [s for s in (status or "").split(",") if s]
    if bad := [s for s in statuses if s not in flows.STATUSES]:
        raise ValidationProblem(f"status: unknown state {bad[0]!r}", errors=[{"field": "status", "message": "unknown"}])
    return statuses or None


@router.get("/reports/{report_id}", response_model=ReportOut)
def get_report(
    report_id: Id,
    request: Request,
    principal: Principal = Depends(staff_or_agency),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> ReportOut:
    """One report with its full timeline (internal notes included)."""
    report = service.report_for(db, principal, report_id)
    return views.report_out(db, principal, report, snap, lang=request_language(request))


@router.post("/reports/{report_id}/actions", response_model=ReportOut)
def take_action(
    report_id: Id,
    body: ActionIn,
    request: Request,
    principal: Principal = Depends(actors),
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> ReportOut:
    """Move a report through the workflow (verify, reject, assign, hand_back, start, resolve, close, reopen,
    duplicate); the state machine says who may do what from which state."""
    report = workflow.act(db, principal, report_id, body, settings)
    return views.report_out(db, principal, report, snap, lang=request_language(request))


@router.post("/reports/{report_id}/resolution", response_model=ReportOut)
def resolve_with_photos(
    report_id: Id,
    request: Request,
    reply: str = Form(max_length=MAX_DESCRIPTION, description="The public reply to the citizen"),
    photo: list[UploadFile] = File(default_factory=list, description='Up to five "after" photos (JPEG, PNG, WebP)'),
    principal: Principal = Depends(actors),
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> ReportOut:
    """Resolve a report with its public reply and the agency's "after" photos (multipart); a bad photo is a 422
    naming `photo` and the report stays as it was."""
    uploads = [Upload.of_file(f.file) for f in photo if f.filename or f.size]
    media_dir = request.app.state.settings.media_dir
    report = results.resolve(db, principal, report_id, reply, uploads, settings, media_dir)
    return views.report_out(db, principal, report, snap, lang=request_language(request))


@router.post("/reports/{report_id}/notes", response_model=EventOut, status_code=201)
def add_note(
    report_id: Id,
    body: NoteIn,
    principal: Principal = Depends(actors),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> EventOut:
    """Add an internal note or a public reply."""
    entry = workflow.add_note(db, principal, report_id, body, settings)
    return EventOut(
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        from_status=None,
        to_status=None,
        text=entry.text,
        public=entry.public,
    )


@router.get("/map")
def staff_map(
    request: Request,
    status: str | None = None,
    days: int = Query(30, ge=1, le=3660),
    principal: Principal = Depends(staff_or_agency),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> dict:
    """Reports as GeoJSON points for the operator and agency maps."""
    statuses = [s for s in (status or "").split(",") if s in flows.STATUSES] or None
    rows = repository.map_points(
        db,
        public_only=False,
        statuses=statuses,
        agency=_queue_scope(principal, None),
        since=utcnow() - timedelta(days=days),
        limit=5000,
    )
    return points_geojson(snap, rows, request_language(request), staff=principal.is_staff)


@router.get("/categories", response_model=list[CategoryOut])
def list_categories(include_inactive: bool = False, snap: Snapshot = Depends(current_catalog)) -> list[CategoryOut]:
    """Categories (public: the citizen form uses them)."""
    return [CategoryOut.model_validate(c) for c in snap.listing(active_only=not include_inactive)]


@router.put("/categories/{code}", response_model=CategoryOut)
def put_category(
    body: CategoryIn,
    code: str = Path(min_length=1, max_length=40, pattern=CODE_PATTERN),
    principal: Principal = Depends(admin_only),
    db: Session = DB,
) -> CategoryOut:
    """Create or replace a category (admins)."""
    row = categories.upsert_category(db, principal, body.model_copy(update={"code": code}))
    return CategoryOut.model_validate(row)


@router.get("/rules", response_model=list[RuleIn])
def list_rules(_: Principal = Depends(require_roles(*STAFF)), db: Session = DB) -> list[RuleIn]:
    """Routing rules (staff)."""
    return [
        RuleIn(category_code=r.category_code, area_code=r.area_code, agency_code=r.agency_code)
        for r in repository.rules(db)
    ]


@router.put("/rules", response_model=RuleIn)
def put_rule(body: RuleIn, principal: Principal = Depends(admin_only), db: Session = DB) -> RuleIn:
    """Create or replace a routing rule (admins); area_code '*' means every ward."""
    categories.put_rule(db, principal, body)
    return body


@router.delete("/rules/{category_code}/{area_code}", status_code=204)
def delete_rule(
    category_code: str, area_code: str, principal: Principal = Depends(admin_only), db: Session = DB
) -> None:
    """Delete a routing rule (admins)."""
    categories.delete_rule(db, principal, category_code, area_code)


def _bound(value: date | datetime | None, *, end: bool) -> datetime | None:
    # A bare day is the whole local day: from its midnight, or up to the next one when it ends a period.
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=VN_TZ) if value is not None and value.tzinfo is None else value
    return local_midnight(value + timedelta(days=1) if end else value)


def period(start: date | datetime | None, end: date | datetime | None) -> tuple[datetime, datetime]:
    """The statistics period: the last 30 local days, today included, unless given."""
    finish = _bound(end, end=True) or utcnow()
    begin = _bound(start, end=False) or local_midnight(local_date(finish) - timedelta(days=29))
    if begin >= finish:
        problem = [{"field": "start", "message": "after the end"}]
        raise ValidationProblem("start: the period must begin before it ends", errors=problem)
    return begin, finish


def local_days(begin: datetime, finish: datetime) -> tuple[date, date]:
    """The first and last local day a period covers (its end is exclusive)."""
    return local_date(begin), local_date(finish - timedelta(microseconds=1))


@router.get("/stats")
def get_stats(
    request: Request,
    dimension: str = "agency",
    start: DayOrInstant | None = None,
    end: DayOrInstant | None = None,
    _: Principal = Depends(staff_or_agency),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> dict[str, Any]:
    """Received, resolved, on time, overdue now, median working hours to resolve, satisfaction."""
    begin, finish = period(start, end)
    rows = stats.table(db, settings, dimension, begin, finish, utcnow(), request_language(request))
    ordered = stats.ranking(rows) if dimension == "agency" else rows
    return {"dimension": dimension, "start": begin, "end": finish, "rows": [r.as_dict() for r in ordered]}


@router.get("/stats/export.{fmt}", response_class=Response, responses=media("text/csv", XLSX_TYPE))
def export_stats(
    fmt: str,
    request: Request,
    dimension: str = "agency",
    start: DayOrInstant | None = None,
    end: DayOrInstant | None = None,
    _: Principal = Depends(staff_or_agency),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> Response:
    """The statistics table exactly as shown, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationProblem("fmt: use csv or xlsx", errors=[{"field": "fmt", "message": "csv or xlsx"}])
    lang = request_language(request)
    begin, finish = period(start, end)
    rows = stats.table(db, settings, dimension, begin, finish, utcnow(), lang)
    rows = stats.ranking(rows) if dimension == "agency" else rows
    first, last = local_days(begin, finish)
    name = f"phan-anh-{dimension}-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(stats.to_csv(rows, lang), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(stats.to_xlsx(rows, lang, "Thống kê"), headers=headers, media_type=XLSX_TYPE)


routers = [router, public_router, open311_router]
