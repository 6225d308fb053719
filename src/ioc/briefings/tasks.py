"""Background job: the weekly and monthly briefings on their schedule (idempotent: one per period)."""

from __future__ import annotations

import asyncio
import logging

from ioc.briefings import service
from ioc.briefings.settings import BriefingsSettings
from ioc.db.uow import unit_of_work
from ioc.kit.timeutil import utcnow
from ioc.runtime import Runtime

log = logging.getLogger(__name__)


def run_once(runtime: Runtime) -> int:
    """One pass of the schedule, committed; a race with another process ends in one briefing per period."""
    from sqlalchemy.exc import IntegrityError

    try:
        with unit_of_work(runtime.session_factory) as session:
            return len(service.run_schedule(session, runtime.settings, utcnow()))
    except IntegrityError:
        return 0  # another process made this period's briefing first


async def schedule_loop(runtime: Runtime) -> None:
    """Check the schedule forever."""
    settings = runtime.settings.section(BriefingsSettings)
    while True:
        try:
            made = await asyncio.to_thread(run_once, runtime)
            if made:
                log.info("briefings made", extra={"made": made})
        except Exception:
            log.exception("briefing schedule failed")
        await asyncio.sleep(settings.poll_seconds)


def background(runtime: Runtime) -> list:
    """Background coroutines of the briefings domain (none when the schedule is off)."""
    return [schedule_loop] if runtime.settings.section(BriefingsSettings).schedule else []
