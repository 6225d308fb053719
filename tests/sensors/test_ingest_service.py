"""The ingest contract: stored once, duplicates counted, bad rows named, units normalised, rollups exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from ioc.auth.models import AuditEntry
from ioc.auth.principal import SYSTEM
from ioc.registry import Registry
from ioc.sensors import service
from ioc.sensors.models import DailyRollup, HourlyRollup, Observation
from ioc.sensors.repository import stations as station_repo

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _row(minutes: int, value: float, quantity: str = "pm25", station: str = "HN-01", **extra) -> dict:
    return {
        "station": station,
        "quantity": quantity,
        "time": (T0 + timedelta(minutes=minutes)).isoformat(),
        "value": value,
        **extra,
    }


def test_station_is_located_in_its_ward(db, make_station, ward):
    make_station("HN-01")
    station = service.get_station(db, "HN-01")
    assert station.area_code == ward.code
    entries = db.scalars(select(AuditEntry).where(AuditEntry.object_type == "station")).all()
    assert [e.action for e in entries] == ["station.create"]


def test_ingest_stores_once_and_counts_duplicates(db, make_station):
    make_station("HN-01")
    rows = [_row(0, 10), _row(5, 20), _row(5, 20), _row(10, 30)]
    first = service.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    assert (first.stored, first.duplicates, first.rejected) == (3, 1, [])
    again = service.ingest(db, SYSTEM, rows[:2] + [_row(15, 40)], source="test")
    db.commit()
    assert (again.stored, again.duplicates) == (1, 2)
    assert station_repo.count_observations(db) == 4
    hour = db.scalars(select(HourlyRollup)).one()
    assert (hour.n, hour.total, hour.vmin, hour.vmax) == (4, 100.0, 10.0, 40.0)
    day = db.scalars(select(DailyRollup)).one()
    assert day.n == 4
    # 08:00 UTC is 15:00 in Hà Nội: the day starts at 17:00 UTC the day before.
    assert day.start == int(datetime(2025, 2, 28, 17, tzinfo=UTC).timestamp())


def test_bad_rows_are_named_and_good_rows_kept(db, make_station):
    make_station("HN-01")
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    rows = [
        _row(0, 10),
        _row(1, 5, unit="furlongs"),
        {"station": "HN-01", "quantity": "pm25", "time": "2025-03-01T08:02:00", "value": 3},
        {"station": "HN-01", "quantity": "pm25", "time": future, "value": 3},
        _row(3, 1, station="NOPE"),
        _row(4, 1, quantity="radon"),
        _row(5, "abc"),
        {"station": "HN-01", "quantity": "pm25", "value": 3},
    ]
    result = service.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    assert result.stored == 1
    fields = [(r["index"], r["field"]) for r in result.rejected]
    assert fields == [(1, "unit"), (2, "time"), (3, "time"), (4, "station"), (5, "quantity"), (6, "value"), (7, "time")]
    assert "furlongs" in result.rejected[0]["reason"]
    assert "zone" in result.rejected[1]["reason"]
    assert "future" in result.rejected[2]["reason"]


def test_mg_per_m3_is_converted_and_original_unit_kept(db, make_station):
    make_station("HN-01", quantities=["co"])
    service.ingest(db, SYSTEM, [_row(0, 1.5, quantity="co", unit="mg/m3")], source="test")
    db.commit()
    obs = db.scalars(select(Observation)).one()
    assert (obs.value, obs.unit_sent) == (1500.0, "mg/m3")
    latest = service.latest(db, ["HN-01"])
    assert [(v.quantity, v.value, v.unit) for v in latest] == [("co", 1500.0, "µg/m³")]


def test_implausible_values_are_flagged_kept_and_left_out_of_rollups(db, make_station):
    make_station("HN-01")
    rows = [_row(0, -4), _row(1, 5000), _row(2, 12)]
    rows += [_row(10 + i, 33.3) for i in range(14)]  # a stuck sensor
    result = service.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    assert result.stored == 17
    flags = dict(db.execute(select(Observation.ts, Observation.flag)).all())
    assert sorted(flags.values()).count(0) == 1 + 11
    assert sorted(flags.values()).count(3) == 3
    assert 1 in flags.values() and 2 in flags.values()
    hour = db.scalars(select(HourlyRollup)).one()
    assert hour.n == 12 and hour.flagged == 5 and hour.vmin == 12.0


def test_ingest_is_audited_and_state_follows_last_seen(db, make_station):
    make_station("HN-01", interval=300)
    service.ingest(db, SYSTEM, [_row(0, 10)], source="test")
    db.commit()
    station = service.get_station(db, "HN-01")
    assert station.last_seen_at == T0
    assert service.station_state(station, T0 + timedelta(minutes=6)) == "online"
    assert service.station_state(station, T0 + timedelta(minutes=20)) == "stale"
    assert service.station_state(station, T0 + timedelta(hours=2)) == "offline"
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "observations.ingest")).one()
    assert entry.after["stored"] == 1


def test_one_batch_for_many_stations_moves_each_last_seen_forward_only(db, make_station):
    for code in ("HN-01", "HN-02", "HN-03"):
        make_station(code)
    rows = [_row(30, 10, station="HN-01"), _row(10, 11, station="HN-02"), _row(20, 12, station="HN-02")]
    assert service.ingest(db, SYSTEM, rows, source="test").stored == 3
    db.commit()
    # A late row does not move last_seen_at back; a newer one moves it forward.
    service.ingest(db, SYSTEM, [_row(0, 9, station="HN-01"), _row(40, 13, station="HN-02")], source="test")
    db.commit()
    db.expire_all()
    seen = {code: service.get_station(db, code).last_seen_at for code in ("HN-01", "HN-02", "HN-03")}
    assert seen == {"HN-01": T0 + timedelta(minutes=30), "HN-02": T0 + timedelta(minutes=40), "HN-03": None}
    latest = {(v.station, v.quantity): v.value for v in service.latest(db, None)}
    assert latest == {("HN-01", "pm25"): 10.0, ("HN-02", "pm25"): 13.0}


def test_ingest_hooks_get_the_touched_hours_and_the_kinds_of_the_stations(db, make_station):
    make_station("HN-01")
    make_station("SONG-01", kind="water", quantities=["ph"])
    calls = []
    db.info["registry"] = Registry(ingest_hooks=[lambda session, touched, kinds: calls.append((touched, kinds))])
    service.ingest(
        db, SYSTEM, [_row(0, 10), _row(70, 12), _row(5, 7.1, quantity="ph", station="SONG-01")], source="test"
    )
    ids = {code: service.get_station(db, code).id for code in ("HN-01", "SONG-01")}
    hour = int(T0.timestamp())
    assert calls == [
        ({ids["HN-01"]: {hour, hour + 3600}, ids["SONG-01"]: {hour}}, {ids["HN-01"]: "air", ids["SONG-01"]: "water"})
    ]


def test_imported_rollups_with_repeated_keys_are_folded(db, make_station):
    make_station("HN-01")
    sid = service.get_station(db, "HN-01").id
    hour = int(T0.timestamp())
    hourly = [
        {"s": sid, "q": "pm25", "t": hour, "n": 2, "total": 10, "vmin": 4, "vmax": 6, "f": 0},
        {"s": sid, "q": "pm25", "t": hour, "n": 1, "total": 3.5, "vmin": 3.5, "vmax": 3.5, "f": 1},
        {"s": sid, "q": "pm25", "t": hour + 3600, "n": 0, "total": 0, "vmin": None, "vmax": None, "f": 2},
    ]
    service.import_rollups(db, SYSTEM, hourly, [], source="archive")
    service.import_rollups(db, SYSTEM, hourly[:1], [], source="archive")
    db.commit()
    rows = [
        (r.start, r.n, r.total, r.vmin, r.vmax, r.flagged)
        for r in db.scalars(select(HourlyRollup).order_by(HourlyRollup.start))
    ]
    assert rows == [(hour, 5, 23.5, 3.5, 6.0, 1), (hour + 3600, 0, 0.0, None, None, 2)]


def test_stations_created_together_are_located_and_audited_each(db, ward):
    from ioc.auth.principal import Principal
    from ioc.kit.errors import Forbidden
    from ioc.sensors.schemas import StationIn

    items = [
        StationIn(
            code=f"DN-{i}",
            name=f"Trạm {i}",
            kind="air",
            lat=ward.centroid_lat,
            lon=ward.centroid_lon,
            quantities=["pm25"],
        )
        for i in range(3)
    ]
    created = service.create_stations(db, SYSTEM, items)
    db.commit()
    assert [s.code for s in created] == ["DN-0", "DN-1", "DN-2"] and all(s.id for s in created)
    assert {s.area_code for s in created} == {ward.code}
    refs = service.station_refs(db, ["DN-1", "NOPE"])
    assert list(refs) == ["DN-1"] and refs["DN-1"].kind == "air" and refs["DN-1"].active
    entries = db.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "station.create")).all()
    assert sorted(entries) == ["DN-0", "DN-1", "DN-2"]
    scoped = Principal(kind="apikey", name="gw", role="integrator", agency_code="STNMT")
    with pytest.raises(Forbidden):
        service.create_stations(db, scoped, [items[0].model_copy(update={"code": "DN-9", "owner_agency": "SGTVT"})])


def test_hourly_and_daily_series_read_the_rollups_in_time_order(db, make_station, db_kind):
    make_station("HN-01")
    rows = [_row(m, float(m)) for m in range(0, 180, 20)] + [_row(24 * 60 + 5, 7.0)]
    service.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    start, end = T0 - timedelta(days=1), T0 + timedelta(days=2)
    hours = service.series(db, "HN-01", "pm25", "hour", start, end)["points"]
    assert [(p["time"], p["value"], p["min"], p["max"], p["count"]) for p in hours] == [
        (T0, 20.0, 0.0, 40.0, 3),
        (T0 + timedelta(hours=1), 80.0, 60.0, 100.0, 3),
        (T0 + timedelta(hours=2), 140.0, 120.0, 160.0, 3),
        (T0 + timedelta(days=1), 7.0, 7.0, 7.0, 1),
    ]
    days = service.series(db, "HN-01", "pm25", "day", start, end)["points"]
    assert [(p["count"], p["max"]) for p in days] == [(9, 160.0), (1, 7.0)]
    if db_kind == "postgres":  # the values ride in the key's index: a series is an index-only scan
        definition = db.scalar(
            text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'pk_observation_hourly' "
                "AND schemaname = current_schema()"
            )
        )
        assert definition.endswith("(station_id, quantity, start) INCLUDE (n, total, vmin, vmax)")
