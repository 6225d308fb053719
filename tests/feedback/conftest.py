"""Fixtures of the feedback tests: agencies, the shipped categories, helpers to file reports."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from ioc.auth.principal import SYSTEM
from ioc.feedback import catalog, categories, intake
from ioc.feedback.schemas import ReportIn
from ioc.feedback.settings import FeedbackSettings
from tests.places import HAI_CHAU

CATEGORIES = Path(__file__).resolve().parents[2] / "src" / "ioc" / "feedback" / "data" / "categories.json"
# A point inside the synthetic boundaries of the test province (Đà Nẵng).
REPORTER = {
    "name": "Nguyễn Thị Bí Mật",
    "email": "bimat.reporter@example.vn",
    "phone": "0905123456",
    "device_id": "device-SECRET-42",
}


@pytest.fixture(autouse=True)
def fresh_catalog():
    """Tables are emptied between tests behind the per-process catalog's back: start and end each test without it."""
    catalog.invalidate()
    yield
    catalog.invalidate()


@pytest.fixture
def feedback(db: Session, province: str, settings) -> FeedbackSettings:
    """Agencies, categories from the shipped file, and the feedback settings."""
    from ioc.demo import core

    core.seed_agencies(db, province)
    categories.import_categories(db, SYSTEM, CATEGORIES)
    db.commit()
    return settings.section(FeedbackSettings)


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG whose EXIF carries a GPS position, as phone cameras write it."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (16.0, 3.0, 15.84), 3: "E", 4: (108.0, 12.0, 7.92)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def filed_report(
    db: Session,
    settings: FeedbackSettings,
    *,
    category: str = "O_GA",
    at: datetime | None = None,
    lat: float = HAI_CHAU[0],
    lon: float = HAI_CHAU[1],
    media_dir: str = "/tmp/ioc-test-media",
    **extra,
) -> intake.Filed:
    """File a report through the intake, committed, with the secret reporter's contact details."""
    data = ReportIn(
        category_code=category,
        description=extra.pop("description", "Ổ gà lớn giữa đường"),
        lat=lat,
        lon=lon,
        **(REPORTER | extra),
    )
    filed = intake.file_report(db, SYSTEM, data, settings, media_dir=media_dir, now=at or datetime.now(UTC))
    db.commit()
    return filed


def file_report(db: Session, settings: FeedbackSettings, **kwargs):
    """File a report (as `filed_report`) and return it."""
    return filed_report(db, settings, **kwargs).report


def cookie_login(client, username: str, password: str = "password-123") -> None:
    """Sign in through the login form so the client carries the session cookie, as a browser would."""
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    res = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
