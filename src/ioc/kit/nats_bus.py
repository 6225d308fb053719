"""The bus over NATS, for deployments with several processes (IOC_BUS_URL=nats://…).

Subjects are prefixed with `ioc.`; publishing from any thread is fire-and-forget on the loop the
bus was started on. Events are UI and rule hints (at most once); anything that must not be lost
goes through the outbox instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import nats

from ioc.kit.bus import Event, Handler, InProcessBus

log = logging.getLogger(__name__)
PREFIX = "ioc."


class NatsBus:
    """Publishes to NATS and delivers NATS messages to local subscribers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = InProcessBus()
        self._nc = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: list[tuple[str, Handler, Any]] = []

    async def start(self) -> None:
        """Connect on the running loop."""
        self._loop = asyncio.get_running_loop()
        self._local.bind_loop(self._loop)
        self._nc = await nats.connect(self.url, name="ioc", max_reconnect_attempts=-1)

    async def stop(self) -> None:
        """Drain and close the connection."""
        if self._nc is not None:
            await self._nc.drain()
            self._nc = None

    def bind_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Kept for interface parity with the in-process bus."""
        self._local.bind_loop(loop)

    def publish(self, subject: str, data: dict[str, Any]) -> Event:
        """Send the event to every process subscribed to the subject."""
        evt = Event(subject=subject, data=data)
        if self._nc is None or self._loop is None or self._loop.is_closed():
            log.warning("bus: NATS not connected, event delivered locally only", extra={"subject": subject})
            self._local.publish(subject, data)
            return evt
        payload = json.dumps(evt.to_dict(), ensure_ascii=False, default=str).encode()
        asyncio.run_coroutine_threadsafe(self._nc.publish(PREFIX + subject, payload), self._loop)
        return evt

    def subscribe(self, pattern: str, handler: Handler) -> Callable[[], None]:
        """Receive events matching a NATS pattern; returns an unsubscribe function."""
        if self._nc is None or self._loop is None:
            raise RuntimeError("NatsBus.subscribe before start()")

        async def on_message(msg) -> None:
            body = json.loads(msg.data)
            evt = Event(subject=body["subject"], data=body["data"], id=body["id"])
            self._local._dispatch(handler, evt)

        future = (
            asyncio.run_coroutine_threadsafe(self._nc.subscribe(PREFIX + pattern, cb=on_message), self._loop)
            if not _on_loop(self._loop)
            else None
        )
        holder: dict[str, Any] = {"future": future}
        if future is None:
            holder["task"] = self._loop.create_task(self._nc.subscribe(PREFIX + pattern, cb=on_message))

        def unsubscribe() -> None:
            pending = holder.get("future") or holder.get("task")
            if pending is not None and pending.done() and not pending.cancelled():
                sub = pending.result()
                asyncio.run_coroutine_threadsafe(sub.unsubscribe(), self._loop)

        return unsubscribe


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
