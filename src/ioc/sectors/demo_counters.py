"""Demo traffic counters on the demo's inter-ward road links (the province's own counters sit on the main roads),
with two hours of counts and a live feed, so every demo road segment has a congestion level."""

from __future__ import annotations

import asyncio
import math
import random
from datetime import datetime, timedelta

from shapely.geometry import shape

from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors_service

GATEWAY = Principal(kind="system", name="demo:dem-xe", role="integrator")
PREFIX = "DEM-"
FEED_SECONDS = 120
HISTORY_MINUTES = 120
LINK_NAME = "Đường liên xã"


def _counts(code: str, when: datetime) -> dict[str, float]:
    """Vehicles/h, lane occupancy (%) and mean speed (km/h): rush hours at 7 h and 17 h, a level per road."""
    level = 0.5 + (sum(map(ord, code)) % 7) / 6  # 0.5 (a quiet road) to 1.5 (a busy one)
    hour = (when.hour + 7) % 24 + when.minute / 60
    rush = 1 + 0.9 * math.exp(-((hour - 7) ** 2) / 2) + 1.1 * math.exp(-((hour - 17) ** 2) / 2)
    day = 0.25 if hour < 5 or hour > 22 else 1.0
    flow = 420 * level * rush * day * random.Random(f"{code}{when:%H%M}").uniform(0.85, 1.15)
    occupancy = min(90.0, flow / 28)
    speed = max(8.0, 52 - occupancy * 0.9)
    return {"intensity": round(flow), "occupancy": round(occupancy, 1), "average_speed": round(speed, 1)}


def _rows(codes: list[str], when: datetime) -> list[dict]:
    stamp = when.isoformat()
    return [
        {"station": c, "quantity": q, "time": stamp, "value": v} for c in codes for q, v in _counts(c, when).items()
    ]


def seed_counters(session, features: list[dict]) -> None:
    """A counter at the middle of each inter-ward link of the demo's road segments, and two hours of counts."""
    stations = []
    for f in features:
        if not f["properties"].get("ten_duong", "").startswith(LINK_NAME):
            continue
        mid = shape(f["geometry"]).interpolate(0.5, normalized=True)
        stations.append(sensors_service.StationIn(
            code=PREFIX + f["properties"]["ma_doan"], name=f"Điểm đếm xe {f['properties']['ten_duong']}"[:200],
            kind="traffic", lat=mid.y, lon=mid.x, quantities=["intensity", "occupancy", "average_speed"],
            interval_seconds=FEED_SECONDS, attributes={"synthetic": True}))  # fmt: skip
    if not stations:
        return
    sensors_service.create_stations(session, GATEWAY, stations)
    codes = [s.code for s in stations]
    now = utcnow().replace(second=0, microsecond=0)
    rows = [r for m in range(HISTORY_MINUTES, -1, -10) for r in _rows(codes, now - timedelta(minutes=m))]
    sensors_service.ingest(session, GATEWAY, rows, source="demo:dem-xe")


def _codes(session) -> list[str]:
    return [s.code for s in sensors_service.active_stations(session, ["traffic"]) if s.code.startswith(PREFIX)]


async def feed(runtime) -> None:
    """Every two minutes, new counts at each link's counter (the demo's live congestion)."""
    while True:
        await asyncio.sleep(FEED_SECONDS)
        with unit_of_work(runtime.session_factory) as session:
            rows = _rows(_codes(session), utcnow().replace(microsecond=0))
            if rows:
                sensors_service.ingest(session, GATEWAY, rows, source="demo:dem-xe")


def simulators(runtime) -> list:
    """The demo's live traffic counts on the road links."""
    return [feed]
