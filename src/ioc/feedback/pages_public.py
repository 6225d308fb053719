"""Public feedback pages, no account needed: the citizen form, tracking by code, public results."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.feedback import intake, repository, service, views
from ioc.feedback.catalog import Snapshot, current_catalog
from ioc.feedback.flows import STATUS_LABELS, STATUS_TONE
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit.errors import NotFound
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow
from ioc.web.session import page_principal
from ioc.web.templating import render, request_language

router = APIRouter(include_in_schema=False)


def _groups(snap: Snapshot, lang: str) -> dict[str, list]:
    groups: dict[str, list] = {}
    for c in snap.listing():
        groups.setdefault(c.group or translate("Khác", lang), []).append(c)
    return groups


@router.get("/phan-anh")
def citizen_form(
    request: Request,
    principal: Principal = Depends(page_principal),
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
) -> Response:
    """The phone-first form: category, photo, pin or current position, description, contact, consent."""
    lang = request_language(request)
    return render(
        request,
        "feedback/citizen_form.html",
        None,
        groups=_groups(snap, lang),
        max_photos=settings.max_photos,
        max_mb=settings.max_photo_bytes // (1024 * 1024),
    )


@router.get("/phan-anh/theo-doi")
def track_lookup(request: Request, code: str = "") -> Response:
    """Type a tracking code to follow a report."""
    if code.strip():
        return RedirectResponse(f"/phan-anh/theo-doi/{code.strip().upper()}", status_code=303)
    return render(request, "feedback/track_lookup.html", None)


@router.get("/phan-anh/theo-doi/{code}")
def track_page(
    code: str,
    request: Request,
    settings: FeedbackSettings = Depends(feedback_settings),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> Response:
    """A report followed by its code: status, answer, timeline; the reporter rates or reopens after resolution
    with the secret this device kept (or that they type)."""
    try:
        report = service.report_by_tracking(db, code)
    except NotFound:
        return render(request, "feedback/track_lookup.html", None, status_code=404, missing=code)
    view = views.public_view(db, report, snap, lang=request_language(request), code=report.tracking_code)
    window = settings.rating_window_days
    can_rate = (
        report.status == "resolved"
        and report.resolved_at is not None
        and utcnow() <= report.resolved_at + timedelta(days=window)
    )
    return render(
        request,
        "feedback/track.html",
        None,
        r=view,
        code=report.tracking_code,
        can_rate=can_rate,
        window=window,
        is_new=request.query_params.get("moi") == "1",
    )


@router.get("/phan-anh/cua-toi")
def my_reports(
    request: Request,
    principal: Principal = Depends(page_principal),
    snap: Snapshot = Depends(current_catalog),
    db: Session = DB,
) -> Response:
    """A citizen's own reports: those filed while signed in, and (in the browser) the codes this device kept."""
    lang = request_language(request)
    reports = []
    if principal.kind == "user" and principal.role == "citizen":
        reports = repository.reports_of_account(db, intake.account_of(principal, None) or "")
    items = [
        {
            "code": r.tracking_code,
            "category": snap.category_name(r.category_code, lang),
            "status_label": translate(STATUS_LABELS[r.status], lang),
            "tone": STATUS_TONE[r.status],
            "requested_at": r.requested_at,
        }
        for r in reports
    ]
    user = principal if principal.kind == "user" else None
    return render(request, "feedback/mine.html", None, items=items, user=user)


@router.get("/phan-anh/cong-khai")
def public_results(request: Request, snap: Snapshot = Depends(current_catalog), db: Session = DB) -> Response:
    """Public reports on a map and in a list, with status and answer."""
    lang = request_language(request)
    rows = [r for r in repository.open311_rows(db, limit=50) if r[1] != "rejected"]
    return render(request, "feedback/public.html", None, items=service.public_items(db, rows, lang, snap.category_name))
