"""GET /entities: type, id, idPattern, q, georel, attrs, paging, count, tenants, auth."""

from __future__ import annotations

import pytest

from ioc.ngsi_ld.settings import NgsiSettings
from tests.ngsi_ld.conftest import BASE

ERR = "https://uri.etsi.org/ngsi-ld/errors/"
# Five sensors along a street in Đà Nẵng, 0.001° of longitude apart (≈107 m).
POINTS = [(108.220 + i * 0.001, 16.060) for i in range(5)]


@pytest.fixture
def sensors(client, ngsi):
    """Five TemperatureSensor entities and one Building."""
    items = [
        {
            "id": f"urn:ngsi-ld:TemperatureSensor:{i:03d}",
            "type": "TemperatureSensor",
            "temperature": {
                "type": "Property",
                "value": 20 + i,
                "unitCode": "CEL",
                "observedAt": f"2026-11-20T0{i}:00:00Z",
            },
            "category": {"type": "Property", "value": "sensor" if i % 2 == 0 else "actuator"},
            "status": {"type": "Property", "value": {"battery": 90 - i * 10, "ok": i != 3}},
            "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": list(p)}},
        }
        for i, p in enumerate(POINTS)
    ]
    items.append(
        {
            "id": "urn:ngsi-ld:Building:b1",
            "type": "Building",
            "name": {"type": "Property", "value": "Trung tâm Hành chính"},
            "location": {
                "type": "GeoProperty",
                "value": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [108.2195, 16.0595],
                            [108.2215, 16.0595],
                            [108.2215, 16.0605],
                            [108.2195, 16.0605],
                            [108.2195, 16.0595],
                        ]
                    ],
                },
            },
        }
    )
    res = client.post(f"{BASE}/entityOperations/create", json=items, headers=ngsi)
    assert res.status_code == 201, res.text
    return items


def ids(res) -> list[str]:
    assert res.status_code == 200, res.text
    return [e["id"].rsplit(":", 1)[1] for e in res.json()]


def test_query_by_type_returns_normalized_entities(client, ngsi, sensors):
    res = client.get(f"{BASE}/entities", params={"type": "TemperatureSensor"}, headers=ngsi)
    assert ids(res) == ["000", "001", "002", "003", "004"]
    assert res.json()[0]["temperature"]["unitCode"] == "CEL"


@pytest.mark.parametrize(
    "q, expected",
    [
        ("temperature>22", ["003", "004"]),
        ("temperature>=21;temperature<23", ["001", "002"]),
        ("temperature==20|temperature==24", ["000", "004"]),
        ("temperature==21..23", ["001", "002", "003"]),
        ("temperature==20,22", ["000", "002"]),
        ('category=="actuator"', ["001", "003"]),
        ('category!="actuator";temperature>20', ["002", "004"]),
        ('(temperature<21|temperature>23);category=="sensor"', ["000", "004"]),
        ("status[battery]<70", ["003", "004"]),
        ("status[ok]==false", ["003"]),
        ("temperature.observedAt>=2026-11-20T03:00:00Z", ["003", "004"]),
        ("category~=act.*", ["001", "003"]),
    ],
)
def test_q_language(client, ngsi, sensors, q, expected):
    res = client.get(f"{BASE}/entities", params={"type": "TemperatureSensor", "q": q}, headers=ngsi)
    assert ids(res) == expected


def test_bad_q_is_400_naming_q(client, ngsi, sensors):
    res = client.get(f"{BASE}/entities", params={"type": "TemperatureSensor", "q": "(temperature>1"}, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("q:")


def test_near_with_max_and_min_distance(client, ngsi, sensors):
    params = {
        "type": "TemperatureSensor",
        "georel": "near;maxDistance==250",
        "geometry": "Point",
        "coordinates": "[108.220,16.060]",
    }
    assert ids(client.get(f"{BASE}/entities", params=params, headers=ngsi)) == ["000", "001", "002"]
    params["georel"] = "near;minDistance==250"
    assert ids(client.get(f"{BASE}/entities", params=params, headers=ngsi)) == ["003", "004"]


def test_within_intersects_disjoint(client, ngsi, sensors):
    box = "[[[108.2205,16.059],[108.2235,16.059],[108.2235,16.061],[108.2205,16.061],[108.2205,16.059]]]"
    within = {"georel": "within", "geometry": "Polygon", "coordinates": box, "type": "TemperatureSensor"}
    assert ids(client.get(f"{BASE}/entities", params=within, headers=ngsi)) == ["001", "002", "003"]
    hits = client.get(
        f"{BASE}/entities",
        headers=ngsi,
        params={"georel": "intersects", "geometry": "Point", "coordinates": "[108.2200,16.0600]", "type": "Building"},
    )
    assert ids(hits) == ["b1"]
    apart = client.get(f"{BASE}/entities", headers=ngsi, params={**within, "georel": "disjoint"})
    assert ids(apart) == ["000", "004"]


def test_bad_geo_parameters_are_named(client, ngsi, sensors):
    res = client.get(
        f"{BASE}/entities",
        headers=ngsi,
        params={"type": "X", "georel": "near;maxDistance==5", "geometry": "Point", "coordinates": "[108.2"},
    )
    assert res.status_code == 400 and res.json()["detail"].startswith("coordinates:")
    res = client.get(
        f"{BASE}/entities",
        headers=ngsi,
        params={"type": "X", "georel": "nearby", "geometry": "Point", "coordinates": "[1,2]"},
    )
    assert res.status_code == 400 and res.json()["detail"].startswith("georel:")


def test_paging_and_results_count(client, ngsi, sensors):
    res = client.get(
        f"{BASE}/entities", headers=ngsi, params={"type": "TemperatureSensor", "limit": 2, "offset": 2, "count": "true"}
    )
    assert ids(res) == ["002", "003"]
    assert res.headers["NGSILD-Results-Count"] == "5"
    filtered = client.get(
        f"{BASE}/entities",
        headers=ngsi,
        params={"type": "TemperatureSensor", "q": "temperature>20", "limit": 1, "count": "true"},
    )
    assert ids(filtered) == ["001"] and filtered.headers["NGSILD-Results-Count"] == "4"
    only_count = client.get(
        f"{BASE}/entities", headers=ngsi, params={"type": "TemperatureSensor", "limit": 0, "count": "true"}
    )
    assert only_count.json() == [] and only_count.headers["NGSILD-Results-Count"] == "5"
    bad = client.get(f"{BASE}/entities", headers=ngsi, params={"type": "TemperatureSensor", "limit": 5000})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("limit:")


def test_id_list_id_pattern_and_attrs(client, ngsi, sensors):
    res = client.get(
        f"{BASE}/entities", headers=ngsi, params={"id": "urn:ngsi-ld:TemperatureSensor:001,urn:ngsi-ld:Building:b1"}
    )
    assert ids(res) == ["001", "b1"]
    res = client.get(f"{BASE}/entities", headers=ngsi, params={"idPattern": "^urn:ngsi-ld:Temp.*:00[34]$"})
    assert ids(res) == ["003", "004"]
    res = client.get(f"{BASE}/entities", headers=ngsi, params={"attrs": "name"})
    assert ids(res) == ["b1"] and set(res.json()[0]) == {"id", "type", "name"}


def test_query_without_any_selector_is_400(client, ngsi, sensors):
    res = client.get(f"{BASE}/entities", headers=ngsi)
    assert res.status_code == 400 and res.json()["type"] == ERR + "BadRequestData"


def test_tenants_are_separate_and_unknown_tenant_is_empty(client, ngsi, sensors):
    tenant = {**ngsi, "NGSILD-Tenant": "openiot", "NGSILD-Path": "/"}
    assert client.get(f"{BASE}/entities", params={"type": "TemperatureSensor"}, headers=tenant).json() == []
    client.post(
        f"{BASE}/entities",
        headers=tenant,
        json={"id": "urn:ngsi-ld:TemperatureSensor:000", "type": "TemperatureSensor"},
    )
    assert ids(client.get(f"{BASE}/entities", params={"type": "TemperatureSensor"}, headers=tenant)) == ["000"]
    assert client.get(f"{BASE}/entities/urn:ngsi-ld:Building:b1", headers=tenant).status_code == 404


def test_reads_need_a_key_unless_configured_public(client, sensors, settings, make_user):
    res = client.get(f"{BASE}/entities", params={"type": "Building"})
    assert res.status_code == 401
    _, citizen = make_user("citizen")
    assert client.get(f"{BASE}/entities", params={"type": "Building"}, headers=citizen).status_code == 403
    _, leader = make_user("leader")
    assert ids(client.get(f"{BASE}/entities", params={"type": "Building"}, headers=leader)) == ["b1"]
    settings.set_section(NgsiSettings(public_reads=True))
    assert ids(client.get(f"{BASE}/entities", params={"type": "Building"})) == ["b1"]


def test_writes_need_a_writer_role(client, make_user):
    body = {"id": "urn:ngsi-ld:Thing:1", "type": "Thing"}
    assert client.post(f"{BASE}/entities", json=body).status_code == 401
    _, leader = make_user("leader")
    res = client.post(f"{BASE}/entities", json=body, headers=leader)
    assert res.status_code == 403 and res.headers["content-type"] == "application/json"
    bad_key = client.post(f"{BASE}/entities", json=body, headers={"X-API-Key": "ioc_wrong"})
    assert bad_key.status_code == 401
