"""All SQL of the alerts domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, func, select
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
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Alert, order[0])
    stmt = stmt.order_by(column.desc() if order[1] else column, Alert.id.desc())
    return list(session.scalars(stmt.offset(offset).limit(limit))), total


def _where_alerts(stmt, filters: dict[str, Any]):
    # status, severity, rule id, acknowledged, and the window [since, until) the alert was firing in.
    if filters.get("status"):
        stmt = stmt.where(Alert.status == filters["status"])
    if filters.get("severity"):
        stmt = stmt.where(Alert.severity == filters["severity"])
    if filters.get("rule_id") is not None:
        stmt = stmt.where(Alert.rule_id == filters["rule_id"])
    if filters.get("acknowledged") is not None:
        stmt = stmt.where(Alert.ack_at.is_not(None) if filters["acknowledged"] else Alert.ack_at.is_(None))
    if filters.get("until") is not None:
        stmt = stmt.where(Alert.starts_at < filters["until"])
    if filters.get("since") is not None:
        stmt = stmt.where((Alert.ends_at.is_(None)) | (Alert.ends_at >= filters["since"]))
    return stmt


def search_alerts(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[Alert], int]:
    """A page of alerts by status, severity, rule id, acknowledgement and window, and the total."""
    stmt = _where_alerts(select(Alert), filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Alert, order[0])
    stmt = stmt.order_by(column.desc() if order[1] else column, Alert.id.desc())
    return list(session.scalars(stmt.offset(offset).limit(limit))), total


def alert_tab_counts(session: Session, filters: dict[str, Any]) -> dict[str, int]:
    """Alerts per status, and acknowledged, under the other filters (all, firing, resolved, acknowledged)."""
    base = {k: v for k, v in filters.items() if k not in ("status", "acknowledged")}
    sub = _where_alerts(select(Alert.status, Alert.ack_at), base).subquery()
    acked = case((sub.c.ack_at.is_(None), 0), else_=1)
    rows = session.execute(select(sub.c.status, acked, func.count()).group_by(sub.c.status, acked))
    counts = {"all": 0, "firing": 0, "resolved": 0, "acknowledged": 0}
    for status, acked, n in rows:
        counts["all"] += n
        counts[status] = counts.get(status, 0) + n
        if acked:
            counts["acknowledged"] += n
    return counts
