"""The province picture in Chromium: with data at laptop, phone and wall sizes, its numbers lead to the filtered
lists, and a change stored through the API reaches the open page without a reload (only its tile re-rendered)."""

from __future__ import annotations

import pytest

from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.web.conftest import file_report

FIG = "() => document.querySelector('[data-fig=fb-received] strong').textContent.trim()"


def _open(page, url: str) -> None:
    page.goto(f"{url}/picture")
    page.wait_for_selector("#pic-map.is-ready", timeout=20000)
    page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)


def test_picture_on_a_laptop_is_live_and_links_to_filtered_lists(
    live_server, new_page, make_user, client, picture_data
):
    name, leader = make_user("leader")
    page = new_page("laptop")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    assert page.url.endswith("/picture")  # the staff's first screen
    _open(page, live_server.url)
    api = client.get("/api/v1/picture", headers=leader).json()["sections"]
    assert page.locator('[data-fig="incidents"] strong').inner_text() == str(api["fire"]["incidents_total"])
    assert page.locator('[data-fig="dv-due"] strong').inner_text() == "1"
    assert page.locator(".pic-tile").count() == 6
    assert page.locator(".pic-legend").count() == 1
    screenshot(page, "picture-laptop")

    # A new citizen report stored through the API: the feedback tile changes, the others stay as they were.
    page.evaluate("document.getElementById('tile-fire').dataset.mark = 'kept'")
    before = int(page.evaluate(FIG))
    file_report(client, "RAC_THAI")
    page.wait_for_function(f"() => ({FIG})() === '{before + 1}'", timeout=5000)
    assert page.get_attribute("#tile-fire", "data-mark") == "kept"  # not re-rendered
    assert page.get_attribute("#pic-tiles", "data-swapped") == "feedback"
    assert "vừa cập nhật" in page.locator("#pic-updated").inner_text()

    # A map layer: the open reports as clustered points; the ward colours by another measure.
    page.locator("#pic-layers summary").click()
    page.locator("#pic-layer-items input[value='reports']").check()
    page.wait_for_function("() => document.getElementById('pic-map').dataset.layerReports === '4'", timeout=10000)
    page.select_option("#pic-measure", "reports")
    page.wait_for_function("() => document.getElementById('pic-map').dataset.measure === 'reports'")
    screenshot(page, "picture-laptop-layers")

    # Every number is a link to its list, already filtered.
    page.locator('#tile-fire a[data-fig="incidents-high"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/incidents?priority=high")
    assert "Va chạm trên đường Bạch Đằng" in page.locator("#inc-board").inner_text()
    page.go_back()
    page.locator('a[data-fig="dv-due"]').click()
    page.wait_for_load_state("networkidle")
    assert "due_within=7" in page.url and "Khắc phục ngập" in page.content()
    assert "Báo cáo thu ngân sách" not in page.locator("#dv-list").inner_text()
    assert errors == []


def test_picture_on_a_phone_fits_and_the_wall_is_not_in_its_menu(live_server, new_page, make_user, picture_data):
    name, _ = make_user("operator")
    page = new_page("phone")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    _open(page, live_server.url)
    assert horizontal_overflow(page) == 0
    assert page.locator(".tabbar a[href='/picture']").count() == 1
    assert page.locator(".tabbar a[href='/wall']").count() == 0
    assert page.locator(".tab-sheet a[href='/wall']").count() == 0
    first = page.locator(".pic-tile").first.bounding_box()
    assert first["y"] < 400  # the tiles come first on a phone, the map below them
    screenshot(page, "picture-phone")
    page.select_option("#pic-ward", "20242")
    page.wait_for_selector("#pic-map.is-ready")
    assert "ward=20242" in page.url and page.locator('[data-fig="incidents"] strong').inner_text() == "1"
    assert errors == []


@pytest.mark.parametrize("viewport", ["wall", "wall4k"])
def test_the_wall_shows_the_picture_readable_and_without_scrolling(
    live_server, new_page, make_user, picture_data, viewport
):
    name, _ = make_user("leader")
    page = new_page(viewport)
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/wall?rotate=0")
    page.wait_for_selector("#wall[data-ready='true']", timeout=20000)
    page.wait_for_selector("#pic-map.is-ready", timeout=20000)
    assert page.get_attribute("#wall", "data-step") == "picture:0"
    tops = page.evaluate("[...document.querySelectorAll('.wall-step')].map((b) => b.getBoundingClientRect().top)")
    assert len(tops) == 5 and len(set(tops)) == 1  # five panels' names on one row (defect 17)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.pic-fig span')).fontSize)")
    assert size >= (24 if viewport == "wall" else 48)
    fit = page.evaluate(
        "[document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]"
    )
    assert fit == [0, 0]
    clipped = page.evaluate(
        "[...document.querySelectorAll('.pic-tile')]"
        ".filter((t) => t.scrollHeight > t.clientHeight + 1).map((t) => t.id)"
    )
    assert clipped == []
    assert page.locator('#tile-fire [data-fig="incidents"] strong').inner_text() == "2"
    screenshot(page, f"picture-{viewport}")
    assert errors == []


OPEN_WARD = """(code) => { const map = document.getElementById('pic-map')._iocMap;
  map.eachLayer((l) => { if (l.feature && l.feature.properties.code === code && l.openPopup) l.openPopup(); }); }"""


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_wards_by_open_reports_per_thousand_residents(live_server, new_page, make_user, picture_data, viewport):
    name, _ = make_user("leader")
    page = new_page(viewport)
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/picture?measure=reports_per_1000")
    page.wait_for_function("() => document.getElementById('pic-map').dataset.measure === 'reports_per_1000'")
    legend = page.locator(".pic-legend")
    assert "Phản ánh đang mở / 1.000 dân" in legend.inner_text() and "Chưa có số dân" not in legend.inner_text()[:30]
    assert legend.locator("strong a").get_attribute("href") == "/feedback?tab=unfinished"
    page.locator("#pic-map").scroll_into_view_if_needed()
    page.evaluate(OPEN_WARD, "20242")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Phường Hải Châu" in text and "Dân số" in text and "số dân minh họa" in text  # the demo's invented figure
    assert horizontal_overflow(page) == 0
    screenshot(page, f"picture-{viewport}-per-1000")
    popup.locator("a", has_text="Xem danh sách").click()
    page.wait_for_url("**/feedback?tab=unfinished&ward=20242", timeout=10000)
    assert errors == []
