"""Workflow actions on reports: transitions, notes, merging, escalation, auto-closing. Never commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM, Principal
from ioc.feedback import catalog, flows, notify, repository, sla
from ioc.feedback.models import Follower, Report, ReportEvent
from ioc.feedback.schemas import ActionIn, CitizenActionIn, NoteIn
from ioc.feedback.service import event_actor, invalid, prove_reporter, public_event, report_by_tracking, report_for
from ioc.feedback.settings import FeedbackSettings
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import Conflict
from ioc.kit.i18n import Text
from ioc.kit.timeutil import utcnow

AUDIT_FIELDS = ("status", "agency_code", "public_reply", "reject_reason", "duplicate_of_id", "rating")


def _apply(
    session: Session,
    report: Report,
    body: ActionIn,
    transition: flows.Transition,
    settings: FeedbackSettings,
    now: datetime,
) -> str:
    """Set the fields an action changes; returns the timeline text."""
    action = body.action
    if transition.needs == "reason" and not body.reason:
        raise invalid("reason", Text("cần nêu lý do để {action}", action=action))
    if transition.needs == "reply" and not body.reply:
        raise invalid("reply", Text("cần câu trả lời công khai cho người dân"))
    if action == "verify":
        report.verified_at = now
    elif action == "reject":
        report.reject_reason = report.public_reply = body.reason
        report.closed_at = now
    elif action == "assign":
        _assign(session, report, body.agency_code)
    elif action == "hand_back":
        report.agency_code = None
    elif action == "resolve":
        report.public_reply, report.resolved_at = body.reply, now
    elif action in ("close", "rate"):
        report.closed_at = now
    elif action == "reopen":
        _reopen(report, settings, now)
    elif action == "duplicate":
        _merge(session, report, body.original_id)
    return body.reason or body.reply or body.comment


def _assign(session: Session, report: Report, agency_code: str | None) -> None:
    code = agency_code or report.agency_code
    if not code:
        raise invalid("agency_code", Text("hãy chọn đơn vị phải xử lý phản ánh này"))
    if not auth_service.agency_exists(session, code):
        raise invalid("agency_code", f"unknown agency {code!r}")
    report.agency_code = code


def _reopen(report: Report, settings: FeedbackSettings, now: datetime) -> None:
    report.reopen_count += 1
    report.resolved_at = None
    report.escalated_at = None
    report.resolve_due_at = sla.resolve_due(settings, now, report.urgency)


def _merge(session: Session, report: Report, original_id: int | None) -> None:
    if original_id is None:
        raise invalid("original_id", "the report this one duplicates is required")
    original = repository.report(session, original_id)
    if original is None or original.id == report.id:
        raise invalid("original_id", f"no other report {original_id}")
    if original.status == "duplicate":
        raise invalid("original_id", f"report {original_id} is itself a duplicate; merge into its original")
    report.duplicate_of_id = original.id
    report.public_reply = f"Trùng với phản ánh #{original.id}; theo dõi kết quả tại phản ánh đó."
    report.closed_at = utcnow()
    # Followers of the duplicate follow the original from now on.
    known = {(f.email, f.webhook_url) for f in repository.followers(session, original.id)}
    for follower in repository.followers(session, report.id):
        if (follower.email, follower.webhook_url) not in known:
            session.add(
                Follower(
                    report_id=original.id,
                    email=follower.email,
                    webhook_url=follower.webhook_url,
                    language=follower.language,
                )
            )


def actor_of(principal: Principal, report: Report, *, reporter: bool = False) -> str:
    """The state machine's name for this caller on this report (an officer of another agency is not its officer)."""
    if reporter:
        return flows.REPORTER
    if principal.kind == "system":
        return flows.SYSTEM
    if principal.role == "agency_officer" and report.agency_code != principal.agency_code:
        return "agency_officer_other"
    return principal.role


def _transition(
    session: Session,
    principal: Principal,
    report: Report,
    body: ActionIn,
    settings: FeedbackSettings,
    now: datetime,
    *,
    reporter: bool = False,
) -> Report:
    transition = flows.check(body.action, report.status, actor_of(principal, report, reporter=reporter))
    before = audit.snapshot(report, AUDIT_FIELDS)
    text = _apply(session, report, body, transition, settings, now)
    entry = _move(session, principal, report, body.action, transition, text, now)
    audit.record(
        session,
        principal,
        f"feedback.report.{body.action}",
        "feedback_report",
        report.id,
        before=before,
        after=audit.snapshot(report, AUDIT_FIELDS),
    )
    if transition.public:
        notify.status_changed(session, report, settings, entry.id)
    emit_after_commit(session, f"feedback.report.{body.action}", public_event(report))
    return report


def _move(
    session: Session,
    principal: Principal,
    report: Report,
    action: str,
    transition: flows.Transition,
    text: str,
    now: datetime,
) -> ReportEvent:
    """Put the report in the transition's target state and write the event that says so (flushed: its id)."""
    old = report.status
    report.status, report.updated_at = transition.target, now
    entry = ReportEvent(
        report_id=report.id,
        at=now,
        actor=event_actor(principal),
        action=action,
        from_status=old,
        to_status=transition.target,
        text=text,
        public=transition.public,
        agency_code=report.agency_code or principal.agency_code,
    )
    session.add(entry)
    session.flush()
    return entry


def act(
    session: Session,
    principal: Principal,
    report_id: int,
    body: ActionIn,
    settings: FeedbackSettings,
    now: datetime | None = None,
) -> Report:
    """Take a workflow action as staff or agency officer."""
    if body.action in ("rate",):
        raise Conflict("rate: only the citizen rates, with the tracking code")
    report = report_for(session, principal, report_id, lock=True)
    return _transition(session, principal, report, body, settings, now or utcnow())


def citizen_act(
    session: Session,
    principal: Principal,
    tracking_code: str,
    body: CitizenActionIn,
    settings: FeedbackSettings,
    now: datetime | None = None,
) -> Report:
    """Rate a resolved report or reopen it as not fixed, within the rating window: the reporter only, proven by
    the secret given at submission (the tracking code alone opens the tracking page, nothing more)."""
    now = now or utcnow()
    report = report_by_tracking(session, tracking_code, lock=True)
    prove_reporter(report, body.reporter_secret)
    if (
        report.status == "resolved"
        and report.resolved_at is not None
        and now > report.resolved_at + timedelta(days=settings.rating_window_days)
    ):
        raise Conflict(f"the {settings.rating_window_days}-day window to rate or reopen this report has ended")
    if body.action == "rate":
        if body.rating is None:
            raise invalid("rating", "give a rating from 1 to 5")
        if report.status == "resolved":
            report.rating, report.rating_comment = body.rating, body.comment
    elif not body.comment:
        raise invalid("comment", "say what is still wrong")
    action = ActionIn(
        action=body.action,
        reason=body.comment if body.action == "reopen" else "",
        comment=body.comment,
        rating=body.rating,
    )
    return _transition(session, principal, report, action, settings, now, reporter=True)


def add_note(
    session: Session,
    principal: Principal,
    report_id: int,
    body: NoteIn,
    settings: FeedbackSettings,
    now: datetime | None = None,
) -> ReportEvent:
    """An internal note, or a public reply the citizen sees (and is told about)."""
    now = now or utcnow()
    report = report_for(session, principal, report_id)
    if principal.role not in ("admin", "operator", "agency_officer"):
        raise invalid("text", "your role may not write on reports")
    entry = ReportEvent(
        report_id=report.id,
        at=now,
        actor=principal.actor,
        action="reply" if body.public else "note",
        text=body.text,
        public=body.public,
        agency_code=principal.agency_code,
    )
    session.add(entry)
    report.updated_at = now
    session.flush()
    audit.record(
        session,
        principal,
        "feedback.report.reply" if body.public else "feedback.report.note",
        "feedback_report",
        report.id,
        after={"public": body.public, "length": len(body.text)},
    )
    if body.public:
        notify.status_changed(session, report, settings, entry.id)
    emit_after_commit(session, "feedback.report.noted", public_event(report))
    return entry


def escalate_overdue(session: Session, settings: FeedbackSettings, now: datetime | None = None) -> int:
    """Escalate every open report past its deadline once; returns how many."""
    now = now or utcnow()
    snap = catalog.current(session, settings)
    count = 0
    for report in repository.overdue_unescalated(session, now):
        report.escalated_at = now
        session.add(
            ReportEvent(
                report_id=report.id,
                at=now,
                actor=SYSTEM.actor,
                action="escalate",
                from_status=report.status,
                to_status=report.status,
                public=False,
                text="Quá hạn: đã báo lãnh đạo đơn vị và Trung tâm IOC",
                agency_code=report.agency_code,
            )
        )
        audit.record(
            session,
            SYSTEM,
            "feedback.report.escalate",
            "feedback_report",
            report.id,
            after={"status": report.status, "agency_code": report.agency_code},
        )
        notify.escalated(session, report, settings, snap.agency_name(report.agency_code, "vi"))
        emit_after_commit(session, "feedback.report.overdue", public_event(report))
        count += 1
    return count


def close_after_window(session: Session, settings: FeedbackSettings, now: datetime | None = None) -> int:
    """Close resolved reports nobody rated or reopened within the window; returns how many."""
    now = now or utcnow()
    cutoff = now - timedelta(days=settings.rating_window_days)
    reports = repository.resolved_before(session, cutoff)
    for report in reports:
        _transition(session, SYSTEM, report, ActionIn(action="close"), settings, now)
    return len(reports)
