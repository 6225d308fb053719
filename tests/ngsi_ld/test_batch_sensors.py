"""Batches of Smart Data Models entities feeding the sensors domain: a constant number of
statements per batch, and per-entity errors (207) for what the sensors domain refuses."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.auth import service as auth_service
from ioc.auth.models import Agency, AuditEntry
from ioc.auth.principal import SYSTEM
from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity
from ioc.sensors import service as sensors
from ioc.sensors.repository import stations as sensors_repo
from ioc.sensors.schemas import StationIn, StationPatch
from tests.ngsi_ld.conftest import BASE, WARD_POINT
from tests.sql import counted

ERR = "https://uri.etsi.org/ngsi-ld/errors/"
UPSERT = f"{BASE}/entityOperations/upsert/?options=update"


def air(i: int | str, minute: int, *, location: bool = False, when: str | None = None, **extra) -> dict:
    """What a gateway sends for one air station (the location only when it registers)."""
    at = when or f"2026-11-20T08:{minute:02d}:00Z"
    body = {
        "id": f"urn:ngsi-ld:AirQualityObserved:dn-{i}",
        "type": "AirQualityObserved",
        "PM2_5": {"type": "Property", "value": 20 + minute, "unitCode": "GQ", "observedAt": at},
        "NO2": {"type": "Property", "value": 30, "unitCode": "GQ", "observedAt": at},
        **extra,
    }
    if location:
        body["location"] = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": WARD_POINT}}
    return body


def test_statements_per_batch_do_not_grow_with_its_size(client, ngsi, db, engine, point, db_kind):
    # Warm the per-process caches (API key, ward locator) so both sizes count the same way.
    assert client.post(UPSERT, json=[air("warm", 0, location=True)], headers=ngsi).status_code == 201
    counts = {}
    for size in (3, 30):
        ids = [f"{size}-{i}" for i in range(size)]
        with counted(engine) as created:
            res = client.post(UPSERT, json=[air(i, 0, location=True) for i in ids], headers=ngsi)
        assert res.status_code == 201, res.text
        with counted(engine) as updated:
            res = client.post(UPSERT, json=[air(i, 5) for i in ids], headers=ngsi)
        assert res.status_code == 204, res.text
        counts[size] = (len(created), len(updated))
    assert counts[3][1] == counts[30][1], counts
    if db_kind == "postgres":  # SQLite's ORM flush inserts new stations one by one (no network in process)
        assert counts[3][0] == counts[30][0], counts
    # entities, history, stations, observations, rollups, latest, last-seen, AQI, alert rules, audit
    assert counts[30][1] <= 21
    assert sensors_repo.count_observations(db) == 2 + 2 * 2 * 33
    station = sensors.get_station(db, "urn:ngsi-ld:AirQualityObserved:dn-30-7")
    assert station.kind == "air" and station.area_code == point.code
    assert station.last_seen_at.isoformat() == "2026-11-20T08:05:00+00:00"
    assert {(v.quantity, v.value) for v in sensors.latest(db, [station.code])} == {("pm25", 25.0), ("no2", 30.0)}


def test_stations_are_registered_once_and_described_again_only_on_change(client, ngsi, db, province):
    assert (
        client.post(UPSERT, json=[air(1, 0, location=True), air(2, 0, location=True)], headers=ngsi).status_code == 201
    )
    assert client.post(UPSERT, json=[air(1, 5), air(2, 5)], headers=ngsi).status_code == 204
    # A new pollutant widens the station's quantities (one audited update); plain measurements do not.
    more = air(2, 10, SO2={"type": "Property", "value": 8, "unitCode": "GQ", "observedAt": "2026-11-20T08:10:00Z"})
    assert client.post(UPSERT, json=[air(1, 10), more], headers=ngsi).status_code == 204
    actions = db.execute(
        select(AuditEntry.action, AuditEntry.object_id)
        .where(AuditEntry.object_type == "station")
        .order_by(AuditEntry.id)
    ).all()
    assert [a for a, _ in actions] == ["station.create", "station.create", "station.update"]
    assert actions[2][1] == "urn:ngsi-ld:AirQualityObserved:dn-2"
    assert sorted(sensors.get_station(db, "urn:ngsi-ld:AirQualityObserved:dn-2").quantities) == ["no2", "pm25", "so2"]
    batches = db.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "ngsi_ld_batch")).all()
    assert batches == ["ngsi_ld.batch.upsert"] * 3


def _stored(db, entity_id: str) -> tuple[int, int]:
    history = db.scalar(
        select(func.count()).select_from(NgsiAttrInstance).where(NgsiAttrInstance.entity_id == entity_id)
    )
    station = sensors.get_station(db, entity_id)
    return history, sensors_repo.count_observations(db, station.id) if station else 0


def test_retired_station_is_an_error_entry_and_nothing_of_it_is_stored(client, ngsi, db, province):
    assert (
        client.post(UPSERT, json=[air(1, 0, location=True), air(2, 0, location=True)], headers=ngsi).status_code == 201
    )
    retired = "urn:ngsi-ld:AirQualityObserved:dn-1"
    sensors.patch_station(db, SYSTEM, retired, StationPatch(active=False))
    db.commit()
    before = _stored(db, retired)
    res = client.post(UPSERT, json=[air(1, 5), air(2, 5)], headers=ngsi)
    assert res.status_code == 207, res.text
    body = res.json()
    assert body["success"] == ["urn:ngsi-ld:AirQualityObserved:dn-2"]
    [error] = body["errors"]
    assert error["entityId"] == retired
    assert error["error"]["type"] == ERR + "BadRequestData" and error["error"]["detail"].startswith("id:")
    assert _stored(db, retired) == before
    db.expire_all()
    assert db.scalar(select(NgsiEntity.attrs).where(NgsiEntity.entity_id == retired))["PM2_5"]["value"] == 20
    assert _stored(db, "urn:ngsi-ld:AirQualityObserved:dn-2") == (5, 4)  # location, then 2 × (PM2_5, NO2)


def _agency(db, code: str) -> str:
    db.add(Agency(code=code, name=f"Sở {code}"))
    db.flush()
    return code


def test_station_of_another_agency_is_refused_for_that_entity_only(client, db, province):
    _, key = auth_service.create_api_key(db, SYSTEM, "gw-tnmt", agency_code=_agency(db, "STNMT"))
    _agency(db, "SGTVT")
    sensors.upsert_station(
        db,
        SYSTEM,
        StationIn(
            code="urn:ngsi-ld:AirQualityObserved:dn-9",
            name="Trạm của Sở GTVT",
            kind="air",
            lat=16.05,
            lon=108.209,
            quantities=["pm25", "no2"],
            owner_agency="SGTVT",
        ),
    )
    db.commit()
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    res = client.post(UPSERT, json=[air(9, 0, location=True), air(3, 0, location=True)], headers=headers)
    assert res.status_code == 207, res.text
    assert res.json()["success"] == ["urn:ngsi-ld:AirQualityObserved:dn-3"]
    [error] = res.json()["errors"]
    assert error["entityId"] == "urn:ngsi-ld:AirQualityObserved:dn-9" and error["error"]["status"] == 403
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 1
    assert sensors.get_station(db, "urn:ngsi-ld:AirQualityObserved:dn-3").owner_agency == "STNMT"
    assert sensors_repo.count_observations(db) == 2
    # The same entity alone, outside a batch: 403.
    single = client.post(f"{BASE}/entities", json=air(9, 5, location=True), headers=headers)
    assert single.status_code == 403


def test_moving_a_station_keeps_its_agency_unless_an_agency_key_moves_it(client, ngsi, db, point):
    _, key = auth_service.create_api_key(db, SYSTEM, "gw-tnmt", agency_code=_agency(db, "STNMT"))
    db.commit()
    agency_key = {"X-API-Key": key, "Content-Type": "application/json"}
    assert client.post(UPSERT, json=[air(4, 0, location=True)], headers=agency_key).status_code == 201
    moved = air(4, 5, location=True)
    moved["location"]["value"]["coordinates"] = [WARD_POINT[0] + 0.0005, WARD_POINT[1]]
    assert client.post(UPSERT, json=[moved], headers=ngsi).status_code == 204  # a key of no agency
    db.expire_all()
    station = sensors.get_station(db, "urn:ngsi-ld:AirQualityObserved:dn-4")
    assert station.lon == WARD_POINT[0] + 0.0005 and station.owner_agency == "STNMT"


def test_time_before_2000_rejects_the_entity_naming_the_field(client, ngsi, db, province):
    res = client.post(
        UPSERT, headers=ngsi, json=[air(1, 0, location=True, when="1999-12-31T23:00:00Z"), air(2, 0, location=True)]
    )
    assert res.status_code == 207, res.text
    [error] = res.json()["errors"]
    assert error["entityId"] == "urn:ngsi-ld:AirQualityObserved:dn-1"
    assert error["error"]["detail"].endswith(".observedAt: before the year 2000")
    assert sensors.get_station(db, "urn:ngsi-ld:AirQualityObserved:dn-1") is None
    assert sensors_repo.count_observations(db) == 2
