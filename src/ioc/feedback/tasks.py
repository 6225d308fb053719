"""Background jobs: escalate overdue reports, close resolved ones nobody rated in time."""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from ioc.feedback import workflow
from ioc.feedback.config import get_feedback_settings

log = logging.getLogger(__name__)


def run_once(factory: sessionmaker[Session]) -> tuple[int, int]:
    """One pass: escalations and auto-closings, committed; returns both counts."""
    settings = get_feedback_settings()
    with factory() as session:
        escalated = workflow.escalate_overdue(session, settings)
        closed = workflow.close_after_window(session, settings)
        session.commit()
    return escalated, closed


async def escalation_loop(app: FastAPI) -> None:
    """Check deadlines forever (notifications go out through the outbox)."""
    while True:
        escalated, closed = await asyncio.to_thread(run_once, app.state.session_factory)
        if escalated or closed:
            log.info("feedback deadlines checked", extra={"escalated": escalated, "closed": closed})
        await asyncio.sleep(get_feedback_settings().escalation_poll_seconds)


def background(app: FastAPI) -> list:
    """Background coroutines of the feedback domain."""
    return [escalation_loop]
