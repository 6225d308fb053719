"""The outbox: side effects written in the same transaction, delivered by the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ioc.config import Settings
from ioc.db.uow import unit_of_work
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow

if TYPE_CHECKING:
    from ioc.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Every HTTP delivery carries this header: the same value on each attempt of one message.
DELIVERY_HEADER = "X-IOC-Delivery"


@dataclass(frozen=True)
class Delivery:
    """One attempt at delivering an outbox message, as its handler sees it."""

    id: str  # stable across retries: receivers drop a repeat by it
    topic: str
    payload: dict[str, Any]
    attempt: int
    settings: Settings


# Handlers are declared by the domains (`registry.add_outbox_handler`) and passed to the worker.
DeliveryHandler = Callable[[Delivery], None]


def enqueue(session: Session, topic: str, payload: dict[str, Any], dedupe_key: str | None = None) -> None:
    """Add a message to deliver once the caller's transaction commits."""
    session.add(OutboxMessage(topic=topic, payload=payload, dedupe_key=dedupe_key))


def _claim(session: Session, limit: int) -> list[OutboxMessage]:
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.available_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Several workers may poll at once; each row goes to one of them.
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


def delivery_id(msg: OutboxMessage) -> str:
    """The id a receiver sees for this message on every attempt."""
    return f"ioc-outbox-{msg.id}"


def _deliver_one(msg: OutboxMessage, handlers: dict[str, DeliveryHandler], settings: Settings) -> None:
    handler = handlers.get(msg.topic)
    msg.attempts += 1
    try:
        if handler is None:
            raise LookupError(f"no handler registered for topic {msg.topic!r}")
        handler(Delivery(delivery_id(msg), msg.topic, msg.payload, msg.attempts, settings))
    except Exception as exc:  # delivery failures are retried with backoff, never lost
        msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if msg.attempts >= MAX_ATTEMPTS:
            msg.failed_at = utcnow()
        else:
            msg.available_at = utcnow() + timedelta(seconds=2 ** msg.attempts)
        log.warning("outbox delivery failed", extra={"topic": msg.topic, "attempt": msg.attempts})
        return
    msg.delivered_at = utcnow()


def deliver_due(runtime: Runtime, limit: int = 100) -> int:
    """Deliver due messages with the handlers the domains declared; returns how many were attempted."""
    handlers = runtime.registry.outbox_handlers
    with unit_of_work(runtime.session_factory) as session:
        messages = _claim(session, limit)
        for msg in messages:
            _deliver_one(msg, handlers, runtime.settings)
        return len(messages)
