"""The demo's scripted PM2.5 episode: a newcomer watching `ioc demo` sees the PM2.5 rule fire, then resolve."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace

from ioc.alerts import demo as alerts_demo
from ioc.alerts import service as alerts
from ioc.auth.principal import SYSTEM
from ioc.demo.context import DemoContext
from ioc.environment import demo as environment_demo
from ioc.environment import demo_signals as signals
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from ioc.sensors.schemas import StationIn
from tests.sensors.conftest import ward  # noqa: F401


def test_the_episode_window_lifts_pm25_over_the_rule_and_only_there():
    rng = random.Random(7)
    cycle_start = 1_700_000_000 - 1_700_000_000 % signals.EPISODE_CYCLE_SECONDS
    inside = [cycle_start + m * 60 for m in range(2, 17)]
    outside = [cycle_start + m * 60 for m in (*range(0, 2), *range(17, 40))]
    pm25 = lambda code, ts: signals.with_episode(code, ts, signals.air(ts, 1.6, rng))["pm25"]  # noqa: E731
    assert all(pm25("DEMO-KK-02", ts) > 100 for ts in inside)  # 15 minutes over the 5-minute rule
    assert all(pm25("DEMO-KK-02", ts) < 100 for ts in outside)
    assert all(pm25("DEMO-KK-01", ts) < 100 for ts in inside)  # one station only


def test_a_simulator_tick_in_the_episode_fires_the_demo_rule(app, db, settings, province, ward):  # noqa: F811
    alerts_demo.seed(DemoContext(settings=settings, session_factory=app.state.session_factory, province=province))
    station = StationIn(
        code="DEMO-KK-02", name="Trạm không khí Khu công nghiệp", kind="air", lat=ward.centroid_lat,
        lon=ward.centroid_lon, quantities=signals.AIR, interval_seconds=60, attributes={"level": 1.6},
    )  # fmt: skip
    sensors.upsert_station(db, SYSTEM, station)
    db.commit()
    now = int(utcnow().timestamp())
    in_episode = now - now % signals.EPISODE_CYCLE_SECONDS - signals.EPISODE_CYCLE_SECONDS + 5 * 60
    runtime = SimpleNamespace(session_factory=app.state.session_factory)
    assert environment_demo._tick(runtime, random.Random(1), now=in_episode) == len(signals.AIR)
    assert alerts.advance(db, now=utcnow() + timedelta(minutes=6)) >= 1
    db.commit()
    firing, _ = alerts.list_alerts(db, {"status": "firing", "rule": "pm25-high"}, ("starts_at", True), 0, 10)
    assert [a["labels"]["station"] for a in firing] == ["DEMO-KK-02"]


def test_the_smoke_plume_fires_the_demo_aqi_rule_whatever_the_minute_the_demo_starts(
    app,
    db,
    settings,
    province,
    ward,  # noqa: F811
):
    alerts_demo.seed(DemoContext(settings=settings, session_factory=app.state.session_factory, province=province))
    station = StationIn(
        code="DEMO-KK-04", name="Trạm không khí Nút giao cửa ngõ", kind="air", lat=ward.centroid_lat,
        lon=ward.centroid_lon, quantities=signals.AIR, interval_seconds=300, attributes={"level": 1.5},
    )  # fmt: skip
    sensors.upsert_station(db, SYSTEM, station)
    db.commit()
    runtime = SimpleNamespace(session_factory=app.state.session_factory)
    rng = random.Random(3)
    hour = int(utcnow().timestamp()) // 3600 * 3600 - 4 * 3600
    started = hour + 50 * 60  # late in an hour: the hour's mean holds 50 minutes of clean air
    for ts in range(hour - 3 * 3600, started, 300):  # the hours before, as the demo's history has them
        environment_demo._tick(runtime, rng, now=ts, started=started)
    alerts.advance(db, now=utcnow() + timedelta(minutes=11))
    assert alerts.list_alerts(db, {"status": "firing", "rule": "aqi-unhealthy"}, ("starts_at", True), 0, 10)[1] == 0
    for ts in range(started, started + 20 * 60, 300):  # the simulator's first 20 minutes
        environment_demo._tick(runtime, rng, now=ts, started=started)
    assert alerts.advance(db, now=utcnow() + timedelta(minutes=11)) >= 1  # past the rule's `for` of 10 minutes
    db.commit()
    firing, _ = alerts.list_alerts(db, {"status": "firing", "rule": "aqi-unhealthy"}, ("starts_at", True), 0, 10)
    assert [a["labels"]["station"] for a in firing] == ["DEMO-KK-04"]
    assert signals.with_aqi_episode("DEMO-KK-01", started + 600, {"pm25": 20.0}, started) == {"pm25": 20.0}
    assert signals.with_aqi_episode("DEMO-KK-04", started + 600, {"pm25": 20.0}, None) == {"pm25": 20.0}
