"""All SQL of the alerts domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, case, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ioc.alerts.models import Alert, AlertRule, AlertSeries
from ioc.db import unnest

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


def rules_stamp(session: Session) -> tuple:
    """What changes whenever a rule is created, changed or deleted: (count, newest id, newest update)."""
    row = session.execute(select(func.count(), func.max(AlertRule.id), func.max(AlertRule.updated_at))).one()
    return tuple(row)


def enabled_rule_rows(session: Session) -> list[Any]:
    """Every enabled rule as a Core row (the evaluator's index is built from them)."""
    return list(session.execute(select(AlertRule.__table__).where(AlertRule.enabled.is_(True)).order_by(AlertRule.id)))


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


_SERIES = AlertSeries.__table__


def series_rows(session: Session, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], dict[str, Any]]:
    """The stored series of these (rule id, series key) pairs as dicts (row-value IN on the unique index)."""
    pairs = sorted(set(pairs))
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for i in range(0, len(pairs), 500):  # two plain INs would make SQLite probe their cross product
        stmt = select(_SERIES).where(tuple_(_SERIES.c.rule_id, _SERIES.c.series).in_(pairs[i : i + 500]))
        out |= {(r.rule_id, r.series): r._asdict() for r in session.execute(stmt)}
    return out


def active_series_rows(session: Session, rule_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Series of these rules pending or firing, as dicts, locked (another worker skips them)."""
    ids = set(rule_ids)
    if not ids:
        return []
    stmt = select(_SERIES).where(_SERIES.c.state != "inactive", _SERIES.c.rule_id.in_(ids)).order_by(_SERIES.c.id)
    return [r._asdict() for r in session.execute(stmt.with_for_update(skip_locked=True))]


def insert_series(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add new series in one statement."""
    if rows:
        session.execute(insert(_SERIES), rows)


_SERIES_UPDATE = (
    update(_SERIES)
    .where(_SERIES.c.id == bindparam("b_id"))
    .values({c: bindparam(c) for c in ("state", "since", "last_value", "last_true_at", "alert_id", "context")})
)


def update_series(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write the new state of stored series (dicts with b_id and the columns) in one statement (PostgreSQL) or
    one executemany."""
    if not rows:
        return
    if _is_postgres(session):
        keys = ("b_id", "state", "since", "last_value", "last_true_at", "alert_id", "context")
        session.connection().exec_driver_sql(
            _PG_SERIES_UPDATE, unnest.columns(rows, keys, ("last_value",), ("context",))
        )
    else:
        session.execute(_SERIES_UPDATE, rows)


_PG_SERIES_UPDATE = (
    "UPDATE alert_series AS s SET state = u.state, since = u.since, last_value = u.last_value, "
    "last_true_at = u.last_true_at, alert_id = u.alert_id, context = u.context::jsonb "
    "FROM unnest(%b::int[], %b::text[], %b::timestamptz[], %b::float8[], %b::timestamptz[], %b::int[], %b::text[]) "
    "AS u(id, state, since, last_value, last_true_at, alert_id, context) WHERE s.id = u.id"
)
_PG_REFRESH = (
    "UPDATE alerts AS a SET value = u.value, points = u.points::jsonb "
    "FROM unnest(%b::int[], %b::float8[], %b::text[]) AS u(id, value, points) WHERE a.id = u.id"
)


def refresh_alerts(session: Session, rows: list[dict[str, Any]]) -> None:
    """Update the value and points of firing alerts (dicts b_id, value, points) in one statement or executemany."""
    if not rows:
        return
    if _is_postgres(session):
        session.connection().exec_driver_sql(
            _PG_REFRESH, unnest.columns(rows, ("b_id", "value", "points"), ("value",), ("points",))
        )
        return
    stmt = update(Alert.__table__).where(Alert.__table__.c.id == bindparam("b_id"))
    session.execute(stmt.values(value=bindparam("value"), points=bindparam("points")), rows)


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


_ALERTS = Alert.__table__


def add_alerts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Store fired alerts in one statement; their ids, in the order given."""
    if not rows:
        return []
    if _is_postgres(session):
        keys = ("rule_id", "fingerprint", "status", "severity", "labels", "annotations", "value", "starts_at",
                "ends_at", "points")  # fmt: skip
        arrays = unnest.columns(rows, keys, ("value",), ("labels", "annotations", "points"))
        # Ids come from the sequence in the ORDER BY's order, so sorted they are the rows' in order (the very
        # sentinel SQLAlchemy's insertmanyvalues sorts by).
        return sorted(r[0] for r in session.connection().exec_driver_sql(_PG_ADD_ALERTS, arrays))
    stmt = insert(_ALERTS).returning(_ALERTS.c.id, sort_by_parameter_order=True)
    return [r[0] for r in session.execute(stmt, rows)]


_PG_ADD_ALERTS = (
    "INSERT INTO alerts (rule_id, fingerprint, status, severity, labels, annotations, value, starts_at, ends_at, "
    "points) SELECT r, f, st, sev, l::jsonb, a::jsonb, v, s, e, p::jsonb FROM unnest(%b::int[], %b::text[], "
    "%b::text[], %b::text[], %b::text[], %b::text[], %b::float8[], %b::timestamptz[], %b::timestamptz[], %b::text[]) "
    "WITH ORDINALITY AS u(r, f, st, sev, l, a, v, s, e, p, n) ORDER BY n RETURNING id"
)


def resolve_alerts(session: Session, ids: Iterable[int], now: Any) -> dict[int, Any]:
    """Mark these alerts resolved at `now`; their new rows by id (Core rows, the shape `engine.alert_dict` reads).

    Alerts loaded in the session are expired, so they read the new state."""
    ids = set(ids)
    if not ids:
        return {}
    stmt = update(_ALERTS).where(_ALERTS.c.id.in_(ids)).values(status="resolved", ends_at=now)
    rows = {r.id: r for r in session.execute(stmt.returning(*_ALERTS.c))}
    for alert_id in rows:
        loaded = session.identity_map.get(identity_key(Alert, alert_id))
        if loaded is not None:
            session.expire(loaded)
    return rows


def active_series(session: Session) -> list[AlertSeries]:
    """Series pending or firing (the only ones time alone can move)."""
    stmt = select(AlertSeries).where(AlertSeries.state != "inactive").order_by(AlertSeries.id)
    return list(session.scalars(stmt.with_for_update(skip_locked=True)))


def delete_series_of(session: Session, rule_id: int) -> None:
    """Forget the series of a rule."""
    session.execute(_SERIES.delete().where(_SERIES.c.rule_id == rule_id))


def get_alert(session: Session, alert_id: int) -> Alert | None:
    """An alert by id."""
    return session.get(Alert, alert_id)


def started_between(session: Session, start: Any, end: Any) -> list[Alert]:
    """Alerts that started firing in [start, end)."""
    stmt = select(Alert).where(Alert.starts_at >= start, Alert.starts_at < end)
    return list(session.scalars(stmt.order_by(Alert.starts_at)))


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
    if filters.get("area"):  # the ward the alert is labelled with
        stmt = stmt.where(Alert.labels["area"].as_string() == filters["area"])
    if filters.get("scope") is not None:  # (area codes, agency code) of an agency officer
        areas, agency = filters["scope"]
        stmt = stmt.where(
            or_(Alert.labels["area"].as_string().in_(areas), Alert.labels["agency"].as_string() == agency)
        )
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
    """Alerts per tab under the other filters (all, firing, unacknowledged firing, resolved, acknowledged)."""
    base = {k: v for k, v in filters.items() if k not in ("status", "acknowledged")}
    sub = _where_alerts(select(Alert.status, Alert.ack_at), base).subquery()
    acked = case((sub.c.ack_at.is_(None), 0), else_=1)
    rows = session.execute(select(sub.c.status, acked, func.count()).group_by(sub.c.status, acked))
    counts = {"all": 0, "firing": 0, "unacknowledged": 0, "resolved": 0, "acknowledged": 0}
    for status, acked, n in rows:
        counts["all"] += n
        counts[status] = counts.get(status, 0) + n
        if acked:
            counts["acknowledged"] += n
        elif status == "firing":
            counts["unacknowledged"] += n
    return counts
