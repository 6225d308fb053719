"""Shared by the alerts tests: a rule on the hourly AQI and PM2.5 readings through the real ingest."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import SYSTEM
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors

RULE = {
    "key": "aqi-high",
    "name": "AQI cao",
    "condition": {"quantity": "aqi", "op": ">", "value": 150, "stations": None},
    "for": "10m",
    "keep_firing_for": "30m",
    "labels": {"severity": "critical"},
    "annotations": {
        "summary": "AQI {value} tại {station} vượt {threshold}",
        "summary_en": "AQI {value} at {station} above {threshold} {unknown}",
    },
}


def pm25(db, code: str, value: float, hours: int = 3, ago: float = 12) -> None:
    """Hourly PM2.5 readings through the real sensors ingest (the environment hook computes the AQI)."""
    newest = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(hours=ago)
    rows = [
        {"station": code, "quantity": "pm25", "time": (newest - timedelta(hours=i)).isoformat(), "value": value}
        for i in range(hours)
    ]
    result = sensors.ingest(db, SYSTEM, rows, source="test")
    assert result.stored + result.duplicates == len(rows)
    db.flush()
