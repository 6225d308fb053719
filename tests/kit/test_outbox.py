"""The outbox delivers side effects at least once, retrying with backoff."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow
from ioc.registry import Registry


def _deliver(app, handlers) -> int:
    return outbox.deliver_due(replace(app.state.runtime, registry=Registry(outbox_handlers=handlers)))


def test_message_is_delivered_after_commit(app, db):
    delivered = []
    handlers = {"test.ok": lambda d: delivered.append(d.payload)}
    outbox.enqueue(db, "test.ok", {"to": "a@b.vn"})
    db.commit()
    assert _deliver(app, handlers) == 1
    assert delivered == [{"to": "a@b.vn"}]
    row = db.scalar(select(OutboxMessage))
    db.refresh(row)
    assert row.delivered_at is not None and row.attempts == 1
    assert _deliver(app, handlers) == 0


def test_uncommitted_message_is_never_delivered(app, db):
    delivered = []
    outbox.enqueue(db, "test.rollback", {"x": 1})
    db.rollback()
    assert _deliver(app, {"test.rollback": delivered.append}) == 0 and delivered == []


def test_failure_is_retried_later_then_given_up(app, db):
    calls = []

    def flaky(delivery):
        calls.append(delivery.payload)
        raise ConnectionError("smtp down")

    handlers = {"test.flaky": flaky}
    outbox.enqueue(db, "test.flaky", {"n": 1})
    db.commit()
    _deliver(app, handlers)
    row = db.scalar(select(OutboxMessage))
    db.refresh(row)
    assert row.delivered_at is None and row.available_at > utcnow() and "smtp down" in row.last_error
    assert _deliver(app, handlers) == 0  # not due yet
    for _ in range(outbox.MAX_ATTEMPTS):
        row.available_at = utcnow() - timedelta(seconds=1)
        db.commit()
        _deliver(app, handlers)
        db.refresh(row)
    assert row.failed_at is not None and row.attempts == outbox.MAX_ATTEMPTS
    assert len(calls) == outbox.MAX_ATTEMPTS
