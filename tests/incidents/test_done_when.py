"""Done when: crash events recorded through the events service open an incident with its SOP; a second crash
300 m away joins it; one 20 km away or 3 h later opens another."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import SYSTEM
from ioc.events import service as events
from ioc.events.service import EventIn
from ioc.incidents import service
from tests.incidents.helpers import HERE, put_crash_sop


def _crash(n: int, at, lat: float = HERE[0]) -> EventIn:
    return EventIn(
        category="traffic",
        sub_category="carAccident",
        severity="high",
        occurred_at=at,
        lat=lat,
        lon=HERE[1],
        source="camera",
        source_id=f"cam-{n}",
        title=f"Va chạm #{n}",
    )


def test_crash_events_open_and_join_incidents(db, province):
    from ioc.kit.timeutil import utcnow

    put_crash_sop(db)
    t0 = utcnow() - timedelta(hours=5)
    events.record(db, SYSTEM, [_crash(1, t0)], now=t0)
    events.record(db, SYSTEM, [_crash(2, t0 + timedelta(minutes=30), HERE[0] + 300 / 111_320)], now=t0)
    items, total = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 10)
    assert total == 1
    detail = service.detail(db, SYSTEM, items[0]["id"])
    assert len(detail["events"]) == 2 and detail["tasks"][0]["title"] == "Điều động CSGT đến hiện trường"
    events.record(db, SYSTEM, [_crash(3, t0, HERE[0] + 20_000 / 111_320)], now=t0)
    events.record(db, SYSTEM, [_crash(4, t0 + timedelta(hours=3, minutes=31))], now=t0)
    assert service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 10)[1] == 3


def test_an_operator_opens_an_incident_from_a_minor_event(client, make_user, db, province):
    from ioc.kit.timeutil import utcnow

    _, operator = make_user("operator")
    minor = _crash(9, utcnow()).model_copy(update={"severity": "low"})
    created = events.record(db, SYSTEM, [minor]).created
    db.commit()
    assert service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 10)[1] == 0
    res = client.post("/api/v1/incidents", headers=operator, json={"event_id": created[0]})
    assert res.status_code == 201, res.text
    assert res.json()["kind"] == "traffic_accident"
    again = client.post("/api/v1/incidents", headers=operator, json={"event_id": created[0]})
    assert again.status_code == 422
    assert client.post("/api/v1/incidents", headers=operator, json={"event_id": 999999}).status_code == 422
