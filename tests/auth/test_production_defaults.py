"""Production defaults: strong secrets only, Secure cookies, closed docs and metrics, API keys kept out of URLs."""

from __future__ import annotations

import re
import secrets

import pytest
from fastapi.testclient import TestClient

from ioc.config import DEMO_SECRET_KEY, Settings, SettingsError
from ioc.main import create_app
from tests.auth.conftest import PASSWORD

STRONG = secrets.token_urlsafe(48)


@pytest.mark.parametrize(
    "secret", ["a" * 32, "ab" * 32, "0123456789" * 4, DEMO_SECRET_KEY, "Zx9-short-but-random", "CHANGE-ME"]
)
def test_production_refuses_weak_secrets(secret, database_url):
    with pytest.raises(SettingsError, match="IOC_SECRET_KEY"):
        Settings(database_url=database_url, production=True, secret_key=secret).check_safe()
    with pytest.raises(SettingsError):
        create_app(Settings(database_url=database_url, production=True, secret_key=secret), check_schema=False)
    Settings(database_url=database_url, secret_key=secret).check_safe()  # a developer's machine may use anything


def test_production_accepts_a_random_secret(database_url):
    Settings(database_url=database_url, production=True, secret_key=secrets.token_urlsafe(32)).check_safe()


def test_production_refuses_the_test_suites_password_hashing(database_url):
    with pytest.raises(SettingsError, match="IOC_PASSWORD_HASHING"):
        cheap = Settings(database_url=database_url, production=True, secret_key=STRONG, password_hashing="cheapest")
        cheap.check_safe()


def test_passwords_hashed_at_either_cost_verify_under_the_other():
    from ioc.auth import security

    try:
        security.use_hashing("cheapest")
        cheap = security.hash_password("mật-khẩu-1")
        security.use_hashing("rfc9106")
        strong = security.hash_password("mật-khẩu-2")
        assert "m=65536,t=3,p=4" in strong and "m=8,t=1,p=1" in cheap
        assert security.verify_password(cheap, "mật-khẩu-1") and not security.verify_password(cheap, "mật-khẩu-2")
        security.use_hashing("cheapest")
        assert security.verify_password(strong, "mật-khẩu-2")
    finally:
        security.use_hashing("cheapest")


def _https(app_with, **changes) -> TestClient:
    client = app_with(production=True, secret_key=STRONG, password_hashing="rfc9106", **changes)
    client.base_url = client.base_url.copy_with(scheme="https")  # Secure cookies travel over HTTPS only
    return client


def test_every_cookie_is_secure_in_production(app_with, user):
    browser = _https(app_with)
    form = browser.get("/login")
    assert re.search(r"ioc_csrf=[^;]+;.*Secure", form.headers["set-cookie"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1]
    signed_in = browser.post(
        "/login", data={"username": user(), "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    session = next(c for c in signed_in.headers.get_list("set-cookie") if c.startswith("ioc_session="))
    assert signed_in.status_code == 303 and "Secure" in session and "HttpOnly" in session


def test_cookies_are_not_secure_on_a_developers_http(client, db):
    assert "Secure" not in client.get("/login").headers["set-cookie"]


@pytest.mark.parametrize("path", ["/docs", "/docs/oauth2-redirect", "/openapi.json"])
def test_api_docs_are_closed_in_production_unless_opened(app_with, path, db):
    assert _https(app_with).get(path).status_code == 404
    assert _https(app_with, public_docs=True).get(path).status_code == 200
    assert app_with().get(path).status_code == 200  # open in development and the demo


def test_metrics_need_the_scrapers_token_in_production(app_with, db):
    closed = _https(app_with)
    assert closed.get("/metrics").status_code == 403
    scraped = _https(app_with, metrics_token="scrape-Zk81-token")
    assert scraped.get("/metrics").status_code == 401
    assert scraped.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = scraped.get("/metrics", headers={"Authorization": "Bearer scrape-Zk81-token"})
    assert ok.status_code == 200 and "ioc_http_requests_total" in ok.text
    assert app_with().get("/metrics").status_code == 200  # open in development and the demo


def test_api_keys_in_the_url_are_refused_outside_open311(client, api_key, place):
    refused = client.get("/api/v1/auth/me", params={"api_key": api_key})
    assert refused.status_code == 401 and "X-API-Key" in refused.json()["detail"]
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": api_key}).json()["kind"] == "apikey"
    ngsi = client.get("/ngsi-ld/v1/entities", params={"type": "Lamp", "api_key": api_key})
    assert ngsi.status_code == 401
    assert client.get("/ngsi-ld/v1/entities", params={"type": "Lamp"}, headers={"X-API-Key": api_key}).is_success
    # GeoReport v2 carries api_key as a parameter of the request: kept there.
    filed = client.post(
        "/open311/v2/requests.json",
        params={"api_key": api_key},
        data={
            "service_code": "LIMIT_TEST",
            "lat": str(place["lat"]),
            "long": str(place["lon"]),
            "description": "Cây đổ chắn đường",
        },
    )
    assert filed.status_code == 200 and filed.json()[0]["service_request_id"]


@pytest.mark.parametrize(
    "setting",
    [
        {"login_limit_account": "ten per hour"},
        {"report_limit_address": "30/fortnight"},
        {"trusted_proxies": "10.0.0.0/8, proxy.internal"},
    ],
)
def test_a_typo_in_a_limit_or_a_proxy_stops_the_start_instead_of_disabling_it(setting, database_url):
    with pytest.raises(ValueError, match=next(iter(setting))):
        Settings(database_url=database_url, **setting)
