"""The wall screen in Chromium at 1920×1080 and 3840×2160: every panel with data, the rotation, live
updates, stale data shown as stale, no scrollbars, and no reporter's personal data."""

from __future__ import annotations

import pytest

from ioc.auth.principal import SYSTEM
from tests.browser import login, screenshot
from tests.web.conftest import REPORTER, file_report

NO_SCROLL = """() => {
  const doc = document.documentElement;
  const inner = [...document.querySelectorAll('.wall-panel:not([hidden]) *')]
    .filter((e) => !e.closest('.leaflet-container'))
    .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
    .filter((e) => getComputedStyle(e).overflow !== 'visible')
    .map((e) => e.className);
  return {x: doc.scrollWidth - doc.clientWidth, y: doc.scrollHeight - doc.clientHeight, inner};
}"""


def _open_wall(page, url: str, query: str) -> None:
    page.goto(f"{url}/wall?{query}")
    page.wait_for_selector("#wall[data-ready='true']", timeout=20000)
    page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)


def _assert_fits(page, where: str) -> None:
    fit = page.evaluate(NO_SCROLL)
    assert fit == {"x": 0, "y": 0, "inner": []}, f"{where}: {fit}"


def _boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 1
        and b["x"] < a["x"] + a["width"] - 1
        and a["y"] < b["y"] + b["height"] - 1
        and b["y"] < a["y"] + a["height"] - 1
    )


@pytest.mark.parametrize("viewport", ["wall", "wall4k"])
def test_wall_panels_rotate_with_data_and_fit_the_screen(live_server, new_page, make_user, client, wall_data, viewport):
    name, _ = make_user("leader")
    page = new_page(viewport)
    login(page, live_server.url, name)
    _open_wall(page, live_server.url, "rotate=5&panels=kpi,env,feedback,gov")
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.locator(".sidenav, .tabbar, .topbar").count() == 0
    assert page.locator(".wall-strip .clock").inner_text().strip()
    tops = page.evaluate("[...document.querySelectorAll('.wall-step')].map((b) => b.getBoundingClientRect().top)")
    assert len(tops) == 4 and len(set(tops)) == 1  # the four panels' names on one row
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.wall-tile-name')).fontSize)") >= (
        24 if viewport == "wall" else 48
    )  # type for the back of the room, scaled with the screen

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
    page.wait_for_function("() => document.getElementById('wall').dataset.step === 'kpi:1'", timeout=9000)
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
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
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
    file_report(client, "RAC_THAI")
    page.wait_for_function("() => document.querySelector('#fb-today [data-value]').textContent === '4'", timeout=15000)
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
    page.wait_for_function("() => document.getElementById('wall').dataset.step === 'kpi:0'", timeout=9000)


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
