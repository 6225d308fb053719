"""The outbox delivers side effects at least once, retrying with backoff."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow


def test_message_is_delivered_after_commit(app, db):
    delivered = []
    outbox.register_handler("test.ok", delivered.append)
    outbox.enqueue(db, "test.ok", {"to": "a@b.vn"})
    db.commit()
    assert outbox.deliver_due(app.state.session_factory) == 1
    assert delivered == [{"to": "a@b.vn"}]
    row = db.scalar(select(OutboxMessage))
    db.refresh(row)
    assert row.delivered_at is not None and row.attempts == 1
    assert outbox.deliver_due(app.state.session_factory) == 0


def test_uncommitted_message_is_never_delivered(app, db):
    delivered = []
    outbox.register_handler("test.rollback", delivered.append)
    outbox.enqueue(db, "test.rollback", {"x": 1})
    db.rollback()
    assert outbox.deliver_due(app.state.session_factory) == 0 and delivered == []


def test_failure_is_retried_later_then_given_up(app, db):
    calls = []

    def flaky(payload):
        calls.append(payload)
        raise ConnectionError("smtp down")

    outbox.register_handler("test.flaky", flaky)
    outbox.enqueue(db, "test.flaky", {"n": 1})
    db.commit()
    outbox.deliver_due(app.state.session_factory)
    row = db.scalar(select(OutboxMessage))
    db.refresh(row)
    assert row.delivered_at is None and row.available_at > utcnow() and "smtp down" in row.last_error
    assert outbox.deliver_due(app.state.session_factory) == 0  # not due yet
    for _ in range(outbox.MAX_ATTEMPTS):
        row.available_at = utcnow() - timedelta(seconds=1)
        db.commit()
        outbox.deliver_due(app.state.session_factory)
        db.refresh(row)
    assert row.failed_at is not None and row.attempts == outbox.MAX_ATTEMPTS
    assert len(calls) == outbox.MAX_ATTEMPTS
