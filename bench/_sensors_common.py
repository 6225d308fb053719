"""Shared set-up of the sensors benchmarks: a fresh database, stations and an API key."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from sqlalchemy import text

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.plugins import default_registry
from ioc.sensors.schemas import StationIn

PG_URL = os.environ.get("IOC_BENCH_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
AIR = ["pm25", "pm10", "o3", "co", "so2", "no2"]


def fresh_database(kind: str) -> tuple[str, callable]:
    """A URL of an empty migrated database and a function that drops it."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="ioc-bench-")
        url = f"sqlite:///{os.path.join(folder, 'bench.db')}"

        def drop() -> None:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        url = f"{PG_URL}?options=-csearch_path%3D{name}"

        def drop() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))

    engine = make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return url, drop


def seed_stations(url: str, count: int) -> str:
    """Create `count` air stations (no areas: the ward stays empty) and return an API key."""
    from ioc.sensors import service

    engine = make_engine(url)
    factory = make_session_factory(engine, registry=default_registry())
    with unit_of_work(factory) as session:
        for i in range(count):
            service.upsert_station(
                session,
                SYSTEM,
                StationIn(
                    code=f"ST-{i:04d}",
                    name=f"Station {i}",
                    kind="air",
                    lat=16.0 + i * 1e-3,
                    lon=108.0,
                    quantities=AIR,
                    interval_seconds=300,
                ),
            )
        _, key = auth_service.create_api_key(session, SYSTEM, "bench")
    engine.dispose()
    return key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, extra_env: dict | None = None, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """The app under uvicorn (`workers` processes, as `ioc serve --workers`) on a free port; process and base URL."""
    port = free_port()
    env = {
        **os.environ,
        "IOC_DATABASE_URL": url,
        "IOC_LOG_JSON": "0",
        "IOC_PORT": str(port),
        "IOC_SECRET_KEY": "bench-" + "x" * 40,
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "ioc.main:create_app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            if httpx.get(base + "/healthz").status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")
