"""Delivering the outbox: a few threads, one message in flight per destination, a failing destination rests.

A destination (a receiver's origin, or a topic such as e-mail) is delivered to in order, one message
at a time, so a receiver that never answers ties up one thread and its own messages, never the
others'. After a failure the destination rests (2, 4, 8 … s, at most 10 min) before its next message;
each message also keeps its own backoff (2^attempt s) and gives up after MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ioc.db.uow import unit_of_work
from ioc.kit.bus import emit_after_commit
from ioc.kit.outbox import MAX_ATTEMPTS, Delivery, RetryForever, Undeliverable, delivery_id, repository
from ioc.kit.outbox.settings import OutboxSettings
from ioc.kit.timeutil import utcnow

if TYPE_CHECKING:
    from ioc.runtime import Runtime

log = logging.getLogger(__name__)
MAX_REST_SECONDS = 600
OUTCOME_SUBJECT = "outbox.message.attempted"


class Dispatcher:
    """Delivers due messages on a small pool of threads, at most one in flight per destination."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings.section(OutboxSettings)
        self.woken = threading.Event()  # set whenever a destination is free again
        self._pool = ThreadPoolExecutor(self.settings.threads, thread_name_prefix="outbox")
        self._lock = threading.Lock()
        self._busy: set[str] = set()
        self._rest: dict[str, tuple[float, int]] = {}  # destination -> (when it may be tried, failures in a row)
        self._closing = False

    def __enter__(self) -> Dispatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(wait=True)

    def close(self, wait: bool = False) -> None:
        """Start no more deliveries; those in flight finish (each is bounded by its handler's timeout)."""
        self._closing = True
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def poll(self, limit: int = 100) -> list[Future[int]]:
        """Start one run per free destination with due messages; each run returns how many it attempted."""
        self.woken.clear()
        with unit_of_work(self.runtime.session_factory) as session:
            rows = repository.due(session, utcnow(), limit, self._unavailable())
        lanes: dict[str, list[int]] = {}
        for message_id, lane in rows:
            lanes.setdefault(lane, []).append(message_id)
        with self._lock:
            self._busy.update(lanes)
        return [self._pool.submit(self._run, lane, ids) for lane, ids in lanes.items()]

    def _unavailable(self) -> set[str]:
        now = time.monotonic()
        with self._lock:
            for lane in [k for k, (until, _) in self._rest.items() if until < now - MAX_REST_SECONDS]:
                del self._rest[lane]  # long rested: forget it, so the map stays small
            return self._busy | {lane for lane, (until, _) in self._rest.items() if until > now}

    def _run(self, lane: str, ids: list[int]) -> int:
        attempted = 0
        try:
            for message_id in ids:
                if self._closing:
                    break
                outcome = self._attempt(message_id)
                if outcome is None:
                    continue  # another worker claimed it first
                attempted += 1
                if not self._note(lane, outcome):
                    break  # the destination rests: its other messages wait for a later run
        except Exception:  # a database error: the claimed message is retried when its lease ends
            log.exception("outbox run failed", extra={"destination": lane})
        finally:
            with self._lock:
                self._busy.discard(lane)
            self.woken.set()
        return attempted

    def _attempt(self, message_id: int) -> bool | None:
        factory = self.runtime.session_factory
        with unit_of_work(factory) as session:
            claimed = repository.claim(session, message_id, utcnow(), timedelta(seconds=self.settings.lease_seconds))
        if claimed is None:
            return None
        attempt, topic, payload = claimed
        error = self._call(message_id, topic, payload, attempt)
        with unit_of_work(factory) as session:
            # Pages showing a queue (the upward link's) follow it live; the event names the topic, never the payload.
            emit_after_commit(session, OUTCOME_SUBJECT, {"id": message_id, "topic": topic, "delivered": error is None})
            if error is None:
                repository.mark_delivered(session, message_id, utcnow())
            else:
                repository.mark_failed(
                    session,
                    message_id,
                    attempt,
                    f"{type(error).__name__}: {error}",
                    utcnow(),
                    _retry_at(attempt, error),
                )
        return error is None

    def _call(self, message_id: int, topic: str, payload: dict[str, Any], attempt: int) -> Exception | None:
        handler = self.runtime.registry.outbox_handlers.get(topic)
        try:
            if handler is None:
                raise LookupError(f"no handler registered for topic {topic!r}")
            handler(Delivery(delivery_id(message_id), topic, payload, attempt, self.runtime.settings))
        except Exception as exc:  # delivery failures are retried with backoff, never lost
            log.warning("outbox delivery failed", extra={"topic": topic, "attempt": attempt, "error": str(exc)[:300]})
            return exc
        return None

    def _note(self, lane: str, delivered: bool) -> bool:
        """Remember how the destination did; False when it must rest now."""
        with self._lock:
            if delivered:
                self._rest.pop(lane, None)
                return True
            failures = self._rest.get(lane, (0.0, 0))[1] + 1
            self._rest[lane] = (time.monotonic() + min(2**failures, MAX_REST_SECONDS), failures)
            return False


def _retry_at(attempt: int, error: Exception) -> datetime | None:
    if isinstance(error, RetryForever):
        return utcnow() + timedelta(seconds=min(2**attempt, MAX_REST_SECONDS))
    if isinstance(error, Undeliverable) or attempt >= MAX_ATTEMPTS:
        return None
    return utcnow() + timedelta(seconds=2**attempt)
