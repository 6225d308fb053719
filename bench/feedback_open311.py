"""Open311 under load with many stored reports: GET requests.json p95 and POST req/s, each against a bare
handler on the same server in the same run.

    .venv/bin/python bench/feedback_open311.py                 # 1,000,000 reports (PostgreSQL)
    .venv/bin/python bench/feedback_open311.py --rows 100000   # quicker

Targets (issue 4): GET /open311/v2/requests.json (default 90-day window, 1000 results) p95 <= 150 ms;
POST /open311/v2/requests.json >= 300 requests/s on 2 cores. The server is uvicorn on loopback with
--workers 2; the load comes from httpx in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sensors_common import fresh_database  # noqa: E402

from ioc.auth import service as auth_service  # noqa: E402
from ioc.auth.principal import SYSTEM  # noqa: E402
from ioc.db.session import make_engine, make_session_factory, unit_of_work  # noqa: E402

CODES = ["RAC_THAI", "O_GA", "DEN_DUONG", "LAN_CHIEM", "NGAP_UNG", "CAY_XANH", "TIENG_ON", "O_NHIEM", "XAY_DUNG",
         "QUANG_CAO", "SU_CO_DIEN", "SU_CO_NUOC", "TIN_HIEU_GT", "ATTP"]
STATUSES = ["closed", "closed", "closed", "resolved", "assigned", "in_progress", "verified", "received"]
GENERATE = """
INSERT INTO feedback_reports (tracking_code, token, category_code, status, is_public, urgency, description, lat, lon,
  area_code, address, attributes, source, reporter_name, share_with_agency, agency_code, public_reply, reject_reason,
  requested_at, updated_at, verify_due_at, resolve_due_at, reopen_count, rating_comment)
SELECT 'PB' || lpad(g::text, 9, '0'), 'bench-' || g, (CAST(:codes AS text[]))[1 + g % :ncodes], (CAST(:statuses AS text[]))[1 + g % :nstatuses],
  g % 20 <> 0, 'normal', 'Phản ánh thử tải số ' || g, 15.6 + random() * 0.5, 107.8 + random() * 0.5, NULL, '',
  '{}'::jsonb, 'bench', 'Người thử ' || g, false, 'SO_XD', '', '', t, t + interval '2 hours', t + interval '1 day',
  t + interval '5 days', 0, ''
FROM generate_series(1, CAST(:n AS integer)) AS g, LATERAL (SELECT now() - (g::float / CAST(:n AS integer)) * interval '730 days') AS s(t)
"""


def prepare(url: str, rows: int) -> str:
    """Areas, agencies, categories, `rows` reports by set-based SQL, and an API key."""
    from ioc.demo import core
    from ioc.feedback import categories
    from ioc.feedback.demo import CATEGORIES_FILE

    engine = make_engine(url)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        core.seed_areas(session, "48")
        core.seed_agencies(session, "48")
        categories.import_categories(session, SYSTEM, CATEGORIES_FILE)
        _, key = auth_service.create_api_key(session, SYSTEM, "bench")
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text(GENERATE), {"codes": CODES, "ncodes": len(CODES), "statuses": STATUSES,
                                      "nstatuses": len(STATUSES), "n": rows})
        conn.execute(text("ANALYZE feedback_reports"))
    print(f"generated {rows:,} reports in {time.perf_counter() - started:.1f} s")
    engine.dispose()
    return key


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    """uvicorn with the bench app on loopback."""
    env = os.environ | {"IOC_DATABASE_URL": url, "IOC_JURISDICTION": "48", "IOC_LOG_JSON": "1",
                        "IOC_WORKER_IN_PROCESS": "0", "IOC_SECRET_KEY": "bench-" + "x" * 40}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "feedback_app:make_app", "--app-dir",
           str(Path(__file__).resolve().parent), "--port", str(port), "--workers", str(workers), "--no-access-log",
           "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def latencies(base: str, path: str, count: int) -> tuple[list[float], int]:
    """Sequential GETs: latency of each in ms, and the size of the last answer."""
    out, size = [], 0
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(5):
            client.get(path)
        for _ in range(count):
            started = time.perf_counter()
            res = client.get(path)
            out.append((time.perf_counter() - started) * 1000)
            res.raise_for_status()
            size = len(res.json())
    return out, size


async def throughput(base: str, path: str, form: dict, seconds: float, concurrency: int) -> float:
    """POSTs per second with `concurrency` clients in flight for `seconds`."""
    done, failed = 0, 0
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done, failed
        while time.perf_counter() < deadline:
            res = await client.post(path, data=form)
            if res.status_code == 200:
                done += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if failed:
        print(f"  {failed} POSTs failed")
    return done / elapsed


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    """Run both measurements and print the figures with their ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--gets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8711)
    args = parser.parse_args()
    url, drop = fresh_database("postgres")
    proc = None
    try:
        key = prepare(url, args.rows)
        proc = serve(url, args.port, args.workers)
        base = f"http://127.0.0.1:{args.port}"
        real, size = latencies(base, "/open311/v2/requests.json", args.gets)
        bare, _ = latencies(base, "/bench/bare", args.gets)
        print(f"GET requests.json ({size} results of {args.rows:,} stored): p50 {statistics.median(real):.1f} ms, "
              f"p95 {p95(real):.1f} ms (target <= 150)")
        print(f"GET bare handler: p50 {statistics.median(bare):.2f} ms, p95 {p95(bare):.2f} ms; "
              f"ratio p95 real/bare = {p95(real) / p95(bare):.1f}")
        form = {"api_key": key, "service_code": "O_GA", "lat": "15.7147", "long": "108.0050",
                "description": "Ổ gà thử tải", "email": "bench@example.vn"}
        post = asyncio.run(throughput(base, "/open311/v2/requests.json", form, args.seconds, args.concurrency))
        bare_post = asyncio.run(throughput(base, "/bench/bare", form, args.seconds, args.concurrency))
        print(f"POST requests.json: {post:.0f} req/s (target >= 300); bare POST handler: {bare_post:.0f} req/s; "
              f"ratio real/bare = {post / bare_post:.2f}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        drop()


if __name__ == "__main__":
    main()
