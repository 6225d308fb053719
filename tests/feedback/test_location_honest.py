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
