"""Signing out revokes that browser's session on the server; the user's other devices stay signed in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ioc.auth.deps import SESSION_COOKIE


def _sign_in(app, name) -> TestClient:
    browser = TestClient(app)
    page = browser.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    res = browser.post(
        "/login", data={"username": name, "password": "password-123", "csrf_token": token}, follow_redirects=False
    )
    assert res.status_code == 303
    return browser


def _sign_out(browser) -> None:
    token = re.search(r'name="csrf-token" content="([^"]+)"', browser.get("/map").text)[1]
    assert browser.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303


def _replay(app, cookie: str, path: str):
    return TestClient(app, cookies={SESSION_COOKIE: cookie}).get(path, follow_redirects=False)


def test_a_copied_session_cookie_is_dead_after_logout(app, make_user, client):
    name, _ = make_user("operator")
    browser = _sign_in(app, name)
    stolen = browser.cookies[SESSION_COOKIE]
    assert _replay(app, stolen, "/map").status_code == 200
    _sign_out(browser)
    page = _replay(app, stolen, "/map")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert _replay(app, stolen, "/api/v1/auth/me").status_code == 401


def test_signing_out_one_browser_keeps_the_others(app, make_user, client):
    name, _ = make_user("leader")
    laptop, phone = _sign_in(app, name), _sign_in(app, name)
    _sign_out(laptop)
    assert phone.get("/api/v1/auth/me").json()["name"] == name
    assert laptop.get("/api/v1/auth/me").status_code == 401


def test_logout_without_the_pages_csrf_token_does_nothing(app, make_user, client):
    name, _ = make_user("operator")
    browser = _sign_in(app, name)
    cookie = browser.cookies[SESSION_COOKIE]
    browser.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)  # a cross-site form
    assert _replay(app, cookie, "/api/v1/auth/me").status_code == 200


def test_logout_is_in_the_audit_log(app, make_user, client):
    name, admin = make_user("admin")
    _sign_out(_sign_in(app, name))
    entries = client.get("/api/v1/audit", headers=admin, params={"action": "session.logout"}).json()["items"]
    assert [e["actor"] for e in entries] == [name]


def test_logout_tells_the_browser_to_forget_the_sites_caches_and_storage(app, make_user, client):
    name, _ = make_user("leader")
    browser = _sign_in(app, name)
    token = re.search(r'name="csrf-token" content="([^"]+)"', browser.get("/map").text)[1]
    forged = browser.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert "clear-site-data" not in forged.headers  # a cross-site form wipes nothing on the device
    res = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["clear-site-data"] == '"cache", "storage"'
