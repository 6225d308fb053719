"""Core background job: deliver the outbox."""

from __future__ import annotations

import asyncio

from ioc.kit import outbox
from ioc.runtime import Runtime

POLL_SECONDS = 1.0


async def deliver_outbox(runtime: Runtime) -> None:
    """Deliver due outbox messages forever (in a thread: handlers do blocking I/O)."""
    while True:
        attempted = await asyncio.to_thread(outbox.deliver_due, runtime)
        if not attempted:
            await asyncio.sleep(POLL_SECONDS)


def background(runtime: Runtime) -> list:
    """Background coroutines of the kit."""
    return [deliver_outbox]
