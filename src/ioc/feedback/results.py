"""The agency's result: resolving a report with "after" photos, checked and stored like the citizen's. Never commits.

In order: the photos' count and sizes, then each header (nothing decoded, nothing written); who may resolve this
report from its state (a 404/403/409 before any work); the photos decoded and stored (files removed if the
transaction ends without a commit); then the transition, its photo rows and the audit record in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.feedback import flows, intake, media, workflow
from ioc.feedback.models import Report
from ioc.feedback.schemas import ActionIn
from ioc.feedback.service import invalid, report_for
from ioc.feedback.settings import FeedbackSettings
from ioc.kit.i18n import Text

FIELD = "photo"


def resolve(
    session: Session,
    principal: Principal,
    report_id: int,
    reply: str,
    uploads: Sequence[media.Upload],
    settings: FeedbackSettings,
    media_dir: str,
    now: datetime | None = None,
) -> Report:
    """Resolve a report with a public reply and up to `max_photos` "after" photos; nothing written if one is bad."""
    photos = media.check_uploads(uploads, settings.max_photos, settings.max_photo_bytes, FIELD)
    report = report_for(session, principal, report_id)
    flows.check("resolve", report.status, workflow.actor_of(principal, report))
    if not reply.strip():
        raise invalid("reply", Text("cần câu trả lời công khai cho người dân"))
    stems = intake.store_photos(session, media_dir, photos)
    report = workflow.act(session, principal, report_id, ActionIn(action="resolve", reply=reply), settings, now)
    intake.add_photos(session, report, list(zip(photos, stems, strict=True)), kind="after")
    if photos:
        audit.record(
            session,
            principal,
            "feedback.report.after_photos",
            "feedback_report",
            report.id,
            after={"kind": "after", "photos": len(photos), "stems": stems},
        )
    session.flush()
    return report
