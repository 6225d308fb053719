"""Feedback pages for staff: the queue with its map, a report's detail, statistics, categories."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.feedback import flows, repository, service, stats, views
from ioc.feedback.catalog import Snapshot, current_catalog
from ioc.feedback.pages_public import router as public_router
from ioc.feedback.queue_filters import PAGE_SIZE, TABS, QueueFilters, queue_filters, repository_args
from ioc.feedback.router import local_days, period
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit.errors import Forbidden
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow
from ioc.kit.types import DayOrInstant, Id, PageNumber
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).resolve().parent / "templates"))
# The kinds of answer a category's extra question takes (Open311 datatypes) as the form names them.
ATTRIBUTE_TYPES = [
    ("string", "Chữ ngắn"),
    ("text", "Đoạn văn"),
    ("number", "Số"),
    ("datetime", "Ngày giờ"),
    ("singlevaluelist", "Chọn một"),
    ("multivaluelist", "Chọn nhiều"),
]
router = APIRouter(include_in_schema=False)
router.include_router(public_router)
NAV = [
    NavItem("/feedback", "Phản ánh", "message", order=40, tab=True, group="citizens"),
    NavItem(
        "/stats/feedback",
        "Thống kê phản ánh",
        "chart",
        order=41,
        roles=("admin", "leader", "operator", "agency_officer"),
        group="citizens",
    ),
    NavItem("/admin/feedback-categories", "Lĩnh vực phản ánh", "list", order=42, roles=("admin",), group="admin"),
]
# Report statuses for the pages' scripts (ioc.web.components.status_table): label, tone, icon.
STATUS = {"feedback": {s: (label, flows.STATUS_TONE[s], "") for s, label in flows.STATUS_LABELS.items()}}


def _queue(db: Session, principal: Principal, snap: Snapshot, tab: str, page: int, lang: str, f: QueueFilters):
    now = utcnow()
    args = repository_args(f, tab, principal, now)
    rows, total = repository.queue(
        db, **args, sort=("requested_at", True), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return views.report_outs(db, principal, rows, snap, lang=lang, now=now), total


def _tab_counts(db: Session, principal: Principal, tabs: list[str], f: QueueFilters) -> dict[str, int]:
    """How many reports each tab holds under the same filters."""
    now = utcnow()
    args = {t: repository_args(f, t, principal, now) for t in tabs}
    return {t: repository.queue(db, **a, sort=("requested_at", True), offset=0, limit=0)[1] for t, a in args.items()}


def _choices(db: Session, snap: Snapshot, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The options of the list's filters: categories, agencies, wards and statuses, by name."""
    wards, _ = areas_service.search(db, level="ward", parent=None, q=None, sort=("name", False), offset=0, limit=5000)
    pick = (lambda names: names[1] or names[0]) if lang == "en" else (lambda names: names[0])
    return {
        "categories": sorted(((c.code, snap.category_name(c.code, lang)) for c in snap.listing()), key=lambda x: x[1]),
        "agencies": sorted(((code, pick(names)) for code, names in snap.agencies.items()), key=lambda x: x[1]),
        "wards": [(w.code, w.name) for w in wards],
        "statuses": [(s, translate(label, lang)) for s, label in flows.STATUS_LABELS.items()],
    }


@router.get("/feedback")
def queue_page(
    request: Request,
    tab: str = Query("verify"),
    page: PageNumber = 1,
    partial: bool = False,
    ma: str = Query("", max_length=40, description="A full tracking code to open (IOC operators)"),
    filters: QueueFilters = Depends(queue_filters),
    principal: Principal = Depends(staff_page),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> Response:
    """The verification queue for operators, the agency's own for its officers: search, filters, counts, pages."""
    if ma.strip() and principal.role in service.TRACKING_LOOKUP_ROLES:
        found = service.report_by_tracking_code(db, principal, ma)
        if found is not None:
            return RedirectResponse(f"/feedback/{found.id}", status_code=303)
    tabs = [t for t in TABS if not (principal.role == "agency_officer" and t == "verify")]
    tab = tab if tab in tabs else tabs[0]
    lang = request_language(request)
    items, total = _queue(db, principal, snap, tab, page, lang, filters)
    context = {
        "items": items,
        "total": total,
        "tab": tab,
        "tabs": {t: TABS[t] for t in tabs},
        "counts": _tab_counts(db, principal, tabs, filters),
        "filters": filters,
        "choices": _choices(db, snap, lang),
        "officer": principal.role == "agency_officer",
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "tones": flows.STATUS_TONE,
        "lookup": ma.strip(),
        "can_lookup": principal.role in service.TRACKING_LOOKUP_ROLES,
    }
    template = "feedback/_queue_rows.html" if partial else "feedback/queue.html"
    return render(request, template, principal, **context)


@router.get("/feedback/{report_id:int}")
def detail_page(
    report_id: Id,
    request: Request,
    principal: Principal = Depends(staff_page),
    snap: Snapshot = Depends(current_catalog),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> Response:
    """A report: status, facts, before/after photos, reporter (when allowed), timeline and the actions this user may
    take (resolving with "after" photos)."""
    lang = request_language(request)
    report = views.report_out(db, principal, service.report_for(db, principal, report_id), snap, lang=lang)
    agencies = sorted(snap.agencies.items(), key=lambda kv: (kv[0].startswith("UBND_"), kv[1][0]))
    return render(
        request,
        "feedback/detail.html",
        principal,
        r=report,
        agencies=agencies,
        tones=flows.STATUS_TONE,
        labels=flows.STATUS_LABELS,
        action_labels=flows.ACTION_LABELS,
        transitions=flows.TRANSITIONS,
        actor_label=views.actor_label,
        max_photos=settings.max_photos,
        max_mb=settings.max_photo_bytes // (1024 * 1024),
    )


@router.get("/stats/feedback")
def stats_page(
    request: Request,
    dimension: str = "agency",
    start: DayOrInstant | None = None,
    end: DayOrInstant | None = None,
    principal: Principal = Depends(staff_page),
    settings: FeedbackSettings = Depends(feedback_settings),
    db: Session = DB,
) -> Response:
    """Statistics and the agency ranking, with CSV/XLSX of the same table."""
    lang = request_language(request)
    dimension = dimension if dimension in stats.DIMENSIONS else "agency"
    begin, finish = period(start, end)
    rows = stats.table(db, settings, dimension, begin, finish, utcnow(), lang)
    rows = stats.ranking(rows) if dimension == "agency" else rows
    query = request.url.query
    return render(
        request,
        "feedback/stats.html",
        principal,
        rows=[stats.display_cells(r, lang) for r in rows],
        headers=stats.headers(lang),
        optional=stats.phone_optional(),
        short_headers=stats.short_headers(dimension, lang),
        dimension=dimension,
        start=begin,
        end=finish,
        days=local_days(begin, finish),
        query=query,
        total=sum(r.received for r in rows),
    )


@router.get("/admin/feedback-categories")
def categories_page(
    request: Request,
    principal: Principal = Depends(staff_page),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> Response:
    """Categories and routing rules (admins)."""
    if principal.role != "admin":
        raise Forbidden("only administrators manage categories")
    lang = request_language(request)
    return render(
        request,
        "feedback/categories.html",
        principal,
        categories=snap.listing(active_only=False),
        rules=repository.rules(db),
        agency_label=lambda code: snap.agency_name(code, lang),
        agency_options=sorted(((c, snap.agency_name(c, lang) or c) for c in snap.agencies), key=lambda o: o[1]),
        urgency_labels=flows.URGENCY_LABELS,
        datatypes=ATTRIBUTE_TYPES,
    )
