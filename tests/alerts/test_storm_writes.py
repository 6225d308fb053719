"""A batch that fires, refreshes and resolves many alerts at once: each series keeps its own alert, the hooks get
the alerts as stored, and the notify mirrors follow (the bulk statements of an alert storm)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ioc.alerts import engine, evaluator
from ioc.alerts import service as alerts
from ioc.alerts.models import Alert, AlertSeries
from ioc.alerts.schemas import RuleIn
from ioc.auth.principal import SYSTEM
from ioc.kit.timeutil import utcnow
from ioc.notify.models import AlertMirror
from ioc.sensors import service as sensors

CODES = [f"ST-{i}" for i in range(6)]


def _rules(db, make_station) -> None:
    for i, code in enumerate(CODES):
        make_station(code, quantities=["pm25"])
        condition = {"quantity": "pm25", "op": ">", "value": 100, "stations": [code]}
        rule = RuleIn(key=f"pm25-{i}", name=f"PM2.5 {i}", condition=condition, annotations={"summary": "{value}"})
        alerts.create_rule(db, SYSTEM, rule)
    db.commit()
    evaluator.forget()


def _batch(db, minutes_ago: int, values: dict[str, float], commit: bool = True) -> None:
    at = (utcnow() - timedelta(minutes=minutes_ago)).isoformat()
    rows = [{"station": c, "quantity": "pm25", "time": at, "value": v} for c, v in values.items()]
    assert sensors.ingest(db, SYSTEM, rows, source="test").stored == len(rows)
    if commit:
        db.commit()


def _as_stored(db, alert_id: int) -> dict:
    db.expire_all()
    row = db.get(Alert, alert_id)
    return engine.alert_dict(row, f"pm25-{CODES.index(row.labels['station'])}")


def test_a_storm_gives_each_series_its_own_alert_and_the_hooks_the_alerts_as_stored(db, make_station, heard):
    _rules(db, make_station)
    _batch(db, 30, {c: 20.0 for c in CODES})  # quiet: the series are stored
    _batch(db, 20, {c: 150.5 + i for i, c in enumerate(CODES)})  # every rule fires in one batch
    [fired] = heard
    assert len(fired) == len(CODES) and {a["status"] for a in fired} == {"firing"}
    assert fired == [_as_stored(db, a["id"]) for a in fired]  # the hook's dicts are the rows as stored
    for series in db.scalars(select(AlertSeries)):
        alert = db.get(Alert, series.alert_id)  # the series points at the alert of its own station and rule
        assert alert.labels["station"] == series.series and alert.rule_id == series.rule_id
        assert alert.value == 150.5 + CODES.index(series.series) and alert.annotations["summary"] == str(alert.value)
    mirrors = {m.fingerprint: m for m in db.scalars(select(AlertMirror))}
    assert {f: (m.alert_id, m.status, m.labels) for f, m in mirrors.items()} == {
        a["fingerprint"]: (a["id"], "firing", a["labels"]) for a in fired
    }


def test_a_firing_storm_is_refreshed_then_resolved_and_the_mirrors_follow(db, make_station, heard):
    _rules(db, make_station)
    _batch(db, 30, {c: 150.0 for c in CODES})
    [fired] = heard
    _batch(db, 20, {c: 170.0 for c in CODES})  # still firing: value and points refreshed, no hook call
    assert len(heard) == 1
    for a in fired:
        stored = db.get(Alert, a["id"])
        assert stored.status == "firing" and stored.value == 170.0
        assert [p[1] for p in stored.points] == [150.0, 170.0]
    loaded = db.get(AlertMirror, fired[0]["fingerprint"])  # a mirror already in the session
    assert loaded.status == "firing"
    _batch(db, 10, {c: 20.0 for c in CODES}, commit=False)  # every rule resolves in one batch
    assert loaded.status == "resolved" and loaded.ends_at is not None  # in the same transaction, the new state
    db.commit()
    [_, resolved] = heard
    assert {a["id"] for a in resolved} == {a["id"] for a in fired} and {a["status"] for a in resolved} == {"resolved"}
    assert resolved == [_as_stored(db, a["id"]) for a in resolved]
    assert all(a["endsAt"] is not None for a in resolved)
    assert {m.status for m in db.scalars(select(AlertMirror))} == {"resolved"}
    assert {s.state for s in db.scalars(select(AlertSeries))} == {"inactive"}
