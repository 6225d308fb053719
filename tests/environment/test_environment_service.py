"""AQI and WQI computed as data arrives, stored, and served (current, history, map layer)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ioc.auth.principal import SYSTEM
from ioc.environment import aqi, service
from ioc.sensors import service as sensors

# Hourly PM2.5 means of the decision's NowCast example, newest first.
PM25 = [20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9]
HOUR0 = datetime(2025, 3, 1, 0, tzinfo=UTC)


def _rows(code: str, quantity: str, newest_first: list[float], newest: datetime) -> list[dict]:
    return [
        {"station": code, "quantity": quantity, "time": (newest - timedelta(hours=i)).isoformat(), "value": v}
        for i, v in enumerate(newest_first)
    ]


def test_hourly_aqi_matches_the_decision_example(db, client, make_station):
    make_station("AQ-1", quantities=["pm25", "o3", "no2"])
    newest = HOUR0 + timedelta(hours=11, minutes=30)
    rows = _rows("AQ-1", "pm25", PM25, newest)
    rows += [
        {"station": "AQ-1", "quantity": "o3", "time": newest.isoformat(), "value": 136.1},
        {"station": "AQ-1", "quantity": "no2", "time": newest.isoformat(), "value": 118.7},
    ]
    # Arrives in two batches, newest hour first: the later batch must still update the AQI.
    sensors.ingest(db, SYSTEM, rows[:1] + rows[-2:], source="test")
    sensors.ingest(db, SYSTEM, rows[1:-2], source="test")
    db.commit()
    current = client.get("/api/v1/environment/aqi/current").json()
    assert len(current) == 1
    item = current[0]
    assert (item["value"], item["dominant"]) == (60, "no2")
    assert item["sub_indices"] == {"pm25": 41, "o3": 43, "no2": 60}
    assert item["band"]["key"] == "moderate" and item["band"]["color"] == "#FFFF00"
    history = client.get(
        "/api/v1/environment/stations/AQ-1/history",
        params={"period": "hour", "from": HOUR0.isoformat(), "to": (HOUR0 + timedelta(days=1)).isoformat()},
    ).json()
    assert history[-1]["value"] == 60
    # The first hour alone has no NowCast (needs 2 of the 3 newest hours) and so no AQI.
    assert history[0]["time"].startswith("2025-03-01T01:00")


def test_flagged_values_stay_out_of_the_index(db, make_station):
    make_station("AQ-1")
    t = HOUR0 + timedelta(hours=5)
    rows = [
        {"station": "AQ-1", "quantity": "pm25", "time": (t - timedelta(hours=i)).isoformat(), "value": 20}
        for i in range(3)
    ]
    rows.append(
        {"station": "AQ-1", "quantity": "pm25", "time": (t + timedelta(minutes=5)).isoformat(), "value": 4000}
    )  # above the sensor range
    sensors.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    ((value, _station),) = sensors.current_indices(db, "aqi_h")
    assert value.value == aqi.hourly_aqi({"pm25": 20}).aqi


def test_daily_aqi_and_map_layer(db, client, make_station):
    make_station("AQ-1", quantities=["pm25"])
    make_station("WQ-1", kind="water", quantities=["ph", "do", "bod5", "cod", "n_nh4", "water_temperature"])
    day = datetime(2025, 3, 1, tzinfo=timezone(timedelta(hours=7)))
    rows = [
        {
            "station": "AQ-1",
            "quantity": "pm25",
            "time": (day + timedelta(hours=h, minutes=30)).isoformat(),
            "value": 55.2 if h % 2 else 56.2,
        }
        for h in range(24)
    ]  # varied, else flagged as stuck
    t = (day + timedelta(hours=9)).isoformat()
    rows += [
        {"station": "WQ-1", "quantity": q, "time": t, "value": v}
        for q, v in (
            ("ph", 7.2),
            ("do", 6.5),
            ("bod5", 5),
            ("cod", 12),
            ("n_nh4", 0.2),
            ("as", 0.005),
            ("water_temperature", 27),
        )
    ]
    sensors.ingest(db, SYSTEM, rows, source="test")
    assert service.finalize_days(db, [int(day.timestamp())]) == 1
    db.commit()
    daily = client.get(
        "/api/v1/environment/stations/AQ-1/history",
        params={"period": "day", "from": "2025-02-28T00:00:00Z", "to": "2025-03-03T00:00:00Z"},
    ).json()
    assert [(d["value"], d["dominant"]) for d in daily] == [(110, "pm25")]
    layer = client.get("/api/v1/environment/map").json()
    props = {f["properties"]["code"]: f["properties"] for f in layer["features"]}
    assert props["AQ-1"]["label"] == "Kém" and props["AQ-1"]["color"] == "#FF7E00"
    assert props["WQ-1"]["index"] == "wqi" and props["WQ-1"]["value"] > 50
    assert layer["features"][0]["geometry"]["type"] == "Point"
