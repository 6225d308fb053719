"""A batch that carries several states of one entity — a gateway flushing buffered readings —
keeps every state in the temporal history, in order, and the last one as the current state."""

from __future__ import annotations

from sqlalchemy import select

from ioc.kit.models import OutboxMessage
from ioc.ngsi_ld.models import NgsiAttrInstance
from ioc.ngsi_ld.settings import NgsiSettings
from ioc.sensors import service as sensors
from ioc.sensors.models import Observation
from ioc.sensors.repository import stations as sensors_repo
from tests.ngsi_ld.conftest import BASE, LINK
from tests.ngsi_ld.test_batch_sensors import UPSERT, air
from tests.sql import counted

GATEWAY_CONTEXT = "https://smartdatamodels.org/context.jsonld"
SENSOR = "urn:ngsi-ld:WeatherObserved:gw-01"


def reading(hour: int, value: float, eid: str = SENSOR, **extra) -> dict:
    """One buffered reading of a weather gateway, normalized, as the IoT Agent writes it."""
    at = f"2026-11-20T{hour:02d}:00:00Z"
    return {
        "id": eid,
        "type": "WeatherObserved",
        "temperature": {"type": "Property", "value": value, "unitCode": "CEL", "observedAt": at},
        "dateObserved": {"type": "Property", "value": {"@type": "DateTime", "@value": at}},
        **extra,
    }


def history(client, headers, eid: str = SENSOR, attr: str = "temperature") -> list:
    res = client.get(f"{BASE}/temporal/entities/{eid}", params={"attrs": attr}, headers=headers)
    assert res.status_code == 200, res.text
    return res.json().get(attr, [])


def test_every_buffered_state_is_in_the_history_and_the_last_is_current(client, ngsi, api_key):
    batch = [reading(10, 26.5), reading(11, 27.0), reading(12, 28.25)]
    res = client.post(UPSERT, json=batch, headers=ngsi)
    assert res.status_code == 201 and res.json() == [SENSOR]
    got = history(client, ngsi)
    assert [(i["value"], i["observedAt"]) for i in got] == [
        (26.5, "2026-11-20T10:00:00Z"),
        (27.0, "2026-11-20T11:00:00Z"),
        (28.25, "2026-11-20T12:00:00Z"),
    ]
    current = client.get(f"{BASE}/entities/{SENSOR}", headers=ngsi).json()
    assert current["temperature"]["value"] == 28.25
    # The next flush of an existing entity, with the context in the body (application/ld+json).
    ld = [{**reading(h, v), "@context": GATEWAY_CONTEXT} for h, v in ((13, 29.0), (14, 30.5))]
    res = client.post(UPSERT, json=ld, headers={"X-API-Key": api_key, "Content-Type": "application/ld+json"})
    assert res.status_code == 204, res.text
    assert [i["value"] for i in history(client, ngsi)] == [26.5, 27.0, 28.25, 29.0, 30.5]
    assert [
        v
        for v, _ in client.get(
            f"{BASE}/temporal/entities/{SENSOR}",
            params={"attrs": "dateObserved", "options": "temporalValues"},
            headers=ngsi,
        ).json()["dateObserved"]["values"]
    ] == [{"@type": "DateTime", "@value": f"2026-11-20T{h}:00:00Z"} for h in (10, 11, 12, 13, 14)]


def test_key_values_states_without_observed_at_keep_their_order(client, ngsi):
    states = [
        {"id": SENSOR, "type": "WeatherObserved", "temperature": t, "weatherType": w}
        for t, w in ((25, "sunny"), (24, "cloudy"), (23, "rain"), (23, "rain"))
    ]
    res = client.post(f"{BASE}/entityOperations/upsert", params={"options": "keyValues"}, json=states, headers=ngsi)
    assert res.status_code == 201, res.text
    assert [i["value"] for i in history(client, ngsi)] == [25, 24, 23, 23]
    assert [i["value"] for i in history(client, ngsi, attr="weatherType")] == ["sunny", "cloudy", "rain", "rain"]
    assert (
        client.get(f"{BASE}/entities/{SENSOR}", params={"options": "keyValues"}, headers=ngsi).json()["weatherType"]
        == "rain"
    )


def test_update_mode_merges_each_state_onto_the_previous(client, ngsi):
    base = reading(9, 20.0, relativeHumidity={"type": "Property", "value": 0.7})
    assert client.post(UPSERT, json=[base], headers=ngsi).status_code == 201
    batch = [
        reading(10, 21.0),
        {"id": SENSOR, "type": "WeatherObserved", "relativeHumidity": {"type": "Property", "value": 0.65}},
        reading(11, 22.0),
    ]
    assert client.post(UPSERT, json=batch, headers=ngsi).status_code == 204
    current = client.get(f"{BASE}/entities/{SENSOR}", params={"options": "keyValues"}, headers=ngsi).json()
    assert current["temperature"] == 22.0 and current["relativeHumidity"] == 0.65
    assert [i["value"] for i in history(client, ngsi)] == [20.0, 21.0, 22.0]
    assert [i["value"] for i in history(client, ngsi, attr="relativeHumidity")] == [0.7, 0.65]


def test_a_bad_state_is_an_error_entry_and_the_others_are_kept(client, ngsi, db):
    bad = reading(11, 27.0)
    bad["temperature"]["observedAt"] = "hôm qua"
    res = client.post(f"{BASE}/entityOperations/upsert", json=[reading(10, 26.0), bad, reading(12, 28.0)], headers=ngsi)
    assert res.status_code == 207, res.text
    body = res.json()
    assert body["success"] == [SENSOR]
    assert [e["error"]["detail"].split(":")[0] for e in body["errors"]] == ["temperature.observedAt"]
    assert [i["value"] for i in history(client, ngsi)] == [26.0, 28.0]


def test_states_of_several_entities_interleaved_as_a_gateway_flushes_them(client, ngsi, db):
    other = "urn:ngsi-ld:WeatherObserved:gw-02"
    batch = [reading(h, 20.0 + h, eid) for h in (8, 9, 10) for eid in (SENSOR, other)]
    res = client.post(f"{BASE}/entityOperations/create", json=batch[:2], headers=ngsi)
    assert res.status_code == 201
    assert client.post(f"{BASE}/entityOperations/update", json=batch[2:], headers=ngsi).status_code == 204
    for eid in (SENSOR, other):
        assert [i["value"] for i in history(client, ngsi, eid)] == [28.0, 29.0, 30.0]
    rows = db.execute(
        select(NgsiAttrInstance.entity_id, NgsiAttrInstance.num_value)
        .where(NgsiAttrInstance.attr == "temperature")
        .order_by(NgsiAttrInstance.pk)
    ).all()
    for eid in (SENSOR, other):  # each entity's states stored in the order sent
        assert [v for e, v in rows if e == eid] == [28.0, 29.0, 30.0]


def test_create_refuses_a_second_state_of_a_new_entity(client, ngsi):
    res = client.post(f"{BASE}/entityOperations/create", json=[reading(8, 1.0), reading(9, 2.0)], headers=ngsi)
    assert res.status_code == 207
    assert res.json()["success"] == [SENSOR]
    assert res.json()["errors"][0]["error"]["status"] == 409
    assert [i["value"] for i in history(client, ngsi)] == [1.0]


def test_every_air_quality_state_becomes_an_observation(client, ngsi, db, point, engine):
    station = "urn:ngsi-ld:AirQualityObserved:dn-7"
    assert client.post(UPSERT, json=[air(7, 0, location=True)], headers=ngsi).status_code == 201
    flush = [air(7, minute) for minute in (10, 20, 30)]
    with counted(engine) as statements:
        assert client.post(UPSERT, json=flush, headers=ngsi).status_code == 204
    with counted(engine) as single:
        assert client.post(UPSERT, json=[air(7, 40)], headers=ngsi).status_code == 204
    assert len(statements) == len(single)  # more states, not more round trips
    found = sensors.get_station(db, station)
    pm25 = db.execute(
        select(Observation.ts, Observation.value)
        .where(Observation.station_id == found.id, Observation.quantity == "pm25")
        .order_by(Observation.ts)
    ).all()
    assert [v for _, v in pm25] == [20.0, 30.0, 40.0, 50.0, 60.0]
    assert sensors_repo.count_observations(db, found.id) == 10
    assert {(v.quantity, v.value) for v in sensors.latest(db, [station])} == {("pm25", 60.0), ("no2", 30.0)}
    assert [i["value"] for i in history(client, ngsi, station, "PM2_5")] == [20, 30, 40, 50, 60]


def test_a_gateway_flush_notifies_attributes_any_state_wrote(client, ngsi, db, settings):
    settings.set_section(NgsiSettings(notify_allowed_hosts="127.0.0.1"))  # the receiver is on loopback
    sub = {
        "type": "Subscription",
        "entities": [{"type": "WeatherObserved"}],
        "watchedAttributes": ["pressure"],
        "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}},
    }
    assert client.post(f"{BASE}/subscriptions", json=sub, headers={**ngsi, "Link": LINK}).status_code == 201
    batch = [reading(10, 26.0, pressure={"type": "Property", "value": 1009}), reading(11, 27.0)]
    assert client.post(f"{BASE}/entityOperations/upsert", json=batch, headers=ngsi).status_code == 201
    [message] = db.scalars(select(OutboxMessage)).all()
    [entity] = message.payload["body"]["data"]
    assert entity["temperature"]["value"] == 27.0 and "pressure" not in entity  # replace: the last state
