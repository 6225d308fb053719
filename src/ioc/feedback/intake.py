"""Receiving a report: the one intake path of the native API, Open311 and the citizen form. Never commits.

In order: the photos' count and sizes (nothing read yet), then each photo's header (nothing decoded yet); the
category, its questions and the place (from the per-process catalog and ward locator); the photos decoded and
stored one at a time (slow, and before any write); then this process's SQLite turn and the rows.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.feedback import catalog, media, notify, routing, sla
from ioc.feedback.catalog import CategoryInfo, Snapshot
from ioc.feedback.models import Follower, Photo, Report, ReportEvent
from ioc.feedback.notifiers import webhook
from ioc.feedback.schemas import ReportIn
from ioc.feedback.service import event_actor, invalid, new_reporter_secret, public_event, reporter_secret_hash
from ioc.feedback.settings import FeedbackSettings
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import ValidationProblem, invalid_fields
from ioc.kit.i18n import Text
from ioc.kit.problem_texts import validation_message
from ioc.kit.timeutil import utcnow

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read over the phone
assert len(TRACKING_ALPHABET) == 32  # so that a random byte modulo 32 picks each letter equally often


@dataclass(frozen=True)
class Filed:
    """A new report and the reporter's secret, which exists in clear only in this answer."""

    report: Report
    reporter_secret: str


def parse(data: dict[str, Any]) -> ReportIn:
    """A new report from its fields (JSON, or a form whose numbers are already numbers), or a 422 naming each
    wrong field."""
    try:
        return ReportIn.model_validate(data)
    except ValidationError as exc:
        errs = [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": validation_message(e)}
            for e in exc.errors()
        ]
        raise invalid_fields(errs) from None


def file_report(
    session: Session,
    principal: Principal,
    data: ReportIn,
    settings: FeedbackSettings,
    *,
    media_dir: str,
    uploads: Sequence[media.Upload] = (),
    source: str = "web",
    now: datetime | None = None,
) -> Filed:
    """Receive a report: check it, place it in its ward, route it, set its deadlines, store its photos."""
    webhook.check_subscriber(principal, data.webhook_url, settings)
    photos = media.check_uploads(uploads, settings.max_photos, settings.max_photo_bytes)
    if not photos:
        take_sqlite_turn(session)  # nothing slow is left before the writes: queue before the first query
    now = now or utcnow()
    snap = catalog.current(session, settings)
    category = snap.active_category(data.category_code)
    answers = check_attributes(category, data.attributes)
    area_code = place(session, data)
    secret = new_reporter_secret()
    report = _new_report(
        principal,
        data,
        settings,
        snap,
        category,
        now,
        answers=answers,
        area_code=area_code,
        secret_hash=reporter_secret_hash(secret),
        source=source,
    )
    stems = store_photos(session, media_dir, photos)
    # Nothing above wrote. Writing starts here and holds SQLite's write lock until the caller commits: only cheap
    # work below, and this process's turn on SQLite.
    take_sqlite_turn(session)
    _write(session, principal, report, data, list(zip(photos, stems, strict=True)), settings, now)
    return Filed(report=report, reporter_secret=secret)


def _check_number(code: str, value: Any) -> None:
    if isinstance(value, bool):
        raise invalid(f"attribute[{code}]", Text("không phải là số: {value}", value=repr(value)))
    try:
        float(value)
    except (TypeError, ValueError):
        raise invalid(f"attribute[{code}]", Text("không phải là số: {value}", value=repr(value))) from None


def _answer(code: str, spec: dict[str, Any], value: Any) -> str | list[str]:
    keys = {str(v["key"]) for v in spec.get("values", [])}
    datatype = spec.get("datatype", "string")
    if datatype == "multivaluelist":
        values = [str(v) for v in (value if isinstance(value, list) else [value])]
        if bad := [v for v in values if v not in keys]:
            raise invalid(f"attribute[{code}]", Text("không phải giá trị được chọn: {value}", value=repr(bad[0])))
        return values
    if isinstance(value, list):
        raise invalid(f"attribute[{code}]", Text("chỉ nhận một giá trị"))
    if datatype == "singlevaluelist" and str(value) not in keys:
        raise invalid(f"attribute[{code}]", Text("không phải giá trị được chọn: {value}", value=repr(value)))
    if datatype == "number":
        _check_number(code, value)
    return str(value)


def check_attributes(category: CategoryInfo, given: dict[str, Any]) -> dict[str, Any]:
    """The answers to a category's questions, checked against their definitions."""
    defs = {a["code"]: a for a in category.attributes or []}
    unknown = sorted(set(given) - set(defs))
    if unknown:
        raise invalid(f"attribute[{unknown[0]}]", Text("không phải câu hỏi của lĩnh vực {code}", code=category.code))
    out: dict[str, Any] = {}
    for code, spec in defs.items():
        value = given.get(code)
        if value in (None, "", []):
            if spec.get("required") and spec.get("variable", True):
                raise invalid(f"attribute[{code}]", Text("bắt buộc"))
            continue
        out[code] = _answer(code, spec, value)
    return out


def place(session: Session, data: ReportIn) -> str | None:
    """The ward of the report's point; a point outside every ward of the province is refused."""
    if (data.lat is None) != (data.lon is None):
        raise invalid("lon" if data.lon is None else "lat", Text("cần cả vĩ độ và kinh độ"))
    if data.lat is None:
        if not data.address and not data.address_id:
            raise invalid("lat", Text("cần vị trí: một điểm (vĩ độ và kinh độ), một địa chỉ hoặc address_id"))
        return None
    area_code = areas_service.locate_code(session, data.lat, data.lon)
    if area_code is None:
        message = f"the point ({data.lat}, {data.lon}) is outside the province"
        raise ValidationProblem(
            f"lat, lon: {message}", errors=[{"field": "lat", "message": message}, {"field": "lon", "message": message}]
        )
    return area_code


def _new_tracking_code() -> str:
    # 32^8 ≈ 10^12 codes: a clash is vanishingly rare, and the unique index refuses it rather than mixing reports.
    return "PA" + "".join(TRACKING_ALPHABET[b % 32] for b in secrets.token_bytes(8))


def _new_report(
    principal: Principal,
    data: ReportIn,
    settings: FeedbackSettings,
    snap: Snapshot,
    category: CategoryInfo,
    now: datetime,
    *,
    answers: dict[str, Any],
    area_code: str | None,
    secret_hash: str,
    source: str,
) -> Report:
    return Report(
        tracking_code=_new_tracking_code(),
        reporter_secret_hash=secret_hash,
        token=secrets.token_urlsafe(16),
        category_code=category.code,
        status="received",
        is_public=category.public,
        urgency=category.urgency,
        description=data.description,
        lat=data.lat,
        lon=data.lon,
        area_code=area_code,
        address=data.address,
        address_id=data.address_id,
        attributes=answers,
        media_url=str(data.media_url) if data.media_url else None,
        source=source,
        **_reporter_fields(principal, data),
        agency_code=routing.route(snap, category, area_code),
        requested_at=now,
        updated_at=now,
        verify_due_at=sla.verify_due(settings, now),
        resolve_due_at=sla.resolve_due(settings, now, category.urgency),
    )


ACCOUNT_PREFIX = "ioc-user:"


def account_of(principal: Principal, given: str | None) -> str | None:
    """The account a report belongs to: a signed-in citizen's own; nobody else may claim one of ours."""
    if principal.kind == "user" and principal.role == "citizen":
        return f"{ACCOUNT_PREFIX}{principal.id}"
    if given and given.startswith(ACCOUNT_PREFIX):
        return None
    return given


def _reporter_fields(principal: Principal, data: ReportIn) -> dict[str, Any]:
    # Who filed the report: the client (an API key) and the reporter's own details.
    return {
        "client_name": principal.name if principal.kind == "apikey" else None,
        "reporter_name": data.name,
        "reporter_email": data.email,
        "reporter_phone": data.phone,
        "device_id": data.device_id,
        "account_id": account_of(principal, data.account_id),
        "share_with_agency": data.share_with_agency,
    }


def store_photos(session: Session, media_dir: str, photos: list[media.CheckedPhoto]) -> list[str]:
    """Decode and store the photos one at a time, before the write transaction; no file outlives a rollback."""
    if not photos:
        return []
    stored: list[tuple[str, str]] = []
    _forget_files_on_rollback(session, media_dir, stored)
    try:
        for photo in photos:
            stored.append((media.store(media_dir, photo), photo.extension))
    except BaseException:
        for stem, ext in stored:  # no transaction may have begun yet to clean up after us
            media.remove(media_dir, stem, ext)
        stored.clear()
        raise
    return [stem for stem, _ in stored]


def _forget_files_on_rollback(session: Session, media_dir: str, stems: list[tuple[str, str]]) -> None:
    # Files are written before the commit; if the transaction ends without one, nothing may stay behind.
    def committed(_session: Session) -> None:
        stems.clear()

    def ended(_session: Session, transaction) -> None:
        if transaction.parent is not None:
            return
        for stem, ext in stems:
            media.remove(media_dir, stem, ext)
        stems.clear()  # the listeners stay (removing them mid-dispatch is not allowed) but have nothing left to do

    sa_event.listen(session, "after_commit", committed)
    sa_event.listen(session, "after_transaction_end", ended)


def _write(
    session: Session,
    principal: Principal,
    report: Report,
    data: ReportIn,
    photos: list[tuple[media.CheckedPhoto, str]],
    settings: FeedbackSettings,
    now: datetime,
) -> None:
    session.add(report)
    session.flush()  # the report's id, which every row below refers to; they are all written by the commit's flush
    add_photos(session, report, photos)
    followers = _add_followers(session, report, data)
    session.add(
        ReportEvent(
            report_id=report.id,
            at=now,
            actor=event_actor(principal),
            action="receive",
            to_status="received",
            public=True,
        )
    )
    audit.record(
        session,
        principal,
        "feedback.report.create",
        "feedback_report",
        report.id,
        after={
            "status": "received",
            "category": report.category_code,
            "area_code": report.area_code,
            "agency_code": report.agency_code,
            "source": report.source,
        },
    )
    notify.status_changed(session, report, settings, f"receive-{report.id}", followers=followers)
    emit_after_commit(session, "feedback.report.created", public_event(report))


def add_photos(
    session: Session, report: Report, photos: list[tuple[media.CheckedPhoto, str]], kind: str = "before"
) -> None:
    """Rows for stored photos of a report: the citizen's ("before") or the agency's ("after")."""
    for photo, stem in photos:
        session.add(
            Photo(
                report_id=report.id,
                kind=kind,
                stem=stem,
                content_type=photo.content_type,
                extension=photo.extension,
                width=photo.width,
                height=photo.height,
                size_bytes=len(photo.data),
            )
        )


def _add_followers(session: Session, report: Report, data: ReportIn) -> list[Follower]:
    # The reporter follows the report by e-mail or webhook when they gave one.
    if not (data.email or data.webhook_url):
        return []
    followers = [
        Follower(
            report_id=report.id,
            email=data.email,
            language=data.language,
            webhook_url=str(data.webhook_url) if data.webhook_url else None,
        )
    ]
    session.add_all(followers)
    return followers


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
    arbitrates between processes. `file_report` takes it after any slow work that needs no database (photos)."""
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
