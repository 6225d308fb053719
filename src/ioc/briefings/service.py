"""Briefings logic: make one briefing per kind and period, list them, send them to subscribers. Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import SYSTEM, Principal
from ioc.briefings import collect, mailer, periods, render
from ioc.briefings import repository as repo
from ioc.briefings.models import Briefing, Subscriber
from ioc.briefings.settings import BriefingsSettings
from ioc.kit import outbox
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import Conflict, NotFound, ValidationProblem
from ioc.kit.sheets import XLSX_TYPE
from ioc.kit.timeutil import utcnow

PDF_TYPE = "application/pdf"


def out(row: Briefing) -> dict[str, Any]:
    """A briefing as the API lists it (no files)."""
    return {
        "id": row.id, "kind": row.kind, "period": row.period, "title": row.title, "first_day": row.first_day,
        "last_day": row.last_day, "source": row.source, "created_by": row.created_by, "created_at": row.created_at,
        "sent_at": row.sent_at, "sent_to": row.sent_to, "pdf_bytes": row.pdf_bytes, "xlsx_bytes": row.xlsx_bytes,
        "pdf_url": f"/api/v1/briefings/{row.id}/pdf", "xlsx_url": f"/api/v1/briefings/{row.id}/xlsx",
    }  # fmt: skip


def _fill(row: Briefing, summary: dict[str, Any], period: periods.Period) -> None:
    row.summary = summary
    row.title = f"{periods.TITLES[period.kind]} · {period.label()}"
    row.pdf, row.xlsx = render.pdf(summary), render.xlsx(summary)
    row.pdf_bytes, row.xlsx_bytes = len(row.pdf), len(row.xlsx)


def generate(
    session: Session, settings: Any, principal: Principal, kind: str, code: str, now: datetime | None = None,
    source: str = "demand",
) -> tuple[Briefing, bool]:  # fmt: skip
    """Make (or, on demand, remake) the briefing of a period; returns it and whether it is new.

    One briefing per kind and period: the schedule leaves an existing one alone, a request remakes it
    with today's figures (corrections made since) under the same id. A period not yet begun is a 422.
    """
    now = now or utcnow()
    period = periods.parse(kind, code)
    if period.start > now:
        raise periods.invalid("the period has not begun")
    row = repo.by_period(session, kind, period.code)
    if row is not None and source == "schedule":
        return row, False
    before = None if row is None else {"created_at": row.created_at.isoformat(), "pdf_bytes": row.pdf_bytes}
    created = row is None
    summary = collect.gather(session, settings, period, now)  # before the new row is in the session (autoflush)
    if row is None:
        row = Briefing(kind=kind, period=period.code, first_day=period.first, last_day=period.last)
    _fill(row, summary, period)
    row.source, row.created_by, row.created_at = source, principal.actor, now
    session.add(row)
    session.flush()
    action = "briefings.briefing.create" if created else "briefings.briefing.remake"
    audit.record(session, principal, action, "briefing", row.id, before=before, after={"period": row.period})
    emit_after_commit(session, "briefings.briefing.created", {"id": row.id, "kind": kind, "period": row.period})
    return row, created


def require(session: Session, briefing_id: int, *, files: bool = False) -> Briefing:
    """A briefing or a 404."""
    row = repo.get(session, briefing_id, files=files)
    if row is None:
        raise NotFound(f"No briefing {briefing_id}")
    return row


def listing(session: Session, kind: str | None, offset: int, limit: int) -> tuple[list[dict], int]:
    """A page of briefings, newest period first."""
    rows, total = repo.page(session, kind, offset, limit)
    return [out(r) for r in rows], total


def file_name(row: Briefing, ext: str) -> str:
    """The download name: bao-cao-giao-ban-tuan-2026-W48.pdf."""
    return f"bao-cao-giao-ban-{'tuan' if row.kind == 'week' else 'thang'}-{row.period}.{ext}"


def _mail_body(row: Briefing, settings: Any) -> str:
    link = settings.section(BriefingsSettings).public_base_url.rstrip("/")
    s = row.summary
    lines = [
        f"Kính gửi lãnh đạo {s.get('province', '')},",
        "",
        f"Trung tâm IOC gửi {row.title}.",
        f"- Chỉ tiêu chậm tiến độ: {len(s['kpi']['off_track'])}",
        f"- Phản ánh tiếp nhận: {s['feedback']['totals']['received']}",
        f"- Sự cố phát sinh: {s['incidents']['opened']}",
        f"- Nhiệm vụ đang quá hạn: {s['directives'].get('overdue_now', '—')}"
        f" (giao trong kỳ đã quá hạn: {s['directives']['totals']['overdue']})",
        f"- Cảnh báo phát sinh: {s['alerts']['fired']}",
        "",
        "Báo cáo chi tiết ở tệp PDF và XLSX đính kèm.",
    ]
    if link:
        lines.append(f"Xem trực tuyến: {link}/briefings")
    return "\n".join(lines)


def send(session: Session, settings: Any, principal: Principal, row: Briefing, now: datetime | None = None) -> int:
    """Queue the briefing's e-mail (PDF and XLSX attached) to its kind's subscribers; returns how many."""
    to = repo.recipients(session, row.kind)
    if not to:
        return 0
    now = now or utcnow()
    payload = {
        "to": to,
        "subject": f"[IOC] {row.title}",
        "body": _mail_body(row, settings),
        "attachments": [
            mailer.attachment(file_name(row, "pdf"), PDF_TYPE, row.pdf),
            mailer.attachment(file_name(row, "xlsx"), XLSX_TYPE, row.xlsx),
        ],
    }
    key = f"briefing:{row.id}:{now.isoformat()}" if row.sent_at else f"briefing:{row.id}"
    outbox.enqueue(session, mailer.TOPIC, payload, dedupe_key=key)
    row.sent_at, row.sent_to = now, len(to)
    audit.record(session, principal, "briefings.briefing.send", "briefing", row.id, after={"sent_to": len(to)})
    return len(to)


def run_schedule(session: Session, settings: Any, now: datetime | None = None) -> list[Briefing]:
    """Make and send the briefings the schedule owes (last week from Monday 07:00, last month from the 1st)."""
    now = now or utcnow()
    own = settings.section(BriefingsSettings)
    made = []
    for kind in periods.KINDS:
        if not periods.due(kind, now, own.hour):
            continue
        period = periods.last_complete(kind, now)
        if repo.by_period(session, kind, period.code) is not None:
            continue
        row, created = generate(session, settings, SYSTEM, kind, period.code, now, source="schedule")
        if created:
            send(session, settings, SYSTEM, row, now)
            made.append(row)
    return made


# Subscribers ----------------------------------------------------------------------------------


def subscriber_out(row: Subscriber) -> dict[str, Any]:
    """A subscriber as the API shows it."""
    return {"id": row.id, "email": row.email, "name": row.name, "weekly": row.weekly, "monthly": row.monthly,
            "created_at": row.created_at}  # fmt: skip


def subscribers(session: Session) -> list[dict[str, Any]]:
    """Every subscriber."""
    return [subscriber_out(r) for r in repo.subscribers(session)]


def add_subscriber(session: Session, principal: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """Subscribe an address to weekly and/or monthly briefings; 409 when it is already subscribed."""
    if not data["weekly"] and not data["monthly"]:
        raise ValidationProblem("weekly, monthly: choose at least one",
                                errors=[{"field": "weekly", "message": "choose weekly, monthly or both"}])  # fmt: skip
    if repo.subscriber_by_email(session, data["email"]) is not None:
        raise Conflict(f"{data['email']} is already subscribed")
    row = Subscriber(**data, created_by=principal.actor)
    session.add(row)
    session.flush()
    audit.record(session, principal, "briefings.subscriber.create", "briefing_subscriber", row.id, after=data)
    return subscriber_out(row)


def remove_subscriber(session: Session, principal: Principal, subscriber_id: int) -> None:
    """Unsubscribe an address."""
    row = repo.subscriber(session, subscriber_id)
    if row is None:
        raise NotFound(f"No subscriber {subscriber_id}")
    before = subscriber_out(row) | {"created_at": row.created_at.isoformat()}
    session.delete(row)
    session.flush()
    audit.record(session, principal, "briefings.subscriber.delete", "briefing_subscriber", subscriber_id, before=before)
