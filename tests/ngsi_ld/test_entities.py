"""Entity create, read, delete and attribute writes, as FIWARE clients call them."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.auth.models import AuditEntry
from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity
from tests.ngsi_ld.conftest import BASE, CORE, air_entity

ERR = "https://uri.etsi.org/ngsi-ld/errors/"


def _vehicle(eid="urn:ngsi-ld:Vehicle:A4567", **extra):
    body = {
        "id": eid,
        "type": "Vehicle",
        "brandName": {"type": "Property", "value": "Mercedes"},
        "speed": {
            "type": "Property",
            "value": 80,
            "unitCode": "KMH",
            "observedAt": "2026-11-20T08:00:00Z",
            "accuracy": {"type": "Property", "value": 0.95},
        },
        "isParked": {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1"},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [108.22, 16.06]}},
    }
    body.update(extra)
    return body


def test_create_then_read_back_normalized(client, ngsi, db):
    res = client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    assert res.status_code == 201, res.text
    assert res.headers["location"] == f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567"
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", headers=ngsi)
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/json"
    assert CORE in got.headers["link"]
    body = got.json()
    assert body["type"] == "Vehicle"
    assert body["speed"] == {
        "type": "Property",
        "value": 80,
        "unitCode": "KMH",
        "observedAt": "2026-11-20T08:00:00Z",
        "accuracy": {"type": "Property", "value": 0.95},
    }
    assert body["isParked"] == {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1"}
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "ngsi_ld.entity.create")).one()
    assert audit.object_id == "urn:ngsi-ld:Vehicle:A4567" and audit.actor.startswith("apikey:")


def test_key_values_read_and_attrs_projection(client, ngsi):
    client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    got = client.get(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567",
        params={"options": "keyValues", "attrs": "speed,location"},
        headers=ngsi,
    ).json()
    assert got == {
        "id": "urn:ngsi-ld:Vehicle:A4567",
        "type": "Vehicle",
        "speed": 80,
        "location": {"type": "Point", "coordinates": [108.22, 16.06]},
    }
    simplified = client.get(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", params={"format": "simplified"}, headers=ngsi
    ).json()
    assert simplified["brandName"] == "Mercedes"


def test_create_twice_is_409_already_exists(client, ngsi):
    assert client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi).status_code == 201
    res = client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    assert res.status_code == 409
    assert res.json()["type"] == ERR + "AlreadyExists"


def test_entity_without_type_is_400_naming_type_and_nothing_stored(client, ngsi, db):
    body = _vehicle()
    del body["type"]
    res = client.post(f"{BASE}/entities", json=body, headers=ngsi)
    assert res.status_code == 400
    assert res.json()["type"] == ERR + "BadRequestData"
    assert res.json()["detail"].startswith("type:")
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 0


def test_non_uri_id_is_400_naming_id(client, ngsi, db):
    res = client.post(f"{BASE}/entities", json=_vehicle(eid="vehicle 1"), headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("id:")
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 0


def test_bad_attribute_rejects_the_whole_entity(client, ngsi, db):
    body = _vehicle(speed={"type": "Property", "value": 80, "observedAt": "2026-11-20T08:00:00"})
    res = client.post(f"{BASE}/entities", json=body, headers=ngsi)
    assert res.status_code == 400
    assert res.json()["detail"].startswith("speed.observedAt:") and "zone" in res.json()["detail"]
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 0
    assert db.scalar(select(func.count()).select_from(NgsiAttrInstance)) == 0


def test_bad_geometry_and_relationship_are_named(client, ngsi):
    geo = client.post(
        f"{BASE}/entities",
        headers=ngsi,
        json=_vehicle(location={"type": "GeoProperty", "value": {"type": "Point", "coordinates": [16.06, 208.22]}}),
    )
    assert geo.status_code == 400 and geo.json()["detail"].startswith("location.value:")
    rel = client.post(
        f"{BASE}/entities", headers=ngsi, json=_vehicle(isParked={"type": "Relationship", "object": "not a uri"})
    )
    assert rel.status_code == 400 and rel.json()["detail"].startswith("isParked.object:")


def test_malformed_json_and_wrong_content_type(client, ngsi):
    res = client.post(f"{BASE}/entities", content=b'{"id": ', headers=ngsi)
    assert res.status_code == 400 and res.json()["type"] == ERR + "InvalidRequest"
    res = client.post(f"{BASE}/entities", content=b"id=1", headers={**ngsi, "Content-Type": "text/plain"})
    assert res.status_code == 415


def test_ld_json_with_inline_context_and_json_ld_answer(client, ngsi_ld):
    body = air_entity()
    body["@context"] = [{"NO2": "https://smartdatamodels.org/dataModel.Environment/NO2"}, CORE]
    res = client.post(f"{BASE}/entities", json=body, headers=ngsi_ld)
    assert res.status_code == 201, res.text
    got = client.get(
        f"{BASE}/entities/{body['id']}",
        headers={**ngsi_ld, "Link": f'<{CORE}>; rel="http://www.w3.org/ns/json-ld#context"'},
    )
    assert got.headers["content-type"] == "application/ld+json"
    data = got.json()
    assert data["@context"] == CORE
    # Without the client's term the IRI comes back expanded, as a JSON-LD processor would give it.
    assert data["https://smartdatamodels.org/dataModel.Environment/NO2"]["value"] == 22
    assert data["dateObserved"]["value"] == {"@type": "DateTime", "@value": "2026-11-20T08:00:00Z"}


def test_ld_json_without_context_and_json_with_context_are_refused(client, ngsi, ngsi_ld):
    res = client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi_ld)
    assert res.status_code == 400 and res.json()["detail"].startswith("@context:")
    res = client.post(f"{BASE}/entities", json={**_vehicle(), "@context": CORE}, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("@context:")


def test_delete_then_404(client, ngsi, db):
    client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    assert client.delete(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", headers=ngsi).status_code == 204
    res = client.get(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", headers=ngsi)
    assert res.status_code == 404 and res.json()["type"] == ERR + "ResourceNotFound"
    assert client.delete(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", headers=ngsi).status_code == 404


def test_append_with_no_overwrite_answers_207(client, ngsi):
    client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    res = client.post(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567/attrs",
        params={"options": "noOverwrite"},
        headers=ngsi,
        json={"speed": {"type": "Property", "value": 10}, "color": {"type": "Property", "value": "red"}},
    )
    assert res.status_code == 207
    assert res.json() == {
        "updated": ["color"],
        "notUpdated": [{"attributeName": "speed", "reason": "attribute exists and noOverwrite was asked"}],
    }
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", params={"options": "keyValues"}, headers=ngsi).json()
    assert got["speed"] == 80 and got["color"] == "red"


def test_append_overwrites_by_default_204(client, ngsi):
    client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    res = client.post(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567/attrs",
        headers=ngsi,
        json={"speed": {"type": "Property", "value": 10}},
    )
    assert res.status_code == 204


def test_patch_updates_existing_and_reports_unknown(client, ngsi, db):
    client.post(f"{BASE}/entities", json=_vehicle(), headers=ngsi)
    res = client.patch(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567/attrs",
        headers=ngsi,
        json={"speed": {"type": "Property", "value": 55}, "fuel": {"type": "Property", "value": 3}},
    )
    assert res.status_code == 207
    assert res.json()["updated"] == ["speed"]
    assert res.json()["notUpdated"][0]["attributeName"] == "fuel"
    ok = client.patch(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567/attrs",
        headers=ngsi,
        json={"speed": {"type": "Property", "value": 60}},
    )
    assert ok.status_code == 204
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Vehicle:A4567", headers=ngsi).json()
    assert got["speed"]["value"] == 60 and "fuel" not in got
    entry = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "ngsi_ld.entity.update").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.before["speed"]["value"] == 55 and entry.after["speed"]["value"] == 60


def test_patch_unknown_entity_is_404(client, ngsi):
    res = client.patch(
        f"{BASE}/entities/urn:ngsi-ld:Vehicle:none/attrs",
        headers=ngsi,
        json={"speed": {"type": "Property", "value": 1}},
    )
    assert res.status_code == 404


def test_key_values_create(client, ngsi):
    body = {
        "id": "urn:ngsi-ld:Thing:kv",
        "type": "Thing",
        "temperature": 21.5,
        "location": {"type": "Point", "coordinates": [108.2, 16.0]},
    }
    assert client.post(f"{BASE}/entities", params={"options": "keyValues"}, json=body, headers=ngsi).status_code == 201
    got = client.get(f"{BASE}/entities/urn:ngsi-ld:Thing:kv", headers=ngsi).json()
    assert got["temperature"] == {"type": "Property", "value": 21.5}
    assert got["location"]["type"] == "GeoProperty"
