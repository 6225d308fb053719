"""Evaluation in bulk: an in-process index of the enabled rules, and one pass that moves many series at once.

A pass reads the stored state of every (rule, series) it touches in one query, runs the pure
transitions of `engine`, and writes the series back with one insert and one executemany update.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import engine, repository
from ioc.kit import bus
from ioc.registry import registry_of

log = logging.getLogger(__name__)
STATION_KINDS = ("threshold", "rate", "all", "any")  # evaluated as observations arrive
LOOP_KINDS = ("absent", "reports_overdue", "indicator_off_track", "event_count")  # evaluated by the loop


@dataclass(frozen=True)
class RuleSpec:
    """A rule as plain data, safe to keep between transactions."""

    id: int
    key: str
    kind: str
    condition: dict[str, Any]
    for_seconds: int
    keep_firing_seconds: int
    labels: dict[str, str]
    annotations: dict[str, str]

    def quantities(self) -> set[str]:
        """The station quantities the rule reads (none for the kinds the loop evaluates)."""
        if self.kind in ("all", "any"):
            return {c["quantity"] for c in self.condition.get("conditions") or []}
        return {self.condition["quantity"]} if self.kind in STATION_KINDS else set()


@dataclass
class RuleIndex:
    """Enabled rules by kind, by quantity (rules on every station) and by (station, quantity) (named stations)."""

    rules: list[RuleSpec] = field(default_factory=list)
    everywhere: dict[str, list[RuleSpec]] = field(default_factory=dict)
    named: dict[str, list[RuleSpec]] = field(default_factory=dict)

    def add(self, rule: RuleSpec) -> None:
        """Index one rule."""
        self.rules.append(rule)
        stations = rule.condition.get("stations")
        for q in rule.quantities():
            if stations is None:
                self.everywhere.setdefault(q, []).append(rule)
            else:
                for code in stations:
                    self.named.setdefault(code, []).append(rule)

    def quantities(self) -> set[str]:
        """Every quantity some rule reads."""
        return {q for r in self.rules for q in r.quantities()}

    def of_kind(self, *kinds: str) -> list[RuleSpec]:
        """The rules of these kinds."""
        return [r for r in self.rules if r.kind in kinds]

    def for_station(self, code: str, measured: set[str]) -> list[RuleSpec]:
        """The rules a station's new values may move (each once)."""
        found = {r.id: r for q in measured for r in self.everywhere.get(q, ())}
        found |= {r.id: r for r in self.named.get(code, ())}
        return list(found.values())


_CACHE: dict[Any, tuple[tuple, RuleIndex, float]] = {}  # url → (stamp, index, when the stamp was read)


def rule_index(session: Session, max_age: float = 0.0) -> RuleIndex:
    """The index of enabled rules, rebuilt only when a rule changed (one cheap stamp query otherwise).

    With `max_age`, a stamp read that recently is trusted without a query (per-event callers): a rule
    changed in this process is seen at once (`forget`), one changed in another process within `max_age`."""
    key = str(session.get_bind().url)
    cached = _CACHE.get(key)
    if cached is not None and max_age and time.monotonic() - cached[2] < max_age:
        return cached[1]
    stamp = repository.rules_stamp(session)
    if cached is not None and cached[0] == stamp:
        _CACHE[key] = (stamp, cached[1], time.monotonic())
        return cached[1]
    index = RuleIndex()
    for row in repository.enabled_rule_rows(session):
        index.add(_spec(row))
    _CACHE[key] = (stamp, index, time.monotonic())
    return index


def forget() -> None:
    """Drop the cached index (a rule was written in this process): the next use reads the rules again."""
    _CACHE.clear()


def _spec(row: Any) -> RuleSpec:
    return RuleSpec(
        row.id, row.key, row.kind, dict(row.condition or {}), row.for_seconds, row.keep_firing_seconds,
        dict(row.labels or {}), dict(row.annotations or {}),
    )  # fmt: skip


@dataclass
class Result:
    """One new result of a rule on a series: whether it holds, the value, the series' context (names, area)."""

    rule: RuleSpec
    series: str
    true: bool | None  # None: no new value, only time moves the series
    value: float | None = None
    context: dict[str, Any] = field(default_factory=dict)
    at: float | None = None  # the observation's time (epoch seconds), for rate rules


def run(session: Session, results: list[Result], now: datetime) -> int:
    """Move these series (stored state read and written in bulk); the number of alerts fired or resolved."""
    if not results:
        return 0
    unique = {(r.rule.id, r.series): r for r in results}  # the last result of a series wins
    stored = repository.series_rows(session, unique)
    pass_ = _Pass()
    for res in unique.values():
        row = stored.get((res.rule.id, res.series))
        if row is None and res.true is None:
            continue
        try:
            pass_.step(res, row, now)
        except (KeyError, TypeError, ValueError, AttributeError):  # a bad series is skipped, never the batch
            log.exception("alert series %s of rule %s skipped", res.series, res.rule.key)
    return pass_.write(session, now)


def _rated(res: Result, ctx: dict[str, Any]) -> Result:
    """A rate rule's result: the change per hour over its window, from the raw points kept on the series."""
    cond = res.rule.condition
    per_hour, ctx["raw"] = engine.rate(ctx.get("raw") or [], res.at or 0.0, res.value, cond["window_seconds"])
    if per_hour is None:
        return Result(res.rule, res.series, None, None, res.context)
    return Result(res.rule, res.series, engine.compare(cond["op"], per_hour, cond["value"]), round(per_hour, 6))


def _still_quiet(old: engine.SeriesState, new: engine.SeriesState, rule: RuleSpec) -> bool:
    """True if a stored inactive series stays inactive with nothing to remember (a rate rule keeps its raw points)."""
    return (
        rule.kind != "rate"
        and old.state == "inactive"
        and not old.points
        and old.last_result == new.last_result
        and old.last_true_at == new.last_true_at
    )


class _Pass:
    """The writes one pass gathers."""

    def __init__(self) -> None:
        self.inserts: list[dict] = []
        self.updates: list[dict] = []
        self.refresh: list[dict] = []
        self.fire: list[tuple[dict, dict, RuleSpec]] = []  # (alert columns, series row, rule)
        self.resolve: dict[int, RuleSpec] = {}

    def step(self, res: Result, row: dict | None, now: datetime) -> None:
        """Run the transition of one series and note what to write."""
        rule, old = res.rule, engine.state_of(row) if row else engine.SeriesState()
        ctx = {**((row or {}).get("context") or {}), **res.context}
        if rule.kind == "rate" and res.value is not None:
            res = _rated(res, ctx)
        if res.true is None:
            s, action = engine.tick(old, now, rule.for_seconds, rule.keep_firing_seconds)
            if action is None and rule.kind != "rate":  # a rate rule keeps its new raw point
                return
        else:
            s, action = engine.observe(old, res.true, res.value, now, rule.for_seconds, rule.keep_firing_seconds)
            if s.state == "inactive":  # no values kept between episodes: an alert shows the points of its own
                s.points = []
                if row is not None and _still_quiet(old, s, rule):
                    return  # nothing a restart or a later alert needs changed: no write
        ctx |= {"last_result": s.last_result, "points": s.points}
        out = {"state": s.state, "since": s.since, "last_value": s.last_value, "last_true_at": s.last_true_at,
               "alert_id": (row or {}).get("alert_id"), "context": ctx}  # fmt: skip
        if row is None:
            out |= {"rule_id": rule.id, "series": res.series}
            self.inserts.append(out)
        else:
            out["b_id"] = row["id"]
            self.updates.append(out)
        if action == "fire":
            self.fire.append((engine.new_alert(rule, res.series, s, ctx, now), out, rule))
        elif action == "resolve":
            if out["alert_id"]:
                self.resolve[out["alert_id"]] = rule
            out["alert_id"] = None
        elif action == "refresh" and out["alert_id"]:
            self.refresh.append({"b_id": out["alert_id"], "value": s.last_value, "points": s.points})

    def write(self, session: Session, now: datetime) -> int:
        """Write alerts and series in bulk, then hand the changed alerts to the alert hooks."""
        fired = repository.add_alerts(session, [f[0] for f in self.fire])
        changed: list[tuple[Any, str]] = []
        for alert_id, (columns, out, rule) in zip(fired, self.fire, strict=True):
            out["alert_id"] = alert_id
            changed.append((_FiredAlert(id=alert_id, **columns), rule.key))  # as written: no read back
        resolved = repository.resolve_alerts(session, self.resolve, now)
        changed += [(resolved[i], rule.key) for i, rule in self.resolve.items() if i in resolved]
        repository.insert_series(session, self.inserts)
        repository.update_series(session, self.updates)
        repository.refresh_alerts(session, self.refresh)
        announce(session, changed)
        return len(changed)


@dataclass
class _FiredAlert:
    """A just-fired alert as its row reads (the columns `engine.new_alert` made, its id, no acknowledgement)."""

    id: int
    rule_id: int
    fingerprint: str
    status: str
    severity: str
    labels: dict
    annotations: dict
    value: float | None
    starts_at: datetime
    ends_at: datetime | None
    points: list
    ack_by: str | None = None
    ack_at: datetime | None = None
    ack_comment: str | None = None


def announce(session: Session, changed: list[tuple[Any, str]]) -> None:
    """Call every alert hook with the changed alerts and tell the pages, after commit."""
    if not changed:
        return
    dicts = [engine.alert_dict(a, key) for a, key in changed]
    for hook in registry_of(session).alert_hooks:
        hook(session, dicts)
    for d in dicts:
        data = {"id": d["id"], "status": d["status"], "severity": d["labels"]["severity"], "rule": d["rule"]}
        bus.emit_after_commit(session, "alerts.alert.changed", data)
