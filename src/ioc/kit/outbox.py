"""The outbox: side effects written in the same transaction, delivered by the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
DeliveryHandler = Callable[[dict[str, Any]], None]
_handlers: dict[str, DeliveryHandler] = {}


def register_handler(topic: str, handler: DeliveryHandler) -> None:
    """Say which function delivers messages of a topic."""
    _handlers[topic] = handler


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


def _deliver_one(msg: OutboxMessage) -> None:
    handler = _handlers.get(msg.topic)
    msg.attempts += 1
    try:
        if handler is None:
            raise LookupError(f"no handler registered for topic {msg.topic!r}")
        handler(msg.payload)
    except Exception as exc:  # delivery failures are retried with backoff, never lost
        msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if msg.attempts >= MAX_ATTEMPTS:
            msg.failed_at = utcnow()
        else:
            msg.available_at = utcnow() + timedelta(seconds=2 ** msg.attempts)
        log.warning("outbox delivery failed", extra={"topic": msg.topic, "attempt": msg.attempts})
        return
    msg.delivered_at = utcnow()


def deliver_due(factory: sessionmaker[Session], limit: int = 100) -> int:
    """Deliver due messages; returns how many were attempted."""
    with factory() as session:
        messages = _claim(session, limit)
        for msg in messages:
            _deliver_one(msg)
        session.commit()
        return len(messages)
