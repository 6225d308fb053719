"""Cost of incident correlation in the event intake transaction (the `event_hook`).

Seeds a province with many open incidents (default 5,000 across the last 48 hours, all kinds,
spread over ~60 × 60 km), then feeds events the way the events domain does at 10,000 events/min
(batches of 1 and of 20), each batch in its own committed transaction, and prints the hook's time
per batch (p50 / p95) next to the time of the same transaction without correlation.

    .venv/bin/python bench/incidents_correlation.py [--url sqlite:///tmp/inc.db] [--incidents 5000] [--events 2000]
Target: correlation adds ≤ 10 ms at p95 to a batch, so intake stays ≤ 50 ms at p95.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta

from sqlalchemy import text

from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.incidents import core, service
from ioc.kit.timeutil import utcnow
from ioc.plugins import default_registry

KINDS = [("traffic", "carAccident"), ("naturalDisaster", "flood"), ("security", "civilDisorder"), ("traffic", "fire")]
CENTRE = (16.05, 108.20)


def _point(rng: random.Random) -> tuple[float, float]:
    return CENTRE[0] + rng.uniform(-0.27, 0.27), CENTRE[1] + rng.uniform(-0.28, 0.28)


def seed(factory, count: int, rng: random.Random) -> None:
    """Open incidents of every kind, spread in place and over the last 48 hours."""
    now = utcnow()
    with factory() as s:
        for n in range(count):
            lat, lon = _point(rng)
            kind = ["traffic_accident", "flood", "public_order", "fire"][n % 4]
            at = now - timedelta(minutes=rng.uniform(0, 48 * 60))
            spec = {"kind": kind, "title": f"bench {n}", "lat": lat, "lon": lon, "occurred_at": at}
            core.open_incident(s, SYSTEM, spec, at)
            if n % 500 == 499:
                s.commit()
        s.commit()


def _events(rng: random.Random, start: int, size: int) -> list[dict]:
    now = utcnow()
    out = []
    for i in range(size):
        category, sub = rng.choice(KINDS)
        lat, lon = _point(rng)
        out.append(
            {
                "id": start + i,
                "category": category,
                "sub_category": sub,
                "severity": "high",
                "occurred_at": now,
                "lat": lat,
                "lon": lon,
                "area_code": None,
                "source": "bench",
                "source_id": str(start + i),
                "title": "bench event",
            }
        )
    return out


def run(factory, batches: int, size: int, rng: random.Random, correlate: bool, start: int) -> list[float]:
    """Milliseconds per committed batch."""
    times = []
    for b in range(batches):
        events = _events(rng, start + b * size, size)
        t0 = time.perf_counter()
        with factory() as s:
            s.execute(text("SELECT 1"))
            if correlate:
                service.correlate(s, events)
            s.commit()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _show(label: str, times: list[float]) -> None:
    q = statistics.quantiles(times, n=20)
    print(f"{label:<34} p50 {statistics.median(times):6.2f} ms   p95 {q[18]:6.2f} ms   n={len(times)}")


def main() -> None:
    """Seed, then time correlation against a bare transaction."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=f"sqlite:///{tempfile.mkdtemp()}/incidents-bench.db")
    ap.add_argument("--incidents", type=int, default=5000)
    ap.add_argument("--events", type=int, default=2000)
    args = ap.parse_args()
    engine = make_engine(args.url)
    schema.upgrade(engine)
    settings = Settings(database_url=args.url, secret_key="bench-" + "x" * 32, log_json=False)
    factory = make_session_factory(engine, registry=default_registry(), settings=settings)
    rng = random.Random(9)
    t0 = time.perf_counter()
    seed(factory, args.incidents, rng)
    print(f"seeded {args.incidents} open incidents in {time.perf_counter() - t0:.1f} s ({args.url.split(':')[0]})")
    for size in (1, 20):
        batches = max(args.events // size, 20)
        _show(f"bare transaction, batch of {size}", run(factory, batches, size, rng, False, 10**6))
        _show(f"with correlation, batch of {size}", run(factory, batches, size, rng, True, 10**6 + size * 10**5))


if __name__ == "__main__":
    main()
