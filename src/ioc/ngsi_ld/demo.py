"""Demo data over NGSI-LD: two air-quality gateways with a day of history, an Alert, a live feed.

Everything goes through the same batch upsert as `POST /entityOperations/upsert`, so the demo
shows Smart Data Models payloads becoming sensors stations and observations.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import datetime, timedelta
from typing import Any

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.kit.timeutil import utcnow
from ioc.ngsi_ld import batch, repository
from ioc.ngsi_ld.context import LdContext
from ioc.runtime import Runtime

log = logging.getLogger(__name__)
GATEWAY = Principal(kind="system", name="ngsi-ld-demo-gateway", role="integrator")
GATEWAYS = [
    ("urn:ngsi-ld:AirQualityObserved:DEMO-NGSI-01", "Trạm khí NGSI-LD số 1", 3),
    ("urn:ngsi-ld:AirQualityObserved:DEMO-NGSI-02", "Trạm khí NGSI-LD số 2", 11),
]
ALERT_ID = "urn:ngsi-ld:Alert:DEMO-NGSI-01"
HISTORY_HOURS = 24
FEED_SECONDS = 60


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _reading(entity_id: str, when: datetime, seed: int) -> dict[str, Any]:
    # A daily rhythm (traffic peaks at 7 h and 18 h local) with a station-specific level.
    local_hour = (when.hour + 7) % 24
    wave = 1 + 0.5 * math.sin((local_hour - 4) / 24 * 2 * math.pi) + 0.3 * math.sin(local_hour / 3.8)
    return {
        "id": entity_id,
        "type": "AirQualityObserved",
        "PM2_5": {
            "type": "Property",
            "value": round((18 + 6 * seed) * wave, 1),
            "unitCode": "GQ",
            "observedAt": _iso(when),
        },
        "NO2": {
            "type": "Property",
            "value": round((25 + 4 * seed) * wave, 1),
            "unitCode": "GQ",
            "observedAt": _iso(when),
        },
    }


def _places(ctx: DemoContext) -> list[tuple[float, float]]:
    with ctx.session_factory() as session:
        located = [(w.centroid_lon, w.centroid_lat) for w in areas_service.demo_wards(session)[:200]]
    return [located[i % len(located)] for _, _, i in GATEWAYS] if located else [(108.2, 16.05)] * len(GATEWAYS)


def seed(ctx: DemoContext) -> None:
    """Create the gateways' entities with a day of hourly readings (once: re-runs change nothing)."""
    with ctx.session_factory() as session:
        if repository.get_entity(session, "", GATEWAYS[0][0]) is not None:
            return
    start = ctx.now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=HISTORY_HOURS)
    first = []
    for (entity_id, name, _), (lon, lat) in zip(GATEWAYS, _places(ctx), strict=True):
        item = _reading(entity_id, start, len(first))
        item["name"] = {"type": "Property", "value": name}
        item["location"] = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, lat]}}
        first.append(item)
    first.append(_alert(ctx.now, *_places(ctx)[0]))
    _upsert(ctx.session_factory, first)
    for h in range(1, HISTORY_HOURS + 1):
        when = start + timedelta(hours=h)
        _upsert(ctx.session_factory, [_reading(eid, when, i) for i, (eid, _, _) in enumerate(GATEWAYS)])
    ctx.notes.append("NGSI-LD: /ngsi-ld/v1/entities?type=AirQualityObserved (API key or bearer token)")


def _alert(now: datetime, lon: float, lat: float) -> dict[str, Any]:
    return {
        "id": ALERT_ID,
        "type": "Alert",
        "category": {"type": "Property", "value": "environment"},
        "subCategory": {"type": "Property", "value": "airPollution"},
        "severity": {"type": "Property", "value": "medium"},
        "description": {"type": "Property", "value": "Bụi PM2,5 tăng cao giờ cao điểm"},
        "alertSource": {"type": "Relationship", "object": GATEWAYS[0][0]},
        "dateIssued": {"type": "Property", "value": {"@type": "DateTime", "@value": _iso(now)}},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, lat]}},
    }


def _upsert(factory, items: list[dict[str, Any]]) -> None:
    with unit_of_work(factory) as session:
        result = batch.upsert(session, GATEWAY, "", items, LdContext(), mode="update")
        if result.errors:
            log.warning("ngsi-ld demo upsert refused entities", extra={"errors": result.errors[:3]})


async def feed(runtime: Runtime) -> None:
    """Every minute, the gateways send a new reading, as an IoT Agent would."""
    while True:
        now = utcnow().replace(second=0, microsecond=0)
        items = [_reading(eid, now, i) for i, (eid, _, _) in enumerate(GATEWAYS)]
        await asyncio.to_thread(_upsert, runtime.session_factory, items)
        await asyncio.sleep(FEED_SECONDS)


def simulators(runtime: Runtime) -> list:
    """The live NGSI-LD feed of the demo."""
    return [feed]
