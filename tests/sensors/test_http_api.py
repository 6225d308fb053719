"""The native API as integrators use it: API key, JSON / NDJSON / CSV bodies, errors naming fields."""

from __future__ import annotations

import json

import pytest

T = "2025-03-01T15:00:00+07:00"


@pytest.fixture
def station(make_station):
    return make_station("HN-01", quantities=["pm25", "pm10", "co"])


def test_json_array_with_api_key(client, api_key, station):
    body = [
        {"station": "HN-01", "quantity": "pm25", "time": T, "value": 35.5},
        {"station": "HN-01", "quantity": "co", "time": T, "value": 1.2, "unit": "mg/m³"},
        {"station": "HN-01", "quantity": "pm25", "time": T, "value": 35.5},
    ]
    res = client.post(
        "/api/v1/observations",
        content=json.dumps(body),
        headers={"X-API-Key": api_key, "Content-Type": "application/json"},
    )
    assert res.status_code == 200, res.text
    assert res.json() == {"stored": 2, "duplicates": 1, "rejected": []}
    latest = client.get("/api/v1/observations/latest?station=HN-01", headers={"X-API-Key": api_key}).json()
    assert {(v["quantity"], v["value"], v["unit"]) for v in latest} == {
        ("pm25", 35.5, "µg/m³"),
        ("co", 1200.0, "µg/m³"),
    }


def test_ndjson_and_csv(client, api_key, station):
    nd = (
        "\n".join(
            json.dumps({"station": "HN-01", "quantity": "pm10", "time": f"2025-03-01T0{h}:00:00Z", "value": 40 + h})
            for h in range(3)
        )
        + "\n"
    )
    res = client.post(
        "/api/v1/observations", content=nd, headers={"X-API-Key": api_key, "Content-Type": "application/x-ndjson"}
    )
    assert res.json()["stored"] == 3
    csv_text = (
        "station;quantity;time;value;unit\nHN-01;pm25;2025-03-01T08:00:00+07:00;12,5;µg/m3\n"
        "HN-01;pm25;2025-03-01T09:00:00+07:00;abc;\n"
    )
    res = client.post(
        "/api/v1/observations",
        files={"file": ("data.csv", csv_text.encode(), "text/csv")},
        headers={"X-API-Key": api_key},
    )
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["stored"] == 1 and out["rejected"] == [{"index": 1, "field": "value", "reason": "not a number: 'abc'"}]


def test_errors_name_the_field(client, api_key, station):
    h = {"X-API-Key": api_key, "Content-Type": "application/json"}
    res = client.post("/api/v1/observations", content=b'[{"station": ', headers=h)
    assert res.status_code == 400 and res.json()["errors"][0]["field"] == "body"
    res = client.post(
        "/api/v1/observations", content=b'{"a": 1}\nnot json\n', headers={**h, "Content-Type": "application/x-ndjson"}
    )
    assert res.status_code == 400 and res.json()["errors"][0]["field"] == "line 2"
    bad_unit = [{"station": "HN-01", "quantity": "pm25", "time": T, "value": 1, "unit": "ppm"}]
    res = client.post("/api/v1/observations", content=json.dumps(bad_unit), headers=h)
    assert res.status_code == 422
    assert res.json()["errors"] == [{"index": 0, "field": "unit", "reason": res.json()["errors"][0]["reason"]}]
    assert "'ppm'" in res.json()["detail"]
    naive = [{"station": "HN-01", "quantity": "pm25", "time": "2025-03-01T08:00:00", "value": 1}]
    res = client.post("/api/v1/observations", content=json.dumps(naive), headers=h)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "time"
    res = client.post("/api/v1/observations", content=json.dumps(naive), headers={**h, "X-API-Key": "wrong-key"})
    assert res.status_code == 401
    assert client.get("/api/v1/observations/latest", headers={"X-API-Key": api_key}).json() == []


def test_roles_and_agency_scope(client, make_user, db, station):
    from ioc.auth import service as auth_service
    from ioc.auth.principal import SYSTEM
    from ioc.demo import core

    core.seed_agencies(db, "48")
    _, plain = auth_service.create_api_key(db, SYSTEM, "cap-nuoc-gw", agency_code="CAP_NUOC")
    db.commit()
    row = [{"station": "HN-01", "quantity": "pm25", "time": T, "value": 1}]
    res = client.post("/api/v1/observations", json=row, headers={"X-API-Key": plain})
    assert res.status_code == 422 and "not permitted" in res.json()["errors"][0]["reason"]
    _, citizen = make_user("citizen")
    assert client.post("/api/v1/observations", json=row, headers=citizen).status_code == 403
    assert client.get("/api/v1/stations", headers=citizen).status_code == 403
    assert client.get("/api/v1/stations").status_code == 401
    station_body = {
        "code": "CN-01",
        "name": "Trạm nước",
        "kind": "water",
        "lat": 16.05,
        "lon": 108.2,
        "owner_agency": "SO_NNMT",
    }
    assert client.post("/api/v1/stations", json=station_body, headers={"X-API-Key": plain}).status_code == 403


def test_station_crud_and_series(client, make_user, province):
    _, op = make_user("operator")
    body = {
        "code": "urn:ngsi-ld:AirQualityObserved:DN-01",
        "name": "Trạm Hải Châu",
        "kind": "air",
        "lat": 16.06,
        "lon": 108.22,
        "quantities": ["pm25"],
        "interval_seconds": 300,
    }
    res = client.post("/api/v1/stations", json=body, headers=op)
    assert res.status_code == 201, res.text
    assert res.json()["state"] == "never"
    code = body["code"]
    assert (
        client.post("/api/v1/stations", json={**body, "kind": "volcano"}, headers=op)
        .json()["errors"][0]["field"]
        .endswith("kind")
    )
    rows = [
        {"station": code, "quantity": "pm25", "time": f"2025-03-01T0{h}:{m:02d}:00Z", "value": h * 10 + m}
        for h in range(3)
        for m in (0, 30)
    ]
    assert client.post("/api/v1/observations", json=rows, headers=op).json()["stored"] == 6
    res = client.get(
        f"/api/v1/stations/{code}/series",
        headers=op,
        params={"quantity": "pm25", "resolution": "hour", "from": "2025-03-01T00:00:00Z", "to": "2025-03-02T00:00:00Z"},
    )
    assert res.status_code == 200, res.text
    points = res.json()["points"]
    assert [(p["value"], p["min"], p["max"], p["count"]) for p in points] == [
        (15.0, 0.0, 30.0, 2),
        (25.0, 10.0, 40.0, 2),
        (35.0, 20.0, 50.0, 2),
    ]
    raw = client.get(
        f"/api/v1/stations/{code}/series",
        headers=op,
        params={"quantity": "pm25", "resolution": "raw", "from": "2025-03-01T00:00:00Z", "to": "2025-03-01T01:00:00Z"},
    ).json()["points"]
    assert [p["value"] for p in raw] == [0.0, 30.0]
    bad = client.get(f"/api/v1/stations/{code}/series", headers=op, params={"quantity": "pm25", "resolution": "minute"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "resolution"
    res = client.patch(f"/api/v1/stations/{code}", json={"name": "Trạm Hải Châu 2"}, headers=op)
    assert res.json()["name"] == "Trạm Hải Châu 2"
    listed = client.get("/api/v1/stations", params={"kind": "air", "state": "offline"}, headers=op).json()
    assert [s["code"] for s in listed["items"]] == [code]
    assert client.delete(f"/api/v1/stations/{code}", headers=op).json()["active"] is False
