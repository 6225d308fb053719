"""Synthetic but plausible readings for the demo stations: daily and seasonal cycles plus noise."""

from __future__ import annotations

import math
import random

from ioc.kit.timeutil import VN_OFFSET

AIR = ["pm25", "pm10", "o3", "co", "so2", "no2", "temperature", "humidity"]
WATER = ["ph", "do", "bod5", "cod", "n_nh4", "p_po4", "coliform", "as", "water_temperature", "turbidity"]
TRAFFIC = ["intensity", "occupancy", "average_speed"]

# (name, kind, pollution level 0.6 = clean … 1.6 = busy junction)
STATIONS = [
    ("KK-01", "Trạm không khí Trung tâm hành chính", "air", 1.3),
    ("KK-02", "Trạm không khí Khu công nghiệp", "air", 1.6),
    ("KK-03", "Trạm không khí Ven biển", "air", 0.7),
    ("KK-04", "Trạm không khí Nút giao cửa ngõ", "air", 1.5),
    ("KK-05", "Trạm không khí Công viên", "air", 0.9),
    ("KK-06", "Trạm không khí Khu dân cư", "air", 1.1),
    ("NM-01", "Trạm nước mặt Sông chính", "water", 1.2),
    ("NM-02", "Trạm nước mặt Hồ điều hòa", "water", 1.5),
    ("NM-03", "Trạm nước mặt Thượng nguồn", "water", 0.6),
    ("GT-01", "Điểm đếm xe Cầu trung tâm", "traffic", 1.4),
    ("GT-02", "Điểm đếm xe Quốc lộ", "traffic", 1.2),
    ("GT-03", "Điểm đếm xe Đường ven biển", "traffic", 0.8),
]

NAMES_EN = {
    "KK-01": "Air station, administrative centre",
    "KK-02": "Air station, industrial zone",
    "KK-03": "Air station, seafront",
    "KK-04": "Air station, gateway junction",
    "KK-05": "Air station, park",
    "KK-06": "Air station, residential area",
    "NM-01": "Surface water station, main river",
    "NM-02": "Surface water station, regulating lake",
    "NM-03": "Surface water station, upstream",
    "GT-01": "Traffic counter, central bridge",
    "GT-02": "Traffic counter, national road",
    "GT-03": "Traffic counter, coastal road",
}


# A scripted pollution episode at the industrial zone's station, so a newcomer watching the demo sees
# the PM2.5 rule go pending, fire, reach the operators' feed and resolve: minutes 2–17 of every 40.
EPISODE_STATION = "KK-02"
EPISODE_CYCLE_SECONDS = 40 * 60
EPISODE_WINDOW = (2 * 60, 17 * 60)


def with_episode(code: str, ts: int, values: dict[str, float]) -> dict[str, float]:
    """Live values with the scripted episode: PM2.5 110–170 µg/m³ at the episode station inside the window."""
    offset = ts % EPISODE_CYCLE_SECONDS
    if not code.endswith(EPISODE_STATION) or "pm25" not in values:
        return values
    if not EPISODE_WINDOW[0] <= offset < EPISODE_WINDOW[1]:
        return values
    rise = math.sin(math.pi * (offset - EPISODE_WINDOW[0]) / (EPISODE_WINDOW[1] - EPISODE_WINDOW[0]))
    pm25 = round(110 + 60 * rise, 1)
    return values | {"pm25": pm25, "pm10": round(pm25 * 1.6, 1)}


# A smoke plume at the gateway junction's station from a minute after the simulator starts, 75 minutes
# long, again every 6 hours: the hour's NowCast climbs over AQI 150 within minutes whatever the minute
# it starts (a new hour's mean is the plume's), so the demo's AQI rule fires soon after `ioc demo`.
AQI_STATION = "KK-04"
AQI_EPISODE = (60, 60 + 75 * 60)  # seconds after the simulator's start
AQI_CYCLE_SECONDS = 6 * 3600


def with_aqi_episode(code: str, ts: int, values: dict[str, float], started: int | None) -> dict[str, float]:
    """Live values with the scripted smoke plume: PM2.5 600–700 µg/m³ at the AQI episode station."""
    if started is None or not code.endswith(AQI_STATION) or "pm25" not in values or ts < started:
        return values
    offset = (ts - started) % AQI_CYCLE_SECONDS
    if not AQI_EPISODE[0] <= offset < AQI_EPISODE[1]:
        return values
    pm25 = round(600 + 100 * math.sin(math.pi * (offset - AQI_EPISODE[0]) / (AQI_EPISODE[1] - AQI_EPISODE[0])), 1)
    return values | {"pm25": pm25, "pm10": round(pm25 * 1.3, 1)}


def _local_hour(ts: int) -> float:
    return ((ts + VN_OFFSET) % 86400) / 3600.0


def _season(ts: int) -> float:
    # Northern-winter inversion months are the most polluted: peak around mid-January.
    day_of_year = ((ts + VN_OFFSET) // 86400) % 365
    return 1.0 + 0.35 * math.cos(2 * math.pi * (day_of_year - 15) / 365)


def _rush(hour: float) -> float:
    return 1.0 + 0.6 * math.exp(-((hour - 8) ** 2) / 2.5) + 0.7 * math.exp(-((hour - 18.5) ** 2) / 3)


def _activity(hour: float) -> float:
    """How busy the roads are over a day, smooth and continuous across midnight: lowest about 03:30, a fifth
    of the afternoon level (history and the live simulator read the same curve, so they meet without a step)."""
    return 0.2 + 0.8 * math.sqrt((1 - math.cos(2 * math.pi * (hour - 3.5) / 24)) / 2)


def air(ts: int, level: float, rng: random.Random) -> dict[str, float]:
    """One air reading (µg/m³, °C, %)."""
    hour = _local_hour(ts)
    base = level * _season(ts) * _rush(hour) * rng.uniform(0.85, 1.15)
    sun = max(0.0, math.sin(math.pi * (hour - 6) / 12))
    return {
        "pm25": round(18 * base, 1),
        "pm10": round(30 * base * rng.uniform(0.9, 1.1), 1),
        "o3": round(40 + 90 * sun * rng.uniform(0.8, 1.2), 1),
        "co": round(700 * base, 0),
        "so2": round(12 * base, 1),
        "no2": round(28 * base, 1),
        "temperature": round(25 + 5 * sun - 3 * (_season(ts) - 1) + rng.uniform(-0.5, 0.5), 1),
        "humidity": round(min(99.0, 75 - 15 * sun + rng.uniform(-4, 4)), 1),
    }


def water(ts: int, level: float, rng: random.Random) -> dict[str, float]:
    """One surface-water reading (mg/L unless stated)."""
    wet = 1 + 0.3 * math.sin(2 * math.pi * (((ts + VN_OFFSET) // 86400) % 365 - 250) / 365)
    j = lambda: rng.uniform(0.9, 1.1)  # noqa: E731
    return {
        "ph": round(7.2 + 0.3 * (level - 1) + rng.uniform(-0.15, 0.15), 2),
        "do": round(7.0 - 1.6 * level * j(), 2),
        "bod5": round(3.5 * level * wet * j(), 2),
        "cod": round(9 * level * wet * j(), 1),
        "n_nh4": round(0.2 * level * wet * j(), 3),
        "p_po4": round(0.08 * level * wet * j(), 3),
        "coliform": round(1800 * level * wet * j()),
        "as": round(0.004 * level * j(), 4),
        "water_temperature": round(27 + 2 * (wet - 1) + rng.uniform(-0.5, 0.5), 1),
        "turbidity": round(20 * level * wet * j(), 1),
    }


def traffic(ts: int, level: float, rng: random.Random) -> dict[str, float]:
    """One traffic count (vehicles/h, %, km/h)."""
    hour = _local_hour(ts)
    flow = 1200 * level * _activity(hour) * _rush(hour) * rng.uniform(0.9, 1.1)
    occupancy = min(95.0, flow / 40)
    return {
        "intensity": round(flow),
        "occupancy": round(occupancy, 1),
        "average_speed": round(max(8.0, 55 - occupancy * 0.5 + rng.uniform(-3, 3)), 1),
    }


GENERATORS = {"air": (AIR, air), "water": (WATER, water), "traffic": (TRAFFIC, traffic)}
