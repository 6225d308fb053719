"""Background job: reminders before directives' deadlines and escalation after."""

from __future__ import annotations

import asyncio
import logging

from ioc.db.uow import unit_of_work
from ioc.directives import reminders
from ioc.directives.settings import DirectivesSettings
from ioc.kit.timeutil import utcnow
from ioc.runtime import Runtime

log = logging.getLogger(__name__)


def run_once(runtime: Runtime) -> int:
    """One pass of the reminder scan, committed."""
    settings = runtime.settings.section(DirectivesSettings)
    with unit_of_work(runtime.session_factory) as session:
        return reminders.run(session, settings, utcnow())


async def reminder_loop(runtime: Runtime) -> None:
    """Scan open assignments due soon forever."""
    settings = runtime.settings.section(DirectivesSettings)
    while True:
        sent = await asyncio.to_thread(run_once, runtime)
        if sent:
            log.info("directive reminders queued", extra={"sent": sent})
        await asyncio.sleep(settings.poll_seconds)


def background(runtime: Runtime) -> list:
    """Background coroutines of the directives domain."""
    return [reminder_loop]
