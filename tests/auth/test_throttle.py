"""Sign-in throttling per account and per address, on the token endpoint and the login page, on both stores."""

from __future__ import annotations

import re

from tests.auth.conftest import PASSWORD

TOKEN = "/api/v1/auth/token"


def _token(client, name, password=PASSWORD, **kw):
    return client.post(TOKEN, data={"username": name, "password": password}, **kw)


def test_failed_sign_ins_throttle_the_account_for_a_window_only(app_with, user, limit_store):
    client = app_with(login_limit_account="3/15 minutes", **limit_store)
    victim, other = user(), user()
    assert [_token(client, victim, "wrong-guess").status_code for _ in range(3)] == [401, 401, 401]
    refused = _token(client, victim)  # even the right password waits: the guesser cannot tell it worked
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["status"] == 429 and refused.json()["type"].endswith("/too-many-requests")
    # Refused for the window at most (the oldest attempt leaves it), never for good.
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert _token(client, other).status_code == 200  # another account from the same address is not held up


def test_a_successful_sign_in_forgets_the_accounts_attempts(app_with, user, limit_store):
    client = app_with(login_limit_account="3/15 minutes", **limit_store)
    name = user()
    assert [_token(client, name, "typo").status_code for _ in range(2)] == [401, 401]
    assert _token(client, name).status_code == 200
    assert [_token(client, name, "typo").status_code for _ in range(2)] == [401, 401]
    assert _token(client, name).status_code == 200


def test_failures_from_one_address_across_accounts_throttle_that_address(app_with, user, limit_store):
    names = [user() for _ in range(4)]
    attacker = app_with(address="198.51.100.7", login_limit_address="3/15 minutes", **limit_store)
    assert [_token(attacker, n, "spray").status_code for n in names[:3]] == [401, 401, 401]
    assert _token(attacker, names[3]).status_code == 429
    # The same deployment (and store) seen from another address is not affected.
    office = app_with(address="198.51.100.8", login_limit_address="3/15 minutes", **limit_store)
    assert _token(office, names[3]).status_code == 200


def test_several_processes_share_the_counts_in_redis(app_with, user, redis_store):
    first = app_with(login_limit_account="3/15 minutes", **redis_store)
    second = app_with(login_limit_account="3/15 minutes", **redis_store)
    name = user()
    for client in (first, second, first):
        assert _token(client, name, "wrong").status_code == 401
    assert _token(second, name).status_code == 429


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(app_with, user):
    names = [user() for _ in range(3)]
    # No trusted proxy: X-Forwarded-For is the client's own claim, so changing it does not escape the limit.
    direct = app_with(address="203.0.113.9", login_limit_address="2/15 minutes")
    for i, name in enumerate(names[:2]):
        _token(direct, name, "wrong", headers={"X-Forwarded-For": f"192.0.2.{i}"})
    assert _token(direct, names[2], headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429
    # Behind our proxy, each client address (the nearest untrusted hop) has its own count.
    proxied = app_with(address="10.0.0.2", login_limit_address="2/15 minutes", trusted_proxies="10.0.0.0/8")
    spoofed_then_real = {"X-Forwarded-For": "192.0.2.50, 198.51.100.20"}
    for name in names[:2]:
        _token(proxied, name, "wrong", headers=spoofed_then_real)
    assert _token(proxied, names[2], headers=spoofed_then_real).status_code == 429
    assert _token(proxied, names[2], headers={"X-Forwarded-For": "198.51.100.21"}).status_code == 200


def _page_login(client, name, password):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token, "next": "/map"},
        follow_redirects=False,
    )


def test_the_login_page_is_throttled_with_the_token_endpoint(app_with, user, limit_store):
    client = app_with(login_limit_account="3/15 minutes", **limit_store)
    name = user()
    assert _page_login(client, name, "wrong").status_code == 401
    assert _token(client, name, "wrong").status_code == 401  # one count for both ways in
    assert _page_login(client, name, "wrong").status_code == 401
    page = _page_login(client, name, PASSWORD)
    assert page.status_code == 429 and 0 < int(page.headers["retry-after"]) <= 15 * 60
    assert "Quá nhiều lần đăng nhập không thành công" in page.text and "ioc_session" not in page.headers.get(
        "set-cookie", ""
    )
    english = client.get("/lang/en", follow_redirects=False).headers["set-cookie"]
    assert "ioc_lang=en" in english
    assert "Too many failed sign-ins" in _page_login(client, name, PASSWORD).text


def test_an_unreachable_store_lets_sign_ins_through(app_with, user):
    # Port 9 (discard) has no Redis: a broken limiter must not lock every user out.
    client = app_with(rate_limit_storage="redis://127.0.0.1:9/0", login_limit_account="1/15 minutes")
    name = user()
    assert _token(client, name, "wrong").status_code == 401
    assert _token(client, name).status_code == 200
