"""Notifications through the outbox: citizens on public changes, supervisors on escalation."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.feedback import repository
from ioc.feedback.flows import STATUS_LABELS, open311_status
from ioc.feedback.models import Follower, Report
from ioc.feedback.notifiers import email as email_notifier
from ioc.feedback.notifiers import webhook as webhook_notifier
from ioc.feedback.settings import FeedbackSettings
from ioc.kit import outbox
from ioc.kit.i18n import fmt_datetime, translate


def tracking_link(settings: FeedbackSettings, tracking_code: str) -> str:
    """The page where a citizen follows a report."""
    return f"{settings.public_base_url.rstrip('/')}/phan-anh/theo-doi/{tracking_code}"


def _email_body(report: Report, settings: FeedbackSettings, lang: str) -> tuple[str, str]:
    label = translate(STATUS_LABELS[report.status], lang)
    subject = translate("Phản ánh {code}: {status}", lang, code=report.tracking_code, status=label)
    lines = [
        translate("Trạng thái phản ánh của bạn: {status}", lang, status=label),
        translate("Cập nhật lúc: {time}", lang, time=fmt_datetime(report.updated_at, lang)),
    ]
    if report.public_reply:
        lines.append(translate("Trả lời: {reply}", lang, reply=report.public_reply))
    lines.append(translate("Theo dõi: {link}", lang, link=tracking_link(settings, report.tracking_code)))
    return subject, "\n".join(lines)


def status_changed(
    session: Session,
    report: Report,
    settings: FeedbackSettings,
    event_key: int | str,
    followers: list[Follower] | None = None,
) -> None:
    """Tell every follower of a report (known already, or read from the database) about a public change.

    `event_key` names the change in the messages' dedupe keys: the timeline entry's id, or for a new report
    `receive-<report id>` with followers not flushed yet (they are then told apart by their place in the list)."""
    known = followers is not None
    for number, follower in enumerate(followers if known else repository.followers(session, report.id)):
        follower_key = follower.id if follower.id is not None else f"n{number}"
        if follower.email:
            subject, body = _email_body(report, settings, follower.language)
            outbox.enqueue(
                session,
                email_notifier.TOPIC,
                {"to": [follower.email], "subject": subject, "body": body},
                dedupe_key=f"feedback-mail-{event_key}-{follower_key}",
            )
        if follower.webhook_url:
            payload = {
                "event": "service_request.updated",
                "service_request_id": str(report.id),
                "tracking_code": report.tracking_code,
                "status": open311_status(report.status),
                "detailed_status": report.status,
                "status_notes": report.public_reply,
                "updated_datetime": report.updated_at.isoformat(),
            }
            outbox.enqueue(
                session,
                webhook_notifier.TOPIC,
                {"url": follower.webhook_url, "body": payload},
                dedupe_key=f"feedback-hook-{event_key}-{follower_key}",
                destination=follower.webhook_url,
            )


def escalated(session: Session, report: Report, settings: FeedbackSettings, agency_name: str | None) -> None:
    """Tell the agency's supervisor and the IOC duty desk that a report is overdue."""
    recipients = [settings.ioc_email]
    supervisor = auth_service.agency_supervisor_email(session, report.agency_code) if report.agency_code else None
    if supervisor:
        recipients.insert(0, supervisor)
    due = report.verify_due_at if report.status == "received" else report.resolve_due_at
    # Never the tracking code: it is the reporter's secret, and this mail goes to the agency.
    subject = f"[IOC] Phản ánh quá hạn #{report.id}"
    body = "\n".join(
        [
            f"Phản ánh #{report.id} đã quá hạn xử lý.",
            f"Đơn vị xử lý: {agency_name or 'Trung tâm IOC'}",
            f"Trạng thái: {STATUS_LABELS[report.status]}",
            f"Hạn: {fmt_datetime(due)}",
            f"Xem: {settings.public_base_url.rstrip('/')}/feedback/{report.id}",
        ]
    )
    outbox.enqueue(
        session,
        email_notifier.TOPIC,
        {"to": recipients, "subject": subject, "body": body},
        dedupe_key=f"feedback-escalate-{report.id}-{report.reopen_count}",
    )
