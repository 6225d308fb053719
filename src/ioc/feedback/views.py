"""Reports as each audience may see them: staff, agency officers, the public.

A list is built with a fixed number of queries whatever its length: the reports, their photos in one query, and
names from the catalog snapshot (no query while it is fresh)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.feedback import flows, repository, sla
from ioc.feedback.catalog import Snapshot
from ioc.feedback.models import Photo, Report
from ioc.feedback.schemas import EventOut, PhotoOut, ReporterOut, ReportOut
from ioc.feedback.service import REPORTER_ACTOR, can_see_reporter
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow


def photo_links(photos: Sequence[Photo], *, original: bool, code: str | None = None) -> list[PhotoOut]:
    """Links to the photos; the original (with EXIF) only for IOC staff."""
    suffix = f"?code={code}" if code else ""
    base = "/api/v1/feedback/photos"
    return [
        PhotoOut(
            id=p.id,
            kind=p.kind,
            thumb_url=f"{base}/{p.id}/thumb{suffix}",
            public_url=f"{base}/{p.id}/public{suffix}",
            original_url=f"{base}/{p.id}/original" if original else None,
        )
        for p in photos
    ]


def actor_label(actor: str, lang: str = "vi") -> str:
    """How a timeline names who acted: the reporter, the system, an integration, or the staff user's name."""
    kind, _, name = actor.partition(":")
    if actor == REPORTER_ACTOR:
        return translate("Người phản ánh", lang)
    if not name:
        return translate("Hệ thống", lang) if actor == "system" else actor
    if kind in ("anonymous", "reporter"):
        return translate("Người phản ánh", lang)
    if kind == "system":
        return translate("Hệ thống", lang)
    return f"{name} (API)" if kind == "apikey" else actor


def public_actor(actor: str) -> str:
    """The actor as the API shows it: the reporter as "reporter", whatever older rows stored."""
    return REPORTER_ACTOR if actor.partition(":")[0] == "anonymous" else actor


def actor_for(principal: Principal) -> str:
    """The state machine's name of a signed-in caller."""
    return principal.role


def _reporter(principal: Principal, report: Report) -> ReporterOut | None:
    if not can_see_reporter(principal, report):
        return None
    return ReporterOut(
        name=report.reporter_name,
        email=report.reporter_email,
        phone=report.reporter_phone,
        device_id=report.device_id,
        account_id=report.account_id,
        share_with_agency=report.share_with_agency,
    )


def _out(
    principal: Principal,
    report: Report,
    catalog: Snapshot,
    photos: Sequence[Photo],
    events: list[EventOut],
    lang: str,
    now: datetime,
) -> ReportOut:
    return ReportOut(
        id=report.id,
        status=report.status,
        status_label=translate(flows.STATUS_LABELS[report.status], lang),
        category_code=report.category_code,
        category_name=catalog.category_name(report.category_code, lang),
        urgency=report.urgency,
        description=report.description,
        lat=report.lat,
        lon=report.lon,
        area_code=report.area_code,
        address=report.address,
        attributes=report.attributes or {},
        agency_code=report.agency_code,
        agency_name=catalog.agency_name(report.agency_code, lang),
        public_reply=report.public_reply,
        reject_reason=report.reject_reason,
        duplicate_of_id=report.duplicate_of_id,
        requested_at=report.requested_at,
        updated_at=report.updated_at,
        verify_due_at=report.verify_due_at,
        resolve_due_at=report.resolve_due_at,
        resolved_at=report.resolved_at,
        overdue=sla.is_overdue(report.status, report.verify_due_at, report.resolve_due_at, now),
        rating=report.rating,
        rating_comment=report.rating_comment,
        source=report.source,
        **_for_audience(principal, report, photos),
        timeline=events,
    )


def _for_audience(principal: Principal, report: Report, photos: Sequence[Photo]) -> dict[str, Any]:
    """The fields that depend on who asks: secrets, personal data, originals and the actions they may take."""
    return {
        # The tracking code is the reporter's secret to follow the report: IOC staff only, never an agency.
        "tracking_code": report.tracking_code if principal.is_staff else None,
        "photos": photo_links(photos, original=principal.is_staff),
        "reporter": _reporter(principal, report),
        "allowed_actions": [a for a in flows.allowed_actions(report.status, actor_for(principal)) if a != "rate"],
    }


def report_outs(
    session: Session,
    principal: Principal,
    reports: Sequence[Report],
    catalog: Snapshot,
    *,
    lang: str = "vi",
    now: datetime | None = None,
) -> list[ReportOut]:
    """Reports for staff or their agency, personal data only where allowed; one query for all their photos."""
    photos = repository.photos_of(session, [r.id for r in reports])
    now = now or utcnow()
    return [_out(principal, r, catalog, photos.get(r.id, ()), [], lang, now) for r in reports]


def report_out(
    session: Session,
    principal: Principal,
    report: Report,
    catalog: Snapshot,
    *,
    lang: str = "vi",
    now: datetime | None = None,
) -> ReportOut:
    """One report with its full timeline (internal notes included)."""
    events = [
        EventOut(
            at=e.at,
            actor=public_actor(e.actor),
            action=e.action,
            from_status=e.from_status,
            to_status=e.to_status,
            text=e.text,
            public=e.public,
        )
        for e in repository.events(session, [report.id], public_only=False)
    ]
    photos = repository.photos_of(session, [report.id]).get(report.id, ())
    return _out(principal, report, catalog, photos, events, lang, now or utcnow())


def public_view(
    session: Session, report: Report, catalog: Snapshot, *, lang: str = "vi", code: str | None = None
) -> dict[str, Any]:
    """A report as the public (or its reporter, with the tracking code) sees it: no personal data."""
    events = [
        {
            "at": e.at,
            "action": e.action,
            "to_status": e.to_status,
            "label": translate(flows.STATUS_LABELS.get(e.to_status or "", ""), lang) if e.to_status else "",
            "text": e.text if e.action in ("resolve", "reject", "reply", "reopen", "duplicate", "rate") else "",
        }
        for e in repository.events(session, [report.id], public_only=True)
    ]
    photos = repository.photos_of(session, [report.id]).get(report.id, ())
    return {
        "id": report.id,
        "status": report.status,
        "status_label": translate(flows.STATUS_LABELS[report.status], lang),
        "tone": flows.STATUS_TONE[report.status],
        "category_name": catalog.category_name(report.category_code, lang),
        "description": report.description,
        "lat": report.lat,
        "lon": report.lon,
        "address": report.address,
        "area_code": report.area_code,
        "agency_name": catalog.agency_name(report.agency_code, lang),
        "public_reply": report.public_reply,
        "requested_at": report.requested_at,
        "updated_at": report.updated_at,
        "resolve_due_at": report.resolve_due_at,
        "resolved_at": report.resolved_at,
        "rating": report.rating,
        "rating_comment": report.rating_comment or "",
        "photos": [p.model_dump() for p in photo_links(photos, original=False, code=code)],
        "timeline": events,
        "duplicate_of_id": report.duplicate_of_id,
    }
