"""The ingest contract: stored once, duplicates counted, bad rows named, units normalised, rollups exact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from ioc.auth.models import AuditEntry
from ioc.auth.principal import SYSTEM
from ioc.sensors import repository, service
from ioc.sensors.models import DailyRollup, HourlyRollup, Observation

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)


def _row(minutes: int, value: float, quantity: str = "pm25", station: str = "HN-01", **extra) -> dict:
    return {"station": station, "quantity": quantity, "time": (T0 + timedelta(minutes=minutes)).isoformat(),
            "value": value, **extra}


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
    assert repository.count_observations(db) == 4
    hour = db.scalars(select(HourlyRollup)).one()
    assert (hour.n, hour.total, hour.vmin, hour.vmax) == (4, 100.0, 10.0, 40.0)
    day = db.scalars(select(DailyRollup)).one()
    assert day.n == 4
    # 08:00 UTC is 15:00 in Hà Nội: the day starts at 17:00 UTC the day before.
    assert day.start == int(datetime(2025, 2, 28, 17, tzinfo=timezone.utc).timestamp())


def test_bad_rows_are_named_and_good_rows_kept(db, make_station):
    make_station("HN-01")
    future = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
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
    assert fields == [(1, "unit"), (2, "time"), (3, "time"), (4, "station"), (5, "quantity"),
                      (6, "value"), (7, "time")]
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
