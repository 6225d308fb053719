"""The rule kinds beyond thresholds: rate, all/any, absent, event_count, reports_overdue, indicator_off_track."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ioc.alerts import service
from ioc.alerts.models import Alert, AlertSeries
from ioc.alerts.schemas import RuleIn
from ioc.auth.principal import SYSTEM
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors


def _rule(db, kind: str, condition: dict, **over) -> dict:
    body = {"key": f"r-{kind}", "name": f"Luật {kind}", "kind": kind, "condition": condition} | over
    rule = service.create_rule(db, SYSTEM, RuleIn.model_validate(body))
    db.flush()
    return rule


def _send(db, code: str, quantity: str, at, value: float) -> None:
    rows = [{"station": code, "quantity": quantity, "time": at.isoformat(), "value": value}]
    assert sensors.ingest(db, SYSTEM, rows, source="test").stored == 1
    db.flush()


def _alerts(db, status: str | None = None) -> list[Alert]:
    q = db.query(Alert).order_by(Alert.id)
    return list(q.filter(Alert.status == status) if status else q)


def _state(db, series: str) -> str:
    return db.query(AlertSeries).filter(AlertSeries.series == series).one().state


def test_rate_rule_fires_on_a_fast_rise_and_resolves_when_it_slows(db, make_station, heard):
    make_station("WL-1", kind="water", quantities=["water_level"])
    cond = {"quantity": "water_level", "op": ">", "value": 0.3, "window": "1h", "stations": ["WL-1"]}
    _rule(db, "rate", cond, annotations={"summary": "Nước lên {value} m/giờ tại {place}"})
    t0 = utcnow().replace(second=0, microsecond=0) - timedelta(hours=5)
    _send(db, "WL-1", "water_level", t0, 1.0)  # one point: no rate yet
    assert _state(db, "WL-1") == "inactive" and _alerts(db) == []
    _send(db, "WL-1", "water_level", t0 + timedelta(minutes=30), 1.3)  # 0.6 m/h
    [alert] = _alerts(db, "firing")
    assert alert.value == pytest.approx(0.6) and alert.annotations["summary"] == "Nước lên 0.6 m/giờ tại Trạm WL-1"
    _send(db, "WL-1", "water_level", t0 + timedelta(minutes=60), 1.35)  # 0.35 m/h over the hour: still firing
    assert len(_alerts(db)) == 1 and _state(db, "WL-1") == "firing"
    _send(db, "WL-1", "water_level", t0 + timedelta(minutes=90), 1.36)  # 0.06 m/h over the last hour
    assert _alerts(db, "resolved") == [alert] and _state(db, "WL-1") == "inactive"
    assert [a["status"] for call in heard for a in call] == ["firing", "resolved"]


def test_all_needs_every_part_and_any_one(db, make_station):
    make_station("AQ-2", quantities=["pm25", "pm10"])
    parts = [{"quantity": "pm25", "op": ">", "value": 100}, {"quantity": "pm10", "op": ">", "value": 150}]
    _rule(db, "all", {"conditions": parts, "stations": ["AQ-2"]}, key="both")
    _rule(db, "any", {"conditions": parts, "stations": ["AQ-2"]}, key="either")
    t0 = utcnow().replace(second=0, microsecond=0) - timedelta(hours=3)
    _send(db, "AQ-2", "pm25", t0, 120.0)
    _send(db, "AQ-2", "pm10", t0, 100.0)
    assert [a.labels["alertname"] for a in _alerts(db, "firing")] == ["either"]
    _send(db, "AQ-2", "pm10", t0 + timedelta(minutes=5), 200.0)
    assert sorted(a.labels["alertname"] for a in _alerts(db, "firing")) == ["both", "either"]
    _send(db, "AQ-2", "pm25", t0 + timedelta(minutes=10), 20.0)  # both off; any still true by pm10
    assert [a.labels["alertname"] for a in _alerts(db, "firing")] == ["either"]


def test_absent_fires_on_silence_resolves_on_data_and_keeps_firing_through_a_blip(db, make_station, heard):
    make_station("AQ-3", quantities=["pm25"], interval=3600)
    _rule(db, "absent", {"stations": ["AQ-3"], "intervals": 2}, keep_firing_for="30m")
    seen = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(hours=10)
    _send(db, "AQ-3", "pm25", seen, 10.0)
    assert service.advance(db, now=seen + timedelta(hours=1)) == 0
    assert service.advance(db, now=seen + timedelta(hours=2, minutes=1)) == 1
    [alert] = _alerts(db, "firing")
    assert alert.labels["station"] == "AQ-3" and alert.value == pytest.approx(121.0)
    assert service.advance(db, now=seen + timedelta(hours=3, minutes=55)) == 0  # fired once
    _send(db, "AQ-3", "pm25", seen + timedelta(hours=4), 11.0)
    assert service.advance(db, now=seen + timedelta(hours=4, minutes=10)) == 0  # keep_firing_for holds it
    assert service.advance(db, now=seen + timedelta(hours=4, minutes=26)) == 1
    assert _alerts(db, "resolved") == [alert] and len(heard) == 2


def test_event_count_fires_from_the_event_hook_and_resolves_when_the_window_passes(db, province):
    from ioc.events import service as events
    from ioc.events.schemas import EventIn
    from tests.events.conftest import HAI_CHAU

    now = utcnow()
    _rule(db, "event_count", {"category": "traffic", "area": province, "window": "1h", "value": 2})

    def record(i: int, category: str = "traffic") -> None:
        item = EventIn(category=category, severity="high", occurred_at=now - timedelta(minutes=i), lat=HAI_CHAU[0],
                       lon=HAI_CHAU[1], source="test", source_id=f"ev-{category}-{i}", title="Va chạm")  # fmt: skip
        events.record(db, SYSTEM, [item])
        db.flush()

    record(1)
    record(2)
    record(3, "weather")
    assert _alerts(db) == []  # 2 traffic events: not above 2
    record(4)
    [alert] = _alerts(db, "firing")
    assert alert.value == 3 and alert.labels["area"] == province and alert.labels["domain"] == "events"
    assert service.advance(db, now=now + timedelta(minutes=30)) == 0
    assert (
        service.advance(db, now=now + timedelta(minutes=58)) == 1
    )  # only the events of 1 and 2 minutes before are left
    assert _alerts(db, "resolved") == [alert]


def test_reports_overdue_per_agency(db, feedback, settings):
    from tests.feedback.conftest import file_report

    long_ago = utcnow() - timedelta(days=30)
    reports = [file_report(db, feedback, at=long_ago + timedelta(minutes=i)) for i in range(3)]
    agency = reports[0].agency_code
    assert agency
    _rule(db, "reports_overdue", {"agencies": [agency], "value": 2}, labels={"severity": "critical"})
    now = utcnow()
    assert service.advance(db, now=now) == 1
    [alert] = _alerts(db, "firing")
    assert alert.labels["agency"] == agency and alert.labels["domain"] == "feedback" and alert.value == 3
    assert service.advance(db, now=now + timedelta(minutes=1)) == 0
    for report in reports[:2]:
        report.status = "closed"
    db.flush()
    assert service.advance(db, now=now + timedelta(minutes=2)) == 1
    assert _alerts(db, "resolved") == [alert]


def test_indicator_off_track_fires_per_indicator_and_area(db, client, catalogue, make_user):
    _, headers = make_user("operator")
    values = [{"indicator": "BUDGET_REVENUE", "area": catalogue, "period": f"2026-{m:02d}", "value": 80,
               "status": "official", "source": "Sở Tài chính"} for m in (1, 2, 3)]  # fmt: skip
    assert client.post("/api/v1/kpi/values", headers=headers, json={"values": values}).status_code == 200
    target = {"indicator": "BUDGET_REVENUE", "area": catalogue, "year": 2026, "value": 1200}
    assert client.post("/api/v1/kpi/targets", headers=headers, json={"targets": [target]}).status_code == 200
    db.expire_all()
    _rule(db, "indicator_off_track", {"indicators": ["BUDGET_REVENUE"], "areas": [catalogue]}, **{"for": "1h"})
    now = utcnow()
    assert service.advance(db, now=now) == 0  # pending for an hour
    assert service.advance(db, now=now + timedelta(minutes=61)) == 1
    [alert] = _alerts(db, "firing")
    assert alert.labels["indicator"] == f"BUDGET_REVENUE@{catalogue}" and alert.labels["area"] == catalogue


@pytest.mark.parametrize(
    ("kind", "condition", "field"),
    [
        ("rate", {"quantity": "water_level", "op": ">", "value": 0.3, "window": "1 hour"}, "condition.window"),
        ("rate", {"quantity": "nope", "op": ">", "value": 0.3}, "condition.quantity"),
        ("all", {"conditions": [{"quantity": "pm25", "op": "!", "value": 1}]}, "condition.conditions.0.op"),
        ("any", {"conditions": [{"quantity": "pm99", "op": ">", "value": 1}]}, "condition.conditions.0.quantity"),
        ("absent", {"stations": ["NOPE"], "intervals": 2}, "condition.stations"),
        ("absent", {"stations": None}, "condition.intervals"),
        ("event_count", {"category": "volcano", "area": "48", "value": 1}, "condition.category"),
        (
            "event_count",
            {"category": "traffic", "sub_category": "x", "area": "48", "value": 1},
            "condition.sub_category",
        ),
        ("event_count", {"category": "traffic", "area": "99999", "value": 1}, "condition.area"),
        ("reports_overdue", {"agencies": ["NO_SUCH"], "value": 1}, "condition.agencies"),
        ("indicator_off_track", {"indicators": ["NOPE"], "areas": ["48"]}, "condition.indicators"),
        ("indicator_off_track", {"indicators": ["BUDGET_REVENUE"], "areas": ["99999"]}, "condition.areas"),
        ("threshold", {"quantity": "pm25", "op": ">", "value": 1, "extra": 1}, "condition.extra"),
    ],
)
def test_bad_conditions_are_refused_naming_the_field(client, make_user, catalogue, kind, condition, field):
    _, headers = make_user("admin")
    body = {"key": "bad", "name": "Sai", "kind": kind, "condition": condition}
    res = client.post("/api/v1/alert-rules", json=body, headers=headers)
    assert res.status_code == 422, res.text
    assert field in {e["field"] for e in res.json()["errors"]}, res.text
    assert client.get("/api/v1/alert-rules", headers=headers).json()["total"] == 0


def test_replay_is_the_pure_state_machine(db):
    t0 = utcnow()
    points = [(t0 + timedelta(minutes=m), v) for m, v in [(0, 160), (5, 170), (11, 155), (20, 90), (30, 80), (52, 70)]]
    changes = service.replay({"quantity": "aqi", "op": ">", "value": 150}, points, 600, 1800)
    assert [(c["state"], c["action"]) for c in changes] == [
        ("pending", None),
        ("firing", "fire"),
        ("inactive", "resolve"),
    ]
    assert changes[1]["time"] == t0 + timedelta(minutes=11) and changes[2]["time"] == t0 + timedelta(minutes=52)


def test_a_malformed_stored_rule_never_stops_the_others_and_a_restart_never_fires_twice(db, make_station):
    from ioc.alerts import evaluator
    from ioc.alerts.models import AlertRule

    make_station("AQ-4", quantities=["pm25"])
    cond = {"quantity": "pm25", "op": ">", "value": 100, "stations": ["AQ-4"]}
    _rule(db, "threshold", cond, key="good")
    broken = _rule(db, "threshold", cond, key="broken")
    row = db.get(AlertRule, broken["id"])
    row.condition = {"quantity": "pm25", "stations": ["AQ-4"]}  # no op nor value: written behind the API's back
    db.flush()
    t0 = utcnow().replace(second=0, microsecond=0) - timedelta(hours=2)
    _send(db, "AQ-4", "pm25", t0, 150.0)
    assert [a.labels["alertname"] for a in _alerts(db, "firing")] == ["good"]
    evaluator._CACHE.clear()  # a restarted process: the index is rebuilt, the series state is read back
    _send(db, "AQ-4", "pm25", t0 + timedelta(minutes=5), 160.0)
    assert service.advance(db, now=utcnow()) == 0
    assert len(_alerts(db)) == 1 and _alerts(db)[0].value == 160.0
