"""The NGSI-LD demo seeds through the real batch path and is idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.demo.context import DemoContext
from ioc.ngsi_ld import demo
from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity
from ioc.sensors import service as sensors


def test_seed_twice_writes_once(app, settings, db, province):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    counts = (
        db.scalar(select(func.count()).select_from(NgsiEntity)),
        db.scalar(select(func.count()).select_from(NgsiAttrInstance)),
    )
    demo.seed(ctx)
    again = (
        db.scalar(select(func.count()).select_from(NgsiEntity)),
        db.scalar(select(func.count()).select_from(NgsiAttrInstance)),
    )
    assert counts == again and counts[0] == len(demo.GATEWAYS) + 1
    station = sensors.get_station(db, demo.GATEWAYS[0][0])
    assert station is not None and station.kind == "air" and station.area_code is not None
