"""Feedback intake and reading: validation, placing, routing, deadlines, privacy. Never commits."""

from __future__ import annotations

import secrets
import threading
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.feedback import catalog, media, notify, repository, routing, sla
from ioc.feedback.settings import FeedbackSettings
from ioc.feedback.catalog import CategoryInfo
from ioc.feedback.models import Category, Follower, Photo, Report, ReportEvent
from ioc.feedback.schemas import DuplicateOut, ReportIn
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.geo import degrees_box, haversine_m
from ioc.kit.timeutil import utcnow

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read over the phone
assert len(TRACKING_ALPHABET) == 32  # so that a random byte modulo 32 picks each letter equally often


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field."""
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def active_category(session: Session, code: str) -> CategoryInfo:
    """An active category (from the per-process catalog), or a 422 naming category_code."""
    category = catalog.category(session, code)
    if category is None or not category.active:
        raise invalid("category_code", f"unknown category {code!r}")
    return category


def _check_number(code: str, value: Any) -> None:
    try:
        float(value)
    except (TypeError, ValueError):
        raise invalid(f"attribute[{code}]", f"not a number: {value!r}") from None


def check_attributes(category: Category | CategoryInfo, given: dict[str, Any]) -> dict[str, Any]:
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
    return "PA" + "".join(TRACKING_ALPHABET[b % 32] for b in secrets.token_bytes(8))


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


_sqlite_writer = threading.Lock()
_TURN_KEY, _TURN_HOOKED = "feedback_sqlite_turn", "feedback_sqlite_turn_hooked"
TURN_WAIT_SECONDS = 10.0  # as long as SQLite's own busy timeout (ioc.db.session)


def take_sqlite_turn(session: Session) -> None:
    """On SQLite, let one intake of this process at a time use the database, from here to the end of its
    transaction (commit or rollback). A no-op on PostgreSQL, and when the session already holds the turn.

    SQLite has one writer at a time. Concurrent intakes made each connection that found the write lock taken
    sleep in SQLite's busy handler (1, 2, 5, 10 … ms) before retrying, and the writer that held the lock lost
    the GIL to the other request threads at each statement, so the lock was held several times longer than the
    work took (p99 over a second at 250 requests/s). Queueing the intakes of this process on a lock hands the
    turn over at once and leaves the holder only the event loop to share the GIL with; SQLite's own lock still
    arbitrates between processes. Call it before the intake's first query, after any slow work that needs no
    database (photo decoding), as the Open311 POST does; `create_report` takes it before its first write."""
    if session.info.get(_TURN_KEY) or session.get_bind().dialect.name != "sqlite":
        return
    if not session.in_transaction():
        session.begin()  # the turn ends with a transaction: make sure there is one (it sends nothing yet)
    if not _sqlite_writer.acquire(timeout=TURN_WAIT_SECONDS):
        return  # never wait forever: SQLite's own locking keeps the write correct without the turn
    session.info[_TURN_KEY] = True
    if not session.info.get(_TURN_HOOKED):
        sa_event.listen(session, "after_transaction_end", _end_turn)
        session.info[_TURN_HOOKED] = True


def _end_turn(session: Session, transaction) -> None:
    if transaction.parent is None and session.info.pop(_TURN_KEY, False):
        _sqlite_writer.release()


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
    stored: list[tuple[str, str]] = []
    if photos:
        _forget_files_on_rollback(session, media_dir, stored)
    stems = []
    try:
        for photo in photos:  # re-encoding and writing files is slow: done before the write transaction begins
            stems.append(media.store(media_dir, photo))
            stored.append((stems[-1], photo.extension))
    except BaseException:
        for stem, ext in stored:  # no transaction may have begun yet to clean up after us
            media.remove(media_dir, stem, ext)
        stored.clear()
        raise
    # Nothing above wrote (the catalog and the ward locator are cached per process). Writing starts here and holds
    # SQLite's write lock until the caller commits: only cheap work below, and this process's turn on SQLite.
    take_sqlite_turn(session)
    session.add(report)
    session.flush()  # the report's id, which every row below refers to; they are all written by the commit's flush
    for photo, stem in zip(photos, stems):
        session.add(Photo(report_id=report.id, stem=stem, content_type=photo.content_type, extension=photo.extension,
                          width=photo.image.width, height=photo.image.height, size_bytes=len(photo.data)))
    followers = []
    if data.email or data.webhook_url:
        followers.append(Follower(report_id=report.id, email=data.email, language=data.language,
                                  webhook_url=str(data.webhook_url) if data.webhook_url else None))
        session.add_all(followers)
    session.add(ReportEvent(report_id=report.id, at=now, actor=principal.actor, action="receive",
                            to_status="received", public=True))
    audit.record(session, principal, "feedback.report.create", "feedback_report", report.id,
                 after={"status": "received", "category": category.code, "area_code": area_code,
                        "agency_code": report.agency_code, "source": source})
    notify.status_changed(session, report, settings, f"receive-{report.id}", followers=followers)
    emit_after_commit(session, "feedback.report.created", public_event(report))
    return report


def public_event(report: Report) -> dict[str, Any]:
    """What the bus says about a report: no personal data (is_public: the live stream shows its place to staff only
    when false)."""
    return {"id": report.id, "status": report.status, "category_code": report.category_code,
            "area_code": report.area_code, "agency_code": report.agency_code, "lat": report.lat, "lon": report.lon,
            "is_public": report.is_public}


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
