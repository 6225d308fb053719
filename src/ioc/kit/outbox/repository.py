"""The outbox's SQL: due messages, claiming one for a lease, and recording how its delivery went."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from ioc.kit.models import OutboxMessage

ORDERED_LANE = "ordered "  # as ioc.kit.outbox.ORDERED_LANE

LANE = func.coalesce(OutboxMessage.destination, OutboxMessage.topic)
_PENDING = (OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None))


def due(session: Session, now: datetime, limit: int, skip: Collection[str]) -> list[tuple[int, str]]:
    """(id, destination) of the oldest messages due now, leaving out the destinations in `skip`.

    On an ordered destination (`enqueue(..., ordered=True)`) a message waits while an older one of its
    destination is still pending and not yet due again (backing off, or claimed by another worker).
    """
    older = aliased(OutboxMessage)
    waiting = (
        select(older.id)
        .where(
            func.coalesce(older.destination, older.topic) == LANE,
            older.id < OutboxMessage.id,
            older.delivered_at.is_(None),
            older.failed_at.is_(None),
            older.available_at > now,
        )
        .exists()
    )
    ordered = OutboxMessage.destination.startswith(ORDERED_LANE)
    stmt = select(OutboxMessage.id, LANE).where(*_PENDING, OutboxMessage.available_at <= now, ~(ordered & waiting))
    if skip:
        stmt = stmt.where(LANE.not_in(list(skip)))
    return [(row[0], row[1]) for row in session.execute(stmt.order_by(OutboxMessage.id).limit(limit))]


def claim(session: Session, message_id: int, now: datetime, lease: timedelta) -> tuple[int, str, dict[str, Any]] | None:
    """Take a due message for `lease` (attempt, topic, payload), or None if another worker has it.

    One UPDATE decides on both databases: the row matches only while it is due, so of two workers
    racing for it exactly one changes it (PostgreSQL re-checks the condition after the row lock).
    """
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_PENDING, OutboxMessage.available_at <= now)
        .values(available_at=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.attempts, OutboxMessage.topic, OutboxMessage.payload)
        .execution_options(synchronize_session=False)
    )
    row = session.execute(stmt).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def mark_delivered(session: Session, message_id: int, now: datetime) -> None:
    """Record that a message was delivered."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_PENDING)
        .values(delivered_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_failed(
    session: Session, message_id: int, attempt: int, error: str, now: datetime, retry_at: datetime | None
) -> None:
    """Record a failed attempt: due again at `retry_at`, or given up when None.

    Only while the attempt is still the latest: a worker whose lease ran out must not undo a newer claim.
    """
    values: dict[str, Any] = {"last_error": error[:2000]}
    values.update({"available_at": retry_at} if retry_at else {"failed_at": now})
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.attempts == attempt, *_PENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def topic_state(session: Session, topic: str) -> dict[str, Any]:
    """How a topic's deliveries stand: queued, last delivered, the pending error and the last refusal."""
    of_topic = OutboxMessage.topic == topic
    queued = session.scalar(select(func.count()).where(of_topic, *_PENDING)) or 0
    delivered = session.scalar(select(func.max(OutboxMessage.delivered_at)).where(of_topic))
    pending = session.execute(
        select(OutboxMessage.last_error, OutboxMessage.created_at)
        .where(of_topic, *_PENDING, OutboxMessage.last_error.is_not(None))
        .order_by(OutboxMessage.id)
        .limit(1)
    ).first()
    refused = session.execute(
        select(OutboxMessage.last_error, OutboxMessage.failed_at)
        .where(of_topic, OutboxMessage.failed_at.is_not(None))
        .order_by(OutboxMessage.failed_at.desc())
        .limit(1)
    ).first()
    return {
        "queued": queued,
        "last_delivered_at": delivered,
        "pending_error": pending[0] if pending else None,
        "last_refusal": refused[0] if refused else None,
        "last_refusal_at": refused[1] if refused else None,
    }


def queued_by_lane(session: Session, topic: str) -> dict[str | None, int]:
    """Pending messages of a topic per destination lane."""
    stmt = (
        select(OutboxMessage.destination, func.count())
        .where(OutboxMessage.topic == topic, *_PENDING)
        .group_by(OutboxMessage.destination)
    )
    return {row[0]: row[1] for row in session.execute(stmt)}
