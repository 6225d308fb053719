"""The wall screen in Chromium at 1920×1080 and 3840×2160: every panel with data, the rotation, live
updates, stale data shown as stale, no scrollbars, and no reporter's personal data."""

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
from tests.browser import login, screenshot

REPORTER = {"name": "Nguyễn Thị Bí Mật", "phone": "0905123456", "email": "bimat.reporter@example.vn"}
HAI_CHAU = (15.7147, 108.0050)  # inside the synthetic Phường Hải Châu (20242)
CATEGORIES = {"O_GA": ("Ổ gà, hư hỏng mặt đường", "SO_XD"), "RAC_THAI": ("Rác thải, vệ sinh môi trường", "SO_NNMT")}
NO_SCROLL = """() => {
  const doc = document.documentElement;
  const inner = [...document.querySelectorAll('.wall-panel:not([hidden]) *')]
    .filter((e) => !e.closest('.leaflet-container'))
    .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
    .filter((e) => getComputedStyle(e).overflow !== 'visible')
    .map((e) => e.className);
  return {x: doc.scrollWidth - doc.clientWidth, y: doc.scrollHeight - doc.clientHeight, inner};
}"""


def _kpi(db) -> None:
    """The catalogue, one indicator far behind plan and one on track, in last month."""
    kpi.seed_catalogue(db)
    today = date.today()
    month = Period((today.replace(day=1) - timedelta(days=1)).replace(day=1), "month")
    kpi.write_targets(db, SYSTEM, [kpi.TargetIn("BUDGET_REVENUE", "48", month.year, 0, 36000.0),
                                   kpi.TargetIn("RETAIL_SALES", "48", month.year, 0, 1000.0)])
    kpi.write_values(db, SYSTEM, [kpi.ValueIn("BUDGET_REVENUE", "48", month, "official", 240.0),
                                  kpi.ValueIn("RETAIL_SALES", "48", month, "estimate", 1000.0)])
    db.commit()


def _environment(db) -> dict[str, int]:
    """Air stations in three wards (two in the same ward, so their markers must not overlap), one silent
    for hours; returns the PM2.5 level fed to each."""
    wards = sorted((a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None),
                   key=lambda a: a.code)
    places = {"AQ-A": wards[0], "AQ-B": wards[0], "AQ-C": wards[40], "AQ-OLD": wards[80]}
    levels = {"AQ-A": 160, "AQ-B": 20, "AQ-C": 60, "AQ-OLD": 40}
    for code, ward in places.items():
        sensors.upsert_station(db, SYSTEM, StationIn(code=code, name=f"Trạm {code}", kind="air", lat=ward.centroid_lat,
                                                     lon=ward.centroid_lon, quantities=["pm25"], interval_seconds=1800))
    db.commit()
    now = utcnow()
    rows = [{"station": code, "quantity": "pm25", "time": (now - timedelta(hours=8 if code == "AQ-OLD" else 0,
                                                                            minutes=30 * i)).isoformat(),
             "value": level + (i % 3)} for code, level in levels.items() for i in range(30)]
    sensors.ingest(db, SYSTEM, rows, source="test")
    db.commit()
    return levels


def _file_report(client, category: str) -> None:
    res = client.post("/api/v1/feedback/reports", json={"category_code": category, "description": "Ổ gà lớn giữa đường",
                                                        "lat": HAI_CHAU[0], "lon": HAI_CHAU[1], **REPORTER})
    assert res.status_code == 201, res.text


def _feedback(db, client, admin: dict) -> None:
    from ioc.demo import core

    core.seed_agencies(db, "48")
    db.commit()
    for code, (name, agency) in CATEGORIES.items():
        res = client.put(f"/api/v1/feedback/categories/{code}", headers=admin,
                         json={"code": code, "group": "Hạ tầng", "name": name, "default_agency_code": agency})
        assert res.status_code == 200, res.text
    for category in ("O_GA", "RAC_THAI", "O_GA"):
        _file_report(client, category)


def _govperf(client, admin: dict) -> None:
    now = utcnow()

    def dossier(code: str, agency: str, late: bool) -> dict:
        return {"code": code, "agency_code": agency, "procedure_code": "1.001", "procedure_name": "Cấp phép",
                "received_at": (now - timedelta(days=10)).isoformat(), "due_at": (now - timedelta(days=3)).isoformat(),
                "finished_at": (now - timedelta(days=1 if late else 5)).isoformat(), "online": True}

    agencies = ["SO_XD", "SO_YT", "SO_TC", "SO_NNMT", "SO_GDDT", "CONG_AN"]
    batch = [dossier(f"{agency}-{i}", agency, late=i < n) for n, agency in enumerate(agencies) for i in range(6)]
    res = client.post("/api/v1/govperf/dossiers", headers=admin, json={"dossiers": batch})
    assert res.status_code == 200, res.text
    score = {"period": "2026-Q2", "transparency": 17, "progress": 19.5, "online_service": 11, "online_payment": 9,
             "digitisation": 20, "satisfaction": 16.25}
    res = client.post("/api/v1/govperf/scores", headers=admin,
                      json={"scores": [score | {"unit_code": "SO_TC"},
                                       score | {"unit_code": "SO_XD", "transparency": 10}]})
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


def _open_wall(page, url: str, query: str) -> None:
    page.goto(f"{url}/wall?{query}")
    page.wait_for_selector("#wall[data-ready='true']", timeout=20000)
    page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)


def _assert_fits(page, where: str) -> None:
    fit = page.evaluate(NO_SCROLL)
    assert fit == {"x": 0, "y": 0, "inner": []}, f"{where}: {fit}"


def _boxes_overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] - 1 and b["x"] < a["x"] + a["width"] - 1
            and a["y"] < b["y"] + b["height"] - 1 and b["y"] < a["y"] + a["height"] - 1)


@pytest.mark.parametrize("viewport", ["wall", "wall4k"])
def test_wall_panels_rotate_with_data_and_fit_the_screen(live_server, new_page, make_user, client, wall_data, viewport):
    name, _ = make_user("leader")
    page = new_page(viewport)
    login(page, live_server.url, name)
    _open_wall(page, live_server.url, "rotate=5")
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.locator(".sidenav, .tabbar, .topbar").count() == 0
    assert page.locator(".wall-strip .clock").inner_text().strip()
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.wall-tile-name')).fontSize)") >= (
        24 if viewport == "wall" else 48)  # type for the back of the room, scaled with the screen

    # (a) KPI: worst first, status in colour and words, eight tiles to a page
    assert page.get_attribute("#wall", "data-step") == "kpi:0"
    first = page.locator(".wall-tile").first
    assert first.get_attribute("data-code") == "BUDGET_REVENUE"
    assert "Chậm tiến độ" in first.locator(".chip").first.inner_text()
    assert page.locator(".wall-tile").count() == 8
    assert "Chậm tiến độ" in page.locator("#kpi-counts").inner_text()
    _assert_fits(page, "kpi")
    screenshot(page, f"wall-kpi-{viewport}")

    # The rotation moves on by itself after ?rotate seconds.
    page.wait_for_function("document.getElementById('wall').dataset.step === 'kpi:1'", timeout=9000)
    assert page.locator("#panel-kpi [data-page]").inner_text() == "Trang 2/4"
    page.keyboard.press(" ")  # Space pauses the rotation while we look at each panel
    assert page.get_attribute("#wall", "data-paused") == "true"

    # (b) Environment: markers coloured by band, never on top of each other; worst station first; legend
    page.locator(".wall-step[data-panel='env']").click()
    page.wait_for_selector("#wall-env-map.is-ready .wall-marker", timeout=10000)
    current = {i["station"]: i for i in page.request.get(f"{live_server.url}/api/v1/environment/aqi/current").json()}
    assert page.locator(".wall-marker").count() == 4
    worst = page.locator(".wall-station").first
    assert worst.get_attribute("data-code") == "AQ-A"
    assert worst.locator(".wall-badge b").inner_text() == str(current["AQ-A"]["value"])
    assert current["AQ-A"]["band"]["name_vi"] in worst.inner_text()
    boxes = [m.bounding_box() for m in page.locator(".wall-marker").all()]
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    old = page.locator(".wall-station[data-code='AQ-OLD']")
    assert old.get_attribute("data-stale") == "true" and "Dữ liệu cũ" in old.inner_text()
    assert page.locator(".wall-legend-list").first.locator("li").count() == 6
    _assert_fits(page, "env")
    screenshot(page, f"wall-env-{viewport}")

    # (c) Feedback: counts and the latest reports, without the reporter's personal data
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#wall", "data-step") == "feedback:0"
    assert page.locator("#fb-today [data-value]").inner_text() == "3"
    assert page.locator("#fb-open [data-value]").inner_text() == "3"
    assert page.locator("#fb-overdue [data-value]").inner_text() == "0"
    latest = page.locator("#fb-latest li")
    assert latest.count() == 3
    assert "Ổ gà, hư hỏng mặt đường" in latest.first.inner_text() and "Phường Hải Châu" in latest.first.inner_text()
    html = page.content()
    assert all(secret not in html for secret in REPORTER.values())
    _assert_fits(page, "feedback")
    screenshot(page, f"wall-feedback-{viewport}")

    # A new report arrives over the live stream: the counter ticks without a reload.
    _file_report(client, "RAC_THAI")
    page.wait_for_function("document.querySelector('#fb-today [data-value]').textContent === '4'", timeout=15000)
    assert latest.count() == 4
    assert all(secret not in page.content() for secret in REPORTER.values())

    # (d) Government performance: the top five by on-time rate, and the 766 ranking
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#wall", "data-step") == "gov:0"
    ranks = page.locator("#gov-ontime-rank li")
    assert ranks.count() == 5
    assert "Sở Xây dựng" in ranks.first.inner_text() and "100,0" in ranks.first.inner_text()
    assert "Công an thành phố" not in page.locator("#gov-ontime-rank").inner_text()  # the sixth, the latest
    scores = page.locator("#gov-766-rank li")
    assert scores.count() == 2 and "Sở Tài chính" in scores.first.inner_text()
    _assert_fits(page, "gov")
    screenshot(page, f"wall-gov-{viewport}")

    # Space resumes; the rotation wraps round to the first panel.
    page.keyboard.press(" ")
    assert page.get_attribute("#wall", "data-paused") == "false"
    page.wait_for_function("document.getElementById('wall').dataset.step === 'kpi:0'", timeout=9000)


def test_wall_chosen_panels_stale_data_and_english(live_server, new_page, make_user, wall_data):
    name, _ = make_user("operator")
    page = new_page("wall")
    login(page, live_server.url, name)
    page.route("**/api/v1/govperf/**", lambda route: route.abort())  # the government figures cannot be reached
    page.goto(f"{live_server.url}/lang/en?next=/wall%3Fpanels%3Dgov,feedback%26rotate%3D0")
    page.wait_for_selector("#wall[data-ready='true']", timeout=20000)
    assert page.locator(".wall-panel").count() == 2
    assert [b.get_attribute("data-panel") for b in page.locator(".wall-step").all()] == ["gov", "feedback"]
    assert page.get_attribute("#wall", "data-step") == "gov:0"
    gov = page.locator("#panel-gov")
    assert gov.get_attribute("data-state") == "stale"
    assert gov.locator("[data-stale]").is_visible() and "Stale data" in gov.locator("[data-stale]").inner_text()
    assert "could not be loaded" in gov.locator("[data-error]").inner_text()
    assert page.locator("#wall-progress-bar").is_hidden()  # rotate=0: no rotation
    page.wait_for_timeout(1500)
    assert page.get_attribute("#wall", "data-step") == "gov:0"
    page.keyboard.press("ArrowRight")
    assert page.locator("#panel-feedback").get_attribute("data-state") == "ok"
    assert page.locator("#panel-feedback h1").inner_text() == "Citizen reports"
    assert "Received today" in page.locator("#fb-today").inner_text()
    assert "updated" in page.locator("#panel-feedback [data-fresh]").inner_text()
    screenshot(page, "wall-english-stale")


def test_wall_is_for_admins_leaders_and_operators(live_server, new_page, make_user, db, province):
    from ioc.auth import service as auth_service

    auth_service.upsert_agency(db, SYSTEM, code="SO_XD", name="Sở Xây dựng")
    db.commit()
    officer, _ = make_user("agency_officer", agency="SO_XD")
    page = new_page("laptop")
    login(page, live_server.url, officer)
    assert "/wall" not in page.eval_on_selector_all(".sidenav a", "els => els.map(e => e.getAttribute('href'))")
    assert page.goto(f"{live_server.url}/wall").status == 403
    leader, _ = make_user("leader")
    page = new_page("laptop")
    login(page, live_server.url, leader)
    assert page.locator(".sidenav a[href='/wall']").inner_text() == "Màn hình lớn"
