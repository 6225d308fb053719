"""Open311 under load with many stored reports: GET requests.json p95 and POST req/s, each against a bare
handler on the same server in the same run.

    apt-get install -y wrk                                      # the POST load generator (Debian package)
    .venv/bin/python bench/feedback_open311.py                  # GET on 1,000,000 reports (PostgreSQL),
                                                                # POST on SQLite and PostgreSQL
    .venv/bin/python bench/feedback_open311.py --rows 100000    # quicker
    .venv/bin/python bench/feedback_open311.py --post-db sqlite --skip-get

Targets (issue 4): GET /open311/v2/requests.json (default 90-day window, 1000 results) p95 <= 150 ms;
POST /open311/v2/requests.json >= 300 requests/s on 2 cores.

The server is uvicorn on 127.0.0.1 with --workers N (2 by default), the same server and worker count for the
real endpoint and the bare handler (bench/feedback_app.py: it parses the same form and writes nothing). POSTs come
from wrk, a C load generator that costs little CPU next to the server it measures: a small Lua script sends
form-encoded Open311 requests that vary service code (with their questions' answers), a point inside one of the
province's wards, description, reporter and e-mail. Python httpx is only a fallback when wrk is missing: on 2
cores it competes with the server for CPU and measures itself as much as the server. Real and bare POST runs
alternate for --rounds rounds (medians reported, with the load average: the machine may be shared). Afterwards the
rows written are counted (every request answered 200 must be one placed, routed report with its timeline entry).
GETs are sequential httpx requests (latency, not throughput).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import text

from _sensors_common import fresh_database
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.plugins import default_registry

CODES = [
    "RAC_THAI",
    "O_GA",
    "DEN_DUONG",
    "LAN_CHIEM",
    "NGAP_UNG",
    "CAY_XANH",
    "TIENG_ON",
    "O_NHIEM",
    "XAY_DUNG",
    "QUANG_CAO",
    "SU_CO_DIEN",
    "SU_CO_NUOC",
    "TIN_HIEU_GT",
    "ATTP",
]
STATUSES = ["closed", "closed", "closed", "resolved", "assigned", "in_progress", "verified", "received"]
GENERATE = """
INSERT INTO feedback_reports (tracking_code, token, category_code, status, is_public, urgency, description, lat, lon,
  area_code, address, attributes, source, reporter_name, share_with_agency, agency_code, public_reply, reject_reason,
  requested_at, updated_at, verify_due_at, resolve_due_at, reopen_count, rating_comment)
SELECT 'PB' || lpad(g::text, 9, '0'), 'bench-' || g, (CAST(:codes AS text[]))[1 + g % :ncodes],
  (CAST(:statuses AS text[]))[1 + g % :nstatuses],
  g % 20 <> 0, 'normal', 'Phản ánh thử tải số ' || g, 15.6 + random() * 0.5, 107.8 + random() * 0.5, NULL, '',
  '{}'::jsonb, 'bench', 'Người thử ' || g, false, 'SO_XD', '', '', t, t + interval '2 hours', t + interval '1 day',
  t + interval '5 days', 0, ''
FROM generate_series(1, CAST(:n AS integer)) AS g,
  LATERAL (SELECT now() - (g::float / CAST(:n AS integer)) * interval '730 days') AS s(t)
"""
# What the POSTs file: service code and the answers its questions take (NGAP_UNG's muc_nuoc is required);
# LAN_CHIEM and XAY_DUNG have no default agency, so they are routed to the ward's People's Committee.
POST_SERVICES = [
    ("O_GA", "&attribute%5Bkich_thuoc%5D=vua"),
    ("NGAP_UNG", "&attribute%5Bmuc_nuoc%5D=20_50"),
    ("RAC_THAI", "&attribute%5Bloai_rac%5D%5B%5D=sinh_hoat&attribute%5Bloai_rac%5D%5B%5D=cong_kenh"),
    ("DEN_DUONG", "&attribute%5Bso_den%5D=3"),
    ("LAN_CHIEM", ""),
    ("XAY_DUNG", ""),
    ("CAY_XANH", ""),
    ("SU_CO_NUOC", ""),
]
LUA = r"""
-- Form-encoded Open311 POSTs: service, point in a ward, description, reporter and e-mail vary per request.
local points = {%(points)s}
local services = {%(services)s}
local descriptions = {%(descriptions)s}
local path, key, counter, prefix = "/", "", 0, "t"
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}

local thread_id = 0
function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  key, path = args[1], args[2]
  prefix = "t" .. tostring(tid or 0)
  counter = (tid or 0) * 7919
end

function request()
  counter = counter + 1
  local p = points[counter %% #points + 1]
  local s = services[counter %% #services + 1]
  local body = "api_key=" .. key .. "&service_code=" .. s[1] .. s[2]
    .. "&lat=" .. p[1] .. "&long=" .. p[2]
    .. "&description=" .. descriptions[counter %% #descriptions + 1] .. "+" .. prefix .. "-" .. counter
    .. "&first_name=Nguy%%E1%%BB%%85n&last_name=V%%C4%%83n+" .. counter
    .. "&email=bench" .. prefix .. "-" .. counter .. "%%40example.vn"
  return wrk.format("POST", path, headers, body)
end
"""
DESCRIPTIONS = [
    "Ổ gà lớn giữa đường, xe máy dễ ngã",
    "Rác thải đổ trộm ven đường",
    "Ngập sâu trước chợ",
    "Đèn đường không sáng cả tuần nay",
    "Lấn chiếm vỉa hè bán hàng",
    "Cây đổ chắn lối đi",
]


def prepare(url: str, rows: int) -> str:
    """Areas, agencies, categories, `rows` reports by set-based SQL (PostgreSQL), and an API key."""
    from ioc.demo import core
    from ioc.feedback import categories
    from ioc.feedback.demo import CATEGORIES_FILE

    engine = make_engine(url)
    factory = make_session_factory(engine, registry=default_registry())
    with unit_of_work(factory) as session:
        core.seed_areas(session, "48")
        core.seed_agencies(session, "48")
        categories.import_categories(session, SYSTEM, CATEGORIES_FILE)
        _, key = auth_service.create_api_key(session, SYSTEM, "bench")
    if rows:
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(
                text(GENERATE),
                {"codes": CODES, "ncodes": len(CODES), "statuses": STATUSES, "nstatuses": len(STATUSES), "n": rows},
            )
            conn.execute(text("ANALYZE feedback_reports"))
        print(f"generated {rows:,} reports in {time.perf_counter() - started:.1f} s")
    engine.dispose()
    return key


def ward_points(url: str, count: int = 240) -> list[tuple[float, float]]:
    """Points spread over the province's wards, each inside a ward boundary (so every POST is placed)."""
    from shapely.geometry import Point, shape

    from ioc.areas import repository as areas_repo

    engine = make_engine(url)
    with make_session_factory(engine, registry=default_registry())() as session:
        wards = [shape(a.geometry) for a in areas_repo.with_geometry(session, "ward")]
    engine.dispose()
    rng = random.Random(48)
    points = []
    while len(points) < count:
        ward = wards[len(points) % len(wards)]
        min_x, min_y, max_x, max_y = ward.bounds
        for _ in range(100):
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if ward.contains(Point(x, y)):
                points.append((round(y, 6), round(x, 6)))
                break
        else:
            point = ward.representative_point()
            points.append((round(point.y, 6), round(point.x, 6)))
    return points


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    """uvicorn with the bench app on 127.0.0.1."""
    env = os.environ | {
        "IOC_DATABASE_URL": url,
        "IOC_JURISDICTION": "48",
        "IOC_LOG_JSON": "1",
        "IOC_WORKER_IN_PROCESS": "0",
        "IOC_SECRET_KEY": "bench-" + "x" * 40,
        "IOC_MEDIA_DIR": tempfile.mkdtemp(prefix="ioc-bench-media-"),  # removed by stop()
        # All the load comes from one address: the per-address limit is checked on every
        # POST (its cost is measured) but set high enough not to refuse the run.
        "IOC_REPORT_LIMIT_ADDRESS": "100000000/hour",
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "feedback_app:make_app",
        "--app-dir",
        str(Path(__file__).resolve().parent),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.media_dir = env["IOC_MEDIA_DIR"]
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen) -> None:
    """End the server this script started and remove its media folder."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(proc.media_dir, ignore_errors=True)


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


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=20)[18]


# --- POST load ---------------------------------------------------------------------------------------------------


def lua_script(points: list[tuple[float, float]]) -> str:
    """The wrk script, written to a temporary file; returns its path."""
    body = LUA % {
        "points": ", ".join(f'{{"{lat}", "{lon}"}}' for lat, lon in points),
        "services": ", ".join(f'{{"{code}", "{extra}"}}' for code, extra in POST_SERVICES),
        "descriptions": ", ".join(f'"{quote(d, safe="")}"' for d in DESCRIPTIONS),
    }
    path = Path(tempfile.mkdtemp(prefix="ioc-bench-wrk-")) / "open311_post.lua"
    path.write_text(body, encoding="utf-8")
    return str(path)


def _wrk_number(pattern: str, out: str, default: float = 0.0) -> float:
    match = re.search(pattern, out)
    return float(match[1]) if match else default


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_run(base: str, path: str, script: str, key: str, seconds: float, concurrency: int, threads: int) -> dict:
    """One wrk run: requests/s, answered requests, non-2xx answers, socket errors and latency percentiles."""
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(concurrency),
        "-d",
        f"{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        script,
        base + path,
        "--",
        key,
        path,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = {
        "rps": _wrk_number(r"Requests/sec:\s+([\d.]+)", out),
        "answered": int(_wrk_number(r"(\d+) requests in", out)),
        "non2xx": int(_wrk_number(r"Non-2xx or 3xx responses:\s+(\d+)", out)),
        "socket_errors": sum(
            int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out.split("Socket errors:")[-1])
        )
        if "Socket errors:" in out
        else 0,
    }
    for pct in ("50", "99"):
        match = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\b", out)
        result[f"p{pct}"] = _ms(match[1], match[2]) if match else float("nan")
    return result


async def httpx_run(
    base: str, path: str, key: str, points: list[tuple[float, float]], seconds: float, concurrency: int
) -> dict:
    """The fallback: POSTs from httpx in this process (the client then costs as much CPU as the server)."""
    done, failed, latency = 0, 0, []
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient, number: int) -> None:
        nonlocal done, failed
        n = number * 7919
        while time.perf_counter() < deadline:
            n += 1
            lat, lon = points[n % len(points)]
            code, _ = POST_SERVICES[n % 2]  # O_GA and NGAP_UNG, with their answers below
            form = {
                "api_key": key,
                "service_code": code,
                "lat": str(lat),
                "long": str(lon),
                "description": f"{DESCRIPTIONS[n % len(DESCRIPTIONS)]} h{number}-{n}",
                "email": f"bench-h{number}-{n}@example.vn",
                "attribute[kich_thuoc]": "vua",
            }
            if code == "NGAP_UNG":
                form = form | {"attribute[muc_nuoc]": "20_50"}
                del form["attribute[kich_thuoc]"]
            started = time.perf_counter()
            res = await client.post(path, data=form)
            latency.append((time.perf_counter() - started) * 1000)
            if res.status_code == 200:
                done += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "rps": (done + failed) / elapsed,
        "answered": done + failed,
        "non2xx": failed,
        "socket_errors": 0,
        "p50": statistics.median(latency),
        "p99": statistics.quantiles(latency, n=100)[98],
    }


def post_load(client: str, base: str, path: str, key: str, points, script: str | None, args) -> dict:
    """POST load on one path with the chosen client."""
    if client == "wrk":
        return wrk_run(base, path, script, key, args.seconds, args.concurrency, args.threads)
    return asyncio.run(httpx_run(base, path, key, points, args.seconds, args.concurrency))


def written(url: str) -> tuple[int, int, int]:
    """Reports filed over Open311, how many were placed in a ward and routed, and their timeline entries."""
    engine = make_engine(url)
    with engine.connect() as conn:
        reports, placed = conn.execute(
            text(
                "SELECT count(*), count(area_code) FROM feedback_reports WHERE source = 'open311' "
                "AND agency_code IS NOT NULL"
            )
        ).one()
        events = conn.execute(
            text(
                "SELECT count(*) FROM feedback_events e JOIN feedback_reports r ON r.id = e.report_id "
                "WHERE r.source = 'open311'"
            )
        ).scalar_one()
    engine.dispose()
    return reports, placed, events


def choose_client(wanted: str) -> str:
    """wrk when installed (or asked for), else httpx with a warning that says how to get wrk."""
    if wanted in ("auto", "wrk") and shutil.which("wrk"):
        return "wrk"
    if wanted == "wrk":
        sys.exit("wrk is not installed: apt-get install -y wrk  (Debian's package)")
    if wanted == "auto":
        print(
            "wrk is not installed (apt-get install -y wrk): falling back to httpx in this process, which takes CPU "
            "from the server on 2 cores — these POST figures measure the client as much as the server."
        )
    return "httpx"


def bench_post(kind: str, url: str, key: str, args, client: str) -> dict:
    """Warm up, then POST to the real endpoint and to the bare handler on the same server, alternating for
    `--rounds` rounds (the machine may be shared: alternation exposes both to the same conditions)."""
    points = ward_points(url)
    script = lua_script(points) if client == "wrk" else None
    try:
        return _bench_post(kind, url, key, args, client, points, script)
    finally:
        if script:
            shutil.rmtree(Path(script).parent, ignore_errors=True)


def _bench_post(kind: str, url: str, key: str, args, client: str, points, script: str | None) -> dict:
    proc = serve(url, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    real_path, bare_path = "/open311/v2/requests.json", "/bench/bare"
    reals, bares = [], []
    load = os.getloadavg()[0]
    client_desc = (
        f"wrk ({args.threads} thread(s), {args.concurrency} connections)"
        if client == "wrk"
        else f"httpx in this process ({args.concurrency} concurrent clients)"
    )
    print(
        f"POST requests.json on {kind}, uvicorn --workers {args.workers} on 127.0.0.1 (same server for real and "
        f"bare), {client_desc}, {args.rounds} x "
        f"{args.seconds:g} s each; load average before: {load:.2f} on {os.cpu_count()} cores"
    )
    try:
        warm = argparse.Namespace(**(vars(args) | {"seconds": args.warmup}))
        post_load(client, base, real_path, key, points, script, warm)
        post_load(client, base, bare_path, key, points, script, warm)
        before = written(url)[0]
        for number in range(1, args.rounds + 1):
            reals.append(post_load(client, base, real_path, key, points, script, args))
            bares.append(post_load(client, base, bare_path, key, points, script, args))
            real, bare = reals[-1], bares[-1]
            print(
                f"  round {number}: real {real['rps']:.0f} req/s "
                f"(p50 {real['p50']:.1f} ms, p99 {real['p99']:.1f} ms, "
                f"{real['non2xx']} non-2xx, {real['socket_errors']} socket errors); bare {bare['rps']:.0f} req/s "
                f"(p99 {bare['p99']:.1f} ms); ratio {real['rps'] / bare['rps']:.2f}"
            )
    finally:
        stop(proc)
    reports, placed, events = written(url)
    new = reports - before
    ok = sum(r["answered"] - r["non2xx"] for r in reals)
    real_rps = statistics.median(r["rps"] for r in reals)
    bare_rps = statistics.median(b["rps"] for b in bares)
    p99 = statistics.median(r["p99"] for r in reals)
    print(
        f"  median: real {real_rps:.0f} req/s (target >= 300), p99 {p99:.1f} ms;"
        f" bare {bare_rps:.0f} req/s; ratio real/bare = {real_rps / bare_rps:.2f}; "
        f"load average after: {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  written: {new} reports for {ok} answered 200 (in-flight ones at the end may add a few); "
        f"all {reports} Open311 reports placed in a ward and routed: {placed == reports}; "
        f"timeline entries: {events} (one each: {events == reports})"
    )
    if new < ok or placed != reports or events != reports or any(r["non2xx"] or r["socket_errors"] for r in reals):
        raise SystemExit("POST answers and written rows disagree, or some POSTs failed")
    return {"real": real_rps, "bare": bare_rps}


def bench_get(url: str, rows: int, args) -> None:
    """GET requests.json latency on the big table, against the bare GET on the same server."""
    proc = serve(url, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        real, size = latencies(base, "/open311/v2/requests.json", args.gets)
        bare, _ = latencies(base, "/bench/bare", args.gets)
    finally:
        stop(proc)
    print(
        f"GET requests.json ({size} results of {rows:,} stored; PostgreSQL, uvicorn --workers {args.workers}): "
        f"p50 {statistics.median(real):.1f} ms, p95 {p95(real):.1f} ms (target <= 150)"
    )
    print(
        f"GET bare handler: p50 {statistics.median(bare):.2f} ms, p95 {p95(bare):.2f} ms; "
        f"ratio p95 real/bare = {p95(real) / p95(bare):.1f}"
    )


def main() -> None:
    """Run the measurements and print the figures with their ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000, help="reports stored on PostgreSQL for GET and POST")
    parser.add_argument("--gets", type=int, default=200)
    parser.add_argument("--skip-get", action="store_true", help="only the POST measurement")
    parser.add_argument("--post-db", default="sqlite,postgres", help="comma list of sqlite, postgres (or empty)")
    parser.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--seconds", type=float, default=15, help="length of each POST run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating real/bare POST runs (median reported)")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (one is plenty at these rates)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers, the same for real and bare")
    parser.add_argument("--port", type=int, default=8711)
    args = parser.parse_args()
    post_dbs = [d for d in args.post_db.split(",") if d]
    client = choose_client(args.client) if post_dbs else "none"
    if not args.skip_get or "postgres" in post_dbs:
        url, drop = fresh_database("postgres")
        try:
            key = prepare(url, args.rows)
            if not args.skip_get:
                bench_get(url, args.rows, args)
            if "postgres" in post_dbs:
                bench_post(f"PostgreSQL ({args.rows:,} reports stored)", url, key, args, client)
        finally:
            drop()
    if "sqlite" in post_dbs:
        url, drop = fresh_database("sqlite")
        try:
            key = prepare(url, 0)
            bench_post("SQLite (WAL)", url, key, args, client)
        finally:
            drop()


if __name__ == "__main__":
    main()
