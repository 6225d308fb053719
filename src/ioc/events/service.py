"""Events: record (once per source id, calling the event hooks), read and count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ioc.areas import service as areas
from ioc.auth.principal import Principal
from ioc.events.models import Event
from ioc.events.schemas import EventIn, RecordResult
from ioc.kit import bus
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.registry import registry_of


def event_record(row: Event) -> dict[str, Any]:
    """The hook dict of an event (what event hooks and other domains receive)."""
    return {
        "id": row.id,
        "category": row.category,
        "sub_category": row.sub_category,
        "severity": row.severity,
        "occurred_at": row.occurred_at,
        "lat": row.lat,
        "lon": row.lon,
        "area_code": row.area_code,
        "source": row.source,
        "source_id": row.source_id,
        "title": row.title,
    }


def _point(item: EventIn) -> tuple[float | None, float | None]:
    if item.lat is not None:
        return item.lat, item.lon
    geom = item.geometry or {}
    coords = geom.get("coordinates")
    try:
        if geom.get("type") == "Point":
            return float(coords[1]), float(coords[0])
        if geom.get("type") == "Polygon":
            ring = coords[0][:-1] if coords[0][0] == coords[0][-1] else coords[0]
            if len(ring) < 3:
                raise ValueError
            return sum(float(p[1]) for p in ring) / len(ring), sum(float(p[0]) for p in ring) / len(ring)
    except (TypeError, ValueError, IndexError, KeyError):
        pass
    raise ValueError("geometry must be a GeoJSON Point or Polygon with [lon, lat] coordinates")


def _row(session: Session, item: EventIn, now: datetime) -> Event:
    lat, lon = _point(item)
    area = areas.locate_code(session, lat, lon) if lat is not None else None
    return Event(
        category=item.category, sub_category=item.sub_category, severity=item.severity,
        occurred_at=item.occurred_at, received_at=now, lat=lat, lon=lon, geometry=item.geometry,
        area_code=area, source=item.source, source_id=item.source_id,
        title=item.title or item.sub_category or item.category,
        description=item.description, payload=item.payload, media=list(item.media),
    )  # fmt: skip


def _existing(session: Session, items: list[EventIn]) -> dict[tuple[str, str], int]:
    keys = {(i.source, i.source_id) for i in items if i.source_id}
    found: dict[tuple[str, str], int] = {}
    for source in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == source]
        stmt = select(Event.source_id, Event.id).where(Event.source == source, Event.source_id.in_(ids))
        found.update({(source, sid): eid for sid, eid in session.execute(stmt)})
    return found


def _rows(session: Session, items: list[EventIn], now: datetime, result: RecordResult) -> list[Event]:
    existing = _existing(session, items)
    rows: list[Event] = []
    seen: dict[tuple[str, str], int] = {}
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        key = (item.source, item.source_id) if item.source_id else None
        if key and (key in existing or key in seen):
            result.duplicate_indexes.append(index)
            if key in existing:
                result.duplicates.append(existing[key])
            continue
        try:
            rows.append(_row(session, item, now))
        except ValueError as exc:
            errors.append({"loc": ["events", index, "geometry"], "msg": str(exc)})
        if key:
            seen[key] = index
    if errors:
        raise ValidationProblem("some events are invalid; nothing was stored", errors=errors)
    return rows


def record(session: Session, principal: Principal, items: list[EventIn], now: datetime | None = None) -> RecordResult:
    """Store new events once per (source, source id), call every event hook, announce them on the bus."""
    now = now or utcnow()
    result = RecordResult()
    rows = _rows(session, items, now, result)
    if not rows:
        return result
    session.add_all(rows)
    session.flush()
    records = [event_record(r) for r in rows]
    for hook in registry_of(session).event_hooks:
        hook(session, records)
    result.created = [r.id for r in rows]
    for rec in records:
        data = {k: v for k, v in rec.items() if k != "occurred_at"} | {"occurred_at": rec["occurred_at"].isoformat()}
        bus.emit_after_commit(session, "events.event.recorded", data)
    return result


def get_event(session: Session, event_id: int) -> dict[str, Any] | None:
    """One event as a dict (the hook fields plus description, geometry, payload, media, received_at)."""
    row = session.get(Event, event_id)
    if row is None:
        return None
    extra = {"description": row.description, "geometry": row.geometry, "payload": row.payload, "media": row.media}
    return event_record(row) | extra | {"received_at": row.received_at}


def count_events(
    session: Session,
    category: str | None = None,
    sub_category: str | None = None,
    area_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many events of a kind happened in an area within [since, until)."""
    stmt = select(func.count(Event.id))
    if category:
        stmt = stmt.where(Event.category == category)
    if sub_category:
        stmt = stmt.where(Event.sub_category == sub_category)
    if area_code:
        stmt = stmt.where(Event.area_code == area_code)
    if since:
        stmt = stmt.where(Event.occurred_at >= since)
    if until:
        stmt = stmt.where(Event.occurred_at < until)
    return int(session.scalar(stmt) or 0)
