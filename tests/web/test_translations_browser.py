"""Every user-visible name has both languages: the main pages in English carry no Vietnamese kind words,
units or data sources left untranslated, and in Vietnamese no raw English unit code or quantity key."""

from __future__ import annotations

import re
from datetime import timedelta

from ioc.areas import repository as areas_repo
from ioc.auth.principal import SYSTEM
from ioc.kit.names import display, place
from ioc.kit.periods import period_of, today_vn
from ioc.kit.timeutil import utcnow
from ioc.kpi import service as kpi_service
from ioc.sensors import service as sensors
from ioc.sensors.schemas import StationIn
from tests.browser import login
from tests.feedback.conftest import feedback as feedback  # the fixture
from tests.feedback.conftest import file_report

PAGES = [
    "/overview",
    "/overview/CRIMES",
    "/environment",
    "/environment/stations/GT-1",
    "/stats/feedback?dimension=agency",
    "/stats/feedback?dimension=area",
    "/stats/feedback?dimension=category",
    "/feedback",
]
# Vietnamese words that name a kind of place, body, unit or source: never in an English page's own text.
VIETNAMESE = re.compile(
    r"\b(Phường|Xã|Tỉnh|tỉnh|Thành phố|Đặc khu|UBND|Sở|Trạm|Điểm đếm|Thống kê|Nguồn|người|vụ|tỷ đồng|xe/giờ|Bụi|"
    r"Môi trường|Giao thông|Hạ tầng|Dịch vụ công|Trật tự|Điện, nước|Chưa|Khác)\b"
)
RAW_CODES = re.compile(r"vehicles/h|\bpersons\b|\bPM25\b|\bpm25\b|\bintensity\b")
DESCRIPTION = "Ổ gà lớn giữa đường"  # a citizen's own words stay as written


def _seed(db, province):
    ward = sorted(
        (a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None), key=lambda a: a.code
    )[0]
    station = StationIn(
        code="GT-1",
        name="Điểm đếm xe Cầu trung tâm",
        kind="traffic",
        lat=ward.centroid_lat,
        lon=ward.centroid_lon,
        quantities=["intensity", "average_speed"],
        interval_seconds=300,
        attributes={"name_en": "Traffic counter, central bridge"},
    )
    sensors.upsert_station(db, SYSTEM, station)
    now = utcnow()
    rows = [
        {"station": "GT-1", "quantity": q, "time": (now - timedelta(minutes=5 * i)).isoformat(), "value": v}
        for i in range(6)
        for q, v in (("intensity", 1500 + i), ("average_speed", 32))
    ]
    sensors.ingest(db, SYSTEM, rows, source="test")
    kpi_service.seed_catalogue(db)
    month = today_vn().replace(day=1) - timedelta(days=1)
    kpi_service.write_values(
        db, SYSTEM, [kpi_service.ValueIn("CRIMES", province, period_of(month, "month"), "estimate", 17, "Công an tỉnh")]
    )
    db.commit()


def _texts(page, base: str, lang: str) -> dict[str, str]:
    out = {}
    for path in PAGES:
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        out[path] = page.evaluate("document.body.innerText").replace(DESCRIPTION, "")
    return out


def test_main_pages_in_english_leave_no_vietnamese_name_and_vietnamese_no_raw_unit(
    live_server, new_page, make_user, feedback, db, province
):
    _seed(db, province)
    file_report(db, feedback, category="O_GA", description=DESCRIPTION)
    name, _ = make_user("operator")
    page = new_page("laptop")
    login(page, live_server.url, name)
    english = _texts(page, live_server.url, "en")
    leaks = {path: sorted(set(VIETNAMESE.findall(text))) for path, text in english.items()}
    assert not {p: w for p, w in leaks.items() if w}, leaks
    assert "Ward" in english["/stats/feedback?dimension=area"]
    assert "Đà Nẵng City" in english["/overview"]
    assert "Traffic counter, central bridge" in english["/environment/stations/GT-1"]
    assert "vehicles/h" in english["/environment/stations/GT-1"]
    vietnamese = _texts(page, live_server.url, "vi")
    raw = {path: sorted(set(RAW_CODES.findall(text))) for path, text in vietnamese.items()}
    assert not {p: w for p, w in raw.items() if w}, raw
    assert "xe/giờ" in vietnamese["/environment/stations/GT-1"]


def test_display_forms_of_names():
    assert place("Phường Hải Châu", "en") == "Hải Châu Ward"
    assert place("Đặc khu Hoàng Sa", "en") == "Hoàng Sa Special Zone"
    assert place("Phường Hải Châu", "vi") == "Phường Hải Châu"
    assert display("UBND Xã Bà Nà", "en") == "Bà Nà Commune People's Committee"
    assert display("Trạm Y tế Phường Hải Vân", "en") == "Hải Vân Ward Health Station"
    assert display("Sở Tài chính", "en", "Department of Finance") == "Department of Finance"
    # kinds nest, and the sectors' generated stations are named by the same rule
    assert display("Đếm người Bãi biển Phường Hải Vân", "en") == "Hải Vân Ward Beach People Counter"
    assert display("Giám sát dịch bệnh Xã Trà My", "en") == "Trà My Commune Disease Surveillance"
    assert sensors.quantity_symbol("pm25") == "PM2.5"
    assert sensors.quantity_unit("intensity", "vi") == "xe/giờ"
    assert sensors.quantity_unit("intensity", "en") == "vehicles/h"
