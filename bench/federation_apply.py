"""A national deployment applying a full round: 34 provinces × 300 indicators across their wards (PostgreSQL).

Each province's indicators snapshot (about 100 areas × 300 indicators, ≈ 30,000 values; ≈ 1 million in all)
is signed with the province's own Ed25519 key and applied through the real path — signature check,
JSON Schema, ownership, version, replacing the period's values, receipt, audit — one transaction per
snapshot, as POST /api/v1/federation/snapshots does. The baseline is a raw bulk insert of the same rows
into the same table, in the same run. Then GET /api/v1/federation/ranking and /members (the national
overview) and GET /api/v1/federation/picture (the one read behind the map, ranking and link states of the
desktop, phone and wall pages) are timed through the real app next to GET /healthz.

    .venv/bin/python bench/federation_apply.py [--provinces 34] [--indicators 300] [--areas 100]
Targets: apply ≤ 10 s; overview p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import delete, text

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.federation import crypto, service
from ioc.federation.models import Value
from ioc.federation.repository import copy_rows
from ioc.federation.settings import FederationSettings
from ioc.kit.timeutil import utcnow
from ioc.main import create_app
from ioc.plugins import default_registry

PG_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"
PROVINCES = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40"]
PROVINCES += ["42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"]


def _doc(code: str, indicators: int, areas: int) -> dict:
    wards = [code] + [f"{code}{i:03d}" for i in range(1, areas)]
    items = [
        {
            "code": f"QD293-{n:03d}",
            "values": [round(100 + n + i * 0.01 + int(code) * 0.1, 2) for i in range(areas)],
            "targets": [100.0] * areas,
            "statuses": ["on_track"] * areas,
        }
        for n in range(1, indicators + 1)
    ]
    return {
        "format": "ioc-federation/1",
        "snapshot_id": uuid.uuid4().hex,
        "province": code,
        "dataset": "indicators",
        "period": "2026-10",
        "version": 1,
        "generated_at": utcnow().isoformat(),
        "data": {"areas": wards, "indicators": items},
    }


def _members(factory, provinces: list[str]) -> dict[str, tuple[str, str]]:
    keys = {}
    with unit_of_work(factory) as s:
        for code in provinces:
            private, public = crypto.generate()
            service.add_member(s, SYSTEM, code, f"Tỉnh {code}")
            keys[code] = (service.add_key(s, SYSTEM, code, public).key_id, private)
    return keys


def _apply_round(factory, bodies: list[tuple[bytes, service.Credentials]]) -> float:
    settings = FederationSettings(max_snapshot_bytes=64 * 1024 * 1024)
    start = time.perf_counter()
    for body, creds in bodies:
        with unit_of_work(factory) as s:
            status, _ = service.receive(s, body, creds, settings)
            assert status == 201
    return time.perf_counter() - start


def _raw_insert(engine, bodies) -> tuple[float, int]:
    """COPY the same rows straight into fed_values in one transaction (the fastest bulk insert)."""
    rows = []
    for body, _ in bodies:
        doc = orjson.loads(body)
        areas = doc["data"]["areas"]
        for item in doc["data"]["indicators"]:
            for a, v, t, st in zip(areas, item["values"], item["targets"], item["statuses"], strict=True):
                rows.append((doc["province"], "2026-09", item["code"], a, v, t, st))
    start = time.perf_counter()
    with engine.begin() as conn:
        copy_rows(conn.connection.dbapi_connection, rows)
    took = time.perf_counter() - start
    with engine.begin() as conn:
        conn.execute(delete(Value).where(Value.period == "2026-09"))
    return took, len(rows)


def _p95(client, url: str, headers: dict, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        assert client.get(url, headers=headers).status_code == 200
        times.append((time.perf_counter() - t) * 1000)
    return statistics.quantiles(times, n=20)[18]


def _overview(url: str, requests: int) -> None:
    app = create_app(Settings(database_url=url, jurisdiction="VN", log_json=False), run_background=False)
    with unit_of_work(app.state.session_factory) as s:
        auth_service.create_user(s, SYSTEM, username="bench-leader", password="password-123", role="leader")
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/token", data={"username": "bench-leader", "password": "password-123"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        picture = _p95(client, "/api/v1/federation/picture?code=QD293-150", headers, requests)
        ranking = _p95(client, "/api/v1/federation/ranking?code=QD293-150", headers, requests)
        members = _p95(client, "/api/v1/federation/members", headers, requests)
        bare = _p95(client, "/healthz", {}, requests)
    print(f"overview p95: picture {picture:.1f} ms, ranking {ranking:.1f} ms, members {members:.1f} ms")
    print(f"  baseline /healthz {bare:.1f} ms; ratio picture/baseline {picture / bare:.1f}x  (target ≤ 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    name = f"bench_fed_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{name}"
    try:
        engine = make_engine(url)
        schema.upgrade(engine)
        factory = make_session_factory(engine, default_registry(), Settings(database_url=url, jurisdiction="VN"))
        provinces = PROVINCES[: args.provinces]
        keys = _members(factory, provinces)
        bodies = []
        for code in provinces:
            body = orjson.dumps(_doc(code, args.indicators, args.areas))
            creds = service.Credentials(keys[code][0], crypto.sign(keys[code][1], body), None)
            bodies.append((body, creds))
        size = sum(len(b) for b, _ in bodies)
        raw, count = _raw_insert(engine, bodies)
        applied = _apply_round(factory, bodies)
        print(f"{len(bodies)} snapshots, {count:,} values, {size / 1e6:.1f} MB signed JSON")
        print(f"apply (verify + schema + version + replace + receipt + audit): {applied:.2f} s  (target ≤ 10 s)")
        print(f"baseline raw COPY of the same rows: {raw:.2f} s;  ratio {applied / raw:.2f}x")
        with engine.begin() as conn:
            conn.execute(text("ANALYZE fed_values"))  # what autovacuum does after a large load
        _overview(url, args.requests)
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


if __name__ == "__main__":
    main()
