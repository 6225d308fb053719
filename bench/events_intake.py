"""Event intake latency through POST /api/v1/events at 10,000 events/min, against GET /healthz in the same run.

Run: .venv/bin/python bench/events_intake.py [--seconds 20] [--rate 167] [--clients 8] [--workers 1]
    [--probe-every 5] [--warmup 3] [--db sqlite|postgres|both]
Several clients (threads, each its own keep-alive HTTP connection) post at once, as cameras and hotlines do, so
the intakes and their correlation run concurrently in the uvicorn server (`--workers` processes, as
`ioc serve --workers N` runs it: same app factory, in-process worker loops on). Each client paces its share of
the rate and catches up when it falls behind, so the achieved rate shows what the server sustains.
Target: p95 intake ≤ 50 ms at 10,000 events/min with every event hook on (incident correlation).
Events are crashes and congestion scattered over a 30 km square, a fifth of them within 300 m of an
earlier one, so correlation finds open incidents to join as it would in a busy afternoon.

The load generator shares the machine's cores with the server, so it is kept cheap: the standard library's
http.client (a fraction of httpx's CPU per request), and the baseline probe GET /healthz after every
`--probe-every`-th event rather than after each (the probes still run on the loaded server, interleaved with
the intakes, so the ratio compares like with like; probing after every event doubled the server's requests).
Before the timed window the bench waits for the server to go idle (its start-up work, such as the in-process
worker's first briefings of a fresh database, is done: that is a once-a-week PDF, not intake), then gives it
`--warmup` seconds of the same load and lets it go idle again. The server's own CPU (user + system time of the uvicorn
process and its workers, from /proc) is printed per intake: it is what load from other programs on the
machine hurts least. A probe's CPU is measured alone after the warm-up and subtracted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import threading
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import orjson

from _sensors_common import fresh_database, seed_stations, start_server

TICKS = os.sysconf("SC_CLK_TCK")


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


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants (uvicorn's worker processes), from /proc."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rpartition(")")[2].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime + stime
    tree, total, grown = {pid}, 0, True
    while grown:
        more = {p for p, (ppid, _) in stats.items() if ppid in tree} - tree
        tree |= more
        grown = bool(more)
    total = sum(stats[p][1] for p in tree if p in stats)
    return total / TICKS


class Client:
    """One keep-alive connection sending the bench's requests."""

    def __init__(self, base: str, key: str) -> None:
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.headers = {"X-API-Key": key, "Content-Type": "application/json"}

    def send(self, method: str, path: str, body: bytes | None = None) -> tuple[float, int, bytes]:
        """Latency in ms, status and body of one request."""
        t = time.perf_counter()
        self.conn.request(method, path, body=body, headers=self.headers)
        res = self.conn.getresponse()
        data = res.read()
        return (time.perf_counter() - t) * 1000, res.status, data


def _client(base: str, key: str, plan: dict, c: int, out: tuple[list, list, list]) -> None:
    """One client: events paced at plan["rate"]/s (ids c, c+n, c+2n …), a health probe after every k-th."""
    rng, recent = random.Random(7 + c), []
    intake, probe, errors = out
    client = Client(base, key)
    start, i, n = time.perf_counter(), 0, plan["clients"]
    while time.perf_counter() - start < plan["seconds"]:
        due = start + i / plan["rate"]
        if (pause := due - time.perf_counter()) > 0:
            time.sleep(pause)
        body = orjson.dumps(_event(plan["first"] + c + i * n, rng, recent))
        ms, status, data = client.send("POST", "/api/v1/events", body)
        intake.append(ms)
        if status not in (200, 201):
            errors.append(f"{status} {data[:200]!r}")
        i += 1
        if i % plan["probe_every"] == 0:
            probe.append(client.send("GET", "/healthz")[0])
    client.conn.close()


def measure(base: str, key: str, plan: dict) -> tuple[list[float], list[float]]:
    """plan["clients"] concurrent clients sharing plan["rate"]; intake and probe latencies in ms."""
    out: tuple[list, list, list] = ([], [], [])
    share = dict(plan, rate=plan["rate"] / plan["clients"])
    threads = [threading.Thread(target=_client, args=(base, key, share, c, out)) for c in range(plan["clients"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if out[2]:
        raise SystemExit(f"{len(out[2])} intakes failed, first: {out[2][0]}")
    return out[0], out[1]


def settle(pid: int, limit: float = 60) -> None:
    """Wait until the server is idle (its start-up work done: the in-process worker's first briefings)."""
    deadline, last = time.monotonic() + limit, server_cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server_cpu_seconds(pid)
        if now - last < 0.03:
            return
        last = now


def probe_cpu_ms(pid: int, base: str, count: int = 300) -> float:
    """The server's CPU per GET /healthz, measured alone (one client, back to back)."""
    client = Client(base, "")
    client.send("GET", "/healthz")
    before = server_cpu_seconds(pid)
    for _ in range(count):
        client.send("GET", "/healthz")
    client.conn.close()
    return (server_cpu_seconds(pid) - before) / count * 1000


def _report(kind: str, plan: dict, intake: list[float], probe: list[float], per_min: float, cpu: dict) -> None:
    p95, b95 = _pct(intake, 95), _pct(probe, 95)
    print(
        f"{kind}: {plan['workers']} server process(es), {plan['clients']} clients, {len(intake):,} events, "
        f"{per_min:,.0f}/min (asked {plan['rate'] * 60:,.0f})"
        f" | intake p50 {_pct(intake, 50):.1f} ms p95 {p95:.1f} ms"
        f" | baseline GET /healthz ({len(probe):,}) p50 {_pct(probe, 50):.1f} ms p95 {b95:.1f} ms"
        f" | ratio p95 {p95 / b95:.1f}"
        f" | server CPU {cpu['intake']:.2f} ms per intake (a probe {cpu['probe']:.2f} ms)"
        f" | load average {os.getloadavg()[0]:.2f}"
    )


def run(kind: str, plan: dict) -> None:
    url, drop = fresh_database(kind)
    try:
        key = seed_stations(url, 1)
        proc, base = start_server(url, workers=plan["workers"])
        try:
            settle(proc.pid)
            measure(base, key, dict(plan, seconds=plan["warmup"], first=10_000_000))
            settle(proc.pid)
            probe_ms = probe_cpu_ms(proc.pid, base)
            cpu, started = server_cpu_seconds(proc.pid), time.perf_counter()
            intake, probe = measure(base, key, dict(plan, first=0))
            per_min = len(intake) / (time.perf_counter() - started) * 60
            spent = (server_cpu_seconds(proc.pid) - cpu) * 1000 - len(probe) * probe_ms
        finally:
            proc.terminate()
            proc.wait()
        _report(kind, plan, intake, probe, per_min, {"intake": spent / len(intake), "probe": probe_ms})
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=10_000 / 60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--probe-every", type=int, default=5, help="a GET /healthz after every k-th event")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before the timed window")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    plan = {"seconds": args.seconds, "rate": args.rate, "clients": args.clients, "workers": args.workers,
            "probe_every": args.probe_every, "warmup": args.warmup}  # fmt: skip
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(kind, plan)


if __name__ == "__main__":
    main()
