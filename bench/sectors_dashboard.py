"""Every sector dashboard's API with a year of data for 2,000 facilities, against two baselines, in one run.

2,000 hospitals are registered through the facilities service (the facilities bench's builder) with the last
365 days of daily bed occupancy on the sensors path (730,000 figures), then the sectors'
demo writes two years of sector figures (accidents per segment, weekly disease cases per ward...).
Timed through the app as a leader, for each of the six sectors:

- GET /api/v1/sectors/{s} (tiles, facility counts, ward ranking, events, incidents, reports, panels, calendar),
- GET /api/v1/sectors/{s}/series and GET /api/v1/sectors/{s}/map (layers, ward values, live overlay),
- GET /api/v1/facilities/map for the sector's kinds: the whole province at zoom 9 (clustered) and a
  ward-sized box at zoom 14 (points), as the dashboard's map asks;
- the dashboard with its per-period cache emptied before each request (the first visitor of a period);
- baselines in the same run: GET /healthz through the same app, and a bare indexed select on a connection.

The requests go round-robin over all of these (each path once per round), so a burst of load on a shared
machine lands on the baselines as much as on the answers.

    .venv/bin/python bench/sectors_dashboard.py [--facilities 2000] [--db sqlite|postgres] [--requests 60]
Target: p95 ≤ 100 ms for every answer.
"""

from __future__ import annotations

import argparse
import statistics
import time
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
from ioc.sectors import cache, demo
from ioc.sectors.catalogue import SECTORS


def _paths(client, headers, box: str) -> dict[str, str]:
    paths = {}
    for code in SECTORS:
        paths[f"{code} dashboard"] = f"/api/v1/sectors/{code}"
        paths[f"{code} series"] = f"/api/v1/sectors/{code}/series"
        paths[f"{code} map"] = f"/api/v1/sectors/{code}/map"
        kinds = "&".join(f"kind={k}" for k in SECTORS[code].facility_kinds)
        if kinds:
            paths[f"{code} facilities z9"] = f"/api/v1/facilities/map?{kinds}&bbox=107.0,15.0,109.0,17.0&zoom=9"
            paths[f"{code} facilities z14"] = f"/api/v1/facilities/map?{kinds}&bbox={box}&zoom=14"
    return paths


def _interleaved(calls: dict[str, callable], requests: int) -> dict[str, list[float]]:
    """Latencies in ms of every call, round-robin (a burst of load on a shared machine hits all, baselines too)."""
    for fn in calls.values():
        for _ in range(3):
            fn()
    out: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(requests):
        for label, fn in calls.items():
            t = time.perf_counter()
            fn()
            out[label].append((time.perf_counter() - t) * 1000)
    return out


def _run(client, engine, headers, requests: int) -> dict[str, list[float]]:
    get = lambda p: client.get(p, headers=headers).raise_for_status()  # noqa: E731

    def bare() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT id, name FROM facilities WHERE id = 1")).fetchall()

    def cold(code: str) -> None:
        cache.clear()
        get(f"/api/v1/sectors/{code}")

    hospital = client.get("/api/v1/facilities?kind=hospital&page_size=1", headers=headers).json()["items"][0]
    lat, lon = hospital["lat"], hospital["lon"]
    box = f"{lon - 0.02:.4f},{lat - 0.015:.4f},{lon + 0.02:.4f},{lat + 0.015:.4f}"
    calls = {"/healthz (baseline)": lambda: get("/healthz"), "indexed select (baseline)": bare}
    calls |= {label: (lambda p=path: get(p)) for label, path in _paths(client, headers, box).items()}
    results = _interleaved(calls, requests)
    # Apart: emptying the cache inside the rounds would make every other answer of the next round cold too.
    colds = {"/healthz (baseline, cold pass)": lambda: get("/healthz")}
    colds |= {f"{code} dashboard, cache emptied": (lambda c=code: cold(c)) for code in ("health", "traffic")}
    return results | _interleaved(colds, max(10, requests // 2))


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
        settings = Settings(database_url=url, secret_key="bench-" + "x" * 40, jurisdiction=fac.PROVINCE, log_json=False)
        factory = make_session_factory(engine, registry=default_registry(), settings=settings)
        today = date.today()
        fac.build(factory, args.facilities, today.year, [today - timedelta(days=d) for d in range(365, 0, -1)])
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
            results = _run(client, engine, headers, args.requests)
        _report(args, results)
    finally:
        engine.dispose()
        drop()


def _report(args, results: dict[str, list[float]]) -> None:
    base = fac.p95(results["/healthz (baseline)"])
    print(f"{args.db}: {args.facilities:,} hospitals with a year of daily occupancy (730,000 figures) and the demo")
    print(f"{'':36}{'p50 ms':>9}{'p95 ms':>9}{'p95 / healthz':>15}")
    for label, values in results.items():
        p = fac.p95(values)
        print(f"{label:36}{statistics.median(values):9.1f}{p:9.1f}{p / base:15.1f}")
    timed = {k: fac.p95(v) for k, v in results.items() if "baseline" not in k}
    worst = max(timed, key=timed.get)
    verdict = "met" if timed[worst] <= 100 else "NOT met"
    print(f"worst p95: {worst} {timed[worst]:.1f} ms; target ≤ 100 ms {verdict}")


if __name__ == "__main__":
    main()
