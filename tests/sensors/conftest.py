"""Fixtures of the sensors tests: stations placed at ward centroids of the test province."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ioc.areas import repository as areas_repo
from ioc.auth.models import Agency
from ioc.auth.principal import SYSTEM
from ioc.sensors import service
from ioc.sensors.schemas import StationIn


@pytest.fixture
def ward(db: Session, province: str):
    """A ward of the test province with a centroid."""
    wards = [a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None]
    return sorted(wards, key=lambda a: a.code)[0]


@pytest.fixture
def make_station(db: Session, ward):
    """Create a station at the ward's centroid; returns its code."""

    def make(
        code: str = "HN-01",
        kind: str = "air",
        quantities: list[str] | None = None,
        interval: int = 3600,
        owner: str | None = None,
    ) -> str:
        if owner and db.get(Agency, owner) is None:
            db.add(Agency(code=owner, name=f"Cơ quan {owner}"))  # a station's owner is a known agency
            db.flush()
        data = StationIn(
            code=code,
            name=f"Trạm {code}",
            kind=kind,
            lat=ward.centroid_lat,
            lon=ward.centroid_lon,
            quantities=quantities or ["pm25", "pm10"],
            interval_seconds=interval,
            owner_agency=owner,
        )
        service.upsert_station(db, SYSTEM, data)
        db.commit()
        return code

    return make
