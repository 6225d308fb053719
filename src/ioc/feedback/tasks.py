"""Background jobs: escalate overdue reports, close resolved ones nobody rated in time."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from ioc.db.uow import unit_of_work
from ioc.feedback import workflow
from ioc.feedback.settings import FeedbackSettings
from ioc.kit import loops
from ioc.runtime import Runtime


def run_once(factory: sessionmaker[Session], settings: FeedbackSettings) -> tuple[int, int]:
    """One pass: escalations and auto-closings, committed; returns both counts."""
    with unit_of_work(factory) as session:
        escalated = workflow.escalate_overdue(session, settings)
        closed = workflow.close_after_window(session, settings)
    return escalated, closed


def _pass(runtime: Runtime) -> tuple[int, int]:
    return run_once(runtime.session_factory, runtime.settings.section(FeedbackSettings))


# Deadlines are checked forever; notifications go out through the outbox.
escalation_loop = loops.every(
    _pass,
    lambda runtime: runtime.settings.section(FeedbackSettings).escalation_poll_seconds,
    name="escalation_loop",
    done="feedback deadlines checked (escalated, closed)",
)


def background(runtime: Runtime) -> list:
    """Background coroutines of the feedback domain."""
    return [escalation_loop]
