"""Detect → alert → notify across the real domains: a rule fires, a receiver hears it once, an ack stops repeats."""

from __future__ import annotations

import json
from datetime import timedelta

from ioc.alerts import service as alerts
from ioc.kit import bus, outbox
from ioc.kit.timeutil import utcnow
from ioc.notify import service as notify
from tests.alerts.support import RULE, pm25
from tests.notify.conftest import setup_tree


def _deliver(app) -> None:
    outbox.deliver_due(app.state.runtime)


def test_an_aqi_spike_reaches_an_alertmanager_receiver_once_and_ack_stops_repeats(
    db, app, client, make_user, make_station, sink
):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    _, operator = make_user("operator")
    assert client.post("/api/v1/alert-rules", json=RULE, headers=operator).status_code == 201
    setup_tree(db, sink.url)
    changes: list[dict] = []
    unsubscribe = bus.get_bus().subscribe("alerts.alert.changed", lambda evt: changes.append(evt.data))
    try:
        t0 = utcnow()
        pm25(db, "AQ-1", 120.0)  # hourly PM2.5 of 120 µg/m³: AQI well above 150
        db.commit()
        assert alerts.advance(db, now=t0 + timedelta(minutes=11)) == 1
        db.commit()
    finally:
        unsubscribe()
    assert [c["status"] for c in changes] == ["firing"]  # what the live feed of every staff page follows

    fired = t0 + timedelta(minutes=11)
    assert notify.flush_due(db, now=fired + timedelta(seconds=31)) == 1
    db.commit()
    _deliver(app)
    _deliver(app)
    assert len(sink.received) == 1
    body = json.loads(sink.received[0][1])
    assert body["version"] == "4" and body["status"] == "firing"
    [alert] = body["alerts"]
    assert alert["labels"]["alertname"] == "aqi-high" and alert["labels"]["severity"] == "critical"
    assert alert["endsAt"] == "0001-01-01T00:00:00Z" and alert["generatorURL"].endswith(f"/alerts/{changes[0]['id']}")

    _, leader = make_user("leader")
    res = client.post(f"/api/v1/alerts/{changes[0]['id']}/ack", json={"comment": "Đã cử đoàn kiểm tra"}, headers=leader)
    assert res.status_code == 200, res.text
    assert notify.flush_due(db, now=fired + timedelta(hours=5)) == 0  # acknowledged: no repeat after 4 h
    db.commit()
    _deliver(app)
    assert len(sink.received) == 1
