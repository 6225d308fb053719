"""What the bulk statements of an ingest carry cell by cell: exact floats, units sent, empty minima, late values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ioc.auth.principal import SYSTEM
from ioc.sensors import service
from ioc.sensors.models import HourlyRollup, Observation

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _row(minutes: int, value, quantity: str = "pm25", **extra) -> dict:
    return {"station": "HN-01", "quantity": quantity, "time": (T0 + timedelta(minutes=minutes)).isoformat(),
            "value": value, **extra}  # fmt: skip


def test_cells_survive_the_bulk_statements_exactly(db, make_station):
    make_station("HN-01", quantities=["pm25", "co"])
    rows = [_row(0, 0.1 + 0.2), _row(5, 20), _row(10, 1e-7), _row(0, 1.5, quantity="co", unit="mg/m3")]
    assert service.ingest(db, SYSTEM, rows, source="test").stored == 4
    db.commit()
    stored = {(o.quantity, o.ts): (o.value, o.unit_sent) for o in db.scalars(select(Observation))}
    ts = int(T0.timestamp())
    assert stored == {
        ("pm25", ts): (0.30000000000000004, None),  # not rounded on the way
        ("pm25", ts + 300): (20.0, None),  # an int among floats
        ("pm25", ts + 600): (1e-7, None),
        ("co", ts): (1500.0, "mg/m3"),
    }
    hour = db.scalars(select(HourlyRollup).where(HourlyRollup.quantity == "pm25")).one()
    assert (hour.n, hour.total, hour.vmin, hour.vmax) == (3, 0.1 + 0.2 + 20 + 1e-7, 1e-7, 20.0)


def test_a_late_value_keeps_the_latest_and_an_hour_of_flagged_values_keeps_no_minimum(db, make_station):
    make_station("HN-01")
    service.ingest(db, SYSTEM, [_row(60, 5000), _row(120, 12.0)], source="test")  # 5000: implausible, flagged
    db.commit()
    service.ingest(db, SYSTEM, [_row(0, 30.0), _row(61, 6000)], source="test")  # late, and flagged again
    db.commit()
    [latest] = service.latest(db, ["HN-01"])
    assert latest.value == 12.0  # the newest value stays the latest
    hours = {h.start: (h.n, h.flagged, h.vmin, h.vmax) for h in db.scalars(select(HourlyRollup))}
    start = int(T0.timestamp())
    assert hours == {start: (1, 0, 30.0, 30.0), start + 3600: (0, 2, None, None), start + 7200: (1, 0, 12.0, 12.0)}
