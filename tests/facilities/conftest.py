"""Fixtures of the facilities tests: agencies, a ward centre, and writers."""

from __future__ import annotations

import pytest

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM, Principal
from ioc.facilities import service
from ioc.facilities.schemas import FacilityIn
from ioc.kit import urlpolicy


@pytest.fixture
def place(db, province):
    """The agencies SO_YT and CONG_AN, and (code, lat, lon) of a ward's centre."""
    auth_service.upsert_agency(db, SYSTEM, code="SO_YT", name="Sở Y tế")
    auth_service.upsert_agency(db, SYSTEM, code="CONG_AN", name="Công an thành phố", kind="police")
    db.commit()
    ward = next(w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None)
    lat, lon = ward.centroid_lat, ward.centroid_lon
    assert areas_service.locate_code(db, lat, lon) == ward.code
    return ward.code, lat, lon


@pytest.fixture
def admin(make_user):
    """Bearer headers of an administrator."""
    return make_user("admin")[1]


def hospital(place, code="BV-1", beds=300, **extra) -> dict:
    """A hospital facility body at the ward's centre."""
    _, lat, lon = place
    body = {"code": code, "kind": "hospital", "name": "Bệnh viện Đa khoa Hải Châu", "address": "Đường Lê Lợi",
            "owner_agency": "SO_YT", "lat": lat, "lon": lon, "attributes": {"beds": beds, "doctors": 80}}  # fmt: skip
    return body | extra


def camera(place, code="CAM-1", roles=("operator",), url="synthetic:CAM-1") -> dict:
    """A camera facility body at the ward's centre."""
    _, lat, lon = place
    return {"code": code, "kind": "camera", "name": "Camera Ngã tư Hùng Vương", "owner_agency": "CONG_AN",
            "lat": lat, "lon": lon, "attributes": {"stream_url": url, "stream_format": "mjpeg",
                                                   "snapshot_url": "https://cam.example.vn/snap.jpg",
                                                   "view_roles": list(roles)}}  # fmt: skip


def police_posts(db, count: int) -> None:
    """`count` police posts spread over the wards' centres (a little apart), through the import path."""
    wards = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None]
    items = []
    for n in range(count):
        w = wards[n % len(wards)]
        data = FacilityIn(code=f"CA-{n:04d}", kind="police_post", name=f"Công an {n}", synthetic=True,
                          lat=w.centroid_lat + (n // len(wards)) * 1e-4, lon=w.centroid_lon)  # fmt: skip
        items.append((data, *service.checked(db, data, urlpolicy.PUBLIC_ONLY)))
    service.upsert_many(db, Principal(kind="system", name="test", role="admin"), items)
    db.commit()
