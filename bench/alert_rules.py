"""Rule evaluation on ingest: 1,000 active threshold rules under batches of 5,000 observations (one second's worth).

Run: .venv/bin/python bench/alert_rules.py [--batches 20] [--db sqlite|postgres|both]
Targets: an observation's alert is firing ≤ 1 s (aim 250 ms) at p95 after it arrives, at 5,000 observations/s;
the evaluation cost per observation is printed against the cost of storing it (the same batches without rules).
Rules fire in the ingest transaction (`for` = 0), so arrival → firing is the batch's transaction time, and an
observation's alert fires in the very commit that stores it; the time the evaluation adds to that commit
(the alerts ingest hook: rule lookup, series state, alert writes and the alert hooks) is printed apart as
stored → firing.
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
EVAL: list[float] = []  # seconds each batch spent in the alerts ingest hook (evaluation, alert writes, alert hooks)


def _timing(registry):
    """The registry with its alerts ingest hook timed (the real hook, called as the ingest calls it)."""
    hooks = registry.ingest_hooks
    where = hooks.index(alerts.on_ingest)

    def timed(session, touched, kinds) -> None:
        start = time.perf_counter()
        alerts.on_ingest(session, touched, kinds)
        EVAL.append(time.perf_counter() - start)

    hooks[where] = timed
    return registry


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
    return _split(_timed(factory, [_batch(first + i, hot=h) for i, h in enumerate(hot)]), count)


def _split(values: list[float], count: int) -> tuple[list[float], list[float]]:
    hot = [i % 4 == 2 for i in range(count)]
    storm = [t for i, t in enumerate(values) if hot[i] or (i and hot[i - 1])]
    return [t for i, t in enumerate(values) if not (hot[i] or (i and hot[i - 1]))], storm


def _line(name: str, quiet: list[float], storm: list[float], store: float, n: int, cpu: list[float], ev) -> str:
    mean = statistics.mean(quiet + storm) / n * 1e6
    ev_quiet, ev_storm = ev
    return (
        f"  {name}: {mean:.1f} µs/obs (evaluation {mean - store:.1f} µs/obs, ratio {mean / store:.2f}) | "
        f"p95 arrival→firing (batch commit) quiet {_p95(quiet) * 1000:.0f} ms, alert storm (1,000 alerts change) "
        f"{_p95(storm) * 1000:.0f} ms | p95 stored→firing (evaluation in the transaction) quiet "
        f"{_p95(ev_quiet) * 1000:.0f} ms, storm {_p95(ev_storm) * 1000:.0f} ms "
        f"({statistics.mean(ev_quiet + ev_storm) / n * 1e6:.1f} µs/obs) | "
        f"CPU of this process {statistics.mean(cpu) / n * 1e6:.1f} µs/obs"
    )


def run(kind: str, batches: int) -> None:
    url, drop = fresh_database(kind)
    try:
        seed_stations(url, STATIONS)
        engine = make_engine(url)
        settings = Settings(database_url=url)
        with_rules = make_session_factory(engine, registry=_timing(build_registry()), settings=settings)
        quiet_registry = _timing(build_registry())
        quiet_registry.alert_hooks.clear()
        no_hooks = make_session_factory(engine, registry=quiet_registry, settings=settings)
        others = tuple(d for d in DOMAINS if d != "alerts")
        without = make_session_factory(engine, registry=build_registry(others), settings=settings)
        _rules(with_rules)
        CPU.clear()
        EVAL.clear()
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
        ev = [_split(EVAL[:batches], batches), _split(EVAL[batches:], batches)]
        print(_line("store + rules, alert hooks off", *alone, store, n, cpu[1], ev[0]))
        print(_line("store + rules + alert hooks (notify, incidents)", *full, store, n, cpu[2], ev[1]))
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
