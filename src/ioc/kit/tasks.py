"""Core background job: deliver the outbox."""

from __future__ import annotations

import asyncio

from ioc.kit.outbox.dispatch import Dispatcher
from ioc.runtime import Runtime

POLL_SECONDS = 1.0


async def deliver_outbox(runtime: Runtime) -> None:
    """Deliver due outbox messages forever; a slow destination holds up only its own messages."""
    dispatcher = Dispatcher(runtime)
    try:
        while True:
            await asyncio.to_thread(dispatcher.poll)
            # Look again as soon as a destination is free (it may have more due), or after a pause.
            await asyncio.to_thread(dispatcher.woken.wait, POLL_SECONDS)
    finally:
        dispatcher.close()


def background(runtime: Runtime) -> list:
    """Background coroutines of the kit."""
    return [deliver_outbox]
