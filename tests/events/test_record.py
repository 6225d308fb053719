"""Recording events: stored once per source id, ward resolved, hooks called in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ioc.auth.principal import Principal
from ioc.events import service
from ioc.events.models import Event
from ioc.events.schemas import EventIn
from ioc.kit.errors import ValidationProblem
from ioc.registry import registry_of

OP = Principal(kind="user", name="op", role="operator", id=1)
T0 = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)


def _item(**kw) -> EventIn:
    base = {"category": "traffic", "sub_category": "carAccident", "severity": "high", "occurred_at": T0,
            "lat": 10.78, "lon": 106.70, "source": "cam", "source_id": "a1"}  # fmt: skip
    return EventIn(**(base | kw))


def test_redelivered_event_is_stored_once_and_hooks_see_only_new(db, province) -> None:
    seen: list[list[dict]] = []
    hooks = registry_of(db).event_hooks
    hook = lambda session, events: seen.append(events)  # noqa: E731
    hooks.append(hook)
    try:
        first = service.record(db, OP, [_item(), _item(source_id="a2")], now=T0)
        again = service.record(db, OP, [_item(), _item(source_id="a3")], now=T0)
    finally:
        hooks.remove(hook)
    assert len(first.created) == 2 and not first.duplicates
    assert again.duplicates == [first.created[0]] and again.duplicate_indexes == [0]
    assert [e["source_id"] for batch in seen for e in batch] == ["a1", "a2", "a3"]
    assert service.count_events(db, "traffic", "carAccident", since=T0) == 3
    got = service.get_event(db, first.created[0])
    assert got["occurred_at"] == T0 and got["severity"] == "high"


def test_polygon_place_gives_centroid(db, province) -> None:
    ring = [[106.69, 10.77], [106.71, 10.77], [106.71, 10.79], [106.69, 10.79], [106.69, 10.77]]
    res = service.record(db, OP, [_item(lat=None, lon=None, geometry={"type": "Polygon", "coordinates": [ring]})])
    row = db.get(Event, res.created[0])
    assert row.lat == pytest.approx(10.78) and row.lon == pytest.approx(106.70)


def test_bad_geometry_stores_nothing(db, province) -> None:
    bad = _item(source_id="b", lat=None, lon=None, geometry={"type": "Line", "coordinates": []})
    with pytest.raises(ValidationProblem) as err:
        service.record(db, OP, [_item(), bad])
    assert err.value.errors[0]["loc"] == ["events", 1, "geometry"]
    assert service.count_events(db) == 0


def test_event_without_place_is_refused() -> None:
    with pytest.raises(ValueError):
        _item(lat=None, lon=None)
