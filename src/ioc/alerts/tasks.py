"""Background loop of the alerts domain: time moves pending and firing series (`for`, `keep_firing_for`)."""

from __future__ import annotations

import asyncio

from ioc.alerts import service
from ioc.db.uow import unit_of_work
from ioc.kit.timeutil import utcnow
from ioc.runtime import Runtime

TICK_SECONDS = 15


def tick(runtime: Runtime) -> int:
    """One pass over the series that are not inactive; the number of alerts changed."""
    with unit_of_work(runtime.session_factory) as session:
        return service.advance(session, now=utcnow())


async def advance_loop(runtime: Runtime) -> None:
    """Every 15 seconds, fire pending series whose `for` elapsed and resolve quiet firing ones."""
    while True:
        await asyncio.to_thread(tick, runtime)
        await asyncio.sleep(TICK_SECONDS)


def background(runtime: Runtime) -> list:
    """The alerts loops."""
    return [advance_loop]
