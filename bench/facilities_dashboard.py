"""A sector dashboard's answer for 2,000 facilities with a year of daily figures, against raw SQL, in one run.

2,000 commune health stations (the heaviest kind: a figure every day) are registered through the
facilities service (each with its sensors station), then a calendar year of daily bed occupancy
(730,000 figures) is stored on the sensors path. Timed:

- real path: GET /api/v1/facilities/dashboard?kind=commune_health_station&year=Y through the app
  (auth, the facilities' last figures, the year per ward and month, JSON);
- baseline: the same two aggregates (latest values joined to stations; daily rollups summed per ward
  and month) as raw SQL on a bare connection, no app.

    .venv/bin/python bench/facilities_dashboard.py [--facilities 2000] [--db sqlite|postgres] [--requests 100]
Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from _sensors_common import fresh_database
from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM, Principal
from ioc.config import Settings
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.facilities import figures, repository, service
from ioc.facilities.schemas import FacilityIn
from ioc.kit import urlpolicy
from ioc.main import create_app
from ioc.plugins import default_registry

KIND = "commune_health_station"
ACTOR = Principal(kind="system", name="bench", role="admin")
PROVINCE = "48"
BATCH = 20_000


def build(factory, count: int, year: int, days: list[date] | None = None) -> None:
    """Wards, a leader, `count` facilities in the wards and a year of daily figures each (or these days)."""
    rng = random.Random(7)
    with unit_of_work(factory) as s:
        areas_service.load_jurisdiction(s, PROVINCE)
        areas_service.generate_synthetic(s, PROVINCE)
        auth_service.create_user(s, SYSTEM, username="bench", password="bench-password", role="leader")
    t = time.perf_counter()
    with unit_of_work(factory) as s:
        wards = [w for w in areas_service.with_boundaries(s, "ward") if w.centroid_lat is not None]
        items = []
        for n in range(count):
            ward = wards[n % len(wards)]
            data = FacilityIn(code=f"TYT-{n:05d}", kind=KIND, name=f"Trạm Y tế {ward.name} {n}",
                              lat=ward.centroid_lat, lon=ward.centroid_lon,
                              attributes={"beds": rng.randint(3, 10)}, synthetic=True)  # fmt: skip
            items.append((data, *service.checked(s, data, urlpolicy.PUBLIC_ONLY)))
        service.upsert_many(s, ACTOR, items)
    print(f"{count:,} facilities registered in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    days = days or [date(year, 1, 1) + timedelta(days=d) for d in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]
    with unit_of_work(factory) as s:
        facilities = repository.of_kind(s, KIND)
    rows = []
    for f in facilities:
        base = rng.uniform(25, 70)
        for day in days:
            rows.append(figures.row_for(f, day, round(base + 8 * math.sin(day.toordinal() / 58) + rng.gauss(0, 4), 1)))
    for i in range(0, len(rows), BATCH):
        with unit_of_work(factory) as s:
            figures.store(s, ACTOR, rows[i : i + BATCH], source="bench")
    print(f"{len(rows):,} figures stored on the sensors path in {time.perf_counter() - t:.1f} s")


BASELINE_LATEST = (
    "SELECT s.code, lv.ts, lv.value FROM latest_values lv JOIN stations s ON s.id = lv.station_id "
    "WHERE s.code LIKE 'fac-commune\\_health\\_station-%' ESCAPE '\\' AND lv.quantity = 'bed_occupancy'"
)


def baseline_sql(year: int) -> str:
    """The per-ward, per-month sums as one hand-written statement."""
    tz = timedelta(hours=7)
    bounds = [int((datetime(year + m // 12, m % 12 + 1, 1) - tz).timestamp()) for m in range(13)]
    cases = " ".join(f"WHEN d.start < {bounds[i + 1]} THEN {i}" for i in range(12))
    return (
        f"SELECT s.area_code, CASE {cases} END AS m, SUM(d.n), SUM(d.total) FROM observation_daily d "
        "JOIN stations s ON s.id = d.station_id WHERE s.code LIKE 'fac-commune\\_health\\_station-%' ESCAPE '\\' "
        "AND d.quantity = 'bed_occupancy' "
        f"AND d.start >= {bounds[0]} AND d.start < {bounds[12]} GROUP BY s.area_code, m"
    )


def timed(fn, n: int) -> list[float]:
    """Latencies in ms of n calls after 5 warm-ups."""
    for _ in range(5):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=100)[94]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=2000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    year = date.today().year - 1
    url, drop = fresh_database(args.db)
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine, registry=default_registry())
        build(factory, args.facilities, year)
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
        settings = Settings(database_url=url, secret_key="bench-" + "x" * 40, jurisdiction=PROVINCE, log_json=False)
        app = create_app(settings, engine=engine, run_background=False)
        with TestClient(app) as client:
            token = client.post("/api/v1/auth/token", data={"username": "bench", "password": "bench-password"}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            path = f"/api/v1/facilities/dashboard?kind={KIND}&year={year}"
            body = client.get(path, headers=headers).json()

            def api() -> None:
                assert client.get(path, headers=headers).status_code == 200

            real = timed(api, args.requests)
        sql = baseline_sql(year)

        def raw() -> None:
            with engine.connect() as c:
                c.execute(text(BASELINE_LATEST)).fetchall()
                c.execute(text(sql)).fetchall()

        base = timed(raw, args.requests)
        points = sum(m["count"] for w in body["wards"] for m in w["months"])
        print(f"{args.db}: {len(body['facilities']):,} facilities, {len(body['wards'])} wards × 12 months "
              f"summing {points:,} daily figures")  # fmt: skip
        print(f"{'':34}{'p50 ms':>9}{'p95 ms':>9}")
        for label, values in (("raw SQL (same two aggregates)", base), ("GET /api/v1/facilities/dashboard", real)):
            print(f"{label:34}{statistics.median(values):9.1f}{p95(values):9.1f}")
        print(f"ratio real/baseline p95: {p95(real) / p95(base):.2f}; target p95 ≤ 100 ms: "
              f"{'met' if p95(real) <= 100 else 'NOT met'}")  # fmt: skip
    finally:
        engine.dispose()
        drop()


if __name__ == "__main__":
    main()
