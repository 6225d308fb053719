"""Fixtures of the sectors tests: a few facilities and counters, and the six sectors' demo figures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.demo.context import DemoContext
from ioc.facilities import service as facilities_service
from ioc.facilities.schemas import FacilityIn
from ioc.kit import urlpolicy
from ioc.kit.timeutil import utcnow
from ioc.kpi import service as kpi_service
from ioc.sensors import service as sensors_service
from ioc.sensors.schemas import StationIn

ADMIN = Principal(kind="system", name="test", role="admin")
KINDS = [
    ("hospital", {"beds": 300}), ("school", {"level": "thpt", "pupils": 900}),
    ("tourist_site", {"capacity": 2000}), ("police_post", {"officers": 20}), ("hotel", {"rooms": 80}),
]  # fmt: skip


def _places(db, province):
    from ioc.demo import core

    core.seed_agencies(db, province)
    kpi_service.seed_catalogue(db)
    wards = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None]
    allow = urlpolicy.Allowlist.parse("")
    for i, (kind, attributes) in enumerate(KINDS):
        w = wards[i % len(wards)]
        body = FacilityIn(code=f"F-{kind}", kind=kind, name=f"Cơ sở {kind}", lat=w.centroid_lat, lon=w.centroid_lon,
                          attributes=attributes, synthetic=True)  # fmt: skip
        facilities_service.create(db, ADMIN, body, allow)
    now = utcnow().replace(microsecond=0)
    for i, (occupancy, speed) in enumerate(((45.0, 12.0), (10.0, 50.0))):
        w = wards[(i * 3) % len(wards)]
        code = f"T-{i}"
        sensors_service.upsert_station(db, ADMIN, StationIn(code=code, name=f"Đếm xe {i}", kind="traffic",
                                       lat=w.centroid_lat, lon=w.centroid_lon, quantities=["occupancy"]))  # fmt: skip
        rows = [{"station": code, "quantity": q, "time": (now - timedelta(minutes=5)).isoformat(), "value": v}
                for q, v in (("occupancy", occupancy), ("average_speed", speed))]  # fmt: skip
        sensors_service.ingest(db, ADMIN, rows, source="test")
    db.commit()


@pytest.fixture
def places(app, db, province):
    """Agencies, the indicator catalogue, one facility of each kind and two traffic counters; the demo context."""
    _places(db, province)
    return DemoContext(settings=app.state.settings, session_factory=app.state.session_factory, province=province)


@pytest.fixture
def seeded(places):
    """What `places` makes, and the sectors' demo."""
    from ioc.sectors import demo

    demo.seed(places)  # seeding twice changes nothing: tests/sectors/test_demo.py
    return places
