"""Events from outside systems: record (deduplicated by source id, ward resolved), read, count.

The only module other domains import. Never commits: the caller's unit of work does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.events import ngsi, repository
from ioc.events.models import Event
from ioc.events.schemas import CATEGORIES as CATEGORIES  # re-exported: alert rules check categories
from ioc.events.schemas import SUB_CATEGORIES as SUB_CATEGORIES
from ioc.events.schemas import EventIn
from ioc.kit.bus import emit_after_commit
from ioc.kit.timeutil import utcnow
from ioc.registry import registry_of

TOPIC_RECORDED = "events.event.recorded"


@dataclass
class RecordResult:
    """Ids of the events an intake stored, and of the already stored events it redelivered."""

    created: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)  # events a CAP Update or Cancel revised


RECORD_FIELDS = ("category", "sub_category", "severity", "lat", "lon", "area_code", "source", "source_id", "title")


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


def event_out(row: Event) -> dict[str, Any]:
    """An event as the API shows it."""
    out = event_record(row)
    out |= {"received_at": row.received_at, "geometry": row.geometry, "description": row.description}
    out |= {"payload": row.payload or {}, "media": row.media or [], "url": f"/events?id={row.id}"}
    return out


def new_values(session: Session, item: EventIn, now: datetime) -> dict[str, Any]:
    """The row values of an event (its ward located), received now."""
    lat, lon = item.point()
    title = item.title or " / ".join(x for x in (item.category, item.sub_category) if x)
    return {
        "category": item.category,
        "sub_category": item.sub_category,
        "severity": item.severity,
        "occurred_at": item.occurred_at,
        "received_at": now,
        "lat": lat,
        "lon": lon,
        "geometry": item.geometry(),
        "area_code": areas.locate_code(session, lat, lon),
        "source": item.source,
        "source_id": item.source_id,
        "title": title,
        "description": item.description,
        "payload": item.payload,
        "media": item.media,
    }


def _record_of(new_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """The hook dict of an event just inserted, from its row values (no read back)."""
    out = {name: values[name] for name in RECORD_FIELDS}
    return out | {"id": new_id, "occurred_at": values["occurred_at"].astimezone(UTC)}


def _store(session: Session, items: list[EventIn], now: datetime, result: RecordResult) -> list[dict[str, Any]]:
    # The unique (source, source_id) key deduplicates: one insert per new event, no select before it;
    # a redelivery (or a concurrent delivery that won the race) costs one more indexed lookup.
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.source, item.source_id) if item.source_id is not None else None
        if key is not None and key in seen:
            result.duplicates.append(seen[key])
            continue
        values = new_values(session, item, now)
        new_id = repository.insert(session, values)
        stored = new_id if new_id is not None else repository.existing_id(session, item.source, item.source_id or "")
        if key is not None and stored is not None:
            seen[key] = stored
        if new_id is None:
            result.duplicates.append(stored)
            continue
        result.created.append(new_id)
        records.append(_record_of(new_id, values))
    return records


def record(session: Session, principal: Principal, items: list[EventIn], now: datetime | None = None) -> RecordResult:
    """Store new events (a redelivered source id is stored once), call the event hooks, announce them."""
    now = now or utcnow()
    result = RecordResult()
    records = _store(session, items, now, result)
    if not records:
        return result
    for hook in registry_of(session).event_hooks:
        hook(session, records)
    audit.write(
        session, principal, "events.record", "event", records[0]["id"],
        after={"created": result.created, "duplicates": result.duplicates},
    )  # fmt: skip
    emit_after_commit(session, TOPIC_RECORDED, _announcement(records))
    return result


def record_entities(session: Session, principal: Principal, entities: list[dict[str, Any]]) -> RecordResult:
    """The entity hook: Alert, RoadAccident and TrafficViolation entities written to the broker become events."""
    items = ngsi.from_entities(entities)
    return record(session, principal, items) if items else RecordResult()


def _announcement(records: list[dict[str, Any]]) -> dict[str, Any]:
    fields = ("id", "category", "sub_category", "severity", "area_code", "lat", "lon")
    return {
        "ids": [r["id"] for r in records],
        "events": [{f: r[f] for f in fields} | {"occurred_at": r["occurred_at"].isoformat()} for r in records],
    }


def visible_areas(session: Session, principal: Principal) -> set[str] | None:
    """Ward codes whose events this caller may see: an agency officer's areas and the wards in them; None = all."""
    if principal.role != "agency_officer":
        return None
    codes = set(principal.area_codes)
    for code in principal.area_codes:
        codes |= set(areas.area_labels(session, parent=code))
    return codes


def get_event(session: Session, event_id: int) -> dict[str, Any] | None:
    """One event as the API shows it (the hook dict plus geometry, payload, media, url), or None."""
    row = repository.get(session, event_id)
    return event_out(row) if row is not None else None


def cancelled_ids(session: Session, ids: list[int]) -> set[int]:
    """Those of these events a CAP Cancel withdrew."""
    found = repository.payloads(session, list(set(ids))) if ids else {}
    return {i for i, payload in found.items() if (payload or {}).get("cancelled")}


def count_events(
    session: Session,
    category: str | None = None,
    sub_category: str | None = None,
    area_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many events of a kind (None = any) in an area occurred in [since, until)."""
    filters = {"category": category, "sub_category": sub_category, "area_code": area_code}
    return repository.count(session, filters | {"since": since, "until": until})


def event_times(
    session: Session,
    category: str,
    sub_category: str | None,
    area_codes: list[str],
    since: datetime,
    until: datetime,
    limit: int,
) -> list[datetime]:
    """When events of a kind occurred in these areas in [since, until), oldest first, at most `limit` (previews)."""
    filters = {"category": category, "sub_category": sub_category, "area_in": set(area_codes)}
    return repository.occurred_times(session, filters | {"since": since, "until": until}, limit)


def list_events(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """A filtered, sorted page of events as the API shows them, and the total."""
    rows, total = repository.search(session, filters, order, offset, limit)
    return [event_out(r) for r in rows], total


def resolve_reference(session: Session, ref: str) -> tuple[str, str] | None:
    """(label, url) of an event named by its id, for other domains' links (directives' sources)."""
    if not ref.isdigit() or not 0 < int(ref) < 2**31:
        return None
    row = repository.get(session, int(ref))
    return (row.title, f"/events?id={row.id}") if row is not None else None


def counts_by_category(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """How many events of each category occurred in [start, end) (the federation's monthly figures)."""
    return repository.counts_by_category(session, start, end)
