"""The agency officer attaches an "after" photo on the report's page, at phone and laptop sizes, and sees it
beside the citizen's; a bad file is refused in Vietnamese and the report stays as it was."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ioc.auth.principal import SYSTEM
from ioc.feedback import intake, media
from ioc.feedback.schemas import ReportIn
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.feedback.conftest import HAI_CHAU, jpeg_with_gps

LOADED = "() => [...document.querySelectorAll('#fb-compare img')].every((i) => i.naturalWidth > 0)"


def _png(colour=(40, 150, 70), size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def _assigned_report(db, client, feedback, settings, operator) -> tuple[int, str]:
    data = ReportIn(category_code="O_GA", description="Ổ gà sâu trước chợ", lat=HAI_CHAU[0], lon=HAI_CHAU[1])
    uploads = [media.Upload.of_bytes(jpeg_with_gps((640, 480)))]
    filed = intake.file_report(db, SYSTEM, data, feedback, uploads=uploads, media_dir=settings.media_dir)
    db.commit()
    rid = filed.report.id
    for action in ({"action": "verify"}, {"action": "assign", "agency_code": "SO_XD"}):
        assert client.post(f"/api/v1/feedback/reports/{rid}/actions", json=action, headers=operator).status_code == 200
    return rid, filed.report.tracking_code


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_officer_attaches_an_after_photo(viewport, live_server, new_page, make_user, feedback, db, client, settings):
    url = live_server.url
    _, operator = make_user("operator")
    officer_name, _ = make_user("agency_officer", agency="SO_XD")
    rid, code = _assigned_report(db, client, feedback, settings, operator)
    page = new_page(viewport)
    errors = watch_errors(page, expected=("422",))
    login(page, url, officer_name)
    page.goto(f"{url}/feedback/{rid}")
    page.select_option("#fb-action", "resolve")
    assert page.is_visible("#fb-after-photo")
    page.fill("#fb-reply-text", "Đã vá ổ gà, mặt đường đã phẳng.")
    page.set_input_files("#fb-after-photo", files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"nope"}])
    page.click("#fb-act-submit")
    alert = page.locator("#fb-act .alert-error")
    alert.wait_for(state="visible", timeout=10000)
    assert "không đọc được ảnh" in alert.inner_text()
    assert page.inner_text("#fb-status") == "Đã chuyển xử lý"
    screenshot(page, f"feedback-after-photo-refused-{viewport}")

    page.set_input_files("#fb-after-photo", files=[{"name": "sau.png", "mimeType": "image/png", "buffer": _png()}])
    page.click("#fb-act-submit")
    page.wait_for_selector(".fb-side[data-kind=after] img", timeout=15000)
    assert page.inner_text("#fb-status") == "Đã xử lý"
    assert page.locator(".fb-side[data-kind=before] img").count() == 1
    page.locator("#fb-compare").scroll_into_view_if_needed()
    page.wait_for_function(LOADED)
    assert horizontal_overflow(page) == 0
    screenshot(page, f"feedback-after-photo-{viewport}")
    # The citizen following the report sees the agency's photo beside their own.
    citizen = new_page(viewport)
    citizen.goto(f"{url}/phan-anh/theo-doi/{code}")
    citizen.wait_for_function(LOADED)
    assert citizen.locator(".fb-side[data-kind=after] img").count() == 1
    assert horizontal_overflow(citizen) == 0
    citizen.locator("#fb-compare").scroll_into_view_if_needed()
    screenshot(citizen, f"feedback-after-photo-track-{viewport}")
    assert errors == []


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_public_results_and_the_citizen_app_show_the_agencys_photo(
    viewport, live_server, new_page, make_user, feedback, db, client, settings
):
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    rid, _ = _assigned_report(db, client, feedback, settings, operator)
    files = [("photo", ("sau.png", _png(), "image/png"))]
    res = client.post(f"/api/v1/feedback/reports/{rid}/resolution", data={"reply": "Đã vá ổ gà"}, files=files,
                      headers=officer)  # fmt: skip
    assert res.status_code == 200, res.text
    page = new_page(viewport)  # nobody signed in
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/phan-anh/cong-khai")
    card = page.locator(f"#r{rid}")
    card.locator(".fb-after img").wait_for()
    page.wait_for_function(f"() => document.querySelector('#r{rid} .fb-after img').naturalWidth > 0")
    assert "Đã vá ổ gà" in card.inner_text() and "Ảnh sau khi xử lý" in card.inner_text()
    card.scroll_into_view_if_needed()
    assert horizontal_overflow(page) == 0
    screenshot(page, f"feedback-public-after-{viewport}")
    page.goto(f"{live_server.url}/nguoi-dan/")
    thumb = page.locator(f"a[href='/phan-anh/cong-khai#r{rid}'] img.app-item-thumb")
    thumb.wait_for()
    page.wait_for_function("() => document.querySelector('img.app-item-thumb').naturalWidth > 0")
    thumb.scroll_into_view_if_needed()
    assert horizontal_overflow(page) == 0
    screenshot(page, f"apps-citizen-after-{viewport}")
    assert errors == []
