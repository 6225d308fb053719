"""Event intake latency through POST /api/v1/events at 10,000 events/min, against GET /healthz in the same run.

Run: .venv/bin/python bench/events_intake.py [--seconds 20] [--rate 167] [--clients 8] [--workers 1]
    [--db sqlite|postgres|both]
Several clients (threads, each its own HTTP connection) post at once, as cameras and hotlines do, so the
intakes and their correlation run concurrently in the uvicorn server (`--workers` processes, as
`ioc serve --workers N` runs in production). Each client paces its share of the rate and catches up when it
falls behind, so the achieved rate shows what the server sustains.
Target: p95 intake ≤ 50 ms at 10,000 events/min with every event hook on (incident correlation).
Events are crashes and congestion scattered over a 30 km square, a fifth of them within 300 m of an
earlier one, so correlation finds open incidents to join as it would in a busy afternoon.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
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


def _client(base: str, key: str, seconds: float, rate: float, c: int, n: int, out: tuple[list, list, list]) -> None:
    """One client: events paced at `rate`/s (ids c, c+n, c+2n …), each followed by a health probe."""
    rng, recent = random.Random(7 + c), []
    intake, probe, errors = out
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=30) as client:
        client.get("/healthz")
        start, i = time.perf_counter(), 0
        while time.perf_counter() - start < seconds:
            due = start + i / rate
            if (pause := due - time.perf_counter()) > 0:
                time.sleep(pause)
            t = time.perf_counter()
            res = client.post("/api/v1/events", json=_event(c + i * n, rng, recent))
            intake.append((time.perf_counter() - t) * 1000)
            if res.status_code not in (200, 201):
                errors.append(f"{res.status_code} {res.text[:200]}")
            t = time.perf_counter()
            client.get("/healthz")
            probe.append((time.perf_counter() - t) * 1000)
            i += 1


def measure(base: str, key: str, seconds: float, rate: float, clients: int) -> tuple[list[float], list[float]]:
    """`clients` concurrent clients sharing the rate; intake and probe latencies in ms."""
    out: tuple[list, list, list] = ([], [], [])
    threads = [threading.Thread(target=_client, args=(base, key, seconds, rate / clients, c, clients, out))
               for c in range(clients)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if out[2]:
        raise SystemExit(f"{len(out[2])} intakes failed, first: {out[2][0]}")
    return out[0], out[1]


def run(kind: str, seconds: float, rate: float, clients: int, workers: int) -> None:
    url, drop = fresh_database(kind)
    try:
        key = seed_stations(url, 1)
        proc, base = start_server(url, workers=workers)
        try:
            started = time.perf_counter()
            intake, probe = measure(base, key, seconds, rate, clients)
            per_min = len(intake) / (time.perf_counter() - started) * 60
        finally:
            proc.terminate()
            proc.wait()
        p95, b95 = _pct(intake, 95), _pct(probe, 95)
        print(
            f"{kind}: {workers} server process(es), {clients} clients, {len(intake):,} events, "
            f"{per_min:,.0f}/min (asked {rate * 60:,.0f})"
            f" | intake p50 {_pct(intake, 50):.1f} ms "
            f"p95 {p95:.1f} ms | baseline GET /healthz p50 {_pct(probe, 50):.1f} ms p95 {b95:.1f} ms "
            f"| ratio p95 {p95 / b95:.1f}"
        )
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=10_000 / 60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(kind, args.seconds, args.rate, args.clients, args.workers)


if __name__ == "__main__":
    main()
