"""Background loops that run one committed pass, then sleep: the shape every polling job shares."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from ioc.runtime import Runtime

log = logging.getLogger(__name__)

Loop = Callable[[Runtime], Awaitable[None]]


def every(work: Callable[[Runtime], Any], seconds: Callable[[Runtime], float], *, name: str, done: str = "") -> Loop:
    """A loop: `work(runtime)` in a thread, then a sleep of `seconds(runtime)`; a non-zero result is logged."""

    async def loop(runtime: Runtime) -> None:
        pause = seconds(runtime)
        # A pause of zero or less switches the job off (a setting such as a retention of 0 days).
        while pause > 0:
            result = await asyncio.to_thread(work, runtime)
            if done and _worth_logging(result):
                log.info(done, extra={"result": result})
            await asyncio.sleep(pause)

    loop.__name__ = loop.__qualname__ = name
    return loop


def _worth_logging(result: Any) -> bool:
    # Passes answer a count or a tuple of counts: log only when something happened.
    if isinstance(result, tuple):
        return any(result)
    return bool(result)
