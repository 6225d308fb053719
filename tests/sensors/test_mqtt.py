"""MQTT against the real Mosquitto on 127.0.0.1:1883, with a unique topic prefix per test."""

from __future__ import annotations

import asyncio
import uuid

import aiomqtt
import orjson
import pytest

from ioc.sensors.adapters import mqtt
from ioc.sensors.repository import stations as station_repo

BROKER = "mqtt://127.0.0.1:1883"


def test_parse_json_senml_and_bad_topics():
    rows = mqtt.parse_message(
        "ioc/v1/stations/HN-01/observations",
        b'{"time": "2025-03-01T08:00:00Z", "values": {"pm25": 12, "co": 1.1}, "units": {"co": "mg/m3"}}',
    )
    assert [(r["station"], r["quantity"], r["value"], r["unit"]) for r in rows] == [
        ("HN-01", "pm25", 12, None),
        ("HN-01", "co", 1.1, "mg/m3"),
    ]
    senml = (
        b'[{"bn": "urn:dev:HN-01:", "bt": 1740816000, "n": "pm25", "u": "ug/m3", "v": 20.5},'
        b' {"n": "temperature", "u": "Cel", "t": 60, "v": 28.1}]'
    )
    rows = mqtt.parse_message("ioc/v1/stations/HN-01/senml", senml)
    assert [(r["quantity"], r["unit"], int(r["time"].timestamp())) for r in rows] == [
        ("pm25", "ug/m3", 1740816000),
        ("temperature", "Cel", 1740816060),
    ]
    with pytest.raises(mqtt.MalformedMessage, match="topic"):
        mqtt.parse_message("ioc/v1/other/HN-01", b"{}")
    with pytest.raises(mqtt.MalformedMessage, match="malformed JSON"):
        mqtt.parse_message("ioc/v1/stations/HN-01/observations", b"{nope")


async def _publish(prefix: str, messages: list[tuple[str, bytes]]) -> None:
    async with aiomqtt.Client("127.0.0.1", 1883, identifier=f"pub-{uuid.uuid4().hex[:8]}") as pub:
        for topic, payload in messages:
            await pub.publish(f"{prefix}/{topic}", payload, qos=1)


async def _wait(predicate, seconds: float = 15.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_subscriber_stores_messages_once(app, db, make_station):
    make_station("HN-01")
    prefix = f"test-{uuid.uuid4().hex[:8]}/ioc/v1/stations"
    client_id = f"ioc-test-{uuid.uuid4().hex[:8]}"
    stats = mqtt.Stats()
    task = asyncio.create_task(
        mqtt.subscribe(BROKER, app.state.session_factory, prefix=prefix, client_id=client_id, stats=stats)
    )
    try:
        await asyncio.wait_for(stats.connected.wait(), 10)
        one = orjson.dumps({"quantity": "pm25", "time": "2025-03-01T08:00:00Z", "value": 20})
        many = orjson.dumps(
            [{"quantity": "pm10", "time": f"2025-03-01T08:0{i}:00Z", "value": 30 + i} for i in range(5)]
        )
        # The same message twice (a redelivery) and one bad message that must not stop the loop.
        await _publish(
            prefix,
            [
                ("HN-01/observations", one),
                ("HN-01/observations", one),
                ("HN-01/observations", b"{bad"),
                ("HN-01/observations", many),
            ],
        )
        await _wait(lambda: stats.messages >= 4)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert (stats.stored, stats.duplicates, stats.malformed) == (6, 1, 1)
    db.expire_all()
    assert station_repo.count_observations(db) == 6


async def test_persistent_session_receives_while_away(app, db, make_station):
    make_station("HN-01")
    prefix = f"test-{uuid.uuid4().hex[:8]}/ioc/v1/stations"
    client_id = f"ioc-test-{uuid.uuid4().hex[:8]}"
    stats = mqtt.Stats()
    first = asyncio.create_task(
        mqtt.subscribe(BROKER, app.state.session_factory, prefix=prefix, client_id=client_id, stats=stats)
    )
    await asyncio.wait_for(stats.connected.wait(), 10)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    # Published while the subscriber is down: the broker keeps QoS 1 messages for its session.
    payload = orjson.dumps({"quantity": "pm25", "time": "2025-03-01T09:00:00Z", "value": 11})
    await _publish(prefix, [("HN-01/observations", payload)])
    stats = mqtt.Stats()
    second = asyncio.create_task(
        mqtt.subscribe(BROKER, app.state.session_factory, prefix=prefix, client_id=client_id, stats=stats)
    )
    try:
        await _wait(lambda: stats.stored >= 1)
    finally:
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)
    assert stats.stored == 1
