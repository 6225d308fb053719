"""The national picture in Chromium at phone and desktop width: map, ranking, members, no console error or CSP
violation; the ranking follows a snapshot applied while the page is open. The link page at phone width."""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.federation import crypto, link, service
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.federation.helpers import signed, snapshot


def _members(db) -> dict:
    keys = {}
    for code, name in (("48", "Đà Nẵng"), ("01", "Hà Nội")):
        private, public = crypto.generate()
        service.add_member(db, SYSTEM, code, name)
        keys[code] = (service.add_key(db, SYSTEM, code, public).key_id, private)
    db.commit()
    return keys


def test_the_national_picture_on_a_phone_and_a_desktop(live_server, new_page, make_user, client, db):
    keys = _members(db)
    body, headers = signed(snapshot("48", 1, {"QD293-008": 104.2}), *keys["48"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    name, _ = make_user("leader")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/federation")
        page.wait_for_selector("#fed-map path.leaflet-interactive", timeout=15000)
        assert page.locator("#fed-map path.leaflet-interactive").count() == 34
        assert page.locator("#fed-ranking tbody tr[data-province]").count() == 1
        assert page.locator(".fed-members li").count() == 2
        assert horizontal_overflow(page) == 0
        screenshot(page, f"federation-national-{viewport}")
        assert errors == [] and page.evaluate("window.__csp || []") == []
    body, headers = signed(snapshot("01", 1, {"QD293-008": 106.0}), *keys["01"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    page.wait_for_selector("#fed-ranking tbody tr[data-province='01']", timeout=15000)  # live, no reload by hand
    assert page.locator("#fed-ranking tbody tr").first.get_attribute("data-province") == "01"


def test_the_link_page_on_a_phone(live_server, new_page, make_user, db):
    link.keygen(db, SYSTEM, "48")
    link.configure(db, SYSTEM, "http://127.0.0.1:9")
    db.commit()
    name, _ = make_user("admin")
    page = new_page("phone")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/federation/link")
    page.click("#fed-push")
    page.wait_for_selector("text=indicators", timeout=15000)
    assert page.inner_text("#fed-queued") == "18" and horizontal_overflow(page) == 0
    screenshot(page, "federation-link-phone")
    assert errors == [] and page.evaluate("window.__csp || []") == []
