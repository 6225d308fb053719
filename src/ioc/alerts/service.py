"""Alert rules, their evaluation as observations arrive, and the alerts they fire (the domain's only public module)."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import engine, repository
from ioc.alerts.models import Alert, AlertRule, AlertSeries
from ioc.alerts.schemas import RuleIn
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit.errors import Conflict, NotFound, ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors

DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
INDEX_KINDS = {"aqi": ("aqi_h", "air"), "wqi": ("wqi_h", "water")}  # rule quantity → (index kind, station kind)
MAX_DURATION = 7 * 86400
log = logging.getLogger(__name__)


def parse_duration(text: str, field: str) -> int:
    """Seconds of a duration such as "10m", "1h", "1h30m" or "30s"; a 422 naming the field otherwise."""
    match = DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or not text.strip():
        raise ValidationProblem(
            f"{field}: '{text}' is not a duration such as 30s, 10m or 1h",
            errors=[{"field": field, "message": "expected a duration such as 30s, 10m or 1h"}],
        )
    h, m, s = (int(g or 0) for g in match.groups())
    seconds = h * 3600 + m * 60 + s
    if seconds > MAX_DURATION:
        raise ValidationProblem(
            f"{field}: at most 7 days", errors=[{"field": field, "message": "at most 7 days (168h)"}]
        )
    return seconds


def _check_condition(session: Session, condition: dict[str, Any]) -> None:
    quantity = condition["quantity"]
    if quantity not in INDEX_KINDS and quantity not in sensors.QUANTITIES:
        known = ", ".join(sorted(set(INDEX_KINDS) | set(sensors.QUANTITIES)))
        raise ValidationProblem(
            f"condition.quantity: unknown quantity '{quantity}'",
            errors=[{"field": "condition.quantity", "message": f"unknown quantity; known: {known}"}],
        )
    bad = [c for c in condition.get("stations") or [] if not _measures(sensors.get_station(session, c), quantity)]
    if bad:
        raise ValidationProblem(
            f"condition.stations: no station measuring '{quantity}' with code {', '.join(bad)}",
            errors=[{"field": "condition.stations", "message": f"unknown station or quantity: {', '.join(bad)}"}],
        )


def _measures(station: Any, quantity: str) -> bool:
    if station is None:
        return False
    if quantity in INDEX_KINDS:
        return station.kind == INDEX_KINDS[quantity][1]
    return quantity in (station.quantities or [])


def _values(session: Session, data: RuleIn) -> dict[str, Any]:
    if len(data.labels.get("severity", "")) > 20:
        raise ValidationProblem(
            "labels.severity: at most 20 characters",
            errors=[{"field": "labels.severity", "message": "at most 20 characters"}],
        )
    condition = data.condition.model_dump()
    _check_condition(session, condition)
    return {
        "key": data.key,
        "name": data.name,
        "kind": data.kind,
        "enabled": data.enabled,
        "condition": condition,
        "quantity": condition["quantity"],
        "for_seconds": parse_duration(data.for_, "for"),
        "keep_firing_seconds": parse_duration(data.keep_firing_for, "keep_firing_for"),
        "labels": dict(data.labels),
        "annotations": dict(data.annotations),
    }


def check_rule(session: Session, data: RuleIn) -> dict[str, Any]:
    """The stored values of a rule as written, checked as on save (a 422 naming the field); nothing is written."""
    return _values(session, data)


def rule_out(rule: AlertRule) -> dict[str, Any]:
    """A rule as the API shows it."""
    fields = ("id", "key", "name", "kind", "enabled", "condition", "for_seconds", "keep_firing_seconds")
    out = {f: getattr(rule, f) for f in fields}
    return out | {"labels": rule.labels, "annotations": rule.annotations}
    # (created_at/updated_at added by the caller's schema)


def _rule_view(rule: AlertRule) -> dict[str, Any]:
    return rule_out(rule) | {"created_at": rule.created_at, "updated_at": rule.updated_at}


def create_rule(session: Session, principal: Principal, data: RuleIn) -> dict[str, Any]:
    """Store a new rule after checking its quantity, stations and durations."""
    values = _values(session, data)
    if repository.rule_by_key(session, data.key) is not None:
        raise Conflict(f"key: a rule with key '{data.key}' already exists")
    rule = AlertRule(**values)
    session.add(rule)
    session.flush()
    audit.record(session, principal, "alerts.rule.create", "alert_rule", rule.id, after=rule_out(rule))
    return _rule_view(rule)


def require_rule(session: Session, rule_id: int) -> AlertRule:
    """A rule by id, or 404."""
    rule = repository.rule_by_id(session, rule_id)
    if rule is None:
        raise NotFound(f"No alert rule {rule_id}")
    return rule


def get_rule(session: Session, rule_id: int) -> dict[str, Any]:
    """A rule by id, or 404."""
    return _rule_view(require_rule(session, rule_id))


def list_rules(session: Session, order: tuple[str, bool], offset: int, limit: int) -> tuple[list[dict], int]:
    """A page of rules and the total."""
    rows, total = repository.list_rules(session, order, offset, limit)
    return [_rule_view(r) for r in rows], total


def update_rule(session: Session, principal: Principal, rule_id: int, data: RuleIn) -> dict[str, Any]:
    """Replace a rule; a changed condition starts its series afresh."""
    rule = require_rule(session, rule_id)
    values = _values(session, data)
    other = repository.rule_by_key(session, data.key)
    if other is not None and other.id != rule.id:
        raise Conflict(f"key: a rule with key '{data.key}' already exists")
    before = rule_out(rule)
    if values["condition"] != rule.condition or not values["enabled"]:
        repository.delete_series_of(session, rule.id)
    for name, value in values.items():
        setattr(rule, name, value)
    session.flush()
    audit.record(session, principal, "alerts.rule.update", "alert_rule", rule.id, before=before, after=rule_out(rule))
    return _rule_view(rule)


def delete_rule(session: Session, principal: Principal, rule_id: int) -> None:
    """Delete a rule and its series (its alerts stay on the record)."""
    rule = require_rule(session, rule_id)
    before = rule_out(rule)
    repository.delete_series_of(session, rule.id)
    session.delete(rule)
    audit.record(session, principal, "alerts.rule.delete", "alert_rule", rule_id, before=before)


# ---- evaluation -------------------------------------------------------------------------------


def on_ingest(session: Session, touched: dict[int, set[int]], kinds: dict[int, str]) -> None:
    """Ingest hook: evaluate the rules on the touched stations' quantities, now; a failure never loses the batch."""
    try:
        with session.begin_nested():
            evaluate(session, touched, kinds, now=utcnow())
    except Exception:  # the observations are stored whatever the evaluator does; the next batch or tick retries
        log.exception("alert rule evaluation failed for stations %s", sorted(touched))


def evaluate(session: Session, touched: dict[int, set[int]], kinds: dict[int, str], now: datetime) -> int:
    """Evaluate the rules indexed on the touched stations' newest values; the number of alerts changed."""
    if not touched:
        return 0
    stations = sensors.stations_by_ids(session, list(touched))
    quantities = {q for s in stations for q in (s.quantities or [])}
    quantities |= {q for q, (_, kind) in INDEX_KINDS.items() if any(s.kind == kind for s in stations)}
    rules = repository.enabled_rules_for(session, quantities)
    if not rules:
        return 0
    readings = _readings(session, stations, touched, {r.quantity for r in rules}, now)
    stored = repository.series_of(session, [r.id for r in rules], [s.code for s in stations])
    by_code = {s.code: s for s in stations}
    changed: list[tuple[Alert, str]] = []
    for rule in rules:
        wanted = rule.condition.get("stations")
        # A rule on named stations visits only those of the batch: rules × stations would grow as their product.
        codes = by_code if wanted is None else [c for c in wanted if c in by_code]
        for code in codes:
            value = readings.get((code, rule.quantity))
            if value is None:
                continue
            series = stored.get((rule.id, code)) or _new_series(session, rule, by_code[code])
            alert = engine.step(session, rule, series, value, now)
            if alert is not None:
                changed.append((alert, rule.key))
    engine.announce(session, changed)
    return len(changed)


def _new_series(session: Session, rule: AlertRule, station: Any) -> AlertSeries:
    ctx = {"station_name": station.name, "area": station.area_code}
    series = AlertSeries(rule_id=rule.id, series=station.code, state="inactive", context=ctx)
    session.add(series)
    return series


def _readings(
    session: Session, stations: list, touched: dict[int, set[int]], quantities: set[str], now: datetime
) -> dict[tuple[str, str], float]:
    """(station code, quantity) → the newest value: the hourly index for "aqi", the latest good value otherwise."""
    out: dict[tuple[str, str], float] = {}
    end = int(now.timestamp()) + 3600
    for quantity, (index_kind, station_kind) in INDEX_KINDS.items():
        if quantity not in quantities:
            continue
        for station in (s for s in stations if s.kind == station_kind and touched.get(s.id)):
            rows = sensors.index_history(session, station, index_kind, max(touched[station.id]), end)
            if rows:
                out[(station.code, quantity)] = float(rows[-1].value)
    raw = quantities - set(INDEX_KINDS)
    if raw:
        for lv in sensors.latest(session, [s.code for s in stations]):
            if lv.quantity in raw and lv.flag == "good":
                out[(lv.station, lv.quantity)] = lv.value
    return out


def advance(session: Session, now: datetime | None = None) -> int:
    """Let time move pending and firing series (`for` and `keep_firing_for`); the number of alerts changed."""
    now = now or utcnow()
    series = repository.active_series(session)
    rules = repository.rules_by_ids(session, {s.rule_id for s in series})
    changed: list[tuple[Alert, str]] = []
    for s in series:
        rule = rules.get(s.rule_id)
        if rule is None or not rule.enabled:
            continue
        alert = engine.advance_one(session, rule, s, now)
        if alert is not None:
            changed.append((alert, rule.key))
    engine.announce(session, changed)
    return len(changed)


# ---- alerts -----------------------------------------------------------------------------------


def _rule_key(session: Session, alert: Alert) -> str:
    rule = repository.rule_by_id(session, alert.rule_id)
    return rule.key if rule is not None else alert.labels.get("alertname", "")


def get_alert(session: Session, alert_id: int) -> dict[str, Any] | None:
    """The alert dict of the hooks' contract, or None."""
    alert = repository.get_alert(session, alert_id)
    if alert is None:
        return None
    return engine.alert_dict(alert, _rule_key(session, alert)) | {"points": list(alert.points or [])}


def list_alerts(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[dict], int]:
    """A page of alert dicts filtered by status, severity and rule key, and the total."""
    filters = dict(filters)
    if filters.get("rule"):
        rule = repository.rule_by_key(session, filters.pop("rule"))
        if rule is None:
            return [], 0
        filters["rule_id"] = rule.id
    rows, total = repository.list_alerts(session, filters, order, offset, limit)
    keys = {r.id: r.key for r in repository.rules_by_ids(session, {a.rule_id for a in rows}).values()}
    return [engine.alert_dict(a, keys.get(a.rule_id, "")) | {"points": a.points or []} for a in rows], total


def acknowledge(
    session: Session, principal: Principal, id: int, comment: str, now: datetime | None = None
) -> dict[str, Any]:
    """Acknowledge an alert (who, when, comment), audited; the alert hooks hear of it."""
    alert = repository.get_alert(session, id)
    if alert is None:
        raise NotFound(f"No alert {id}")
    before = _ack_state(alert)
    alert.ack_by, alert.ack_at, alert.ack_comment = principal.actor, now or utcnow(), comment or ""
    session.flush()
    after = _ack_state(alert)
    audit.record(session, principal, "alerts.alert.acknowledge", "alert", alert.id, before=before, after=after)
    engine.announce(session, [(alert, _rule_key(session, alert))])
    return get_alert(session, alert.id) or {}


def _ack_state(alert: Alert) -> dict[str, Any]:
    at = alert.ack_at.isoformat() if alert.ack_at else None
    return {"ack_by": alert.ack_by, "ack_at": at, "ack_comment": alert.ack_comment}


def resolve_reference(session: Session, id: str) -> tuple[str, str] | None:
    """Reference resolver "alert": (label, page) of an alert id, or None."""
    if not str(id).isdigit():
        return None
    alert = repository.get_alert(session, int(id))
    if alert is None:
        return None
    summary = (alert.annotations or {}).get("summary") or alert.labels.get("alertname", "")
    return f"Cảnh báo #{alert.id}: {summary}", f"/alerts/{alert.id}"
