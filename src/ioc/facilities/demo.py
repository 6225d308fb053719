"""Demo data (synthetic): hospitals, health stations, schools, sites, hotels, posts, cameras and a year of figures."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.facilities import figures, repository, service
from ioc.facilities.schemas import FacilityIn
from ioc.kit import urlpolicy
from ioc.kit.periods import today_vn

DEMO_ACTOR = Principal(kind="system", name="demo:facilities", role="admin")
SITES = ["Bãi biển", "Chùa", "Bảo tàng", "Khu du lịch sinh thái", "Làng nghề", "Đình làng", "Công viên", "Chợ đêm"]
HOTELS = ["Khách sạn Biển Xanh", "Khách sạn Sông Hàn", "Nhà nghỉ Bình An", "Khách sạn Hoa Sen", "Homestay Phố Cổ"]
CAMERAS = ["Ngã tư", "Cổng chợ", "Bến xe", "Cầu", "Quảng trường", "Bãi biển", "Trường học", "Bệnh viện"]


def _point(session: Session, rng: random.Random, ward) -> tuple[float, float]:
    # A random point inside the ward (checked with the locator), near its centroid.
    for _ in range(25):
        lat = ward.centroid_lat + rng.uniform(-0.01, 0.01)
        lon = ward.centroid_lon + rng.uniform(-0.01, 0.01)
        if areas_service.locate_code(session, lat, lon) == ward.code:
            return round(lat, 6), round(lon, 6)
    return ward.centroid_lat, ward.centroid_lon


def _agency(known: set[str], code: str) -> str | None:
    return code if code in known else None


def _plan(rng: random.Random, wards: list, known: set[str]) -> list[tuple]:
    """(code, kind, name, ward, owner, attributes) of every demo facility: health and schools here."""
    health, edu, tour = _agency(known, "SO_YT"), _agency(known, "SO_GDDT"), _agency(known, "SO_VHTTDL")
    police = _agency(known, "CONG_AN")
    plan = []
    for n, ward in enumerate(wards[:6], start=1):
        beds = rng.choice([150, 250, 400, 600, 900])
        plan.append((f"BV-{n:02d}", "hospital", f"Bệnh viện Đa khoa khu vực {ward.name}", ward, health,
                     {"beds": beds, "doctors": beds // 4, "tier": "tinh" if n <= 3 else "xa"}))  # fmt: skip
    for n, ward in enumerate(wards[:30], start=1):
        plan.append((f"TYT-{n:03d}", "commune_health_station", f"Trạm Y tế {ward.name}", ward, health,
                     {"beds": rng.randint(3, 10), "doctors": rng.randint(1, 4),
                      "national_standard": rng.random() < .7}))  # fmt: skip
    levels = [
        ("mam_non", "Trường Mầm non"),
        ("tieu_hoc", "Trường Tiểu học"),
        ("thcs", "Trường THCS"),
        ("thpt", "Trường THPT"),
    ]
    for n, ward in enumerate(wards[:12], start=1):
        for level, label in levels[: 4 if n <= 4 else 3]:
            pupils = rng.randint(250, 1400)
            plan.append((f"TH-{level}-{n:02d}", "school", f"{label} {ward.name}", ward, edu,
                         {"level": level, "pupils": pupils, "classes": pupils // 35 + 1, "teachers": pupils // 20 + 2,
                          "national_standard": rng.random() < .6}))  # fmt: skip
    return plan + _plan_places(rng, wards, tour, police)


def _plan_places(rng: random.Random, wards: list, tour: str | None, police: str | None) -> list[tuple]:
    """Tourist sites, hotels, police posts, fire stations and cameras of the demo."""
    plan = []
    for n, ward in enumerate(rng.sample(wards, min(10, len(wards))), start=1):
        plan.append((f"DL-{n:02d}", "tourist_site", f"{SITES[n % len(SITES)]} {ward.name}", ward, tour,
                     {"capacity": rng.choice([500, 2000, 10000]),
                      "ranking": rng.choice(["quoc_gia", "cap_tinh", "khac"])}))  # fmt: skip
    for n, ward in enumerate(rng.sample(wards, min(15, len(wards))), start=1):
        plan.append((f"LT-{n:02d}", "hotel", f"{HOTELS[n % len(HOTELS)]} {n}", ward, tour,
                     {"rooms": rng.randint(12, 320), "stars": rng.randint(0, 5)}))  # fmt: skip
    for n, ward in enumerate(wards[:10], start=1):
        plan.append(
            (f"CA-{n:02d}", "police_post", f"Công an {ward.name}", ward, police, {"officers": rng.randint(15, 60)})
        )
    for n, ward in enumerate(wards[:4], start=1):
        plan.append((f"PCCC-{n:02d}", "fire_station", f"Đội Cảnh sát PCCC và CNCH khu vực {n}", ward, police,
                     {"vehicles": rng.randint(4, 14), "officers": rng.randint(30, 90)}))  # fmt: skip
    for n, ward in enumerate(wards[:12], start=1):
        roles = ["operator"] if n % 4 == 0 else ["operator", "leader"]  # some cameras only the duty desk watches
        plan.append((f"CAM-{n:02d}", "camera", f"Camera {CAMERAS[n % len(CAMERAS)]} {ward.name}", ward, police,
                     {"stream_url": f"synthetic:CAM-{n:02d}", "stream_format": "mjpeg", "view_roles": roles,
                      "analytics": n % 3 == 0}))  # fmt: skip
    return plan


def seed(ctx: DemoContext) -> None:
    """Idempotent: the facilities and their year of figures are added to an empty registry only."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.counts_by_kind(session):
            return
        wards = areas_service.demo_wards(session)
        if not wards:
            return
        known = set(auth_service.agency_labels(session))
        items = []
        for code, kind, name, ward, owner, attributes in _plan(ctx.rng, wards, known):
            lat, lon = _point(session, ctx.rng, ward)
            data = FacilityIn(code=code, kind=kind, name=name, address=f"{ward.name}", owner_agency=owner,
                              lat=lat, lon=lon, attributes=attributes, synthetic=True)  # fmt: skip
            items.append((data, *service.checked(session, data, urlpolicy.PUBLIC_ONLY)))
        service.upsert_many(session, DEMO_ACTOR, items)
        session.flush()
        _figures(session, ctx.rng, today_vn())


def _figures(session: Session, rng: random.Random, today: date) -> None:
    """A year of figures: daily bed occupancy, monthly visitors with the summer peak, pupils of two school years."""
    rows = []
    for kind in ("hospital", "commune_health_station", "tourist_site", "hotel", "school"):
        for f in repository.of_kind(session, kind):
            rows += _series(f, rng, today)
    figures.store(session, DEMO_ACTOR, rows, source="demo:facilities")


def _series(f, rng: random.Random, today: date) -> list[dict]:
    out = []
    if f.kind in ("hospital", "commune_health_station"):
        base = rng.uniform(70, 105) if f.kind == "hospital" else rng.uniform(25, 60)
        for d in range(365, 0, -1):
            day = today - timedelta(days=d)
            season = 8 * math.sin((day.timetuple().tm_yday - 200) / 58)  # the dengue season lifts occupancy
            out.append(figures.row_for(f, day, max(0.0, round(base + season + rng.gauss(0, 4), 1))))
    elif f.kind in ("tourist_site", "hotel"):
        base = f.attributes.get("capacity", 0) * 3 or f.attributes.get("rooms", 20) * 40
        for m in range(12, 0, -1):
            first = (today.replace(day=1) - timedelta(days=31 * m)).replace(day=1)
            peak = 1.6 if first.month in (5, 6, 7, 8) else 1.0
            out.append(figures.row_for(f, first, float(int(base * peak * rng.uniform(0.7, 1.2)))))
    elif f.kind == "school":
        pupils = f.attributes.get("pupils", 500)
        for years_ago in (1, 0):
            start = date(today.year - years_ago - (0 if today.month >= 9 else 1), 9, 1)
            out.append(figures.row_for(f, start, float(int(pupils * (0.96 if years_ago else 1.0)))))
    return out
