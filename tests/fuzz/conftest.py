"""Fuzzing fixtures: one app and one seeded database per run, so generated paths hit real rows.

Seeding takes seconds (every ward's agency, the categories, the KPI catalogue); it is done once
for the module, not once per operation. What the fuzzer writes stays until the end of the module,
as it would on a live server.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ioc.areas import repository as areas_repo
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.demo import core
from ioc.feedback import catalog, categories, intake
from ioc.feedback.schemas import ReportIn
from ioc.feedback.settings import FeedbackSettings
from ioc.kpi import service as kpi_service
from ioc.main import create_app
from ioc.sensors import service as sensors_service
from ioc.sensors.schemas import StationIn
from tests.conftest import TEST_PROVINCE, _clean

CATEGORIES = Path(__file__).resolve().parents[2] / "src" / "ioc" / "feedback" / "data" / "categories.json"
STATION, NGSI_STATION = "FUZZ-01", "urn:ngsi-ld:AirQualityObserved:FUZZ-02"
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def fuzz_app(database_url: str, engine: Engine, tmp_path_factory):
    """The application on the test database, without background loops."""
    settings = Settings(
        database_url=database_url,
        secret_key="fuzz-secret-" + "x" * 32,
        jurisdiction=TEST_PROVINCE,
        media_dir=str(tmp_path_factory.mktemp("media")),
        log_json=False,
    )
    yield create_app(settings, engine=engine, run_background=False)
    catalog.invalidate()
    _clean(engine)


def _stations(db, ward) -> None:
    for code in (STATION, NGSI_STATION):
        sensors_service.upsert_station(
            db,
            SYSTEM,
            StationIn(
                code=code,
                name="Trạm thử",
                kind="air",
                lat=ward.centroid_lat,
                lon=ward.centroid_lon,
                quantities=["pm25", "pm10"],
            ),
        )


def _report(db, settings: Settings, ward):
    data = ReportIn(
        category_code="O_GA",
        description="Ổ gà lớn giữa đường",
        lat=ward.centroid_lat,
        lon=ward.centroid_lon,
        name="Người thử",
        email="thu@example.vn",
    )
    return intake.file_report(
        db, SYSTEM, data, settings.section(FeedbackSettings), media_dir=settings.media_dir, now=datetime.now(UTC)
    ).report


@pytest.fixture(scope="module")
def seeded(fuzz_app) -> dict:
    """Wards, agencies, categories, the KPI catalogue, stations, a report, an API key and users."""
    catalog.invalidate()
    with fuzz_app.state.session_factory() as db:
        core.seed_areas(db, TEST_PROVINCE)
        core.seed_agencies(db, TEST_PROVINCE)
        categories.import_categories(db, SYSTEM, CATEGORIES)
        kpi_service.seed_catalogue(db)
        ward = sorted((a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat), key=lambda a: a.code)[0]
        _stations(db, ward)
        report = _report(db, fuzz_app.state.settings, ward)
        auth_service.create_api_key(db, SYSTEM, "fuzz-key")
        admin = auth_service.create_user(db, SYSTEM, username="fuzz-admin", password=PASSWORD, role="admin")
        # The user the generated PATCH /users/{id} calls change; the admin making them stays intact.
        target = auth_service.create_user(db, SYSTEM, username="fuzz-target", password=PASSWORD, role="operator")
        db.commit()
        token = fuzz_app.state.signer.access_token(admin.id, admin.token_version)
        return {
            "admin": {"Authorization": f"Bearer {token}"},
            "ward": ward.code,
            "report_id": report.id,
            "tracking": report.tracking_code,
            "token": report.token,
            "user_id": target.id,
        }
