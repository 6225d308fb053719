"""Background loop: flush the notification groups that are due."""

from __future__ import annotations

import asyncio
import logging

from ioc.db.uow import unit_of_work
from ioc.notify import engine
from ioc.notify.settings import NotifySettings
from ioc.runtime import Runtime

log = logging.getLogger(__name__)


def run_once(runtime: Runtime) -> int:
    """One pass over due groups, committed; returns how many notifications went out."""
    with unit_of_work(runtime.session_factory) as session:
        return engine.flush_due(session)


async def flush_loop(runtime: Runtime) -> None:
    """Flush due groups forever."""
    settings = runtime.settings.section(NotifySettings)
    while True:
        sent = await asyncio.to_thread(run_once, runtime)
        if sent:
            log.info("notifications sent", extra={"count": sent})
        await asyncio.sleep(settings.flush_poll_seconds)


def background(runtime: Runtime) -> list:
    """Background coroutines of the notify domain."""
    return [flush_loop]
