"""Fuzzing fixtures: a seeded database so generated paths with ids hit real rows."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ioc.areas import repository as areas_repo
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.feedback import catalog, categories
from ioc.feedback import service as feedback_service
from ioc.feedback.schemas import ReportIn
from ioc.feedback.settings import FeedbackSettings
from ioc.kpi import service as kpi_service
from ioc.sensors import service as sensors_service
from ioc.sensors.schemas import StationIn

CATEGORIES = Path(__file__).resolve().parents[2] / "src" / "ioc" / "feedback" / "data" / "categories.json"
STATION, NGSI_STATION = "FUZZ-01", "urn:ngsi-ld:AirQualityObserved:FUZZ-02"


def _stations(db: Session, ward) -> None:
    for code in (STATION, NGSI_STATION):
        sensors_service.upsert_station(db, SYSTEM, StationIn(
            code=code, name="Trạm thử", kind="air", lat=ward.centroid_lat, lon=ward.centroid_lon,
            quantities=["pm25", "pm10"]))


def _report(db: Session, settings, ward):
    data = ReportIn(category_code="O_GA", description="Ổ gà lớn giữa đường", lat=ward.centroid_lat,
                    lon=ward.centroid_lon, name="Người thử", email="thu@example.vn")
    return feedback_service.create_report(db, SYSTEM, data, settings.section(FeedbackSettings),
                                          media_dir=settings.media_dir, now=datetime.now(timezone.utc))


@pytest.fixture
def seeded(db: Session, province: str, settings, make_user) -> dict:
    """Wards, agencies, categories, the KPI catalogue, stations, a report, an API key and an admin."""
    from ioc.demo import core

    catalog.invalidate()
    core.seed_agencies(db, province)
    categories.import_categories(db, SYSTEM, CATEGORIES)
    kpi_service.seed_catalogue(db)
    ward = sorted((a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat), key=lambda a: a.code)[0]
    _stations(db, ward)
    report = _report(db, settings, ward)
    auth_service.create_api_key(db, SYSTEM, "fuzz-key")
    db.commit()
    _, admin = make_user("admin", username="fuzz-admin")
    user_id = auth_service.authenticate(db, "fuzz-admin", "password-123").id
    yield {"admin": admin, "ward": ward.code, "report_id": report.id, "tracking": report.tracking_code,
           "token": report.token, "user_id": user_id}
    catalog.invalidate()
