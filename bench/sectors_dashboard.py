"""A sector dashboard's API with a year of data for 2,000 facilities, against /healthz, in one run.

2,000 hospitals are registered through the facilities service (the facilities bench's builder) with the last
365 days of daily bed occupancy on the sensors path (730,000 figures), then the sectors'
demo writes two years of sector figures (accidents per segment, weekly disease cases per ward...).
Timed through the app as a leader:

- GET /api/v1/sectors/health (tiles, facility counts, ward ranking, events, incidents, reports, outbreaks),
- GET /api/v1/sectors/health/series (weekly cases, the hospitals' monthly occupancy from the ward sums),
- GET /api/v1/sectors/traffic (three criteria, hot spots) and GET /api/v1/sectors/health/map (2,000 points);
- baseline: GET /healthz through the same app (the cost of a request with no work).

    .venv/bin/python bench/sectors_dashboard.py [--facilities 2000] [--db sqlite|postgres] [--requests 60]
Target: p95 ≤ 100 ms for the dashboard answers.
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

import facilities_dashboard as fac
from _sensors_common import fresh_database
from ioc.config import Settings
from ioc.db.session import make_engine, make_session_factory
from ioc.demo.context import DemoContext
from ioc.kpi import service as kpi_service
from ioc.main import create_app
from ioc.plugins import default_registry
from ioc.sectors import demo, extras


def main() -> None:
    """Build the data, time the answers, print p50/p95 and the ratio to /healthz."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=2000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    fac.KIND = "hospital"
    url, drop = fresh_database(args.db)
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine, registry=default_registry())
        today = date.today()
        fac.build(factory, args.facilities, today.year, [today - timedelta(days=d) for d in range(365, 0, -1)])
        settings = Settings(database_url=url, secret_key="bench-" + "x" * 40, jurisdiction=fac.PROVINCE, log_json=False)
        with factory() as s:
            kpi_service.seed_catalogue(s)
            s.commit()
        demo.seed(DemoContext(settings=settings, session_factory=factory, province=fac.PROVINCE))
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
        app = create_app(settings, engine=engine, run_background=False)
        with TestClient(app) as client:
            token = client.post("/api/v1/auth/token", data={"username": "bench", "password": "bench-password"}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            paths = ["/healthz", "/api/v1/sectors/health", "/api/v1/sectors/health/series", "/api/v1/sectors/traffic",
                     "/api/v1/sectors/health/map"]  # fmt: skip
            results = {}
            for path in paths:
                results[path] = fac.timed(
                    lambda p=path: client.get(p, headers=headers).raise_for_status(), args.requests
                )

            def cold() -> None:
                extras._MEANS.clear()  # the monthly means of daily figures, recomputed from the ward sums
                client.get("/api/v1/sectors/health/series", headers=headers).raise_for_status()

            results["/api/v1/sectors/health/series (cold)"] = fac.timed(cold, max(10, args.requests // 4))
            n = len(client.get("/api/v1/sectors/health/map", headers=headers).json()["facilities"])
        base = fac.p95(results["/healthz"])
        print(f"{args.db}: {args.facilities:,} hospitals with a year of daily occupancy; the map carries {n:,} points")
        print(f"{'':42}{'p50 ms':>9}{'p95 ms':>9}{'ratio p95':>11}")
        for path, values in results.items():
            p = fac.p95(values)
            print(f"{path:42}{statistics.median(values):9.1f}{p:9.1f}{p / base:11.1f}")
        worst = max(fac.p95(results[p]) for p in paths[1:4])
        print(f"dashboard answers, worst p95 {worst:.1f} ms: target ≤ 100 ms {'met' if worst <= 100 else 'NOT met'}")
    finally:
        engine.dispose()
        drop()


if __name__ == "__main__":
    main()
