"""All SQL of the alerts domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ioc.alerts.models import Alert, AlertRule, AlertSeries

SORTABLE = {"id", "starts_at", "ends_at", "status", "severity"}
RULE_SORTABLE = {"id", "key", "name", "updated_at"}


def rule_by_key(session: Session, key: str) -> AlertRule | None:
    """A rule by its key."""
    return session.scalar(select(AlertRule).where(AlertRule.key == key))


def rule_by_id(session: Session, rule_id: int) -> AlertRule | None:
    """A rule by id."""
    return session.get(AlertRule, rule_id)


def rules_by_ids(session: Session, ids: Iterable[int]) -> dict[int, AlertRule]:
    """Rules by id."""
    ids = set(ids)
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(AlertRule).where(AlertRule.id.in_(ids)))}


def enabled_rules_for(session: Session, quantities: Iterable[str]) -> list[AlertRule]:
    """Enabled rules on any of these quantities (the rules index)."""
    quantities = sorted(set(quantities))
    if not quantities:
        return []
    stmt = select(AlertRule).where(AlertRule.enabled.is_(True), AlertRule.quantity.in_(quantities))
    return list(session.scalars(stmt.order_by(AlertRule.id)))


def list_rules(session: Session, order: tuple[str, bool], offset: int, limit: int) -> tuple[list[AlertRule], int]:
    """A page of rules and the total."""
    column = getattr(AlertRule, order[0])
    stmt = select(AlertRule).order_by(column.desc() if order[1] else column, AlertRule.id)
    total = session.scalar(select(func.count()).select_from(AlertRule)) or 0
    return list(session.scalars(stmt.offset(offset).limit(limit))), total


def series_of(session: Session, rule_ids: Iterable[int], codes: Iterable[str]) -> dict[tuple[int, str], AlertSeries]:
    """The stored series of these rules and stations, by (rule id, station code)."""
    rule_ids, codes = set(rule_ids), set(codes)
    if not rule_ids or not codes:
        return {}
    stmt = select(AlertSeries).where(AlertSeries.rule_id.in_(rule_ids), AlertSeries.series.in_(codes))
    return {(s.rule_id, s.series): s for s in session.scalars(stmt)}


def active_series(session: Session) -> list[AlertSeries]:
    """Series pending or firing (the only ones time alone can move)."""
    stmt = select(AlertSeries).where(AlertSeries.state != "inactive").order_by(AlertSeries.id)
    return list(session.scalars(stmt.with_for_update(skip_locked=True)))


def delete_series_of(session: Session, rule_id: int) -> None:
    """Forget the series of a rule."""
    for s in session.scalars(select(AlertSeries).where(AlertSeries.rule_id == rule_id)):
        session.delete(s)


def get_alert(session: Session, alert_id: int) -> Alert | None:
    """An alert by id."""
    return session.get(Alert, alert_id)


def list_alerts(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[Alert], int]:
    """A page of alerts filtered by status, severity and rule id, and the total."""
    stmt = select(Alert)
    if filters.get("status"):
        stmt = stmt.where(Alert.status == filters["status"])
    if filters.get("severity"):
        stmt = stmt.where(Alert.severity == filters["severity"])
    if filters.get("rule_id") is not None:
        stmt = stmt.where(Alert.rule_id == filters["rule_id"])
    if filters.get("scope") is not None:  # (area codes, agency code) of an agency officer
        areas, agency = filters["scope"]
        stmt = stmt.where(
            or_(Alert.labels["area"].as_string().in_(areas), Alert.labels["agency"].as_string() == agency)
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Alert, order[0])
    stmt = stmt.order_by(column.desc() if order[1] else column, Alert.id.desc())
    return list(session.scalars(stmt.offset(offset).limit(limit))), total


def started_between(session: Session, start: Any, end: Any) -> list[Alert]:
    """Alerts that started firing in [start, end)."""
    stmt = select(Alert).where(Alert.starts_at >= start, Alert.starts_at < end)
    return list(session.scalars(stmt.order_by(Alert.starts_at)))
