"""The outbox delivers side effects at least once, retrying with backoff."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select

from ioc.db.uow import unit_of_work
from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.kit.outbox import repository
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


def test_a_claim_is_one_workers_until_its_lease_ends(app, db):
    outbox.enqueue(db, "test.lease", {"n": 1})
    db.commit()
    msg_id = db.scalar(select(OutboxMessage.id))
    now, lease = utcnow(), timedelta(seconds=60)
    factory = app.state.session_factory
    with unit_of_work(factory) as s:
        assert repository.claim(s, msg_id, now, lease) == (1, "test.lease", {"n": 1})
    with unit_of_work(factory) as s:  # a second worker, at the same moment or before the lease ends
        assert repository.claim(s, msg_id, now, lease) is None
        assert repository.claim(s, msg_id, now + lease - timedelta(seconds=1), lease) is None
        assert repository.due(s, now + timedelta(seconds=30), 100, ()) == []
    later = now + lease + timedelta(seconds=1)  # the first worker died: its message is due again
    with unit_of_work(factory) as s:
        assert repository.due(s, later, 100, ()) == [(msg_id, "test.lease")]
        assert repository.claim(s, msg_id, later, lease) == (2, "test.lease", {"n": 1})
    with unit_of_work(factory) as s:  # the first worker's late report of a failure must not undo the new claim
        repository.mark_failed(s, msg_id, 1, "late", later, later)
    db.expire_all()
    row = db.get(OutboxMessage, msg_id)
    assert row.attempts == 2 and row.available_at > later and row.last_error is None


def test_undeliverable_fails_at_once(app, db):
    def refuse(delivery):
        raise outbox.Undeliverable("destination refused")

    outbox.enqueue(db, "test.refused", {"n": 1})
    db.commit()
    assert _deliver(app, {"test.refused": refuse}) == 1
    row = db.scalar(select(OutboxMessage))
    db.refresh(row)
    assert row.failed_at is not None and row.attempts == 1 and "destination refused" in row.last_error


def test_a_failing_destination_waits_alone(app, db):
    calls = []

    def deliver(delivery):
        calls.append(delivery.payload["n"])
        if delivery.payload["to"] == "https://down.example.vn/hook":
            raise ConnectionError("refused")

    for n, url in enumerate(["https://down.example.vn/hook", "https://up.example.vn/a"] * 3):
        outbox.enqueue(db, "test.hook", {"n": n, "to": url}, destination=url)
    db.commit()
    assert _deliver(app, {"test.hook": deliver}) == 4
    # The failing destination rests after its first failure; the other one got all three.
    assert sorted(calls) == [0, 1, 3, 5]
    lanes = {
        lane: n
        for lane, n in db.execute(select(OutboxMessage.destination, func.count()).group_by(OutboxMessage.destination))
    }
    assert lanes == {"https://down.example.vn:443": 3, "https://up.example.vn:443": 3}


def test_each_attempt_is_announced_live_without_the_payload(app, db):
    from ioc.kit.bus import get_bus

    seen = []
    unsubscribe = get_bus().subscribe("outbox.message.attempted", lambda evt: seen.append(evt.data))
    try:
        outbox.enqueue(db, "test.ok", {"to": "a@b.vn"})
        outbox.enqueue(db, "test.down", {"to": "c@d.vn"})
        db.commit()
        _deliver(app, {"test.ok": lambda d: None, "test.down": lambda d: 1 / 0})
    finally:
        unsubscribe()
    outcomes = sorted((e["topic"], e["delivered"]) for e in seen)
    assert outcomes == [("test.down", False), ("test.ok", True)]
    assert all("to" not in e and "payload" not in e for e in seen)
