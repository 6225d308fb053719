"""Security headers on every answer (ioc.kit.middleware), and the API documentation served without a CDN."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ioc.main import create_app
from ioc.web.static_files import asset

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
COMMON = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
ANSWERS = [  # (method, path, expected status): a page, a redirect, API calls, errors, static files, ops
    ("GET", "/login", 200),
    ("GET", "/map", 303),
    ("GET", "/api/v1/areas?level=ward", 200),
    ("GET", "/api/v1/users", 401),
    ("GET", "/no-such-page", 404),
    ("POST", "/api/v1/auth/token", 422),
    ("GET", "/static/js/app.js", 200),
    ("GET", "/static/nothing.js", 404),
    ("GET", "/healthz", 200),
    ("GET", "/docs", 200),
    ("GET", "/openapi.json", 200),
    ("GET", "/open311/v2/services.json", 200),
]


def _production(settings):
    return settings.model_copy(update={"production": True, "secure_cookies": True, "password_hashing": "rfc9106"})


@pytest.mark.parametrize("method, path, status", ANSWERS)
def test_every_answer_carries_the_headers_and_no_hsts_outside_production(client, province, method, path, status):
    res = client.request(method, path, follow_redirects=False)
    assert res.status_code == status, res.text
    for name, value in COMMON.items():
        assert res.headers.get(name) == value, name
    assert "strict-transport-security" not in res.headers


@pytest.mark.parametrize("method, path, status", ANSWERS[:5])
def test_production_adds_hsts(settings, engine, db, province, method, path, status):
    with TestClient(create_app(_production(settings), engine=engine, run_background=False)) as prod:
        res = prod.request(method, path, follow_redirects=False)
    assert res.status_code == status
    assert res.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert res.headers["content-security-policy"] == CSP


def test_a_headers_value_is_sent_once(client):
    res = client.get("/login")
    assert len(res.headers.get_list("content-security-policy")) == 1
    assert len(res.headers.get_list("x-frame-options")) == 1


def test_a_configured_base_map_may_load_its_tiles(settings, engine, db):
    tiles = settings.model_copy(update={"tile_url": "https://{s}.tile.example.org/{z}/{x}/{y}.png"})
    with TestClient(create_app(tiles, engine=engine, run_background=False)) as c:
        policy = c.get("/login").headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://*.tile.example.org;" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy


def test_docs_use_local_swagger_ui_and_no_inline_script(client):
    html = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert asset("vendor/swagger-ui/swagger-ui-bundle.js") in sources
    assert asset("vendor/swagger-ui/swagger-ui.css") in sources
    assert all(s.startswith(("/static/", "data:")) for s in sources), sources
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "oauth2-redirect.js"):
        assert client.get(f"/static/vendor/swagger-ui/{name}").status_code == 200, name
    assert client.get("/docs/oauth2-redirect").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN: not offered


def test_docs_follow_the_openapi_document(settings, engine, db):
    app = create_app(settings, engine=engine, run_background=False)
    app.openapi_url = None  # a deployment that does not publish its OpenAPI document
    with TestClient(app) as c:
        assert c.get("/docs").status_code == 404
