"""Reminders before a directive's deadline and escalation after it, once each, through the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.directives import deadlines, notifier
from ioc.directives import repository as repo
from ioc.directives.models import Assignment, Directive, TimelineEntry
from ioc.directives.settings import DirectivesSettings
from ioc.kit import outbox
from ioc.kit.i18n import fmt_datetime
from ioc.kit.models import OutboxMessage
from ioc.kit.workinghours import default_calendar


def _stage(a: Assignment, now: datetime, settings: DirectivesSettings) -> str | None:
    """Which message is due now: 'before' (N working days ahead), 'today', 'overdue', or none."""
    if a.completed_at is not None:
        return None
    if now > a.deadline:
        return "overdue"
    left = deadlines.working_days_left(now, a.deadline, default_calendar())
    if left == 0:
        return "today"
    return "before" if left <= settings.remind_working_days else None


def _recipients(session: Session, a: Assignment, d: Directive, stage: str) -> list[str]:
    supervisor = auth_service.agency_supervisor_email(session, a.agency_code)
    leader = auth_service.get_user_by_name(session, d.issued_by)
    leader_email = getattr(leader, "email", None) if leader else None
    people = [supervisor] + ([leader_email] if stage == "overdue" else [])
    return [p for p in dict.fromkeys(people) if p]


def _message(d: Directive, a: Assignment, stage: str, settings: DirectivesSettings) -> tuple[str, str]:
    head = {"before": "Sắp đến hạn", "today": "Đến hạn hôm nay", "overdue": "Quá hạn"}[stage]
    subject = f"[IOC] {head}: nhiệm vụ #{d.id} {d.title}"[:200]
    lines = [
        f"Nhiệm vụ #{d.id}: {d.title}",
        f"Văn bản: {d.doc_ref or '—'}",
        f"Đơn vị thực hiện: {a.agency_code}",
        f"Hạn xử lý: {fmt_datetime(a.deadline)}",
        f"Tiến độ: {a.progress}%",
        f"Xem: {settings.public_base_url.rstrip('/')}/directives/{d.id}",
    ]
    return subject, "\n".join(lines)


def run(session: Session, settings: DirectivesSettings, now: datetime) -> int:
    """Enqueue the reminders and escalations due at `now` for open assignments due soon; returns how many."""
    horizon = deadlines.add_working_days(now, settings.remind_working_days + 1)
    sent = 0
    for a, d in repo.open_due_before(session, horizon):
        stage = _stage(a, now, settings)
        to = _recipients(session, a, d, stage) if stage else []
        if not to:
            continue
        key = f"directive-{stage}-{a.id}-{a.deadline:%Y%m%d%H%M}"
        if _known(session, key):
            continue
        subject, body = _message(d, a, stage, settings)
        outbox.enqueue(session, notifier.TOPIC, {"to": to, "subject": subject, "body": body}, dedupe_key=key)
        action = "escalate" if stage == "overdue" else "remind"
        session.add(TimelineEntry(directive_id=d.id, agency_code=a.agency_code, at=now, actor=SYSTEM.actor,
                                  action=action, note=", ".join(to)))  # fmt: skip
        sent += 1
    session.flush()
    return sent


def _known(session: Session, key: str) -> bool:
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None
