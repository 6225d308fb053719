"""The rule state machine: inactive → pending → firing (after `for`) → resolved (after `keep_firing_for`).

The transitions are pure functions of plain data (`SeriesState`, `observe`, `tick`, `replay`), so the
rules editor's preview replays a rule over past points with the very code that fires alerts.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from ioc.kit.names import display
from ioc.kit.names import place as place_name

OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
MAX_POINTS = 20  # the last values kept on a series and its alert
MAX_RATE_POINTS = 400  # the raw points a rate rule keeps for its window


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {value} {station} {place} {area} {threshold}; unknown or malformed placeholders stay as written."""
    try:
        return template.format_map(_Safe(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        return template


def fingerprint(labels: dict[str, str]) -> str:
    """sha256 of the sorted label set, 16 hex digits."""
    text = json.dumps(sorted(labels.items()), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compare(op: str, value: float | None, threshold: Any) -> bool:
    """Whether `value op threshold` holds; an unknown value never holds."""
    return value is not None and OPERATORS[op](float(value), float(threshold))


def holds(condition: dict[str, Any], values: dict[str, float]) -> bool:
    """Whether a threshold, `all` or `any` condition is true of a series' values (quantity → value)."""
    if "conditions" in condition:
        parts = [compare(c["op"], values.get(c["quantity"]), c["value"]) for c in condition["conditions"]]
        return all(parts) if condition.get("mode", "all") == "all" else any(parts)
    return compare(condition["op"], values.get(condition.get("quantity", "value")), condition["value"])


def rate(history: list, at: float, value: float, window_s: int) -> tuple[float | None, list]:
    """Change per hour from the oldest point within the window to (at, value) (epoch seconds); the history to keep.

    None while the window holds no earlier point.
    """
    kept = [p for p in history if at - window_s <= p[0] < at][-(MAX_RATE_POINTS - 1) :] + [[at, value]]
    t0, v0 = kept[0]
    if at <= t0:
        return None, kept
    return (value - v0) * 3600.0 / (at - t0), kept


@dataclass
class SeriesState:
    """Where one series stands; `last_result` is whether the condition held at the last value."""

    state: str = "inactive"
    since: datetime | None = None
    last_value: float | None = None
    last_true_at: datetime | None = None
    last_result: bool = False
    points: list = field(default_factory=list)


def observe(
    s: SeriesState, true: bool, value: float | None, now: datetime, for_s: int, keep_s: int
) -> tuple[SeriesState, str | None]:
    """A new result of the condition at `now`: the new state and the action ("fire", "resolve", "refresh", None)."""
    s = replace(s, last_value=value, last_result=true, points=(s.points + [[now.isoformat(), value]])[-MAX_POINTS:])
    if true:
        s.last_true_at = now
        if s.state == "inactive":
            s.state, s.since = "pending", now
        if s.state == "firing":
            return s, "refresh"
    elif s.state == "pending":
        s.state, s.since = "inactive", None
    return tick(s, now, for_s, keep_s)


def tick(s: SeriesState, now: datetime, for_s: int, keep_s: int) -> tuple[SeriesState, str | None]:
    """Let time move a series: fire a pending one whose `for` elapsed, resolve a firing one that stayed false."""
    if s.state == "pending" and s.since and (now - s.since).total_seconds() >= for_s:
        return replace(s, state="firing"), "fire"
    if s.state == "firing" and not s.last_result:
        quiet_since = s.last_true_at or s.since or now
        if (now - quiet_since).total_seconds() >= keep_s:
            return replace(s, state="inactive", since=None), "resolve"
    return s, None


def replay(
    condition: Callable[[float], bool] | dict[str, Any],
    points: Iterable[tuple[datetime, float]],
    for_s: int,
    keep_s: int,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """Replay one series over (time, value) points, oldest first: its changes of state, as the rule would fire them.

    `condition` is a threshold/`all`/`any` condition dict (values keyed "value" or by quantity) or a test
    of the value. Each change is {"time", "state", "action", "value"}; `until` lets time run on after the last point.
    """
    test = condition if callable(condition) else (lambda v: holds(condition, v if isinstance(v, dict) else {
        condition.get("quantity", "value"): v}))  # fmt: skip
    s, changes = SeriesState(), []
    for at, value in points:
        before = s.state
        s, action = observe(s, bool(test(value)), value if not isinstance(value, dict) else None, at, for_s, keep_s)
        if action != "refresh" and (action or s.state != before):
            changes.append({"time": at, "state": s.state, "action": action, "value": value})
    if until is not None:
        s, action = tick(s, until, for_s, keep_s)
        if action:
            changes.append({"time": until, "state": s.state, "action": action, "value": s.last_value})
    return changes


def state_of(row: dict[str, Any]) -> SeriesState:
    """A stored series row (alert_series columns) as a SeriesState."""
    ctx = row.get("context") or {}
    return SeriesState(
        row.get("state") or "inactive", row.get("since"), row.get("last_value"), row.get("last_true_at"),
        bool(ctx.get("last_result")), list(ctx.get("points") or []),
    )  # fmt: skip


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def alert_labels(rule: Any, series: str, ctx: dict[str, Any]) -> dict[str, str]:
    """The alert's labels: the rule's, plus alertname, severity, domain, the series' place labels."""
    labels = {"alertname": rule.key, "severity": "warning", "domain": ctx.get("domain") or "environment"}
    labels |= dict(rule.labels or {})
    labels[ctx.get("label") or "station"] = series
    if ctx.get("area"):
        labels["area"] = ctx["area"]
    return {k: str(v) for k, v in labels.items()}


def new_alert(rule: Any, series: str, s: SeriesState, ctx: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The columns of the alert a series fires: labels, fingerprint, rendered annotations, points."""
    labels = alert_labels(rule, series, ctx)
    place = ctx.get("name") or ctx.get("station_name") or series
    values = {
        "value": _fmt(s.last_value),
        "threshold": _fmt((rule.condition or {}).get("value")),
        "station": place,
        "place": place,
        "series": series,
        "area": ctx.get("area_name") or ctx.get("area") or "",
    }
    # An English annotation ("summary_en") names the place in English too, not "Trạm … Phường …".
    english = values | {"station": ctx.get("name_en") or display(place, "en"), "area": place_name(values["area"], "en")}
    english["place"] = english["station"]
    annotations = {k: render(v, english if k.endswith("_en") else values) for k, v in (rule.annotations or {}).items()}
    return {
        "rule_id": rule.id, "fingerprint": fingerprint(labels), "status": "firing", "severity": labels["severity"],
        "labels": labels, "annotations": annotations, "value": s.last_value, "starts_at": s.since or now,
        "ends_at": None, "points": list(s.points),
    }  # fmt: skip


def alert_dict(alert: Any, rule_key: str) -> dict[str, Any]:
    """The alert in the hooks' contract: Alertmanager's alert shape plus id, rule, value, acknowledged."""
    ack = None
    if alert.ack_at is not None:
        ack = {"by": alert.ack_by or "", "at": alert.ack_at, "comment": alert.ack_comment or ""}
    return {
        "id": alert.id,
        "rule": rule_key,
        "fingerprint": alert.fingerprint,
        "status": alert.status,
        "labels": dict(alert.labels or {}),
        "annotations": dict(alert.annotations or {}),
        "startsAt": alert.starts_at,
        "endsAt": alert.ends_at,
        "generatorURL": f"/alerts/{alert.id}",
        "value": alert.value,
        "acknowledged": ack,
    }
