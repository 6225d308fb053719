"""The whole workflow in a real browser: a citizen on a phone reports with a photo, an operator verifies and
assigns, the agency officer resolves, the citizen rates; the operator's queue updates live."""

from __future__ import annotations

import json
import re

from tests.browser import horizontal_overflow, login, screenshot
from tests.feedback.conftest import CATEGORIES, jpeg_with_gps

CATEGORY_ROWS = json.loads(CATEGORIES.read_text(encoding="utf-8"))


def test_citizen_to_rated_answer_in_the_browser(live_server, new_page, make_user, feedback):
    url = live_server.url
    operator_name, _ = make_user("operator")
    officer_name, _ = make_user("agency_officer", agency="SO_XD")

    staff = new_page("laptop")
    login(staff, url, operator_name)
    staff.goto(f"{url}/feedback")
    staff.wait_for_selector("#live-indicator[data-state=on]", timeout=15000)
    assert staff.locator("#fb-queue-list .fb-item").count() == 0

    citizen = new_page("phone")
    citizen.goto(f"{url}/login")
    citizen.click("#citizen-link")
    citizen.wait_for_selector("#fb-map.is-ready", timeout=15000)
    citizen.select_option("#fb-category", "O_GA")
    citizen.select_option("#fb-attr-kich_thuoc", "lon")
    citizen.locator("#fb-map").click()
    assert re.match(r"^\d+\.\d+, \d+\.\d+$", citizen.inner_text("#fb-coords"))
    citizen.set_input_files(
        "#fb-photo", files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((640, 480))}]
    )
    citizen.fill("#fb-desc", "Ổ gà rất sâu trước số nhà 12, xe máy suýt ngã.")
    citizen.fill("#fb-name", "Nguyễn Văn Dân")
    citizen.fill("#fb-email", "dan@example.vn")
    citizen.check("#fb-consent")
    assert horizontal_overflow(citizen) == 0
    screenshot(citizen, "feedback-form-phone")
    citizen.click("#fb-submit")
    citizen.wait_for_url(re.compile(r"/phan-anh/theo-doi/PA[A-Z0-9]{8}\?moi=1"), timeout=15000)
    code = citizen.inner_text("#fb-code")
    assert citizen.inner_text("#fb-status") == "Đã tiếp nhận"
    assert citizen.locator(".fb-photos img").count() == 1
    assert horizontal_overflow(citizen) == 0
    screenshot(citizen, "feedback-track-new-phone")

    # The operator's queue received the report through the live stream, without a reload.
    staff.wait_for_selector("#fb-queue-list .fb-item", timeout=15000)
    screenshot(staff, "feedback-queue-laptop")
    staff.click("#fb-queue-list .fb-item a")
    staff.wait_for_selector("#fb-act")
    assert "Nguyễn Văn Dân" in staff.inner_text(".fb-reporter")
    staff.select_option("#fb-action", "verify")
    staff.click("#fb-act-submit")
    staff.wait_for_function("() => document.querySelector('#fb-status').textContent.trim() === 'Đã xác minh'")
    staff.select_option("#fb-action", "assign")
    assert staff.locator("#fb-agency-code").input_value() == "SO_XD"
    staff.click("#fb-act-submit")
    staff.wait_for_function("() => document.querySelector('#fb-status').textContent.trim() === 'Đã chuyển xử lý'")
    screenshot(staff, "feedback-detail-laptop")

    officer = new_page("phone")
    login(officer, url, officer_name)
    officer.goto(f"{url}/feedback")
    officer.click("#fb-queue-list .fb-item a")
    officer.wait_for_selector("#fb-act")
    assert officer.locator(".fb-reporter").count() == 1  # the citizen agreed to share their contact
    officer.select_option("#fb-action", "resolve")
    officer.fill("#fb-reply-text", "Đã vá ổ gà bằng bê tông nhựa nóng.")
    assert horizontal_overflow(officer) == 0
    screenshot(officer, "feedback-officer-phone")
    officer.click("#fb-act-submit")
    officer.wait_for_function("() => document.querySelector('#fb-status').textContent.trim() === 'Đã xử lý'")

    citizen.goto(f"{url}/phan-anh/theo-doi/{code}")
    assert citizen.inner_text("#fb-status") == "Đã xử lý"
    assert "bê tông nhựa nóng" in citizen.inner_text("#fb-reply")
    # No star is chosen for the citizen: sending without one says so and sends nothing.
    assert citizen.locator(".fb-stars input:checked").count() == 0
    citizen.click("button[data-action=rate]")
    assert "chọn số sao" in citizen.inner_text("#fb-rate .alert-error")
    assert citizen.inner_text("#fb-status") == "Đã xử lý"
    citizen.click(".fb-stars label:nth-child(4) span")
    citizen.fill("#fb-comment", "Cảm ơn, xử lý nhanh.")
    screenshot(citizen, "feedback-rate-phone")
    citizen.click("button[data-action=rate]")
    citizen.wait_for_function("() => document.querySelector('#fb-status').textContent.trim() === 'Đã đóng'")
    assert "4/5" in citizen.inner_text(".fb-facts")
    assert horizontal_overflow(citizen) == 0

    citizen.goto(f"{url}/phan-anh/cong-khai")
    citizen.wait_for_selector("#fb-points.is-ready", timeout=15000)
    assert citizen.get_attribute("#fb-points", "data-count") == "1"
    assert "dan@example.vn" not in citizen.content() and "Nguyễn Văn Dân" not in citizen.content()
    assert horizontal_overflow(citizen) == 0
    screenshot(citizen, "feedback-public-phone")


def test_stats_page_on_phone_and_laptop(live_server, new_page, make_user, feedback, db):
    from tests.feedback.conftest import file_report

    codes = [c["code"] for c in CATEGORY_ROWS if not any(a.get("required") for a in c.get("attributes", []))]
    for category in codes:
        file_report(db, feedback, category=category)
    name, _ = make_user("leader")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/stats/feedback?dimension=category")
        rows = page.locator("#fb-stats tbody tr").count()
        assert rows == len(codes) >= 12
        assert horizontal_overflow(page) == 0
        assert page.evaluate(FIGURE_LINES) == [1], "a figure breaks across lines"
        height = page.evaluate("document.documentElement.scrollHeight")
        if viewport == "phone":
            # A row is one short line (two when a name wraps), not a card of eight labelled lines.
            assert height <= 900 + 60 * rows, height
            assert page.locator("#fb-stats thead th:visible").count() == 5
            screenshot(page, "feedback-stats-phone")
            page.click("label[for=fb-all-cols]")
            assert page.locator("#fb-stats thead th:visible").count() == 8
            assert page.evaluate(FIGURE_LINES) == [1]
            screenshot(page, "feedback-stats-phone-all-columns")
        else:
            screenshot(page, "feedback-stats-laptop")


# The distinct numbers of line boxes of the visible figures of the statistics table ([1]: none wraps).
FIGURE_LINES = """[...new Set([...document.querySelectorAll('#fb-stats td.num')].filter(td => td.offsetParent)
  .map(td => { const r = document.createRange(); r.selectNodeContents(td); return new Set(
    [...r.getClientRects()].map(x => Math.round(x.top))).size; }))]"""
