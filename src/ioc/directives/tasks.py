"""Background job: reminders before directives' deadlines and escalation after."""

from __future__ import annotations

from ioc.db.uow import unit_of_work
from ioc.directives import reminders
from ioc.directives.settings import DirectivesSettings
from ioc.kit import loops
from ioc.kit.timeutil import utcnow
from ioc.runtime import Runtime


def run_once(runtime: Runtime) -> int:
    """One pass of the reminder scan, committed."""
    settings = runtime.settings.section(DirectivesSettings)
    with unit_of_work(runtime.session_factory) as session:
        return reminders.run(session, settings, utcnow())


reminder_loop = loops.every(
    run_once,
    lambda runtime: runtime.settings.section(DirectivesSettings).poll_seconds,
    name="reminder_loop",
    done="directive reminders queued",
)


def background(runtime: Runtime) -> list:
    """Background coroutines of the directives domain."""
    return [reminder_loop]
