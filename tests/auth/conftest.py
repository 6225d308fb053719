"""Fixtures of the auth tests: apps built with chosen settings, on each rate-limit store."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.main import create_app

REDIS_URL = os.environ.get("IOC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "password-123"


@pytest.fixture
def redis_store() -> Iterator[dict[str, str]]:
    """Rate-limit settings for several processes: the machine's Redis, under a key prefix of this test's own."""
    prefix = f"ioc-test-{uuid.uuid4().hex[:12]}"
    yield {"rate_limit_storage": REDIS_URL, "rate_limit_prefix": prefix}
    conn = redis.Redis.from_url(REDIS_URL)
    for key in conn.scan_iter(f"*{prefix}*"):
        conn.delete(key)
    conn.close()


@pytest.fixture(params=["memory", "redis"])
def limit_store(request) -> dict[str, str]:
    """Rate-limit settings for one process (memory://) and for several (Redis)."""
    if request.param == "memory":
        return {"rate_limit_storage": "memory://"}
    return request.getfixturevalue("redis_store")


@pytest.fixture
def app_with(settings, engine, db):
    """Start an app with some settings changed; returns a client (closed after the test) from a given address."""
    clients: list[TestClient] = []

    def make(address: str = "127.0.0.1", **changes) -> TestClient:
        app = create_app(settings.model_copy(update=changes), engine=engine, run_background=False)
        client = TestClient(app, client=(address, 50000))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def user(db):
    """Create a user with the test password; returns the username."""

    def make(role: str = "operator", name: str | None = None, agency: str | None = None) -> str:
        name = name or f"{role}-{uuid.uuid4().hex[:6]}"
        auth_service.create_user(db, SYSTEM, username=name, password=PASSWORD, role=role, agency_code=agency)
        db.commit()
        return name

    return make


@pytest.fixture
def place(client, make_user, province) -> dict:
    """An agency, a category routed to it, an admin's headers and a point inside a ward of the province."""
    _, admin = make_user("admin")
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 1}).json()["items"][0]
    assert client.put(
        "/api/v1/agencies/AG_LIMIT",
        headers=admin,
        json={"code": "AG_LIMIT", "name": "Sở thử giới hạn", "kind": "department", "area_codes": [ward["code"]]},
    ).is_success
    assert client.put(
        "/api/v1/feedback/categories/LIMIT_TEST",
        headers=admin,
        json={"code": "LIMIT_TEST", "name": "Rác thải", "default_agency_code": "AG_LIMIT"},
    ).is_success
    return {"admin": admin, "lat": ward["centroid"]["lat"], "lon": ward["centroid"]["lon"]}
