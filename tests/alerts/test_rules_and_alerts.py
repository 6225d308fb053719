"""A threshold rule on the hourly AQI: pending, firing after `for`, resolved after `keep_firing_for`, acknowledged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import RULE, pm25


def _series(db):
    from ioc.alerts.models import AlertSeries

    return db.query(AlertSeries).one()


def test_aqi_rule_fires_after_for_and_resolves_after_keep_firing(db, rule, heard):
    assert rule["for_seconds"] == 600 and rule["keep_firing_seconds"] == 1800
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)  # AQI well above 150
    db.commit()
    series = _series(db)
    assert series.state == "pending" and series.last_value > 150
    assert heard == []
    assert service.advance(db, now=t0 + timedelta(minutes=9)) == 0
    assert service.advance(db, now=t0 + timedelta(minutes=11)) == 1
    db.commit()
    assert len(heard) == 1 and len(heard[0]) == 1
    alert = heard[0][0]
    assert alert["status"] == "firing" and alert["rule"] == "aqi-high"
    assert alert["labels"]["alertname"] == "aqi-high" and alert["labels"]["severity"] == "critical"
    assert alert["labels"]["domain"] == "environment" and alert["labels"]["area"]
    assert len(alert["fingerprint"]) == 16 and alert["generatorURL"] == f"/alerts/{alert['id']}"
    assert alert["endsAt"] is None and alert["acknowledged"] is None
    assert alert["annotations"]["summary"].startswith(f"AQI {int(alert['value'])} tại Trạm AQ-1 vượt 150")
    assert alert["annotations"]["summary_en"].endswith("{unknown}")
    assert alert["startsAt"] <= t0 + timedelta(seconds=5)

    # A restart evaluates afresh from the stored state: the same data does not fire twice.
    db.expire_all()
    pm25(db, "AQ-1", 121.0, hours=1, ago=11.5)
    assert service.advance(db, now=t0 + timedelta(minutes=20)) == 0
    db.commit()
    assert len(heard) == 1

    # Clean air: still firing during keep_firing_for, then resolved.
    t1 = utcnow()
    pm25(db, "AQ-1", 5.0, hours=11, ago=0)
    db.commit()
    assert _series(db).state == "firing"
    assert service.advance(db, now=t1 + timedelta(minutes=29)) == 0
    assert service.advance(db, now=t1 + timedelta(minutes=31)) == 1
    db.commit()
    assert len(heard) == 2 and heard[1][0]["status"] == "resolved" and heard[1][0]["endsAt"] is not None
    assert service.get_alert(db, alert["id"])["status"] == "resolved"


def test_acknowledge_records_who_and_tells_the_hooks(db, client, rule, heard, make_user):
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    alert_id = heard[0][0]["id"]
    name, headers = make_user("leader")
    res = client.post(f"/api/v1/alerts/{alert_id}/ack", json={"comment": "Đã cử người kiểm tra"}, headers=headers)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["acknowledged"]["by"] == name and body["acknowledged"]["comment"] == "Đã cử người kiểm tra"
    assert heard[-1][0]["acknowledged"]["by"] == name
    listed = client.get("/api/v1/alerts", params={"status": "firing", "rule": "aqi-high"}, headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == alert_id
    assert client.get("/api/v1/alerts", params={"severity": "info"}, headers=headers).json()["total"] == 0
    one = client.get(f"/api/v1/alerts/{alert_id}", headers=headers).json()
    assert one["points"] and one["status"] == "firing"
    assert client.get("/api/v1/alerts/999999", headers=headers).status_code == 404


def test_pending_series_clears_without_firing(db, rule, heard):
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    pm25(db, "AQ-1", 5.0, hours=11, ago=0)
    assert _series(db).state == "inactive"
    assert service.advance(db, now=t0 + timedelta(hours=1)) == 0
    assert heard == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"condition": {"quantity": "pm99", "op": ">", "value": 1}}, "condition.quantity"),
        ({"condition": {"quantity": "aqi", "op": ">", "value": 1, "stations": ["NOPE"]}}, "condition.stations"),
        ({"condition": {"quantity": "water_level", "op": ">", "value": 1, "stations": ["AQ-1"]}}, "condition.stations"),
        ({"for": "10 minutes"}, "for"),
        ({"keep_firing_for": "5x"}, "keep_firing_for"),
        ({"condition": {"quantity": "aqi", "op": "==", "value": 1}}, "op"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(client, make_user, make_station, change, field):
    make_station("AQ-1", quantities=["pm25"])
    _, headers = make_user("admin")
    res = client.post("/api/v1/alert-rules", json=RULE | {"key": "bad"} | change, headers=headers)
    assert res.status_code == 422, res.text
    assert field in res.text
    assert client.get("/api/v1/alert-rules", headers=headers).json()["total"] == 0


def test_rule_crud_is_audited_and_leaders_only_read(db, client, rule, make_user):
    _, op = make_user("operator")
    _, leader = make_user("leader")
    assert client.get(f"/api/v1/alert-rules/{rule['id']}", headers=leader).status_code == 200
    assert client.post("/api/v1/alert-rules", json=RULE | {"key": "x"}, headers=leader).status_code == 403
    assert client.post("/api/v1/alert-rules", json=RULE, headers=op).status_code == 409
    res = client.put(f"/api/v1/alert-rules/{rule['id']}", json=RULE | {"for": "1h"}, headers=op)
    assert res.status_code == 200 and res.json()["for_seconds"] == 3600
    assert client.delete(f"/api/v1/alert-rules/{rule['id']}", headers=op).status_code == 204
    assert client.get(f"/api/v1/alert-rules/{rule['id']}", headers=op).status_code == 404
    from ioc.auth.models import AuditEntry

    entries = db.query(AuditEntry).filter(AuditEntry.object_type == "alert_rule").order_by(AuditEntry.id)
    actions = [a.action for a in entries]
    assert actions == ["alerts.rule.create", "alerts.rule.update", "alerts.rule.delete"]


def test_a_failing_alert_hook_never_loses_the_observations(db, client, make_user, make_station):
    from ioc.registry import registry_of
    from ioc.sensors.models import Observation

    make_station("AQ-1", quantities=["pm25"])
    _, headers = make_user("admin")
    res = client.post("/api/v1/alert-rules", json=RULE | {"for": "0s"}, headers=headers)
    assert res.status_code == 201, res.text

    def broken(session, alerts):
        raise RuntimeError("receiver down")

    registry_of(db).alert_hooks.append(broken)
    try:
        pm25(db, "AQ-1", 120.0)
        db.commit()
    finally:
        registry_of(db).alert_hooks.remove(broken)
    assert db.query(Observation).count() == 3
    assert client.get("/api/v1/alerts", headers=headers).json()["total"] == 0
    pm25(db, "AQ-1", 122.0, hours=1, ago=11.5)  # the next batch fires it
    db.commit()
    assert client.get("/api/v1/alerts", headers=headers).json()["total"] == 1
