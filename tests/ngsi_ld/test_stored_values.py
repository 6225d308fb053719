"""Nothing a write can store breaks a later read: nesting depth, NUL characters, entity size."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity
from ioc.ngsi_ld.settings import NgsiSettings
from ioc.sensors.models import Observation
from tests.ngsi_ld.conftest import BASE, air_entity

ERR = "https://uri.etsi.org/ngsi-ld/errors/"
LAMP = "urn:ngsi-ld:Lamp:1"


def nested(depth: int, leaf=1):
    """A JSON value of `depth` nested arrays around a leaf."""
    return json.loads("[" * depth + json.dumps(leaf) + "]" * depth)


def prop(value) -> dict:
    return {"type": "Property", "value": value}


def lamp(**attrs) -> dict:
    return {"id": LAMP, "type": "Lamp", "state": prop("on"), **attrs}


def reads_work(client, ngsi, eid: str = LAMP, etype: str = "Lamp") -> None:
    """The entity, its type's list and its history all answer 200 (or 404 for a missing entity)."""
    assert client.get(f"{BASE}/entities/{eid}", headers=ngsi).status_code in (200, 404)
    assert client.get(f"{BASE}/entities", params={"type": etype}, headers=ngsi).status_code == 200
    assert client.get(f"{BASE}/temporal/entities/{eid}", headers=ngsi).status_code in (200, 404)
    assert client.get(f"{BASE}/temporal/entities", params={"type": etype}, headers=ngsi).status_code == 200


def assert_bad(res, field: str, status: int = 400) -> None:
    assert res.status_code == status, res.text
    body = res.json()
    assert body["type"] == ERR + "BadRequestData" and body["status"] == status
    assert body["detail"].startswith(field), body["detail"]


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


DEEP_PAYLOADS = {
    "normalized value": lambda: lamp(deep=prop(nested(300))),
    "keyValues-looking value": lambda: lamp(deep=nested(300)),
    "object value": lambda: lamp(deep=prop(json.loads('{"a":' * 300 + "1" + "}" * 300))),
    "sub-properties": lambda: lamp(deep=json.loads('{"type":"Property","value":1,"s":' * 300 + "1" + "}" * 300)),
}


@pytest.mark.parametrize("kind", DEEP_PAYLOADS)
def test_deep_values_are_refused_on_every_write_path(client, ngsi, db, kind):
    body = DEEP_PAYLOADS[kind]()
    assert_bad(client.post(f"{BASE}/entities", json=body, headers=ngsi), "deep:")
    assert client.post(f"{BASE}/entities", json=lamp(), headers=ngsi).status_code == 201
    assert_bad(client.post(f"{BASE}/entities/{LAMP}/attrs", json={"deep": body["deep"]}, headers=ngsi), "deep:")
    assert_bad(client.patch(f"{BASE}/entities/{LAMP}/attrs", json={"state": body["deep"]}, headers=ngsi), "state:")
    for op in ("create", "upsert", "update"):
        res = client.post(f"{BASE}/entityOperations/{op}", json=[body], headers=ngsi)
        assert res.status_code == 207, res.text
        assert res.json()["errors"][0]["error"]["detail"].startswith("deep:")
    assert db.scalars(select(NgsiEntity.attrs)).all() == [{"state": prop("on")}]
    reads_work(client, ngsi)


def test_smart_data_models_path_refuses_deep_values_and_stores_no_observation(client, ngsi, db):
    body = air_entity(extra=prop(nested(300)))
    res = client.post(f"{BASE}/entityOperations/upsert", json=[body], headers=ngsi)
    assert res.status_code == 207 and res.json()["errors"][0]["error"]["detail"].startswith("extra:")
    assert count(db, NgsiEntity) == 0 and count(db, Observation) == 0
    reads_work(client, ngsi, body["id"], "AirQualityObserved")


def test_the_deepest_accepted_value_reads_back_everywhere(client, ngsi, db):
    # The entity is level 1, the attribute level 2: a value may nest 30 more levels.
    at_bound = lamp(deep=prop(nested(30)), flat=nested(31))
    assert client.post(f"{BASE}/entities", json=at_bound, headers=ngsi).status_code == 201
    got = client.get(f"{BASE}/entities/{LAMP}", headers=ngsi).json()
    assert got["deep"]["value"] == nested(30) and got["flat"]["value"] == nested(31)
    history = client.get(f"{BASE}/temporal/entities/{LAMP}", headers=ngsi).json()
    assert history["deep"][0]["value"] == nested(30)
    assert_bad(client.post(f"{BASE}/entities/{LAMP}/attrs", json={"deeper": prop(nested(31))}, headers=ngsi), "deeper:")
    reads_work(client, ngsi)


NUL_PAYLOADS = {
    "value": ("state", lambda: lamp(state=prop("o\u0000n"))),
    "compound value": ("status", lambda: lamp(status=prop({"note": ["a\u0000"]}))),
    "attribute name": ("na\u0000me", lambda: lamp(**{"na\u0000me": prop(1)})),
    "key inside a value": ("status", lambda: lamp(status=prop({"k\u0000": 1}))),
    "unitCode": ("power", lambda: lamp(power={"type": "Property", "value": 40, "unitCode": "W\u0000"})),
    "id": ("id", lambda: {**lamp(), "id": "urn:ngsi-ld:Lamp:\u0000"}),
    "type": ("type", lambda: {**lamp(), "type": "La\u0000mp"}),
}


@pytest.mark.parametrize("kind", NUL_PAYLOADS)
def test_nul_characters_are_refused_on_write(client, ngsi, db, kind):
    field, make = NUL_PAYLOADS[kind]
    body = make()
    assert_bad(client.post(f"{BASE}/entities", json=body, headers=ngsi), f"{field}:")
    res = client.post(
        f"{BASE}/entityOperations/upsert", json=[body, {**lamp(), "id": "urn:ngsi-ld:Lamp:ok"}], headers=ngsi
    )
    assert res.status_code == 207 and res.json()["success"] == ["urn:ngsi-ld:Lamp:ok"]
    assert db.scalars(select(NgsiEntity.entity_id)).all() == ["urn:ngsi-ld:Lamp:ok"]
    reads_work(client, ngsi, "urn:ngsi-ld:Lamp:ok")


def test_nul_in_attrs_body_ld_context_subscription_and_url_is_400(client, ngsi, ngsi_ld):
    assert client.post(f"{BASE}/entities", json=lamp(), headers=ngsi).status_code == 201
    assert_bad(client.patch(f"{BASE}/entities/{LAMP}/attrs", json={"state": prop("\u0000")}, headers=ngsi), "state:")
    ld_body = {**lamp(), "id": "urn:ngsi-ld:Lamp:2", "@context": {"x": "https://example.org/\u0000"}}
    assert_bad(client.post(f"{BASE}/entities", json=ld_body, headers=ngsi_ld), "@context:")
    sub = {
        "type": "Subscription",
        "entities": [{"type": "Lamp"}],
        "description": "đèn\u0000",
        "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}},
    }
    assert_bad(client.post(f"{BASE}/subscriptions", json=sub, headers=ngsi), "subscription:")
    for url, params in (
        (f"{BASE}/entities/urn:ngsi-ld:Lamp:%00", {}),
        (f"{BASE}/entities", {"type": "\u0000"}),
        (f"{BASE}/temporal/entities", {"type": "Lamp", "q": 'state=="\u0000"'}),
        (f"{BASE}/subscriptions/urn:x:%00", {}),
    ):
        # The request guard refuses a control character in the path or query before NGSI-LD sees it.
        bad_params = [name for name, value in params.items() if "\u0000" in value]
        field = f"{bad_params[0]}:" if bad_params else "The path contains a control character"
        assert_bad(client.get(url, params=params, headers=ngsi), field)
    assert_bad(
        client.post(f"{BASE}/entities/urn:ngsi-ld:Lamp:%00/attrs", json={"a": prop(1)}, headers=ngsi),
        "The path contains a control character",
    )
    reads_work(client, ngsi)


def test_a_huge_property_is_413_and_stores_nothing(client, ngsi, db):
    huge = lamp(blob=prop("x" * 1_100_000))
    assert_bad(client.post(f"{BASE}/entities", json=huge, headers=ngsi), f"entity {LAMP}:", 413)
    res = client.post(f"{BASE}/entityOperations/upsert", json=[huge], headers=ngsi)
    assert res.status_code == 207 and res.json()["errors"][0]["error"]["status"] == 413
    assert count(db, NgsiEntity) == 0 and count(db, NgsiAttrInstance) == 0


@pytest.fixture
def small_entities(settings):
    settings.set_section(NgsiSettings(max_entity_bytes=2000))
    return 2000


def test_an_entity_cannot_grow_past_the_configured_bound(client, ngsi, db, small_entities):
    assert client.post(f"{BASE}/entities", json=lamp(a=prop("x" * 900)), headers=ngsi).status_code == 201
    assert client.post(f"{BASE}/entities/{LAMP}/attrs", json={"b": prop("y" * 900)}, headers=ngsi).status_code == 204
    res = client.post(f"{BASE}/entities/{LAMP}/attrs", json={"c": prop("z" * 900)}, headers=ngsi)
    assert_bad(res, f"entity {LAMP}:", 413)
    assert "at most 2,000" in res.json()["detail"]
    update = client.post(f"{BASE}/entityOperations/update", json=[{"id": LAMP, "c": prop("z" * 900)}], headers=ngsi)
    assert update.status_code == 207 and update.json()["errors"][0]["error"]["status"] == 413
    assert sorted(db.scalar(select(NgsiEntity.attrs))) == ["a", "b", "state"]


def test_extreme_numbers_store_and_read_back(client, ngsi):
    # PostgreSQL's JSONB gives 1e20 and 1.79e308 back as integers of 21 and 309 digits.
    body = lamp(
        big=prop(18446744073709551615),
        small=prop(-9223372036854775808),
        tiny=prop(5e-324),
        large=prop(1.7976931348623157e308),
        e20=prop(1e20),
    )
    assert client.post(f"{BASE}/entities", json=body, headers=ngsi).status_code == 201, "stored"
    got = client.get(f"{BASE}/entities/{LAMP}", headers=ngsi).json()
    assert got["big"]["value"] == 18446744073709551615 and got["large"]["value"] == 1.7976931348623157e308
    assert got["e20"]["value"] == 1e20
    listed = client.get(f"{BASE}/entities", params={"type": "Lamp", "options": "keyValues"}, headers=ngsi)
    assert listed.json()[0]["e20"] == 1e20
    aggregated = client.get(f"{BASE}/temporal/entities/{LAMP}", params={"aggrMethods": "sum,avg,stddev"}, headers=ngsi)
    assert aggregated.status_code == 200, aggregated.text
    reads_work(client, ngsi)
