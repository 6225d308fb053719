"""The rule state machine: inactive → pending → firing (after `for`) → resolved (after `keep_firing_for`)."""

from __future__ import annotations

import hashlib
import json
import operator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts.models import Alert, AlertRule, AlertSeries
from ioc.kit import bus
from ioc.registry import registry_of

OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
MAX_POINTS = 20  # the last values kept on an alert


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {value} {station} {area} {threshold}; unknown or malformed placeholders stay as written."""
    try:
        return template.format_map(_Safe(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        return template


def fingerprint(labels: dict[str, str]) -> str:
    """sha256 of the sorted label set, 16 hex digits."""
    text = json.dumps(sorted(labels.items()), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def holds(rule: AlertRule, value: float) -> bool:
    """Whether the rule's condition is true of this value."""
    cond = rule.condition
    return OPERATORS[cond["op"]](value, float(cond["value"]))


def alert_labels(rule: AlertRule, series: AlertSeries) -> dict[str, str]:
    """The alert's labels: the rule's, plus alertname, severity, domain, station and area when known."""
    labels = {"alertname": rule.key, "severity": "warning", "domain": "environment", **(rule.labels or {})}
    labels["station"] = series.series
    area = (series.context or {}).get("area")
    if area:
        labels["area"] = area
    return {k: str(v) for k, v in labels.items()}


def step(session: Session, rule: AlertRule, series: AlertSeries, value: float, now: datetime) -> Alert | None:
    """Move one series with a new value; the alert fired or resolved, if any."""
    true = holds(rule, value)
    series.last_value = value
    series.context = {**(series.context or {}), "last_result": true, "points": _points(series, value, now)}
    if true:
        series.last_true_at = now
        if series.state == "inactive":
            series.state, series.since = "pending", now
        if series.state == "firing":
            return _refresh(session, series, value)
    elif series.state == "pending":
        series.state, series.since = "inactive", None
    return advance_one(session, rule, series, now)


def advance_one(session: Session, rule: AlertRule, series: AlertSeries, now: datetime) -> Alert | None:
    """Let time move a series: fire a pending one whose `for` elapsed, resolve a firing one that stayed false."""
    ctx = series.context or {}
    if series.state == "pending" and series.since and (now - series.since).total_seconds() >= rule.for_seconds:
        return _fire(session, rule, series, now)
    if series.state == "firing" and not ctx.get("last_result"):
        quiet_since = series.last_true_at or series.since or now
        if (now - quiet_since).total_seconds() >= rule.keep_firing_seconds:
            return _resolve(session, series, now)
    return None


def _points(series: AlertSeries, value: float, now: datetime) -> list:
    points = list((series.context or {}).get("points") or [])
    points.append([now.isoformat(), value])
    return points[-MAX_POINTS:]


def _fire(session: Session, rule: AlertRule, series: AlertSeries, now: datetime) -> Alert:
    labels = alert_labels(rule, series)
    ctx = series.context or {}
    values = {
        "value": _fmt(series.last_value),
        "threshold": _fmt(rule.condition.get("value")),
        "station": ctx.get("station_name") or series.series,
        "area": ctx.get("area_name") or ctx.get("area") or "",
    }
    annotations = {k: render(v, values) for k, v in (rule.annotations or {}).items()}
    alert = Alert(
        rule_id=rule.id,
        fingerprint=fingerprint(labels),
        status="firing",
        severity=labels["severity"],
        labels=labels,
        annotations=annotations,
        value=series.last_value,
        starts_at=series.since or now,
        ends_at=None,
        points=list(ctx.get("points") or []),
    )
    session.add(alert)
    session.flush()
    series.state, series.alert_id = "firing", alert.id
    return alert


def _refresh(session: Session, series: AlertSeries, value: float) -> None:
    alert = session.get(Alert, series.alert_id) if series.alert_id else None
    if alert is not None:
        alert.value = value
        alert.points = list((series.context or {}).get("points") or [])
    return None


def _resolve(session: Session, series: AlertSeries, now: datetime) -> Alert | None:
    alert = session.get(Alert, series.alert_id) if series.alert_id else None
    series.state, series.since, series.alert_id = "inactive", None, None
    if alert is None:
        return None
    alert.status, alert.ends_at = "resolved", now
    return alert


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def alert_dict(alert: Alert, rule_key: str) -> dict[str, Any]:
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


def announce(session: Session, changed: list[tuple[Alert, str]]) -> None:
    """Call every alert hook with the changed alerts and tell the pages, after commit."""
    if not changed:
        return
    dicts = [alert_dict(a, key) for a, key in changed]
    for hook in registry_of(session).alert_hooks:
        hook(session, dicts)
    for d in dicts:
        data = {"id": d["id"], "status": d["status"], "severity": d["labels"]["severity"], "rule": d["rule"]}
        bus.emit_after_commit(session, "alerts.alert.changed", data)
