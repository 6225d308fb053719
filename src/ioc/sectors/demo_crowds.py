"""Demo people counters (CrowdFlowObserved) at the tourist sites, with a day of counts and a live feed."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta

from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.facilities import service as facilities_service
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors_service

GATEWAY = Principal(kind="system", name="demo:dem-nguoi", role="integrator")
PREFIX = "urn:ngsi-ld:CrowdFlowObserved:"
FEED_SECONDS = 120


def _count(capacity: int, hour: int, seed: int) -> int:
    day = max(0.05, math.sin((hour - 6) / 14 * math.pi)) if 6 <= hour <= 20 else 0.05
    return round(capacity * day * (0.45 + 0.12 * (seed % 5)))


def _rows(session, when) -> list[dict]:
    rows = []
    for i, site in enumerate(facilities_service.map_points(session, GATEWAY, ("tourist_site",), 200)):
        hour = (when.hour + 7) % 24
        value = _count(int(site["attributes"].get("capacity") or 2000), hour, i)
        rows.append(
            {"station": PREFIX + site["code"], "quantity": "people_count", "time": when.isoformat(), "value": value}
        )
    return rows


def seed_counters(session, ctx) -> None:
    """One counter beside each tourist site (kind other, as NGSI-LD makes it) and six hours of counts."""
    sites = facilities_service.map_points(session, GATEWAY, ("tourist_site",), 200)
    stations = [
        sensors_service.StationIn(code=PREFIX + s["code"], name=f"Đếm người {s['name']}"[:200], kind="other",
                                  lat=s["lat"] + 0.0003, lon=s["lon"] + 0.0003, quantities=["people_count"],
                                  interval_seconds=FEED_SECONDS, attributes={"synthetic": True})
        for s in sites
    ]  # fmt: skip
    if not stations:
        return
    sensors_service.create_stations(session, GATEWAY, stations)
    now = utcnow().replace(second=0, microsecond=0)
    rows = [r for h in range(6, -1, -1) for r in _rows(session, now - timedelta(hours=h))]
    sensors_service.ingest(session, GATEWAY, rows, source="demo:crowd")


async def feed(runtime) -> None:
    """Every two minutes, a new count at each site (the demo's live crowd levels)."""
    while True:
        await asyncio.sleep(FEED_SECONDS)
        with unit_of_work(runtime.session_factory) as session:
            sensors_service.ingest(
                session, GATEWAY, _rows(session, utcnow().replace(microsecond=0)), source="demo:crowd"
            )


def simulators(runtime) -> list:
    """The demo's live people counts."""
    return [feed]
