"""The in-process cache of live API keys: a revoke here is at once, another process's within the TTL."""

from __future__ import annotations

from sqlalchemy import update

from ioc.auth import keycache
from ioc.auth.models import ApiKey
from ioc.auth.principal import Principal
from ioc.kit.timeutil import utcnow


def _revoke_elsewhere(engine, name: str) -> None:
    """What another process's revoke leaves in the database, without touching this process's cache."""
    with engine.begin() as conn:
        conn.execute(update(ApiKey).where(ApiKey.name == name).values(revoked_at=utcnow()))


def _key(client, admin: dict, name: str) -> str:
    res = client.post("/api/v1/apikeys", headers=admin, json={"name": name})
    assert res.status_code == 201, res.text
    return res.json()["key"]


def test_a_key_revoked_in_this_process_is_refused_at_once(client, make_user):
    _, admin = make_user("admin")
    key = _key(client, admin, "camera-gateway")
    for _ in range(3):  # read once, then served from the cache
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).json()["name"] == "camera-gateway"
    assert client.delete("/api/v1/apikeys/camera-gateway", headers=admin).status_code == 204
    res = client.post("/api/v1/events", headers={"X-API-Key": key}, json={})
    assert res.status_code == 401
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401


def test_another_process_revoke_is_seen_when_the_entry_expires(client, app_with, make_user, engine):
    _, admin = make_user("admin")
    key = _key(client, admin, "hotline-113")
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 200
    _revoke_elsewhere(engine, "hotline-113")
    # Within the TTL this process still trusts its entry, as docs/auth.md says ...
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 200
    # ... and with the cache off (IOC_API_KEY_CACHE_SECONDS=0) the key is read on every request.
    uncached = app_with(api_key_cache_seconds=0)
    keycache.live_keys.clear()
    assert uncached.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401
    assert len(keycache.live_keys) == 0


def test_the_entry_expires_after_its_ttl(monkeypatch):
    cache, now = keycache.KeyCache(), [1000.0]
    monkeypatch.setattr(keycache.time, "monotonic", lambda: now[0])
    who = Principal(kind="apikey", name="k", role="integrator", id=1)
    cache.put("h", who, ttl=10)
    now[0] += 9.9
    assert cache.get("h") is who
    now[0] += 0.2
    assert cache.get("h") is None and len(cache) == 0


def test_unknown_keys_are_not_cached_and_the_cache_is_bounded(client):
    keycache.live_keys.clear()
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": "ioc_not-a-key"}).status_code == 401
    assert len(keycache.live_keys) == 0
    cache = keycache.KeyCache(max_keys=3)
    for i in range(5):
        cache.put(f"h{i}", Principal(kind="apikey", name=f"k{i}", role="integrator", id=i), ttl=60)
    assert len(cache) == 3 and cache.get("h0") is None and cache.get("h4") is not None
