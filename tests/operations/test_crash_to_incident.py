"""Detect → decide across the real domains: crash events posted as a camera system posts them open an incident
with its SOP; a second crash 300 m away joins it; an alert labelled for it opens one too."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import service as alerts
from ioc.kit.timeutil import utcnow
from tests.alerts.support import RULE, pm25
from tests.incidents.helpers import HERE, put_crash_sop


def _crash(n: int, lat: float, at) -> dict:
    return {
        "category": "traffic",
        "subCategory": "carAccident",
        "severity": "high",
        "occurredAt": at.isoformat(),
        "location": {"type": "Point", "coordinates": [HERE[1], lat]},
        "source": "camera-ai",
        "sourceId": f"cam-7/{n}",
        "title": f"Va chạm giao thông #{n}",
    }


def test_two_crashes_300_m_apart_make_one_incident_with_its_sop(db, client, make_user, province):
    put_crash_sop(db)
    db.commit()
    _, operator = make_user("operator")
    now = utcnow()
    first = client.post("/api/v1/events", json=_crash(1, HERE[0], now - timedelta(minutes=20)), headers=operator)
    assert first.status_code == 201, first.text
    batch = {"events": [_crash(2, HERE[0] + 300 / 111_320, now), _crash(1, HERE[0], now - timedelta(minutes=20))]}
    second = client.post("/api/v1/events", json=batch, headers=operator)
    assert second.status_code == 201, second.text
    assert len(second.json()["created"]) == 1 and len(second.json()["duplicates"]) == 1  # redelivered once

    listed = client.get("/api/v1/incidents", headers=operator).json()
    assert listed["total"] == 1
    detail = client.get(f"/api/v1/incidents/{listed['items'][0]['id']}", headers=operator).json()
    assert detail["kind"] == "traffic_accident" and len(detail["events"]) == 2
    assert [t["title"] for t in detail["tasks"]][0] == "Điều động CSGT đến hiện trường"

    far = client.post("/api/v1/events", json=_crash(3, HERE[0] + 20_000 / 111_320, now), headers=operator)
    assert far.status_code == 201
    assert client.get("/api/v1/incidents", headers=operator).json()["total"] == 2


def test_an_operator_opens_an_incident_from_a_firing_alert(db, client, make_user, make_station):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    _, operator = make_user("operator")
    assert client.post("/api/v1/alert-rules", json=RULE, headers=operator).status_code == 201
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    db.commit()
    alerts.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    [alert], _ = alerts.list_alerts(db, {"status": "firing"}, ("id", False), 0, 10)
    res = client.post("/api/v1/incidents", json={"alert_id": alert["id"]}, headers=operator)
    assert res.status_code == 201, res.text
    assert res.json()["kind"] == "air_pollution"
