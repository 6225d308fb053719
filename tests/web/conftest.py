"""Fixtures of the web tests: data in every domain the wall and the pages show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ioc.areas import repository as areas_repo
from ioc.auth.principal import SYSTEM
from ioc.kit.periods import Period
from ioc.kit.timeutil import utcnow
from ioc.kpi import service as kpi
from ioc.sensors import service as sensors
from ioc.sensors.schemas import StationIn
from tests.places import HAI_CHAU

REPORTER = {"name": "Nguyễn Thị Bí Mật", "phone": "0905123456", "email": "bimat.reporter@example.vn"}
CATEGORIES = {"O_GA": ("Ổ gà, hư hỏng mặt đường", "SO_XD"), "RAC_THAI": ("Rác thải, vệ sinh môi trường", "SO_NNMT")}


def _kpi(db) -> None:
    """The catalogue, one indicator far behind plan and one on track, in last month."""
    kpi.seed_catalogue(db)
    today = date.today()
    month = Period((today.replace(day=1) - timedelta(days=1)).replace(day=1), "month")
    kpi.write_targets(
        db,
        SYSTEM,
        [
            kpi.TargetIn("BUDGET_REVENUE", "48", month.year, 0, 36000.0),
            kpi.TargetIn("RETAIL_SALES", "48", month.year, 0, 1000.0),
        ],
    )
    kpi.write_values(
        db,
        SYSTEM,
        [
            kpi.ValueIn("BUDGET_REVENUE", "48", month, "official", 240.0),
            kpi.ValueIn("RETAIL_SALES", "48", month, "estimate", 1000.0),
        ],
    )
    db.commit()


def _environment(db) -> dict[str, int]:
    """Air stations in three wards (two in the same ward, so their markers must not overlap), one silent
    for hours; returns the PM2.5 level fed to each."""
    wards = sorted(
        (a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None), key=lambda a: a.code
    )
    places = {"AQ-A": wards[0], "AQ-B": wards[0], "AQ-C": wards[40], "AQ-OLD": wards[80]}
    levels = {"AQ-A": 160, "AQ-B": 20, "AQ-C": 60, "AQ-OLD": 40}
    for code, ward in places.items():
        sensors.upsert_station(
            db,
            SYSTEM,
            StationIn(
                code=code,
                name=f"Trạm {code}",
                kind="air",
                lat=ward.centroid_lat,
                lon=ward.centroid_lon,
                quantities=["pm25"],
                interval_seconds=1800,
            ),
        )
    db.commit()
    now = utcnow()
    rows = [
        {
            "station": code,
            "quantity": "pm25",
            "time": (now - timedelta(hours=8 if code == "AQ-OLD" else 0, minutes=30 * i)).isoformat(),
            "value": level + (i % 3),
        }
        for code, level in levels.items()
        for i in range(30)
    ]
    sensors.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    return levels


def file_report(client, category: str) -> None:
    res = client.post(
        "/api/v1/feedback/reports",
        json={
            "category_code": category,
            "description": "Ổ gà lớn giữa đường",
            "lat": HAI_CHAU[0],
            "lon": HAI_CHAU[1],
            **REPORTER,
        },
    )
    assert res.status_code == 201, res.text


def _feedback(db, client, admin: dict) -> None:
    from ioc.demo import core

    core.seed_agencies(db, "48")
    db.commit()
    for code, (name, agency) in CATEGORIES.items():
        res = client.put(
            f"/api/v1/feedback/categories/{code}",
            headers=admin,
            json={"code": code, "group": "Hạ tầng", "name": name, "default_agency_code": agency},
        )
        assert res.status_code == 200, res.text
    for category in ("O_GA", "RAC_THAI", "O_GA"):
        file_report(client, category)


def _govperf(client, admin: dict) -> None:
    now = utcnow()

    def dossier(code: str, agency: str, late: bool) -> dict:
        return {
            "code": code,
            "agency_code": agency,
            "procedure_code": "1.001",
            "procedure_name": "Cấp phép",
            "received_at": (now - timedelta(days=10)).isoformat(),
            "due_at": (now - timedelta(days=3)).isoformat(),
            "finished_at": (now - timedelta(days=1 if late else 5)).isoformat(),
            "online": True,
        }

    agencies = ["SO_XD", "SO_YT", "SO_TC", "SO_NNMT", "SO_GDDT", "CONG_AN"]
    batch = [dossier(f"{agency}-{i}", agency, late=i < n) for n, agency in enumerate(agencies) for i in range(6)]
    res = client.post("/api/v1/govperf/dossiers", headers=admin, json={"dossiers": batch})
    assert res.status_code == 200, res.text
    score = {
        "period": "2026-Q2",
        "transparency": 17,
        "progress": 19.5,
        "online_service": 11,
        "online_payment": 9,
        "digitisation": 20,
        "satisfaction": 16.25,
    }
    res = client.post(
        "/api/v1/govperf/scores",
        headers=admin,
        json={"scores": [score | {"unit_code": "SO_TC"}, score | {"unit_code": "SO_XD", "transparency": 10}]},
    )
    assert res.status_code == 200, res.text


@pytest.fixture
def wall_data(db, client, province, make_user):
    """Figures in every domain the wall shows."""
    _, admin = make_user("admin")
    _kpi(db)
    levels = _environment(db)
    _feedback(db, client, admin)
    _govperf(client, admin)
    return levels
