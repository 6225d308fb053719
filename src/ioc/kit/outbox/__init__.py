"""The outbox: side effects written in the same transaction, delivered at least once by the worker.

Each message is claimed on its own for a lease, delivered, then marked in a transaction of its own,
so a crash repeats at most the deliveries that were in flight, and every attempt of a message
carries the same delivery id for the receiver to drop a repeat. Delivery runs on a few threads
with at most one message in flight per destination (`ioc.kit.outbox.dispatch`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from ioc.config import Settings
from ioc.kit.models import OutboxMessage

if TYPE_CHECKING:
    from ioc.runtime import Runtime

MAX_ATTEMPTS = 8
# Every HTTP delivery carries this header: the same value on each attempt of one message.
DELIVERY_HEADER = "X-IOC-Delivery"
_DEFAULT_PORTS = {"http": 80, "https": 443}
ORDERED_LANE = "ordered "  # a destination with this prefix is delivered strictly in order


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


class Undeliverable(Exception):
    """Raised by a handler when trying again cannot help (a refused destination): the message fails now."""


class RetryForever(Exception):
    """Raised by a handler whose message must never be given up (a federation snapshot): retried with backoff."""


def destination_of(url: str) -> str:
    """The destination a URL's messages share: its origin, `scheme://host:port` in lower case."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        return f"{scheme}://{host}:{parts.port or _DEFAULT_PORTS.get(scheme, 0)}"[:300]
    except ValueError:
        return url[:300]  # a URL that will be refused at delivery: its own lane


def enqueue(
    session: Session,
    topic: str,
    payload: dict[str, Any],
    dedupe_key: str | None = None,
    destination: str | None = None,
    ordered: bool = False,
) -> None:
    """Add a message to deliver once the caller's transaction commits.

    `destination` is where it goes (a URL, reduced to its origin); messages without one share their topic's.
    `ordered`: strictly in order within the destination, even across workers (federation snapshots).
    """
    lane = destination_of(destination) if destination and "://" in destination else destination
    if ordered:
        lane = f"{ORDERED_LANE}{lane or topic}"[:300]
    session.add(OutboxMessage(topic=topic, payload=payload, dedupe_key=dedupe_key, destination=lane))


def delivery_id(message_id: int) -> str:
    """The id a receiver sees for this message on every attempt."""
    return f"ioc-outbox-{message_id}"


def deliver_due(runtime: Runtime, limit: int = 100) -> int:
    """Deliver the messages due now and wait for them (tests, CLI); returns how many were attempted."""
    from ioc.kit.outbox.dispatch import Dispatcher

    with Dispatcher(runtime) as dispatcher:
        return sum(run.result() for run in dispatcher.poll(limit))


def topic_state(session: Session, topic: str) -> dict[str, Any]:
    """Queued messages, the last delivery, the error the oldest pending one met and the last refusal of a topic."""
    from ioc.kit.outbox import repository

    return repository.topic_state(session, topic)


def queued_by_destination(session: Session, topic: str) -> dict[str, int]:
    """How many messages of a topic wait, per destination origin (`scheme://host:port`, the lane's prefix dropped)."""
    from ioc.kit.outbox import repository

    out: dict[str, int] = {}
    for lane, count in repository.queued_by_lane(session, topic).items():
        key = (lane or "").removeprefix(ORDERED_LANE)
        out[key] = out.get(key, 0) + count
    return out
