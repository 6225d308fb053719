"""Alerts and rules as the pages and exports list them: alerts by window and acknowledgement with tab counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import engine, repository

EXPORT_LIMIT = 10_000
OFFICER = "agency_officer"
RULES_LIMIT = 5_000  # rules a list page holds in memory to search, filter and sort


def scope(principal: Any) -> dict[str, Any]:
    """An agency officer sees the alerts labelled with one of its areas or with its agency; others see all."""
    if principal.role != OFFICER:
        return {}
    return {"scope": (sorted(principal.area_codes), principal.agency_code or "")}


def concerns(principal: Any, alert: dict[str, Any]) -> bool:
    """Whether this caller may see this alert (scope's rule, for one alert)."""
    if principal.role != OFFICER:
        return True
    labels = alert.get("labels") or {}
    return labels.get("area") in principal.area_codes or labels.get("agency") == principal.agency_code


def _resolve_rule(session: Session, filters: dict[str, Any]) -> dict[str, Any] | None:
    filters = {k: v for k, v in filters.items() if v is not None and v != ""}
    if filters.get("rule"):
        rule = repository.rule_by_key(session, filters.pop("rule"))
        if rule is None:
            return None
        filters["rule_id"] = rule.id
    return filters


def list_alerts(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[dict], int]:
    """A page of alert dicts by status, severity, rule key, acknowledgement and window [since, until), and the total."""
    resolved = _resolve_rule(session, filters)
    if resolved is None:
        return [], 0
    rows, total = repository.search_alerts(session, resolved, order, offset, limit)
    keys = {r.id: r.key for r in repository.rules_by_ids(session, {a.rule_id for a in rows}).values()}
    return [engine.alert_dict(a, keys.get(a.rule_id, "")) | {"points": a.points or []} for a in rows], total


def tab_counts(session: Session, filters: dict[str, Any]) -> dict[str, int]:
    """How many alerts each tab (all, firing, unacknowledged, resolved, acknowledged) holds under the other filters."""
    resolved = _resolve_rule(session, filters)
    if resolved is None:
        return {"all": 0, "firing": 0, "unacknowledged": 0, "resolved": 0, "acknowledged": 0}
    return repository.alert_tab_counts(session, resolved)


TAB_FILTERS = {
    "acknowledged": {"acknowledged": True},
    "unacknowledged": {"status": "firing", "acknowledged": False},  # firing and nobody has taken it on
}


def tab_filters(status: str | None) -> dict[str, Any]:
    """The filters a tab of the alerts list adds to the others."""
    return TAB_FILTERS.get(status or "", {"status": status})


def export_alerts(session: Session, filters: dict[str, Any]) -> list[dict]:
    """The filtered alerts, newest first, at most EXPORT_LIMIT."""
    return list_alerts(session, filters, ("starts_at", True), 0, EXPORT_LIMIT)[0]


def all_rules(session: Session) -> list[Any]:
    """The rules, by id, at most RULES_LIMIT."""
    return repository.list_rules(session, ("id", False), 0, RULES_LIMIT)[0]
