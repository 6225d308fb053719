"""The in-process event bus and publish-after-commit."""

from __future__ import annotations

import pytest

from ioc.auth.models import Agency
from ioc.kit.bus import InProcessBus, emit_after_commit, get_bus, subject_matches


@pytest.mark.parametrize(
    "pattern,subject,expected",
    [
        ("feedback.report.created", "feedback.report.created", True),
        ("feedback.*.created", "feedback.report.created", True),
        ("feedback.>", "feedback.report.created", True),
        (">", "sensors.observation", True),
        ("feedback.*", "feedback.report.created", False),
        ("feedback.>", "feedback", False),
        ("sensors.*", "feedback.report", False),
    ],
)
def test_subject_patterns_follow_nats_rules(pattern, subject, expected):
    assert subject_matches(pattern, subject) is expected


def test_publish_reaches_matching_subscribers_only():
    bus, seen = InProcessBus(), []
    bus.subscribe("a.*", lambda e: seen.append(("star", e.subject)))
    unsubscribe = bus.subscribe("a.b", lambda e: seen.append(("exact", e.data["n"])))
    bus.publish("a.b", {"n": 1})
    unsubscribe()
    bus.publish("a.b", {"n": 2})
    bus.publish("c.d", {"n": 3})
    assert seen == [("star", "a.b"), ("exact", 1), ("star", "a.b")]


def test_a_failing_subscriber_does_not_stop_the_others():
    bus, seen = InProcessBus(), []
    bus.subscribe("x", lambda e: 1 / 0)
    bus.subscribe("x", lambda e: seen.append(e.data))
    bus.publish("x", {"ok": True})
    assert seen == [{"ok": True}]


def test_events_are_published_only_after_commit(db):
    seen = []
    unsubscribe = get_bus().subscribe("test.>", lambda e: seen.append(e.data["code"]))
    try:
        db.add(Agency(code="A1", name="A"))
        emit_after_commit(db, "test.agency.created", {"code": "A1"})
        assert seen == []
        db.commit()
        assert seen == ["A1"]
        db.add(Agency(code="A2", name="B"))
        emit_after_commit(db, "test.agency.created", {"code": "A2"})
        db.rollback()
        db.commit()
        assert seen == ["A1"]
    finally:
        unsubscribe()
