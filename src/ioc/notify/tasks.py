"""Background loop: flush the notification groups that are due."""

from __future__ import annotations

from ioc.db.uow import unit_of_work
from ioc.kit import loops
from ioc.notify import engine
from ioc.notify.settings import NotifySettings
from ioc.runtime import Runtime


def run_once(runtime: Runtime) -> int:
    """One pass over due groups, committed; returns how many notifications went out."""
    with unit_of_work(runtime.session_factory) as session:
        return engine.flush_due(session)


flush_loop = loops.every(
    run_once,
    lambda runtime: runtime.settings.section(NotifySettings).flush_poll_seconds,
    name="flush_loop",
    done="notifications sent",
)


def background(runtime: Runtime) -> list:
    """Background coroutines of the notify domain."""
    return [flush_loop]
