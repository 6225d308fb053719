"""Benchmark: NGSI-LD batch upsert through the real HTTP endpoint vs a bare handler.

Two uvicorn servers run on loopback in their own processes: the IOC app (real path: auth,
parsing, checks, entity rows, attribute history, subscriptions lookup, audit, events,
commit) and a bare Starlette handler that only reads and parses the same JSON body and
answers 204. The client posts the IoT Agent's request — `POST /entityOperations/upsert/
?options=update`, application/ld+json, NGSILD-Tenant — with batches of existing entities
and counts entity updates per second. Target: ≥ 2,000/s.

    .venv/bin/python bench/ngsi_ld_batch_upsert.py --db sqlite
    .venv/bin/python bench/ngsi_ld_batch_upsert.py --db postgres --entities 2000 --rounds 10
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
import orjson

CONTEXT = "http://context/ngsi-context.jsonld"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(kind: str, url: str, port: int) -> None:
    """Run one server (child process)."""
    import uvicorn

    if kind == "bare":
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import Response
        from starlette.routing import Route

        async def upsert(request: Request) -> Response:
            orjson.loads(await request.body())
            return Response(status_code=204)

        app = Starlette(routes=[Route("/ngsi-ld/v1/entityOperations/upsert/", upsert, methods=["POST"])])
    else:
        from ioc.config import Settings
        from ioc.main import create_app

        settings = Settings(database_url=url, secret_key="bench-" + "x" * 40, log_json=False)
        app = create_app(settings, run_background=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def prepare(db: str) -> tuple[str, str, callable]:
    """A fresh database with the schema and an integrator key: (url, key, cleanup)."""
    from _sensors_common import fresh_database
    from ioc.auth import service as auth_service
    from ioc.auth.principal import SYSTEM
    from ioc.db.session import make_engine, make_session_factory
    from ioc.plugins import default_registry

    url, cleanup = fresh_database(db)
    engine = make_engine(url)
    with make_session_factory(engine, registry=default_registry())() as session:
        _, key = auth_service.create_api_key(session, SYSTEM, "bench")
        session.commit()
    engine.dispose()
    return url, key, cleanup


def batch(start: int, size: int, round_no: int, model: str) -> bytes:
    """The IoT Agent's upsert body for `size` devices."""
    when = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=5 * round_no)).isoformat()
    items = []
    for i in range(start, start + size):
        if model == "air":
            item = {
                "id": f"urn:ngsi-ld:AirQualityObserved:bench-{i}",
                "type": "AirQualityObserved",
                "PM2_5": {"type": "Property", "value": 20 + (i + round_no) % 30, "unitCode": "GQ", "observedAt": when},
                "NO2": {"type": "Property", "value": 30 + i % 7, "unitCode": "GQ", "observedAt": when},
            }
        else:
            item = {
                "id": f"urn:ngsi-ld:TemperatureSensor:bench-{i}",
                "type": "TemperatureSensor",
                "temperature": {
                    "type": "Property",
                    "value": 20 + (i + round_no) % 10,
                    "unitCode": "CEL",
                    "observedAt": when,
                },
                "relativeHumidity": {"type": "Property", "value": 0.6, "observedAt": when},
            }
        if round_no == 0:
            item["location"] = {
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [108.15 + (i % 100) * 0.001, 16.0 + (i // 100) * 0.001]},
            }
        item["@context"] = CONTEXT
        items.append(item)
    return orjson.dumps(items)


def drive(port: int, key: str, args: argparse.Namespace) -> tuple[float, int, float]:
    """Seed the entities (round 0, timed too), then time `rounds` update passes;
    returns (seconds, updates, seconds of the seeding round)."""
    headers = {"Content-Type": "application/ld+json", "X-API-Key": key, "NGSILD-Tenant": "openiot", "NGSILD-Path": "/"}
    url = f"http://127.0.0.1:{port}/ngsi-ld/v1/entityOperations/upsert/?options=update"
    bodies = {
        r: [batch(s, args.batch, r, args.model) for s in range(0, args.entities, args.batch)]
        for r in range(args.rounds + 1)
    }
    with httpx.Client(timeout=120) as client:
        started = time.perf_counter()
        for body in bodies[0]:
            res = client.post(url, content=body, headers=headers)
            assert res.status_code in (201, 204), res.text
        seeding = time.perf_counter() - started
        started = time.perf_counter()
        for r in range(1, args.rounds + 1):
            for body in bodies[r]:
                res = client.post(url, content=body, headers=headers)
                assert res.status_code == 204, res.text
        elapsed = time.perf_counter() - started
    return elapsed, args.rounds * args.entities, seeding


def verify(url: str, args: argparse.Namespace) -> None:
    """Check the updates really landed: one history row per attribute written."""
    from sqlalchemy import func, select

    from ioc.db.session import make_engine
    from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity

    engine = make_engine(url)
    with engine.connect() as conn:
        entities = conn.scalar(select(func.count()).select_from(NgsiEntity))
        history = conn.scalar(select(func.count()).select_from(NgsiAttrInstance))
    engine.dispose()
    expected = args.entities * (3 + 2 * args.rounds)  # round 0 also writes location
    assert (entities, history) == (args.entities, expected), (entities, history, expected)
    print(f"verified: {entities} entities, {history} attribute instances in the database")


def start_server(kind: str, url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "IOC_LOG_JSON": "0"}
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--url", url, "--port", str(port)], env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{kind} server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--model",
        choices=["generic", "air"],
        default="generic",
        help="generic TemperatureSensor, or AirQualityObserved (also feeds the sensors domain)",
    )
    parser.add_argument("--serve", choices=["ioc", "bare"])
    parser.add_argument("--url")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.url, args.port)
        return
    url, key, cleanup = prepare(args.db)
    figures, creations = {}, {}
    try:
        for kind in ("bare", "ioc"):
            proc, port = start_server(kind, url)
            try:
                seconds, updates, seeding = drive(port, key, args)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            figures[kind], creations[kind] = updates / seconds, args.entities / seeding
            print(
                f"{kind:>4}: {updates} entity updates in {seconds:.2f} s = {figures[kind]:,.0f} updates/s "
                f"(first round, {args.entities} new entities: {creations[kind]:,.0f}/s)"
            )
        verify(url, args)
    finally:
        cleanup()
    print(f"db={args.db} model={args.model} batch={args.batch} entities={args.entities} rounds={args.rounds}")
    print(
        f"IOC endpoint {figures['ioc']:,.0f}/s vs bare handler {figures['bare']:,.0f}/s: "
        f"ratio {figures['ioc'] / figures['bare']:.3f}; target ≥ 2,000/s: "
        f"{'met' if figures['ioc'] >= 2000 else 'NOT met'}"
    )
    print(
        f"first round (creations{', stations registered' if args.model == 'air' else ''}): "
        f"IOC {creations['ioc']:,.0f}/s vs bare {creations['bare']:,.0f}/s"
    )


if __name__ == "__main__":
    main()
