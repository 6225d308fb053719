"""Background jobs: escalate overdue reports, close resolved ones nobody rated in time."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.orm import Session, sessionmaker

from ioc.db.uow import unit_of_work
from ioc.feedback import workflow
from ioc.feedback.settings import FeedbackSettings
from ioc.runtime import Runtime

log = logging.getLogger(__name__)


def run_once(factory: sessionmaker[Session], settings: FeedbackSettings) -> tuple[int, int]:
    """One pass: escalations and auto-closings, committed; returns both counts."""
    with unit_of_work(factory) as session:
        escalated = workflow.escalate_overdue(session, settings)
        closed = workflow.close_after_window(session, settings)
    return escalated, closed


async def escalation_loop(runtime: Runtime) -> None:
    """Check deadlines forever (notifications go out through the outbox)."""
    settings = runtime.settings.section(FeedbackSettings)
    while True:
        escalated, closed = await asyncio.to_thread(run_once, runtime.session_factory, settings)
        if escalated or closed:
            log.info("feedback deadlines checked", extra={"escalated": escalated, "closed": closed})
        await asyncio.sleep(settings.escalation_poll_seconds)


def background(runtime: Runtime) -> list:
    """Background coroutines of the feedback domain."""
    return [escalation_loop]
