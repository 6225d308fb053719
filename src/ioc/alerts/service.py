"""Alert rules, their evaluation as observations arrive, and the alerts they fire (the domain's only public module)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import checks, engine, evaluator, kinds, repository, sources
from ioc.alerts.models import Alert, AlertRule
from ioc.alerts.schemas import RuleIn
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit.errors import Conflict, NotFound
from ioc.kit.i18n import Text
from ioc.kit.timeutil import utcnow

log = logging.getLogger(__name__)
EVENT_HOOK_STAMP_SECONDS = 1.0
parse_duration = kinds.parse_duration  # re-exported: "10m" → 600, a 422 naming the field otherwise


def _values(session: Session, data: RuleIn) -> dict[str, Any]:
    if len(data.labels.get("severity", "")) > 20:
        raise kinds.problem("labels.severity", Text("tối đa 20 ký tự"))
    condition = kinds.shape(data.kind, data.condition)
    checks.check(session, data.kind, condition)
    return {
        "key": data.key,
        "name": data.name,
        "kind": data.kind,
        "enabled": data.enabled,
        "condition": condition,
        "quantity": _quantity(data.kind, condition),
        "for_seconds": parse_duration(data.for_, "for"),
        "keep_firing_seconds": parse_duration(data.keep_firing_for, "keep_firing_for"),
        "labels": dict(data.labels),
        "annotations": dict(data.annotations),
    }


def _quantity(kind: str, condition: dict[str, Any]) -> str:
    """The quantity column: the (first) station quantity read, "" for the kinds without one."""
    if kind in ("all", "any"):
        return condition["conditions"][0]["quantity"]
    return condition.get("quantity", "") if kind in ("threshold", "rate") else ""


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
    evaluator.forget()
    audit.record(session, principal, "alerts.rule.create", "alert_rule", rule.id, after=rule_out(rule))
    return _rule_view(rule)


def ensure_rule(session: Session, principal: Principal, raw: dict[str, Any]) -> bool:
    """Create a rule from its JSON form unless one with its key exists (other domains' seeds); True when created."""
    if repository.rule_by_key(session, raw["key"]) is not None:
        return False
    create_rule(session, principal, RuleIn.model_validate(raw))
    return True


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
    evaluator.forget()
    audit.record(session, principal, "alerts.rule.update", "alert_rule", rule.id, before=before, after=rule_out(rule))
    return _rule_view(rule)


def delete_rule(session: Session, principal: Principal, rule_id: int) -> None:
    """Delete a rule and its series (its alerts stay on the record)."""
    rule = require_rule(session, rule_id)
    before = rule_out(rule)
    repository.delete_series_of(session, rule.id)
    session.delete(rule)
    evaluator.forget()
    audit.record(session, principal, "alerts.rule.delete", "alert_rule", rule_id, before=before)


# ---- evaluation -------------------------------------------------------------------------------


def on_ingest(session: Session, touched: dict[int, set[int]], kinds: dict[int, str]) -> None:
    """Ingest hook: evaluate the rules on the touched stations' quantities, now; a failure never loses the batch."""
    try:
        with session.begin_nested():
            evaluate(session, touched, kinds, now=utcnow())
    except Exception:  # the observations are stored whatever the evaluator does; the next batch or tick retries
        log.exception("alert rule evaluation failed for stations %s", sorted(touched))


def evaluate(session: Session, touched: dict[int, set[int]], kinds_: dict[int, str], now: datetime) -> int:
    """Evaluate the rules indexed on the touched stations' newest values; the number of alerts changed."""
    if not touched:
        return 0
    index = evaluator.rule_index(session)
    if not index.quantities():
        return 0
    return evaluator.run(session, sources.station_results(session, index, touched, kinds_), now)


def advance(session: Session, now: datetime | None = None) -> int:
    """The loop's pass: evaluate the time-driven kinds, let time move pending and firing series; alerts changed."""
    now = now or utcnow()
    index = evaluator.rule_index(session)
    results = sources.loop_results(session, index, now)
    by_id = {r.id: r for r in index.rules}
    ticking = [r.id for r in index.of_kind(*evaluator.STATION_KINDS)]
    for row in repository.active_series_rows(session, ticking):
        results.append(evaluator.Result(by_id[row["rule_id"]], row["series"], None))
    return evaluator.run(session, results, now)


def on_events(session: Session, records: list[dict[str, Any]]) -> None:
    """Event hook: re-count the event_count rules whose category just got events; a failure never loses them."""
    # Per request, so the stamp read is trusted for a second (an edit elsewhere is seen by the next event
    # after that, and the loop re-counts every 15 s anyway); no savepoint while no rule counts these events.
    index = evaluator.rule_index(session, max_age=EVENT_HOOK_STAMP_SECONDS)
    rules = [r for r in index.of_kind("event_count") if any(sources.matches(r, e) for e in records)]
    if not rules:
        return
    try:
        with session.begin_nested():
            now = utcnow()
            evaluator.run(session, [sources.event_count(session, r, now) for r in rules], now)
    except Exception:  # the events are stored whatever the evaluator does; the loop retries
        log.exception("event_count rule evaluation failed")


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
    """A page of alert dicts by status, severity, rule key, acknowledgement, window and scope, and the total."""
    from ioc.alerts import listing

    return listing.list_alerts(session, filters, order, offset, limit)


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
    evaluator.announce(session, [(alert, _rule_key(session, alert))])
    return get_alert(session, alert.id) or {}


def _ack_state(alert: Alert) -> dict[str, Any]:
    at = alert.ack_at.isoformat() if alert.ack_at else None
    return {"ack_by": alert.ack_by, "ack_at": at, "ack_comment": alert.ack_comment}


def resolve_reference(session: Session, id: str) -> tuple[str, str, str | None] | None:
    """Reference resolver "alert": (label, page, ward) of an alert id, or None."""
    if not str(id).isdigit():
        return None
    alert = repository.get_alert(session, int(id))
    if alert is None:
        return None
    summary = (alert.annotations or {}).get("summary") or alert.labels.get("alertname", "")
    return f"Cảnh báo #{alert.id}: {summary}", f"/alerts/{alert.id}", (alert.labels or {}).get("area")


def fired_between(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Alerts that started in [start, end): how many, by severity, by rule, acknowledged, still firing."""
    rows = repository.started_between(session, start, end)
    rules = repository.rules_by_ids(session, {a.rule_id for a in rows})
    by_severity: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for a in rows:
        by_severity[a.severity] = by_severity.get(a.severity, 0) + 1
        rule = rules.get(a.rule_id)
        name = (rule.name if rule is not None else a.labels.get("alertname", "")) or "—"
        by_rule[name] = by_rule.get(name, 0) + 1
    return {
        "fired": len(rows),
        "acknowledged": sum(1 for a in rows if a.ack_at is not None),
        "firing_now": sum(1 for a in rows if a.status == "firing"),
        "by_severity": by_severity,
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])),
    }


# The pure state machine, for the rules editor's preview: replay(condition, [(time, value)], for_s, keep_s).
replay = engine.replay
