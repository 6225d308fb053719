"""All SQL of the events domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ioc.events.models import Event

SORTABLE = {"id", "occurred_at", "received_at", "severity", "category", "sub_category", "area_code", "source"}


def get(session: Session, event_id: int) -> Event | None:
    """One event by id."""
    return session.get(Event, event_id)


def get_for_update(session: Session, event_id: int) -> Event | None:
    """One event by id, locked until the transaction ends (PostgreSQL; SQLite serialises writers)."""
    return session.get(Event, event_id, with_for_update=True, populate_existing=True)


def update(session: Session, row: Event, values: dict[str, Any]) -> None:
    """Change columns of a stored event."""
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


def by_source_ids(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Ids of the events already stored under these (source, source_id) pairs."""
    found: dict[tuple[str, str], int] = {}
    sources = {s for s, _ in keys}
    for source in sources:
        ids = [i for s, i in keys if s == source]
        for chunk in range(0, len(ids), 400):
            stmt = select(Event.id, Event.source_id).where(
                Event.source == source, Event.source_id.in_(ids[chunk : chunk + 400])
            )
            for row_id, source_id in session.execute(stmt):
                found[(source, source_id)] = row_id
    return found


_INSERTS: dict[tuple[str, frozenset[str]], Any] = {}


def insert(session: Session, values: dict[str, Any]) -> int | None:
    """Insert one event; None when the same (source, source_id) is already stored (a concurrent delivery).

    One statement per dialect and set of columns, values bound as parameters: compiled once, not per event."""
    dialect = session.get_bind().dialect.name
    key = (dialect, frozenset(values))
    stmt = _INSERTS.get(key)
    if stmt is None:
        # On the table, not the mapped class: a Core insert skips the ORM's bulk-insert machinery.
        table, insert_ = Event.__table__, pg_insert if dialect == "postgresql" else sqlite_insert
        columns = {name: bindparam(name, type_=table.c[name].type) for name in values}
        stmt = insert_(table).values(columns).on_conflict_do_nothing(index_elements=["source", "source_id"])
        stmt = _INSERTS.setdefault(key, stmt.returning(table.c.id))
    return session.scalar(stmt, values)


def payloads(session: Session, ids: list[int]) -> dict[int, dict]:
    """The payload of each of these events that exists."""
    return {i: p for i, p in session.execute(select(Event.id, Event.payload).where(Event.id.in_(ids)))}


def existing_id(session: Session, source: str, source_id: str) -> int | None:
    """The id of the event stored under this source id."""
    return session.scalar(select(Event.id).where(Event.source == source, Event.source_id == source_id))


def _filtered(stmt: Any, filters: dict[str, Any]) -> Any:
    for name in ("category", "sub_category", "severity", "area_code", "source"):
        if filters.get(name):
            stmt = stmt.where(getattr(Event, name) == filters[name])
    if filters.get("area_in") is not None:  # an agency officer's wards (may be empty: nothing)
        stmt = stmt.where(Event.area_code.in_(sorted(filters["area_in"])))
    if filters.get("since") is not None:
        stmt = stmt.where(Event.occurred_at >= filters["since"])
    if filters.get("until") is not None:
        stmt = stmt.where(Event.occurred_at < filters["until"])
    return stmt


def search(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[Event], int]:
    """A filtered, sorted page of events and the total count."""
    total = session.scalar(_filtered(select(func.count(Event.id)), filters)) or 0
    column, desc = order
    key = getattr(Event, column)
    ordering = (key.desc(), Event.id.desc()) if desc else (key.asc(), Event.id.asc())
    rows = session.scalars(_filtered(select(Event), filters).order_by(*ordering).offset(offset).limit(limit))
    return list(rows), int(total)


def count(session: Session, filters: dict[str, Any]) -> int:
    """How many events match the filters."""
    return int(session.scalar(_filtered(select(func.count(Event.id)), filters)) or 0)


def occurred_times(session: Session, filters: dict[str, Any], limit: int) -> list[datetime]:
    """When the matching events occurred, oldest first (at most `limit`)."""
    stmt = _filtered(select(Event.occurred_at), filters).order_by(Event.occurred_at).limit(limit)
    return list(session.scalars(stmt))


def since(session: Session, start: datetime, limit: int, area_in: set[str] | None = None) -> list[Event]:
    """The latest events that occurred from `start` on (in these wards only, unless None)."""
    stmt = _filtered(select(Event), {"since": start, "area_in": area_in})
    stmt = stmt.order_by(Event.occurred_at.desc()).limit(limit)
    return list(session.scalars(stmt))


def counts_by_category(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """How many events of each category occurred in [start, end)."""
    stmt = (
        select(Event.category, func.count(Event.id))
        .where(Event.occurred_at >= start, Event.occurred_at < end)
        .group_by(Event.category)
    )
    return {row[0]: int(row[1]) for row in session.execute(stmt)}
