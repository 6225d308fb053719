"""Event intake latency through POST /api/v1/events at 10,000 events/min, against GET /healthz in the same run.

Run: .venv/bin/python bench/events_intake.py [--seconds 20] [--rate 167] [--db sqlite|postgres|both]
Target: p95 intake ≤ 50 ms at 10,000 events/min with every event hook on (incident correlation).
Events are crashes and congestion scattered over a 30 km square, a fifth of them within 300 m of an
earlier one, so correlation finds open incidents to join as it would in a busy afternoon.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime

import httpx

from _sensors_common import fresh_database, seed_stations, start_server


def _event(i: int, rng: random.Random, recent: list[tuple[float, float]]) -> dict:
    if recent and rng.random() < 0.2:
        lat, lon = rng.choice(recent)
        lat, lon = lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)
    else:
        lat, lon = 16.0 + rng.uniform(0, 0.27), 108.0 + rng.uniform(0, 0.27)
        recent.append((lat, lon))
    sub = rng.choice(["carAccident", "trafficJam", "carAccident", "roadClosed"])
    return {
        "category": "traffic",
        "subCategory": sub,
        "severity": rng.choice(["medium", "high"]),
        "occurredAt": datetime.now(UTC).isoformat(),
        "location": {"type": "Point", "coordinates": [lon, lat]},
        "source": "bench-camera",
        "sourceId": f"cam-{i}",
        "title": "Va chạm giao thông" if sub == "carAccident" else "Ùn tắc",
    }


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def measure(base: str, key: str, seconds: float, rate: float) -> tuple[list[float], list[float]]:
    """Post events paced at `rate`/s, each followed by a health probe; latencies in ms."""
    rng, recent = random.Random(7), []
    intake, probe = [], []
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=30) as client:
        client.get("/healthz")
        start, i = time.perf_counter(), 0
        while time.perf_counter() - start < seconds:
            due = start + i / rate
            if (pause := due - time.perf_counter()) > 0:
                time.sleep(pause)
            t = time.perf_counter()
            res = client.post("/api/v1/events", json=_event(i, rng, recent))
            intake.append((time.perf_counter() - t) * 1000)
            if res.status_code not in (200, 201):
                raise SystemExit(f"intake failed: {res.status_code} {res.text[:300]}")
            t = time.perf_counter()
            client.get("/healthz")
            probe.append((time.perf_counter() - t) * 1000)
            i += 1
    return intake, probe


def run(kind: str, seconds: float, rate: float) -> None:
    url, drop = fresh_database(kind)
    try:
        key = seed_stations(url, 1)
        proc, base = start_server(url)
        try:
            intake, probe = measure(base, key, seconds, rate)
        finally:
            proc.terminate()
            proc.wait()
        p95, b95 = _pct(intake, 95), _pct(probe, 95)
        print(
            f"{kind}: {len(intake):,} events at {rate * 60:,.0f}/min | intake p50 {_pct(intake, 50):.1f} ms "
            f"p95 {p95:.1f} ms | baseline GET /healthz p50 {_pct(probe, 50):.1f} ms p95 {b95:.1f} ms "
            f"| ratio p95 {p95 / b95:.1f}"
        )
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=10_000 / 60)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(kind, args.seconds, args.rate)


if __name__ == "__main__":
    main()
