"""Demo events: a day of camera, hotline and flood-sensor events, and a live stream for `ioc demo`."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.events import repository, service
from ioc.events.schemas import EventIn

DEMO_ACTOR = Principal(kind="system", name="demo:su-kien", role="admin")
# (weight, source, category, sub_category, severities, Vietnamese title)
KINDS = [
    (6, "camera-ai", "traffic", "trafficJam", ("low", "medium"), "Ùn tắc giao thông tại nút giao"),
    (3, "camera-ai", "traffic", "carAccident", ("medium", "high"), "Va chạm giao thông"),
    (3, "camera-ai", "traffic", "trafficViolation", ("informational", "low"), "Xe đi ngược chiều"),
    (1, "camera-ai", "security", "crowdRisk", ("medium",), "Tụ tập đông người"),
    (1, "camera-ai", "naturalDisaster", "fireRisk", ("high",), "Phát hiện khói"),
    (3, "hotline-113", "security", "civilDisorder", ("medium", "high"), "Gây rối trật tự công cộng"),
    (1, "hotline-113", "security", "robbery", ("high",), "Cướp giật tài sản"),
    (1, "hotline-114", "naturalDisaster", "buildingFire", ("high", "critical"), "Cháy nhà dân"),
    (2, "hotline-115", "health", "medicalEmergency", ("medium", "high"), "Cấp cứu y tế"),
    (2, "flood-sensor", "naturalDisaster", "flood", ("low", "medium", "high"), "Ngập đường do mưa lớn"),
]
WEIGHTS = [k[0] for k in KINDS]


def _wards(session: Session) -> list[tuple[float, float]]:
    return [(a.centroid_lat, a.centroid_lon) for a in areas_service.demo_wards(session)]


def _event(rng: random.Random, places: list[tuple[float, float]], at: datetime) -> EventIn:
    _, source, category, sub, severities, title = rng.choices(KINDS, weights=WEIGHTS)[0]
    lat, lon = rng.choice(places)
    lat, lon = lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)
    payload: dict = {"camera": f"CAM-{rng.randint(1, 60):03d}", "confidence": round(rng.uniform(0.7, 0.99), 2)}
    if source.startswith("hotline"):
        payload = {"line": source.split("-")[1], "call_duration_s": rng.randint(40, 400)}
    elif source == "flood-sensor":
        payload = {"station": f"NGAP-{rng.randint(1, 20):02d}", "depth_cm": rng.randint(10, 60)}
    media = [f"https://camera.example.vn/snap/{uuid.uuid4().hex[:12]}.jpg"] if source == "camera-ai" else []
    return EventIn(
        category=category, sub_category=sub, severity=rng.choice(severities), occurred_at=at,
        lat=lat, lon=lon, source=source, source_id=uuid.UUID(int=rng.getrandbits(128)).hex,
        title=title, payload=payload, media=media,
    )  # fmt: skip


def seed(ctx) -> None:
    """Idempotent: about 80 events over the last day, more in the rush hours."""
    with unit_of_work(ctx.session_factory) as session:
        # Its own events only: other domains' seeds come first and may record events (an NGSI-LD entity does).
        if repository.count(session, {"since": ctx.now - timedelta(days=30), "source": "camera-ai"}):
            return
        places = _wards(session)
        if not places:
            return
        items = [_event(ctx.rng, places, ctx.now - timedelta(minutes=ctx.rng.uniform(5, 24 * 60))) for _ in range(80)]
        service.record(session, DEMO_ACTOR, items, now=ctx.now)


def _live_step(runtime, rng: random.Random) -> None:
    from ioc.kit.timeutil import utcnow

    with unit_of_work(runtime.session_factory) as session:
        places = _wards(session)
        if places:
            now = utcnow()
            service.record(session, DEMO_ACTOR, [_event(rng, places, now - timedelta(seconds=rng.uniform(1, 20)))])


async def live_events(runtime) -> None:
    """A new camera, hotline or flood-sensor event every 5–20 seconds."""
    rng = random.Random()
    while True:
        await asyncio.sleep(rng.uniform(5, 20))
        await asyncio.to_thread(_live_step, runtime, rng)


def simulate(runtime) -> list:
    """Live events for `ioc demo`."""
    return [live_events]
