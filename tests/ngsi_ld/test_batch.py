"""Batch operations, including the FIWARE IoT Agent's upsert exactly as it sends it."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.auth.models import AuditEntry
from ioc.kit import bus
from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity
from tests.ngsi_ld.conftest import BASE

ERR = "https://uri.etsi.org/ngsi-ld/errors/"
IOTA_CONTEXT = "http://context/ngsi-context.jsonld"


def iota_measure(device: str, value: float, when: str) -> dict:
    """One entity of the body iotagent-node-lib posts for a measure (NGSI-LD mode)."""
    return {
        "id": f"urn:ngsi-ld:Device:{device}",
        "type": "Device",
        "temperature": {"type": "Property", "value": value, "unitCode": "CEL", "observedAt": when},
        "TimeInstant": {"type": "Property", "value": {"@type": "DateTime", "@value": when}},
        "@context": IOTA_CONTEXT,
    }


def iota_headers(api_key: str) -> dict:
    return {
        "X-API-Key": api_key,
        "Content-Type": "application/ld+json",
        "NGSILD-Tenant": "openiot",
        "NGSILD-Path": "/",
        "fiware-service": "openiot",
        "fiware-servicepath": "/",
    }


def test_iot_agent_upsert_with_trailing_slash(client, api_key, db):
    url = f"{BASE}/entityOperations/upsert/?options=update"
    first = client.post(
        url, json=[iota_measure("001", 21.5, "2026-11-20T08:00:00.000Z")], headers=iota_headers(api_key)
    )
    assert first.status_code == 201, first.text
    assert first.json() == ["urn:ngsi-ld:Device:001"]
    again = client.post(
        url, json=[iota_measure("001", 22.0, "2026-11-20T08:05:00.000Z")], headers=iota_headers(api_key)
    )
    assert again.status_code == 204
    got = client.get(
        f"{BASE}/entities/urn:ngsi-ld:Device:001", headers={"X-API-Key": api_key, "NGSILD-Tenant": "openiot"}
    ).json()
    assert got["temperature"] == {
        "type": "Property",
        "value": 22.0,
        "unitCode": "CEL",
        "observedAt": "2026-11-20T08:05:00Z",
    }
    assert got["TimeInstant"]["value"]["@value"] == "2026-11-20T08:05:00.000Z"
    history = db.scalars(
        select(NgsiAttrInstance.num_value)
        .where(NgsiAttrInstance.attr == "temperature")
        .order_by(NgsiAttrInstance.observed_at)
    ).all()
    assert history == [21.5, 22.0]


def test_upsert_update_keeps_other_attributes_replace_drops_them(client, ngsi):
    base = {
        "id": "urn:ngsi-ld:Lamp:1",
        "type": "Lamp",
        "state": {"type": "Property", "value": "on"},
        "power": {"type": "Property", "value": 40},
    }
    client.post(f"{BASE}/entityOperations/upsert", json=[base], headers=ngsi)
    patch = {"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp", "state": {"type": "Property", "value": "off"}}
    assert (
        client.post(
            f"{BASE}/entityOperations/upsert", params={"options": "update"}, json=[patch], headers=ngsi
        ).status_code
        == 204
    )
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Lamp:1", headers=ngsi).json()
    assert got["state"]["value"] == "off" and got["power"]["value"] == 40
    assert client.post(f"{BASE}/entityOperations/upsert", json=[patch], headers=ngsi).status_code == 204
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Lamp:1", headers=ngsi).json()
    assert "power" not in got


def test_partial_failure_is_207_and_bad_entities_store_nothing(client, ngsi, db):
    items = [
        {"id": "urn:ngsi-ld:Lamp:ok", "type": "Lamp", "state": {"type": "Property", "value": "on"}},
        {"id": "urn:ngsi-ld:Lamp:notype", "state": {"type": "Property", "value": "on"}},
        {"id": "lamp 3", "type": "Lamp"},
        {
            "id": "urn:ngsi-ld:Lamp:badtime",
            "type": "Lamp",
            "state": {"type": "Property", "value": "on", "observedAt": "yesterday"},
        },
    ]
    res = client.post(f"{BASE}/entityOperations/upsert", json=items, headers=ngsi)
    assert res.status_code == 207
    body = res.json()
    assert body["success"] == ["urn:ngsi-ld:Lamp:ok"]
    errors = {e["entityId"]: e["error"] for e in body["errors"]}
    assert errors["urn:ngsi-ld:Lamp:notype"]["type"] == ERR + "BadRequestData"
    assert errors["urn:ngsi-ld:Lamp:notype"]["detail"].startswith("type:")
    assert errors["lamp 3"]["detail"].startswith("id:")
    assert errors["urn:ngsi-ld:Lamp:badtime"]["detail"].startswith("state.observedAt:")
    stored = db.scalars(select(NgsiEntity.entity_id)).all()
    assert stored == ["urn:ngsi-ld:Lamp:ok"]
    assert db.scalar(select(func.count()).select_from(NgsiAttrInstance)) == 1


def test_batch_create_conflict_and_update_missing(client, ngsi):
    one = {"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp"}
    assert client.post(f"{BASE}/entityOperations/create", json=[one], headers=ngsi).status_code == 201
    res = client.post(
        f"{BASE}/entityOperations/create", headers=ngsi, json=[one, {"id": "urn:ngsi-ld:Lamp:2", "type": "Lamp"}]
    )
    assert res.status_code == 207
    assert res.json()["success"] == ["urn:ngsi-ld:Lamp:2"]
    assert res.json()["errors"][0]["error"]["type"] == ERR + "AlreadyExists"
    upd = client.post(
        f"{BASE}/entityOperations/update",
        headers=ngsi,
        json=[
            {"id": "urn:ngsi-ld:Lamp:1", "state": {"type": "Property", "value": "on"}},
            {"id": "urn:ngsi-ld:Lamp:9", "state": {"type": "Property", "value": "on"}},
        ],
    )
    assert upd.status_code == 207
    assert upd.json()["errors"] == [
        {
            "entityId": "urn:ngsi-ld:Lamp:9",
            "error": {
                "type": ERR + "ResourceNotFound",
                "title": "Resource not found",
                "status": 404,
                "detail": "entity urn:ngsi-ld:Lamp:9 was not found",
            },
        }
    ]
    ok = client.post(
        f"{BASE}/entityOperations/update",
        headers=ngsi,
        json=[{"id": "urn:ngsi-ld:Lamp:2", "state": {"type": "Property", "value": "off"}}],
    )
    assert ok.status_code == 204


def test_batch_delete(client, ngsi, db):
    client.post(
        f"{BASE}/entityOperations/create",
        headers=ngsi,
        json=[{"id": f"urn:ngsi-ld:Lamp:{i}", "type": "Lamp"} for i in range(3)],
    )
    res = client.post(
        f"{BASE}/entityOperations/delete", headers=ngsi, json=["urn:ngsi-ld:Lamp:0", "urn:ngsi-ld:Lamp:1"]
    )
    assert res.status_code == 204
    res = client.post(
        f"{BASE}/entityOperations/delete", headers=ngsi, json=["urn:ngsi-ld:Lamp:2", "urn:ngsi-ld:Lamp:0"]
    )
    assert res.status_code == 207 and res.json()["success"] == ["urn:ngsi-ld:Lamp:2"]
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 0
    assert db.scalars(select(AuditEntry).where(AuditEntry.action == "ngsi_ld.batch.delete")).first() is not None


def test_batch_body_must_be_a_non_empty_array(client, ngsi):
    for body in ({"id": "urn:x:1", "type": "T"}, []):
        res = client.post(f"{BASE}/entityOperations/upsert", json=body, headers=ngsi)
        assert res.status_code == 400 and res.json()["detail"].startswith("body:")
    res = client.post(f"{BASE}/entityOperations/merge", json=[{"id": "urn:x:1", "type": "T"}], headers=ngsi)
    assert res.json()["type"] == ERR + "OperationNotSupported"


def test_upsert_publishes_an_event_per_entity_after_commit(client, ngsi):
    seen = []
    unsubscribe = bus.get_bus().subscribe("ngsi_ld.entity.upserted", lambda evt: seen.append(evt.data))
    try:
        alert = {
            "id": "urn:ngsi-ld:Alert:1",
            "type": "Alert",
            "category": {"type": "Property", "value": "traffic"},
            "subCategory": {"type": "Property", "value": "carAccident"},
            "severity": {"type": "Property", "value": "high"},
            "alertSource": {"type": "Property", "value": "urn:ngsi-ld:Camera:7"},
            "dateIssued": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-11-20T08:00:00Z"}},
            "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [108.2, 16.05]}},
        }
        assert client.post(f"{BASE}/entityOperations/upsert", json=[alert], headers=ngsi).status_code == 201
    finally:
        unsubscribe()
    assert seen == [{"tenant": "", "id": "urn:ngsi-ld:Alert:1", "type": "Alert", "created": True}]
