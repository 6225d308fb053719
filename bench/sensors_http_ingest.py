"""HTTP bulk ingest rate through POST /api/v1/observations vs a raw bulk insert of the same rows.

Run: .venv/bin/python bench/sensors_http_ingest.py [--rows 200000] [--batch 5000] [--db sqlite|postgres|both]
Target: ≥ 20,000 observations/s into SQLite and ≥ 0.5 × the raw bulk insert rate.
"""

from __future__ import annotations

import argparse
import time

import httpx
import orjson
from sqlalchemy import insert

from _sensors_common import AIR, fresh_database, seed_stations, start_server
from ioc.db.session import make_engine
from ioc.sensors.models import Observation, Station

T0 = 1_735_689_600  # 2025-01-01T00:00:00Z
STATIONS = 200


def _bodies(rows: int, batch: int, offset: int) -> list[bytes]:
    """Batches of rows as a client sends them: ISO times with a zone, one value per row."""
    out, current = [], []
    per_step = STATIONS * len(AIR)
    for i in range(rows):
        step, k = divmod(i, per_step)
        sid, q = divmod(k, len(AIR))
        ts = T0 + (offset + step) * 300
        current.append(
            {
                "station": f"ST-{sid:04d}",
                "quantity": AIR[q],
                "value": 10.0 + (i % 97),
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts)),
            }
        )
        if len(current) == batch:
            out.append(orjson.dumps(current))
            current = []
    if current:
        out.append(orjson.dumps(current))
    return out


def http_rate(base: str, key: str, bodies: list[bytes], rows: int) -> float:
    with httpx.Client(
        base_url=base, headers={"X-API-Key": key, "Content-Type": "application/json"}, timeout=120
    ) as client:
        client.post("/api/v1/observations", content=bodies[0])  # warm-up (counted as duplicates later)
        start = time.perf_counter()
        stored = 0
        for body in bodies:
            res = client.post("/api/v1/observations", content=body)
            res.raise_for_status()
            stored += res.json()["stored"]
        elapsed = time.perf_counter() - start
    print(f"  http: {stored:,} stored of {rows:,} in {elapsed:.2f} s")
    return stored / elapsed


def raw_rates(url: str, rows: int, batch: int, offset: int) -> tuple[float, float]:
    """DB-API executemany of ready tuples, and SQLAlchemy Core insert(), into the same table."""
    engine = make_engine(url)
    with engine.connect() as conn:
        ids = [
            r[0] for r in conn.execute(Station.__table__.select().with_only_columns(Station.id).order_by(Station.code))
        ]
    per_step = STATIONS * len(AIR)
    tuples = []
    for i in range(rows):
        step, k = divmod(i, per_step)
        sid, q = divmod(k, len(AIR))
        tuples.append((ids[sid], AIR[q], T0 + (offset + step) * 300, 10.0 + (i % 97), 0, None))
    sql = "INSERT INTO observations (station_id, quantity, ts, value, flag, unit_sent) VALUES " + (
        "(?, ?, ?, ?, ?, ?)" if engine.dialect.name == "sqlite" else "(%s, %s, %s, %s, %s, %s)"
    )
    start = time.perf_counter()
    for i in range(0, rows, batch):
        with engine.begin() as conn:
            conn.exec_driver_sql(sql, tuples[i : i + batch])
    dbapi = rows / (time.perf_counter() - start)
    dicts = [
        dict(
            zip(
                ("station_id", "quantity", "ts", "value", "flag", "unit_sent"),
                (t[0], t[1], t[2] + 10**8, t[3], t[4], t[5]),
                strict=True,
            )
        )
        for t in tuples
    ]
    start = time.perf_counter()
    for i in range(0, rows, batch):
        with engine.begin() as conn:
            conn.execute(insert(Observation), dicts[i : i + batch])
    core = rows / (time.perf_counter() - start)
    engine.dispose()
    return dbapi, core


def run(kind: str, rows: int, batch: int) -> None:
    url, drop = fresh_database(kind)
    try:
        key = seed_stations(url, STATIONS)
        proc, base = start_server(url)
        try:
            bodies = _bodies(rows, batch, 0)
            rate = http_rate(base, key, bodies, rows)
        finally:
            proc.terminate()
            proc.wait()
        steps = rows // (STATIONS * len(AIR)) + 10
        dbapi, core = raw_rates(url, rows, batch, steps)
        print(
            f"{kind}: HTTP ingest {rate:,.0f} obs/s | raw DB-API executemany {dbapi:,.0f} rows/s "
            f"(ratio {rate / dbapi:.2f}) | SQLAlchemy Core insert {core:,.0f} rows/s (ratio {rate / core:.2f})"
        )
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(kind, args.rows, args.batch)


if __name__ == "__main__":
    main()
