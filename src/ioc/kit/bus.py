"""Domain event bus: publish/subscribe by subject, in-process by default.

Subjects are dot-separated (``feedback.report.created``); a subscription pattern may use
``*`` for one token and ``>`` for the rest, as in NATS, so a NATS implementation can
replace the in-process one without changing callers.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ioc.kit.timeutil import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Something that happened, as published on the bus."""

    subject: str
    data: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the event."""
        return {"id": self.id, "subject": self.subject, "at": self.at.isoformat(), "data": self.data}


Handler = Callable[[Event], Awaitable[None] | None]


def subject_matches(pattern: str, subject: str) -> bool:
    """True if a NATS-style pattern matches the subject."""
    p_tokens, s_tokens = pattern.split("."), subject.split(".")
    for i, token in enumerate(p_tokens):
        if token == ">":
            return len(s_tokens) > i
        if i >= len(s_tokens) or (token != "*" and token != s_tokens[i]):
            return False
    return len(p_tokens) == len(s_tokens)


class Bus(Protocol):
    """What every bus implementation offers."""

    def publish(self, subject: str, data: dict[str, Any]) -> Event: ...

    def subscribe(self, pattern: str, handler: Handler) -> Callable[[], None]: ...


class InProcessBus:
    """Delivers events to handlers in this process; thread-safe publish."""

    def __init__(self) -> None:
        self._subs: list[tuple[str, Handler]] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Run async handlers on this loop (the server's)."""
        self._loop = loop

    def subscribe(self, pattern: str, handler: Handler) -> Callable[[], None]:
        """Register a handler; returns a function that unsubscribes it."""
        entry = (pattern, handler)
        with self._lock:
            self._subs.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subs:
                    self._subs.remove(entry)

        return unsubscribe

    def publish(self, subject: str, data: dict[str, Any]) -> Event:
        """Deliver an event to every matching handler; errors are logged, not raised."""
        evt = Event(subject=subject, data=data)
        with self._lock:
            targets = [h for p, h in self._subs if subject_matches(p, subject)]
        for handler in targets:
            self._dispatch(handler, evt)
        return evt

    def _dispatch(self, handler: Handler, evt: Event) -> None:
        loop = self._loop
        if inspect.iscoroutinefunction(handler):
            if loop is None or loop.is_closed():
                log.warning("bus: async handler dropped, no loop bound", extra={"subject": evt.subject})
                return
            asyncio.run_coroutine_threadsafe(_guard(handler, evt), loop)
            return
        try:
            handler(evt)
        except Exception:  # one bad subscriber must not break the publisher
            log.exception("bus handler failed", extra={"subject": evt.subject})


async def _guard(handler: Handler, evt: Event) -> None:
    try:
        await handler(evt)  # type: ignore[misc]
    except Exception:
        log.exception("bus handler failed", extra={"subject": evt.subject})


_bus: Bus = InProcessBus()


def get_bus() -> Bus:
    """The process's bus."""
    return _bus


def set_bus(bus: Bus) -> None:
    """Replace the process's bus (at start-up)."""
    global _bus
    _bus = bus


def emit_after_commit(session: Session, subject: str, data: dict[str, Any]) -> None:
    """Publish an event once the session's transaction commits (never for a rollback)."""
    pending = session.info.setdefault("pending_events", [])
    pending.append((subject, data))
    if not session.info.get("events_hooked"):
        sa_event.listen(session, "after_commit", _flush_events)
        sa_event.listen(session, "after_rollback", _drop_events)
        session.info["events_hooked"] = True


def _flush_events(session: Session) -> None:
    events, session.info["pending_events"] = session.info.get("pending_events", []), []
    for subject, data in events:
        get_bus().publish(subject, data)


def _drop_events(session: Session) -> None:
    session.info["pending_events"] = []
