"""Feedback intake and reading: validation, placing, routing, deadlines, privacy. Never commits."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.feedback import media, notify, repository, routing, sla
from ioc.feedback.config import FeedbackSettings
from ioc.feedback.models import Category, Follower, Photo, Report, ReportEvent
from ioc.feedback.schemas import DuplicateOut, ReportIn
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.geo import degrees_box, haversine_m
from ioc.kit.timeutil import utcnow

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read over the phone


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field."""
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def active_category(session: Session, code: str) -> Category:
    """An active category, or a 422 naming category_code."""
    category = repository.category(session, code)
    if category is None or not category.active:
        raise invalid("category_code", f"unknown category {code!r}")
    return category


def _check_number(code: str, value: Any) -> None:
    try:
        float(value)
    except (TypeError, ValueError):
        raise invalid(f"attribute[{code}]", f"not a number: {value!r}") from None


def check_attributes(category: Category, given: dict[str, Any]) -> dict[str, Any]:
    """The answers to a category's questions, checked against their definitions."""
    defs = {a["code"]: a for a in category.attributes or []}
    unknown = sorted(set(given) - set(defs))
    if unknown:
        raise invalid(f"attribute[{unknown[0]}]", f"not a question of service {category.code}")
    out: dict[str, Any] = {}
    for code, spec in defs.items():
        value = given.get(code)
        if value in (None, "", []):
            if spec.get("required") and spec.get("variable", True):
                raise invalid(f"attribute[{code}]", "required")
            continue
        keys = {str(v["key"]) for v in spec.get("values", [])}
        datatype = spec.get("datatype", "string")
        if datatype == "multivaluelist":
            values = [str(v) for v in (value if isinstance(value, list) else [value])]
            if bad := [v for v in values if v not in keys]:
                raise invalid(f"attribute[{code}]", f"not an allowed value: {bad[0]!r}")
            out[code] = values
            continue
        if isinstance(value, list):
            raise invalid(f"attribute[{code}]", "takes a single value")
        if datatype == "singlevaluelist" and str(value) not in keys:
            raise invalid(f"attribute[{code}]", f"not an allowed value: {value!r}")
        if datatype == "number":
            _check_number(code, value)
        out[code] = str(value)
    return out


def _new_tracking_code() -> str:
    # 32^8 ≈ 10^12 codes: a clash is vanishingly rare, and the unique index refuses it rather than mixing reports.
    return "PA" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


def _forget_files_on_rollback(session: Session, settings_media: str, stems: list[tuple[str, str]]) -> None:
    # Files are written before the commit; if the transaction ends without one, nothing may stay behind.
    def committed(_session: Session) -> None:
        stems.clear()

    def ended(_session: Session, transaction) -> None:
        if transaction.parent is not None:
            return
        for stem, ext in stems:
            media.remove(settings_media, stem, ext)
        stems.clear()  # the listeners stay (removing them mid-dispatch is not allowed) but have nothing left to do

    sa_event.listen(session, "after_commit", committed)
    sa_event.listen(session, "after_transaction_end", ended)


def _place(session: Session, data: ReportIn) -> str | None:
    if (data.lat is None) != (data.lon is None):
        raise invalid("long" if data.lon is None else "lat", "lat and long must be given together")
    if data.lat is None and not data.address and not data.address_id:
        raise invalid("lat", "a location is required: lat and long, address_string or address_id")
    return areas_service.locate_code(session, data.lat, data.lon) if data.lat is not None else None


def create_report(session: Session, principal: Principal, data: ReportIn, settings: FeedbackSettings, *,
                  media_dir: str, photos: list[media.CheckedPhoto] = (), source: str = "web",
                  now: datetime | None = None) -> Report:
    """Receive a report: check it, place it in its ward, route it, set its deadlines, store its photos."""
    now = now or utcnow()
    category = active_category(session, data.category_code)
    answers = check_attributes(category, data.attributes)
    if len(photos) > settings.max_photos:
        raise invalid("photo", f"at most {settings.max_photos} photos")
    area_code = _place(session, data)
    report = Report(
        tracking_code=_new_tracking_code(), token=secrets.token_urlsafe(16), category_code=category.code,
        status="received", is_public=category.public, urgency=category.urgency, description=data.description,
        lat=data.lat, lon=data.lon, area_code=area_code, address=data.address, address_id=data.address_id,
        attributes=answers, media_url=str(data.media_url) if data.media_url else None, source=source,
        client_name=principal.name if principal.kind == "apikey" else None, reporter_name=data.name,
        reporter_email=data.email, reporter_phone=data.phone, device_id=data.device_id,
        account_id=data.account_id, share_with_agency=data.share_with_agency,
        agency_code=routing.route(session, category, area_code), requested_at=now, updated_at=now,
        verify_due_at=sla.verify_due(settings, now), resolve_due_at=sla.resolve_due(settings, now, category.urgency))
    session.add(report)
    session.flush()
    stored: list[tuple[str, str]] = []
    _forget_files_on_rollback(session, media_dir, stored)
    for photo in photos:
        stem = media.store(media_dir, photo)
        stored.append((stem, photo.extension))
        session.add(Photo(report_id=report.id, stem=stem, content_type=photo.content_type, extension=photo.extension,
                          width=photo.image.width, height=photo.image.height, size_bytes=len(photo.data)))
    followers = []
    if data.email or data.webhook_url:
        followers.append(Follower(report_id=report.id, email=data.email, language=data.language,
                                  webhook_url=str(data.webhook_url) if data.webhook_url else None))
        session.add_all(followers)
    entry = ReportEvent(report_id=report.id, at=now, actor=principal.actor, action="receive", to_status="received",
                        public=True)
    session.add(entry)
    session.flush()
    audit.record(session, principal, "feedback.report.create", "feedback_report", report.id,
                 after={"status": "received", "category": category.code, "area_code": area_code,
                        "agency_code": report.agency_code, "source": source})
    notify.status_changed(session, report, settings, entry.id, followers=followers)
    emit_after_commit(session, "feedback.report.created", public_event(report))
    return report


def public_event(report: Report) -> dict[str, Any]:
    """What the bus says about a report: no personal data."""
    return {"id": report.id, "status": report.status, "category_code": report.category_code,
            "area_code": report.area_code, "agency_code": report.agency_code, "lat": report.lat, "lon": report.lon}


def suggest_duplicates(session: Session, category_code: str, lat: float, lon: float, radius_m: float,
                       exclude_id: int | None = None) -> list[DuplicateOut]:
    """Open reports of the same category within the radius, nearest first."""
    box = degrees_box(lat, lon, radius_m)
    found = []
    for row in repository.nearby_open(session, category_code, box, exclude_id):
        distance = haversine_m(lat, lon, row.lat, row.lon)
        if distance <= radius_m:
            found.append(DuplicateOut(id=row.id, distance_m=round(distance, 1), status=row.status,
                                      description=row.description[:200], requested_at=row.requested_at))
    return sorted(found, key=lambda d: d.distance_m)


def can_see(principal: Principal, report: Report) -> bool:
    """IOC staff see every report; an agency officer sees those routed to their agency."""
    if principal.is_staff:
        return True
    return principal.role == "agency_officer" and principal.agency_code is not None \
        and report.agency_code == principal.agency_code


def can_see_reporter(principal: Principal, report: Report) -> bool:
    """The reporter's identity: IOC staff always, the handling agency only with the reporter's consent."""
    if principal.is_staff:
        return True
    return report.share_with_agency and can_see(principal, report)


def report_for(session: Session, principal: Principal, report_id: int, *, lock: bool = False) -> Report:
    """A report the caller may see, else 404 (no hint that it exists)."""
    report = repository.report(session, report_id, lock=lock)
    if report is None or not can_see(principal, report):
        raise NotFound(f"report {report_id} not found")
    return report


def report_by_tracking(session: Session, code: str, *, lock: bool = False) -> Report:
    """A report by tracking code, else 404."""
    report = repository.report_by_tracking(session, code.strip().upper())
    if report is None:
        raise NotFound("no report has this tracking code")
    if lock:
        return repository.report(session, report.id, lock=True) or report
    return report
