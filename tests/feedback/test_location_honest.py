"""The citizen's form says where the pin is: coordinates and the ward that contains it, or a clear message
when the point is outside the province (and such a report is not sent as if it were inside)."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.feedback.models import Report
from tests.browser import horizontal_overflow, screenshot
from tests.feedback.conftest import HAI_CHAU

OUTSIDE = (10.7769, 106.7009)  # Hồ Chí Minh City, far from the test province


def test_the_pin_shows_its_ward_or_that_it_is_outside_the_province(live_server, browser, feedback, db):
    ctx = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        ctx.grant_permissions(["geolocation"], origin=live_server.url)
        ctx.set_geolocation({"latitude": HAI_CHAU[0], "longitude": HAI_CHAU[1]})
        page = ctx.new_page()
        page.goto(f"{live_server.url}/phan-anh")
        page.wait_for_selector("#fb-map.is-ready")
        page.click("#fb-gps")
        page.wait_for_selector("#fb-ward[data-inside=true]")
        assert page.inner_text("#fb-ward").startswith("Địa bàn: ") and "Hải Châu" in page.inner_text("#fb-ward")
        assert page.inner_text("#fb-coords") == f"{HAI_CHAU[0]:.5f}, {HAI_CHAU[1]:.5f}"
        screenshot(page, "feedback-pin-inside-phone")
        ctx.set_geolocation({"latitude": OUTSIDE[0], "longitude": OUTSIDE[1]})
        page.click("#fb-gps")
        page.wait_for_selector("#fb-ward[data-inside=false]")
        assert "ngoài địa bàn" in page.inner_text("#fb-ward")
        assert horizontal_overflow(page) == 0
        screenshot(page, "feedback-pin-outside-phone")
        page.select_option("#fb-category", "O_GA")
        page.fill("#fb-desc", "Ổ gà")
        page.click("#fb-form button[type=submit]")
        page.wait_for_selector("#fb-form .alert-error:not([hidden])")
        assert "ngoài địa bàn" in page.inner_text("#fb-form .alert-error")
        assert db.scalar(select(func.count()).select_from(Report)) == 0
    finally:
        ctx.close()


def test_the_operator_map_marks_a_report_in_no_ward(live_server, new_page, client, make_user, feedback, db):
    from tests.browser import login
    from tests.feedback.conftest import file_report

    inside = file_report(db, feedback)
    outside = file_report(db, feedback)
    outside.area_code = None  # a point in no ward (boundaries changed since, or a gap between wards)
    db.commit()
    name, operator = make_user("operator")
    answer = client.get("/api/v1/feedback/map", headers=operator).json()
    features = {f["id"]: f["properties"] for f in answer["features"]}
    assert features[inside.id]["outside"] is False and features[outside.id]["outside"] is True
    page = new_page("laptop")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/feedback")
    page.wait_for_selector("#fb-points.is-ready")
    banner = page.locator("#fb-points-outside")
    assert banner.is_visible() and banner.inner_text().endswith(" 1")
    screenshot(page, "feedback-queue-outside-laptop")
