"""Demo briefings: last week's and last month's briefing (as the schedule makes them) and one subscriber."""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.briefings import periods, repository, service
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext

SUBSCRIBER = {"email": "chu-tich@ioc.local", "name": "Chủ tịch UBND (demo)", "weekly": True, "monthly": True}


def seed(ctx: DemoContext) -> None:
    """Make the briefings the schedule owes by now and subscribe the demo leader's address; once."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.subscriber_by_email(session, SUBSCRIBER["email"]) is None:
            service.add_subscriber(session, SYSTEM, dict(SUBSCRIBER))
    for kind in periods.KINDS:
        period = periods.last_complete(kind, ctx.now)
        with unit_of_work(ctx.session_factory) as session:
            service.generate(session, ctx.settings, SYSTEM, kind, period.code, ctx.now, source="schedule")
