"""Dashboard queries on one year of 5-minute data for 200 stations (≥ 20 million raw rows).

Run: .venv/bin/python bench/sensors_queries.py [--stations 200] [--days 365] [--db sqlite|postgres]
Measures, through the service functions the API calls, p50/p95 of
  (a) a one-year hourly series of one station (reads observation_hourly),
  (b) the latest values of all stations (reads latest_values),
and as the baseline the same hourly series computed from the raw rows (what the rollups avoid).
Target: (a) and (b) ≤ 50 ms at p95.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import text

from _sensors_common import fresh_database, seed_stations
from ioc.db.session import make_engine, make_session_factory
from ioc.sensors import service

T0 = 1_735_689_600  # 2025-01-01T00:00:00Z
STEP = 300


def generate(url: str, stations: int, days: int) -> int:
    """Set-based inserts: raw pm25 rows, then hourly/daily rollups and latest values derived in SQL."""
    engine = make_engine(url)
    steps = days * 86400 // STEP
    series = (
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < :n) SELECT i FROM s"
        if engine.dialect.name == "sqlite"
        else "SELECT generate_series(0, :n) AS i"
    )
    with engine.begin() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM stations ORDER BY id"))][:stations]
        for sid in ids:  # one statement per station keeps each transaction's memory bounded
            conn.execute(
                text(
                    "INSERT INTO observations (station_id, quantity, ts, value, flag) "
                    f"SELECT :sid, 'pm25', {T0} + i * {STEP}, 20 + ((i * 7 + :sid) % 60), 0 FROM ({series}) AS t"
                ),
                {"sid": sid, "n": steps - 1},
            )
        conn.execute(
            text(
                "INSERT INTO observation_hourly (station_id, quantity, start, n, total, vmin, vmax, flagged) "
                "SELECT station_id, quantity, ts - ts % 3600, count(*), sum(value), min(value), max(value), 0 "
                "FROM observations GROUP BY station_id, quantity, ts - ts % 3600"
            )
        )
        conn.execute(
            text(
                "INSERT INTO observation_daily (station_id, quantity, start, n, total, vmin, vmax, flagged) "
                "SELECT station_id, quantity, (start + 25200) / 86400 * 86400 - 25200, sum(n), sum(total), "
                "min(vmin), max(vmax), 0 FROM observation_hourly GROUP BY 1, 2, 3"
            )
        )
        conn.execute(
            text(
                "INSERT INTO latest_values (station_id, quantity, ts, value, flag, run) "
                "SELECT o.station_id, o.quantity, o.ts, o.value, 0, 1 FROM observations o "
                f"WHERE o.ts = {T0 + (steps - 1) * STEP}"
            )
        )
        total = conn.execute(text("SELECT count(*) FROM observations")).scalar_one()
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return total


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    url, drop = fresh_database(args.db)
    try:
        seed_stations(url, args.stations)
        start = time.perf_counter()
        total = generate(url, args.stations, args.days)
        print(f"{args.db}: generated {total:,} raw rows in {time.perf_counter() - start:.0f} s")
        factory = make_session_factory(make_engine(url))
        begin = datetime.fromtimestamp(T0, UTC)
        end = datetime.fromtimestamp(T0 + args.days * 86400, UTC)
        with factory() as session:
            code = f"ST-{args.stations // 2:04d}"
            hourly = lambda: service.series(session, code, "pm25", "hour", begin, end)  # noqa: E731
            points = len(hourly()["points"])
            latest = lambda: service.latest(session, None)  # noqa: E731
            sid = service.get_station(session, code).id
            raw_sql = text(
                "SELECT ts - ts % 3600, avg(value), min(value), max(value), count(*) FROM observations "
                "WHERE station_id = :s AND quantity = 'pm25' AND ts >= :a AND ts < :b GROUP BY 1 ORDER BY 1"
            )
            raw = lambda: session.execute(raw_sql, {"s": sid, "a": T0, "b": T0 + args.days * 86400}).all()  # noqa: E731
            h50, h95 = timed(hourly, args.repeat)
            l50, l95 = timed(latest, args.repeat)
            r50, r95 = timed(raw, max(5, args.repeat // 10))
        print(f"one-year hourly series ({points:,} points): p50 {h50:.1f} ms, p95 {h95:.1f} ms")
        print(f"latest values of all {args.stations} stations: p50 {l50:.1f} ms, p95 {l95:.1f} ms")
        print(
            f"baseline, same hourly series from raw rows: p50 {r50:.1f} ms, p95 {r95:.1f} ms "
            f"(rollup speed-up ×{r95 / h95:.1f} at p95)"
        )
    finally:
        drop()


if __name__ == "__main__":
    main()
