"""Rule evaluation on ingest: 1,000 active threshold rules under batches of 5,000 observations (one second's worth).

Run: .venv/bin/python bench/alert_rules.py [--batches 20] [--db sqlite|postgres|both]
Targets: an observation's alert is firing ≤ 1 s (aim 250 ms) at p95 after it arrives, at 5,000 observations/s;
the evaluation cost per observation is printed against the cost of storing it (the same batches without rules).
Rules fire in the ingest transaction (`for` = 0), so arrival → firing is the batch's transaction time.
Three phases in one run: storing alone (the baseline), storing + rules with the alert hooks off (the
evaluator's own cost), and the whole path with the hooks of notify and incidents; quiet batches (no
alert changes) and storm batches (all 1,000 rules fire, or resolve, at once) are reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from _sensors_common import AIR, fresh_database, seed_stations
from ioc.alerts import service as alerts
from ioc.alerts.schemas import RuleIn
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.plugins import DOMAINS, build_registry
from ioc.sensors import service as sensors

STATIONS = 1000
QUANTITIES = AIR[:5]  # 1,000 stations × 5 quantities = 5,000 observations a batch


def _rules(factory) -> None:
    """1,000 rules, one per station, through the service (checked and audited as the API does)."""
    with unit_of_work(factory) as session:
        for i in range(STATIONS):
            condition = {"quantity": "pm25", "op": ">", "value": 100, "stations": [f"ST-{i:04d}"]}
            alerts.create_rule(session, SYSTEM, RuleIn(key=f"pm25-{i}", name=f"PM2.5 {i}", condition=condition))


def _batch(step: int, hot: bool) -> list[dict]:
    at = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=5 * step)).isoformat()
    return [
        {"station": f"ST-{s:04d}", "quantity": q, "time": at, "value": 150.0 if hot and q == "pm25" else 20.0 + s % 7}
        for s in range(STATIONS)
        for q in QUANTITIES
    ]


CPU: list[float] = []  # this process's CPU seconds of each batch (less bent by a loaded machine than wall time)


def _timed(factory, batches: list[list[dict]]) -> list[float]:
    """Seconds from a batch's arrival to its commit (its alerts are firing by then)."""
    out = []
    for rows in batches:
        start, cpu = time.perf_counter(), time.process_time()
        with unit_of_work(factory) as session:
            sensors.ingest(session, SYSTEM, rows, source="bench")
        out.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
    return out


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _phase(factory, first: int, count: int) -> tuple[list[float], list[float]]:
    """(quiet batch times, storm batch times): the 3rd of every 4 batches sets all 1,000 rules off, the next one
    resolves them (so a phase never leaves alerts firing for the next one)."""
    hot = [i % 4 == 2 for i in range(count)]
    times = _timed(factory, [_batch(first + i, hot=h) for i, h in enumerate(hot)])
    storm = [t for i, t in enumerate(times) if hot[i] or (i and hot[i - 1])]
    quiet = [t for i, t in enumerate(times) if not (hot[i] or (i and hot[i - 1]))]
    return quiet, storm


def _line(name: str, quiet: list[float], storm: list[float], store: float, n: int, cpu: list[float]) -> str:
    mean = statistics.mean(quiet + storm) / n * 1e6
    return (
        f"  {name}: {mean:.1f} µs/obs (evaluation {mean - store:.1f} µs/obs, ratio {mean / store:.2f}) | "
        f"p95 arrival→firing quiet {_p95(quiet) * 1000:.0f} ms, alert storm (1,000 alerts change) "
        f"{_p95(storm) * 1000:.0f} ms | CPU of this process {statistics.mean(cpu) / n * 1e6:.1f} µs/obs"
    )


def run(kind: str, batches: int) -> None:
    url, drop = fresh_database(kind)
    try:
        seed_stations(url, STATIONS)
        engine = make_engine(url)
        settings = Settings(database_url=url)
        with_rules = make_session_factory(engine, registry=build_registry(), settings=settings)
        quiet_registry = build_registry()
        quiet_registry.alert_hooks.clear()
        no_hooks = make_session_factory(engine, registry=quiet_registry, settings=settings)
        others = tuple(d for d in DOMAINS if d != "alerts")
        without = make_session_factory(engine, registry=build_registry(others), settings=settings)
        _rules(with_rules)
        CPU.clear()
        base = _timed(without, [_batch(i, hot=False) for i in range(batches)])
        alone = _phase(no_hooks, batches, batches)
        full = _phase(with_rules, 2 * batches, batches)
        cpu = [CPU[:batches], CPU[batches : 2 * batches], CPU[2 * batches :]]
        with unit_of_work(with_rules) as session:
            changed = alerts.list_alerts(session, {}, ("id", False), 0, 1)[1]
        engine.dispose()
        n = STATIONS * len(QUANTITIES)
        store = statistics.mean(base) / n * 1e6
        print(f"{kind}: {STATIONS:,} rules, batches of {n:,} obs, {batches} batches a phase, {changed:,} alerts")
        print(
            f"  store only (baseline): {store:.1f} µs/obs, p95 batch {_p95(base) * 1000:.0f} ms | "
            f"CPU of this process {statistics.mean(cpu[0]) / n * 1e6:.1f} µs/obs"
        )
        print(_line("store + rules, alert hooks off", *alone, store, n, cpu[1]))
        print(_line("store + rules + alert hooks (notify, incidents)", *full, store, n, cpu[2]))
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(kind, args.batches)


if __name__ == "__main__":
    main()
