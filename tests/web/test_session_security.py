"""Session cookies: HttpOnly, SameSite, and CSRF protection for state changes."""

from __future__ import annotations

import re


def _login(client, name, password="password-123"):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token, "next": "/map"},
        follow_redirects=False,
    )


def test_login_sets_a_protected_session_cookie(client, make_user):
    name, _ = make_user("operator")
    res = _login(client, name)
    assert res.status_code == 303 and res.headers["location"] == "/map"
    cookie = res.headers["set-cookie"]
    assert "ioc_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_login_form_without_its_csrf_token_fails(client, make_user):
    name, _ = make_user("operator")
    client.get("/login")
    res = client.post(
        "/login", data={"username": name, "password": "password-123", "csrf_token": "forged"}, follow_redirects=False
    )
    assert res.status_code == 401 and "ioc_session" not in res.headers.get("set-cookie", "")


def test_cookie_authenticated_change_needs_the_csrf_header(client, make_user):
    admin, _ = make_user("admin")
    _login(client, admin)
    body = {"username": "via-cookie", "password": "long-password", "role": "leader"}
    assert client.post("/api/v1/users", json=body).status_code == 403
    page = client.get("/map")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    assert client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token}).status_code == 201


def test_open_redirect_after_login_is_refused(client, make_user):
    name, _ = make_user("operator")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    res = client.post(
        "/login",
        data={"username": name, "password": "password-123", "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert res.headers["location"] == "/"
