"""Leader overview and ward breakdown latency on a large province (PostgreSQL).

300 indicators × 10 years of monthly figures × every ward of province 79 (168 wards, the largest),
i.e. about 6 million derived rows, generated set-based in SQL straight into kpi_current and
kpi_latest (the only tables these two reads touch; the write path fills them in production).
Then GET /api/v1/kpi/overview and GET /api/v1/kpi/indicators/{code}/wards are timed through the
real app (auth, query, serialisation) next to a bare handler with the same auth, in the same run.

    .venv/bin/python bench/kpi_overview.py [--indicators 300] [--years 10] [--requests 300]
Targets: overview p95 ≤ 50 ms, ward breakdown p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

from fastapi import Depends
from fastapi.testclient import TestClient
from sqlalchemy import text

from ioc.auth import service as auth_service
from ioc.auth.deps import require_roles
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.kpi import service as kpi_service
from ioc.main import create_app
from ioc.plugins import default_registry

PG = "postgresql+psycopg://root@127.0.0.1:5432/test"
PROVINCE = "79"


def build(engine, indicators: int, years: int) -> None:
    """Catalogue and derived rows, set-based."""
    with make_session_factory(engine, registry=default_registry())() as s:
        from ioc.areas import service as areas_service

        areas_service.load_jurisdiction(s, PROVINCE)
        auth_service.create_user(s, SYSTEM, username="bench", password="bench-password", role="leader")
        s.commit()
    domains = list(kpi_service.DOMAINS)
    with engine.begin() as c:
        c.execute(
            text("""
            INSERT INTO kpi_indicators (code, name, name_en, unit, unit_en, frequency, domain, direction, time_agg,
                area_agg, price_basis, source_agency, source_ref, headline, digits, builtin, active, created_at)
            SELECT 'B' || lpad(i::text, 3, '0'), 'Chỉ tiêu ' || i, 'Indicator ' || i, 'tỷ đồng', 'bn VND', 'month',
                   (CAST(:domains AS text[]))[1 + i % 14], CASE WHEN i % 5 = 0 THEN 'down' ELSE 'up' END,
                   (ARRAY['sum','mean','last'])[1 + i % 3], 'sum', 'none', 'Thống kê', 'bench', i % 7 = 0, 1, false,
                   true, now()
            FROM generate_series(1, :n) AS i"""),
            {"n": indicators, "domains": domains},
        )
        t = time.perf_counter()
        c.execute(
            text("""
            INSERT INTO kpi_current (indicator_code, area_code, period_start, value, value_status, yoy_pct, yoy_diff,
                ytd, target, plan, pct_target, track, updated_at)
            SELECT i.code, a.code, m::date, 100 + random() * 50, 'official', random() * 20 - 5, random() * 10,
                   (100 + random() * 50) * extract(month FROM m), 1500, 125 * extract(month FROM m),
                   random() * 100, (ARRAY['on_track','at_risk','off_track','no_data'])[1 + floor(random() * 4)::int],
                   now()
            FROM kpi_indicators i
            CROSS JOIN areas a
            CROSS JOIN generate_series(date_trunc('month', now()) - make_interval(months => :months - 1),
                                       date_trunc('month', now()), interval '1 month') AS m"""),
            {"months": years * 12},
        )
        print(f"kpi_current filled in {time.perf_counter() - t:.1f} s")
        c.execute(
            text("""
            INSERT INTO kpi_latest (indicator_code, area_code, period_start, value, value_status, yoy_pct, yoy_diff,
                ytd, target, pct_target, track, sparkline, data_updated_at)
            SELECT c.indicator_code, c.area_code, c.period_start, c.value, c.value_status, c.yoy_pct, c.yoy_diff,
                   c.ytd, c.target, c.pct_target, c.track,
                   (SELECT jsonb_agg(jsonb_build_array(p.period_start, p.value) ORDER BY p.period_start)
                    FROM kpi_current p WHERE p.indicator_code = c.indicator_code AND p.area_code = c.area_code
                      AND p.period_start > c.period_start - interval '12 months'), now()
            FROM kpi_current c WHERE c.period_start = date_trunc('month', now())::date""")
        )
        c.execute(text("ANALYZE"))
        rows = c.execute(text("SELECT count(*) FROM kpi_current")).scalar()
        print(
            f"{indicators} indicators × {years * 12} months × {rows // (indicators * years * 12)} areas "
            f"= {rows:,} derived rows"
        )


def timed(client: TestClient, url: str, headers: dict, n: int) -> list[float]:
    """Latencies in ms of n GETs (after a warm-up)."""
    for _ in range(10):
        assert client.get(url, headers=headers).status_code == 200
    out = []
    for _ in range(n):
        t = time.perf_counter()
        res = client.get(url, headers=headers)
        out.append((time.perf_counter() - t) * 1000)
        assert res.status_code == 200, res.text
    return out


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=100)[94]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{name}"'))
    url = f"{PG}?options=-csearch_path%3D{name}"
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        build(engine, args.indicators, args.years)
        app = create_app(
            Settings(database_url=url, secret_key="bench-" + "x" * 40, jurisdiction=PROVINCE, log_json=False),
            engine=engine,
            run_background=False,
        )

        @app.get("/bench/bare")
        def bare(_=Depends(require_roles("admin", "leader", "operator", "agency_officer"))) -> dict:
            return {"ok": True}

        with TestClient(app) as client:
            token = client.post("/api/v1/auth/token", data={"username": "bench", "password": "bench-password"}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            n = args.requests
            bare_ms = timed(client, "/bench/bare", headers, n)
            overview = timed(client, "/api/v1/kpi/overview", headers, n)
            wards = timed(client, "/api/v1/kpi/indicators/B007/wards", headers, n)
            tiles = sum(len(g["tiles"]) for g in client.get("/api/v1/kpi/overview", headers=headers).json()["groups"])
            ward_rows = len(client.get("/api/v1/kpi/indicators/B007/wards", headers=headers).json()["wards"])
        print(f"{'':24}{'p50 ms':>9}{'p95 ms':>9}{'× bare p95':>12}")
        for label, values in (
            ("bare handler (auth)", bare_ms),
            (f"overview ({tiles} tiles)", overview),
            (f"ward breakdown ({ward_rows})", wards),
        ):
            print(f"{label:24}{statistics.median(values):9.1f}{p95(values):9.1f}{p95(values) / p95(bare_ms):12.1f}")
        print(
            f"targets: overview p95 ≤ 50 ms → {'met' if p95(overview) <= 50 else 'NOT met'}; "
            f"ward breakdown p95 ≤ 100 ms → {'met' if p95(wards) <= 100 else 'NOT met'}"
        )
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
