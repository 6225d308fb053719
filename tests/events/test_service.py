"""events.service as other domains use it: hooks in the recording transaction, counts, references."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc.auth.principal import SYSTEM
from ioc.events import service
from ioc.events.models import Event
from ioc.events.schemas import EventIn
from ioc.registry import registry_of
from tests.events.conftest import HAI_CHAU, NOW


def _in(source_id: str, **over) -> EventIn:
    data = {"category": "traffic", "sub_category": "carAccident", "severity": "high", "occurred_at": NOW,
            "lat": HAI_CHAU[0], "lon": HAI_CHAU[1], "source": "hotline-113", "source_id": source_id,
            "title": "Tai nạn giao thông"}  # fmt: skip
    return EventIn(**(data | over))


@pytest.fixture
def hooked(db):
    """A test event hook on the app's registry; yields the calls it received."""
    calls: list[tuple[list[dict], list[bool]]] = []

    def hook(session, events: list[dict]) -> None:
        assert session is db
        calls.append((events, [session.get(Event, e["id"]) is not None for e in events]))

    hooks = registry_of(db).event_hooks
    hooks.append(hook)
    yield calls
    hooks.remove(hook)


def test_hooks_get_the_new_events_dicts_in_the_same_transaction(db, province, hooked):
    result = service.record(db, SYSTEM, [_in("e1"), _in("e2", category="security", sub_category="robbery")], now=NOW)
    assert len(result.created) == 2 and result.duplicates == []
    (events, visible), = hooked  # fmt: skip
    assert visible == [True, True]
    first = events[0]
    assert set(first) == {"id", "category", "sub_category", "severity", "occurred_at", "lat", "lon",
                          "area_code", "source", "source_id", "title"}  # fmt: skip
    assert first["id"] == result.created[0] and first["area_code"] == "20242"
    assert first["occurred_at"] == NOW and first["occurred_at"].tzinfo is not None
    assert first["source"] == "hotline-113" and first["source_id"] == "e1" and first["title"] == "Tai nạn giao thông"
    db.commit()
    again = service.record(db, SYSTEM, [_in("e1")], now=NOW)
    assert again.created == [] and again.duplicates == [result.created[0]]
    assert len(hooked) == 1  # a redelivery calls no hook
    assert service.event_record(db.get(Event, result.created[0])) == first


def test_a_failing_hook_rolls_the_intake_back(db, province):
    def boom(session, events) -> None:
        raise RuntimeError("hook failed")

    hooks = registry_of(db).event_hooks
    hooks.append(boom)
    try:
        with pytest.raises(RuntimeError):
            service.record(db, SYSTEM, [_in("x1")], now=NOW)
        db.rollback()
    finally:
        hooks.remove(boom)
    assert service.count_events(db) == 0


def test_count_events_by_kind_area_and_window(db, province):
    items = [_in("c1"), _in("c2", occurred_at=NOW - timedelta(hours=3)), _in("c3", sub_category="trafficJam"),
             _in("c4", lat=16.5, lon=107.0)]  # fmt: skip
    service.record(db, SYSTEM, items, now=NOW)
    db.commit()
    hour = NOW - timedelta(hours=1)
    assert service.count_events(db, "traffic", "carAccident", "20242", hour, NOW + timedelta(seconds=1)) == 1
    assert service.count_events(db, "traffic", "carAccident", "20242", None, None) == 2
    assert service.count_events(db, "traffic", None, None, hour, None) == 3
    assert service.count_events(db, "security") == 0


def test_the_event_reference_resolves_to_a_label_and_a_link(db, province):
    (event_id,) = service.record(db, SYSTEM, [_in("r1")], now=NOW).created
    resolve = registry_of(db).references["event"]
    assert resolve(db, str(event_id)) == ("Tai nạn giao thông", f"/events?id={event_id}")
    assert resolve(db, "999999") is None and resolve(db, "abc") is None
    got = service.get_event(db, event_id)
    assert got["received_at"] == NOW and service.get_event(db, 999999) is None
    assert datetime.now(UTC) > got["occurred_at"]


def test_a_batch_naming_one_source_id_twice_stores_it_once_and_a_redelivery_gets_the_same_id(db, province, hooked):
    result = service.record(db, SYSTEM, [_in("d1"), _in("d1", title="lặp"), _in("d2")], now=NOW)
    assert len(result.created) == 2 and result.duplicates == [result.created[0]]
    assert [e["source_id"] for e in hooked[0][0]] == ["d1", "d2"]  # the hooks get each new event once
    db.commit()
    again = service.record(db, SYSTEM, [_in("d2"), _in("d3")], now=NOW)
    assert again.duplicates == [result.created[1]] and len(again.created) == 1
    assert service.count_events(db) == 3 and db.get(Event, result.created[0]).title == "Tai nạn giao thông"
