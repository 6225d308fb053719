"""`make federation-demo`: one national deployment and two province deployments on loopback, linked and pushed.

National http://127.0.0.1:8100 (IOC_JURISDICTION=VN), Đà Nẵng :8101 and Hà Nội :8102, each with its own SQLite
file under var/federation-demo/. Sign in as admin / admin-demo-2026 on each. Ctrl-C stops all three.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.demo import core
from ioc.federation import link, service
from ioc.federation.calendar import due_period, month_start, shift
from ioc.federation.settings import FederationSettings
from ioc.kit.periods import period_of
from ioc.kit.timeutil import utcnow
from ioc.kpi import service as kpi
from ioc.plugins import default_registry

HERE = Path("var/federation-demo")
DEPLOYMENTS = {"VN": 8100, "48": 8101, "01": 8102}
FIGURES = {"48": {"IIP": 108.4, "RETAIL_SALES": 9120.0}, "01": {"IIP": 105.1, "RETAIL_SALES": 61250.0}}


def _factory(code: str):
    url = f"sqlite:///{HERE / f'ioc-{code}.db'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    return url, make_session_factory(engine, default_registry(), Settings(database_url=url, jurisdiction=code))


def _prepare() -> dict[str, str]:
    HERE.mkdir(parents=True, exist_ok=True)
    urls, factories = {}, {}
    for code in DEPLOYMENTS:
        urls[code], factories[code] = _factory(code)
        with unit_of_work(factories[code]) as s:
            if auth_service.get_user_by_name(s, "admin") is None:
                auth_service.create_user(s, SYSTEM, username="admin", password="admin-demo-2026", role="admin")
    with unit_of_work(factories["VN"]) as s:
        nation = link.identity_or_new(s, "VN")  # signs directives and warnings sent down
        national_keys = {nation.key_id: nation.public_key}
    for code in ("48", "01"):
        with unit_of_work(factories[code]) as s:
            me = link.identity_or_new(s, code)
            link.configure(s, SYSTEM, f"http://127.0.0.1:{DEPLOYMENTS['VN']}", national_keys)
            core.seed_areas(s, code)
            kpi.seed_catalogue(s)
            _figures(s, code)
        with unit_of_work(factories["VN"]) as s:
            service.add_member(s, SYSTEM, code, core_name(code), f"http://127.0.0.1:{DEPLOYMENTS[code]}")
            service.add_key(s, SYSTEM, code, me.public_key)
        with unit_of_work(factories[code]) as s:
            print(code, "queued", len(link.round_now(s, code, FederationSettings())), "snapshots")
    return urls


def core_name(code: str) -> str:
    """The province's official name."""
    from ioc.federation.views import province_label

    return province_label(code)


def _figures(session, code: str) -> None:
    period = due_period(utcnow())
    items = []
    for back in range(3):
        start = month_start(shift(period, -back))
        for indicator, value in FIGURES[code].items():
            items.append(kpi.ValueIn(indicator, code, period_of(start, "month"), "official", value * (1 - back * 0.01)))
    kpi.write_values(session, SYSTEM, items)


def main() -> None:
    urls = _prepare()
    procs = []
    for code, port in DEPLOYMENTS.items():
        env = {**os.environ, "IOC_DATABASE_URL": urls[code], "IOC_JURISDICTION": code, "IOC_LOG_JSON": "0"}
        args = [sys.executable, "-m", "ioc.cli", "serve", "--port", str(port)]
        procs.append(subprocess.Popen(args, env=env))
        print(f"{code}: http://127.0.0.1:{port}/" + ("federation" if code == "VN" else "federation/link"))
    try:
        for p in procs:
            p.wait()
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()


if __name__ == "__main__":
    main()
