"""Reports as each audience may see them: staff, agency officers, the public."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.feedback import flows, repository, sla
from ioc.feedback.models import Report
from ioc.feedback.schemas import EventOut, PhotoOut, ReporterOut, ReportOut
from ioc.feedback.service import can_see_reporter
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow


def photo_links(session: Session, report: Report, *, original: bool, code: str | None = None) -> list[PhotoOut]:
    """Links to the photos; the original (with EXIF) only for IOC staff."""
    suffix = f"?code={code}" if code else ""
    base = "/api/v1/feedback/photos"
    return [PhotoOut(id=p.id, thumb_url=f"{base}/{p.id}/thumb{suffix}", public_url=f"{base}/{p.id}/public{suffix}",
                     original_url=f"{base}/{p.id}/original" if original else None)
            for p in repository.photos(session, report.id)]


def agency_name(agencies: dict[str, tuple[str, str]], code: str | None, lang: str) -> str | None:
    """An agency's name in the reader's language (English when it has one), None for no or an unknown agency."""
    names = agencies.get(code or "")
    if names is None:
        return None
    return names[1] if lang == "en" and names[1] else names[0]


def actor_for(principal: Principal) -> str:
    """The state machine's name of a signed-in caller."""
    return principal.role


def report_out(session: Session, principal: Principal, report: Report, *, lang: str = "vi",
               timeline: bool = False, now: datetime | None = None) -> ReportOut:
    """A report for staff or its agency, personal data only where allowed."""
    category = repository.category(session, report.category_code)
    agencies = auth_service.agency_names(session)
    show_reporter = can_see_reporter(principal, report)
    reporter = ReporterOut(name=report.reporter_name, email=report.reporter_email, phone=report.reporter_phone,
                           device_id=report.device_id, account_id=report.account_id,
                           share_with_agency=report.share_with_agency) if show_reporter else None
    events = []
    if timeline:
        for e in repository.events(session, [report.id], public_only=False):
            events.append(EventOut(at=e.at, actor=e.actor, action=e.action, from_status=e.from_status,
                                   to_status=e.to_status, text=e.text, public=e.public))
    name = category.name if lang == "vi" or not category.name_en else category.name_en
    return ReportOut(
        id=report.id, tracking_code=report.tracking_code if principal.is_staff else None, status=report.status,
        status_label=translate(flows.STATUS_LABELS[report.status], lang), category_code=report.category_code,
        category_name=name, urgency=report.urgency, description=report.description, lat=report.lat,
        lon=report.lon, area_code=report.area_code, address=report.address, attributes=report.attributes or {},
        agency_code=report.agency_code, agency_name=agency_name(agencies, report.agency_code, lang),
        public_reply=report.public_reply, reject_reason=report.reject_reason,
        duplicate_of_id=report.duplicate_of_id, requested_at=report.requested_at, updated_at=report.updated_at,
        verify_due_at=report.verify_due_at, resolve_due_at=report.resolve_due_at, resolved_at=report.resolved_at,
        overdue=sla.is_overdue(report.status, report.verify_due_at, report.resolve_due_at, now or utcnow()),
        rating=report.rating, rating_comment=report.rating_comment, source=report.source,
        photos=photo_links(session, report, original=principal.is_staff), reporter=reporter,
        allowed_actions=[a for a in flows.allowed_actions(report.status, actor_for(principal)) if a != "rate"],
        timeline=events)


def public_view(session: Session, report: Report, *, lang: str = "vi", code: str | None = None) -> dict[str, Any]:
    """A report as the public (or its reporter, with the tracking code) sees it: no personal data."""
    category = repository.category(session, report.category_code)
    agencies = auth_service.agency_names(session)
    events = [{"at": e.at, "action": e.action, "to_status": e.to_status,
               "label": translate(flows.STATUS_LABELS.get(e.to_status or "", ""), lang) if e.to_status else "",
               "text": e.text if e.action in ("resolve", "reject", "reply", "reopen", "duplicate") else ""}
              for e in repository.events(session, [report.id], public_only=True)]
    return {
        "id": report.id, "status": report.status, "status_label": translate(flows.STATUS_LABELS[report.status], lang),
        "tone": flows.STATUS_TONE[report.status], "category_name": category.name if lang == "vi" or not
        category.name_en else category.name_en, "description": report.description, "lat": report.lat,
        "lon": report.lon, "address": report.address, "area_code": report.area_code,
        "agency_name": agency_name(agencies, report.agency_code, lang), "public_reply": report.public_reply,
        "requested_at": report.requested_at, "updated_at": report.updated_at,
        "resolve_due_at": report.resolve_due_at, "resolved_at": report.resolved_at, "rating": report.rating,
        "photos": [p.model_dump() for p in photo_links(session, report, original=False, code=code)],
        "timeline": events, "duplicate_of_id": report.duplicate_of_id,
    }
