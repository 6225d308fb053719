"""The public warnings page in Chromium at phone and desktop width: banner, cards, areas on the map,
no console error or CSP violation; the staff page publishes a draft."""

from __future__ import annotations

from tests.browser import horizontal_overflow, login, screenshot, watch_errors


def test_public_warnings_page_on_a_phone_and_a_desktop(live_server, new_page, make_user, client, body):
    url = live_server.url
    name, op = make_user("operator")
    w = client.post("/api/v1/warnings", json=body(), headers=op).json()
    client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op)
    draft = body(severity="Moderate", vi={"headline": "Nháp lũ", "description": "x"})
    client.post("/api/v1/warnings", json=draft, headers=op)
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        page.goto(f"{url}/warnings")
        page.wait_for_selector("#pw-map.is-ready", timeout=15000)
        assert page.locator(".pw-banner-item.pw-bad").count() == 1
        assert "Không khí kém" in page.inner_text(".pw-banner")
        assert page.locator("#pw-current .pw-card").count() == 1
        # The warning's area (two neighbouring wards may merge into one shape) over the wards drawn beneath it.
        assert page.locator("#pw-map path.leaflet-interactive").count() >= 1
        assert page.locator("#pw-map path").count() > page.locator("#pw-map path.leaflet-interactive").count()
        assert horizontal_overflow(page) == 0
        screenshot(page, f"public-warnings-{viewport}")
        assert errors == [] and page.evaluate("window.__csp || []") == []

    staff = new_page("phone")
    errors = watch_errors(staff)
    login(staff, url, name)
    staff.goto(f"{url}/warnings/manage")
    staff.wait_for_selector("#pw-manage-list")
    assert horizontal_overflow(staff) == 0
    screenshot(staff, "warnings-manage-phone")
    staff.click("#pw-manage-list button[data-act=publish]")
    staff.wait_for_function("() => !document.querySelector('#pw-manage-list button[data-act=publish]')")
    assert client.get("/api/v1/warnings", params={"current": True}, headers=op).json()["total"] == 2

    # A new warning typed on the phone: Vietnamese texts, two wards, valid until tomorrow.
    staff.click("#pw-editor summary")
    staff.fill("#pw-form [name=event]", "Ngập lụt")
    staff.select_option("#pw-form [name=severity]", "Moderate")
    staff.fill("#pw-form [name=expires]", "2099-12-31T18:00")
    staff.fill("#pw-form [name=vi_headline]", "Ngập sâu đường ven sông")
    staff.fill("#pw-form [name=vi_description]", "Nước lên 40 cm.")
    staff.select_option("#pw-form [name=area_codes]", index=[0, 1])
    staff.click("#pw-form button[type=submit]")
    staff.wait_for_selector("#pw-manage-list h3:has-text('Ngập sâu đường ven sông')")
    made = client.get("/api/v1/warnings", params={"q": "Ngập lụt"}, headers=op).json()["items"][0]
    assert made["status"] == "draft" and made["severity"] == "Moderate" and len(made["area_codes"]) == 2
    assert made["expires"].startswith("2099-12-31T11:00")  # 18:00 in Viet Nam
    staff.click("#pw-editor summary")
    staff.click("#pw-form button[type=submit]")  # an empty form: the problem names the fields
    staff.wait_for_selector("#pw-form .alert-error:not([hidden])")
    message = staff.inner_text("#pw-form .alert-error")
    assert "event" in message and "expires" in message
    screenshot(staff, "warnings-manage-error-phone")
    assert errors == [] or all("422" in e for e in errors)


def test_the_citizen_page_shows_the_banner(live_server, new_page, make_user, client, body):
    _, op = make_user("operator")
    w = client.post("/api/v1/warnings", json=body(), headers=op).json()
    client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op)
    page = new_page("phone")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/phan-anh")
    page.wait_for_selector("#pw-banner-slot .pw-banner-item.pw-bad", timeout=15000)
    assert horizontal_overflow(page) == 0
    screenshot(page, "citizen-page-warning-banner-phone")
    assert errors == [] and page.evaluate("window.__csp || []") == []
