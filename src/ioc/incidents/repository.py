"""All SQL of the incidents domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, case, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ioc.incidents.flows import OPEN_STATUSES
from ioc.incidents.models import (
    Incident,
    IncidentAgency,
    IncidentAlert,
    IncidentEvent,
    IncidentTask,
    SopTemplate,
    TimelineEntry,
)


def sop(session: Session, kind: str) -> SopTemplate | None:
    """The SOP template of a kind."""
    return session.get(SopTemplate, kind)


def sops(session: Session) -> list[SopTemplate]:
    """Every SOP template, by kind."""
    return list(session.scalars(select(SopTemplate).order_by(SopTemplate.kind)))


def incident(session: Session, incident_id: int, *, lock: bool = False) -> Incident | None:
    """One incident (locked for update when asked)."""
    stmt = select(Incident).where(Incident.id == incident_id)
    return session.scalars(stmt.with_for_update() if lock else stmt).first()


LOCK_NAMESPACE = 0x1C0C  # the first key of the correlation's advisory locks (the second is the cell's)


def lock_cells(session: Session, keys: list[int]) -> None:
    """Hold the correlation locks of these cells until the transaction ends (PostgreSQL; sorted: no deadlock).

    SQLite needs none: it lets one writer at a time, and the intake's event insert already took that lock.
    """
    if not keys or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(_LOCK_CELLS, {"ns": LOCK_NAMESPACE, "keys": sorted(set(keys))})


# One statement for all the cells, taken in ascending order (the sorted subquery, fenced by OFFSET 0 so the
# planner cannot call the function before sorting): two intakes never wait on each other crosswise.
_LOCK_CELLS = text(
    "SELECT count(pg_advisory_xact_lock(:ns, k)) FROM"
    " (SELECT k FROM unnest(CAST(:keys AS integer[])) AS k ORDER BY k OFFSET 0) AS cells"
)
_INCIDENTS, _LINKS, _TIMELINE = Incident.__table__, IncidentEvent.__table__, TimelineEntry.__table__
# Compiled once, values bound: the correlation runs for every event, so it skips the ORM's per-statement work.
_CANDIDATES = (
    select(*(_INCIDENTS.c[n] for n in ("id", "kind", "status", "priority", "lat", "lon")))
    .where(
        _INCIDENTS.c.kind == bindparam("kind"),
        _INCIDENTS.c.status.in_(OPEN_STATUSES),
        _INCIDENTS.c.last_event_at.between(bindparam("since", type_=_INCIDENTS.c.last_event_at.type),
                                           bindparam("until", type_=_INCIDENTS.c.last_event_at.type)),
        _INCIDENTS.c.lat.between(bindparam("min_lat"), bindparam("max_lat")),
        _INCIDENTS.c.lon.between(bindparam("min_lon"), bindparam("max_lon")),
    )
    .limit(50)
)  # fmt: skip


def candidates(
    session: Session, kind: str, since: datetime, until: datetime, box: tuple[float, float, float, float]
) -> list[Any]:
    """Open incidents of a kind whose last event falls in a window and whose place is in a box (index-backed).

    Plain rows (id, kind, status, priority, lat, lon): the correlation reads no more and loads no object."""
    min_lon, min_lat, max_lon, max_lat = box
    params = {"kind": kind, "since": since, "until": until, "min_lat": min_lat, "max_lat": max_lat,
              "min_lon": min_lon, "max_lon": max_lon}  # fmt: skip
    return list(session.execute(_CANDIDATES, params))


def join_event(session: Session, incident_id: int, link: dict[str, Any], entry: dict[str, Any]) -> bool:
    """Link an event to an incident, move its last event time, write the timeline entry; False if already linked.

    The event's primary key on incident_events refuses a second link (a redelivery): no select before it.
    Three statements without the ORM; a loaded copy of the incident is expired so it is read afresh."""
    link_stmt, move_stmt, entry_stmt = _join_statements(session.get_bind().dialect.name, tuple(link), tuple(entry))
    if session.scalar(link_stmt, {"incident_id": incident_id, **link}) is None:
        return False
    session.execute(move_stmt, {"iid": incident_id, "occurred": link["occurred_at"], "now": link["attached_at"]})
    session.execute(entry_stmt, {"incident_id": incident_id, **entry})
    loaded = session.identity_map.get(session.identity_key(Incident, incident_id))
    if loaded is not None:
        session.expire(loaded, ["last_event_at", "updated_at"])
    return True


_JOINS: dict[tuple, tuple] = {}


def _join_statements(dialect: str, link: tuple[str, ...], entry: tuple[str, ...]) -> tuple:
    """The link insert, the incident's move and the timeline insert of a join, built once per dialect and columns."""
    key = (dialect, link, entry)
    if key not in _JOINS:
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        bound = {n: bindparam(n, type_=_LINKS.c[n].type) for n in ("incident_id", *link)}
        link_stmt = insert_(_LINKS).values(bound).on_conflict_do_nothing().returning(_LINKS.c.event_id)
        occurred = bindparam("occurred", type_=_INCIDENTS.c.last_event_at.type)
        later = case((_INCIDENTS.c.last_event_at < occurred, occurred), else_=_INCIDENTS.c.last_event_at)
        move = update(_INCIDENTS).where(_INCIDENTS.c.id == bindparam("iid"))
        move = move.values(last_event_at=later, updated_at=bindparam("now", type_=_INCIDENTS.c.updated_at.type))
        noted = {n: bindparam(n, type_=_TIMELINE.c[n].type) for n in ("incident_id", *entry)}
        entry_stmt = insert(_TIMELINE).values(noted)
        _JOINS[key] = (link_stmt, move, entry_stmt)
    return _JOINS[key]


def attached_event_ids(session: Session, event_ids: list[int]) -> set[int]:
    """Which of these events already belong to an incident."""
    if not event_ids:
        return set()
    return set(session.scalars(select(IncidentEvent.event_id).where(IncidentEvent.event_id.in_(event_ids))))


def _scoped(stmt: Select, agency: str | None) -> Select:
    if agency is None:
        return stmt
    mine = select(IncidentAgency.incident_id).where(IncidentAgency.agency_code == agency)
    return stmt.where(Incident.id.in_(mine))


def in_scope(session: Session, incident_id: int, agency: str) -> bool:
    """True if an agency leads or supports an incident."""
    stmt = select(IncidentAgency.incident_id).where(
        IncidentAgency.incident_id == incident_id, IncidentAgency.agency_code == agency
    )
    return session.scalars(stmt).first() is not None


def _filtered(filters: dict[str, Any]) -> Select:
    stmt = select(Incident)
    for name in ("status", "kind", "priority", "area_code"):
        if filters.get(name):
            stmt = stmt.where(getattr(Incident, name) == filters[name])
    if filters.get("open_only"):
        stmt = stmt.where(Incident.status.in_(OPEN_STATUSES))
    if filters.get("since"):
        stmt = stmt.where(Incident.opened_at >= filters["since"])
    if filters.get("agency"):
        stmt = _scoped(stmt, filters["agency"])
    return _scoped(stmt, filters.get("scope"))


def search(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[Incident], int]:
    """A page of incidents matching the filters, and how many match."""
    stmt = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Incident, order[0])
    stmt = stmt.order_by(column.desc() if order[1] else column.asc(), Incident.id.desc())
    return list(session.scalars(stmt.offset(offset).limit(limit))), total


def agencies(session: Session, incident_ids: list[int]) -> dict[int, list[IncidentAgency]]:
    """The agencies of these incidents."""
    out: dict[int, list[IncidentAgency]] = {i: [] for i in incident_ids}
    if incident_ids:
        for row in session.scalars(select(IncidentAgency).where(IncidentAgency.incident_id.in_(incident_ids))):
            out[row.incident_id].append(row)
    return out


def set_agencies(session: Session, incident_id: int, lead: str | None, supporting: list[str]) -> None:
    """Replace an incident's agencies."""
    session.execute(delete(IncidentAgency).where(IncidentAgency.incident_id == incident_id))
    if lead:
        session.add(IncidentAgency(incident_id=incident_id, agency_code=lead, role="lead"))
    for code in dict.fromkeys(supporting):
        if code != lead:
            session.add(IncidentAgency(incident_id=incident_id, agency_code=code, role="support"))
    session.flush()


def events(session: Session, incident_id: int) -> list[IncidentEvent]:
    """The events of an incident, oldest first."""
    stmt = select(IncidentEvent).where(IncidentEvent.incident_id == incident_id)
    return list(session.scalars(stmt.order_by(IncidentEvent.occurred_at, IncidentEvent.event_id)))


def incident_of_event(session: Session, event_id: int) -> int | None:
    """The incident an event is attached to, if any."""
    return session.scalar(select(IncidentEvent.incident_id).where(IncidentEvent.event_id == event_id))


def move_events(session: Session, event_ids: list[int], source: int, target: int) -> int:
    """Move events of one incident to another; how many moved."""
    stmt = (
        update(IncidentEvent)
        .where(IncidentEvent.incident_id == source, IncidentEvent.event_id.in_(event_ids))
        .values(incident_id=target)
    )
    return session.execute(stmt).rowcount or 0


def move_all(session: Session, source: int, target: int) -> None:
    """Move every event and alert of one incident to another."""
    session.execute(update(IncidentEvent).where(IncidentEvent.incident_id == source).values(incident_id=target))
    known = set(session.scalars(select(IncidentAlert.fingerprint).where(IncidentAlert.incident_id == target)))
    for row in session.scalars(select(IncidentAlert).where(IncidentAlert.incident_id == source)):
        if row.fingerprint in known:
            session.delete(row)
        else:
            row.incident_id = target
    session.flush()


def alerts(session: Session, incident_id: int) -> list[IncidentAlert]:
    """The alerts an incident references."""
    return list(session.scalars(select(IncidentAlert).where(IncidentAlert.incident_id == incident_id)))


def incident_of_alert(session: Session, fingerprint: str) -> Incident | None:
    """The open incident that already references an alert fingerprint."""
    stmt = (
        select(Incident)
        .join(IncidentAlert, IncidentAlert.incident_id == Incident.id)
        .where(IncidentAlert.fingerprint == fingerprint, Incident.status.in_(OPEN_STATUSES))
    )
    return session.scalars(stmt).first()


def incidents_of_alerts(session: Session, fingerprints: list[str]) -> dict[str, Incident]:
    """The open incident referencing each of these alert fingerprints (those with one), in chunks of 500."""
    found: dict[str, Incident] = {}
    for i in range(0, len(fingerprints), 500):
        stmt = (
            select(IncidentAlert.fingerprint, Incident)
            .join(Incident, IncidentAlert.incident_id == Incident.id)
            .where(IncidentAlert.fingerprint.in_(fingerprints[i : i + 500]), Incident.status.in_(OPEN_STATUSES))
        )
        for fingerprint, incident in session.execute(stmt):
            found.setdefault(fingerprint, incident)
    return found


def tasks(session: Session, incident_id: int) -> list[IncidentTask]:
    """The SOP tasks of an incident, in order."""
    stmt = select(IncidentTask).where(IncidentTask.incident_id == incident_id)
    return list(session.scalars(stmt.order_by(IncidentTask.position)))


def task(session: Session, incident_id: int, task_id: int) -> IncidentTask | None:
    """One task of an incident."""
    row = session.get(IncidentTask, task_id)
    return row if row is not None and row.incident_id == incident_id else None


def timeline(session: Session, incident_id: int) -> list[TimelineEntry]:
    """What happened to an incident, oldest first."""
    stmt = select(TimelineEntry).where(TimelineEntry.incident_id == incident_id)
    return list(session.scalars(stmt.order_by(TimelineEntry.at, TimelineEntry.id)))


def counts_by_status(session: Session, scope: str | None) -> dict[str, int]:
    """How many incidents are in each status (within an agency's scope)."""
    stmt = _scoped(select(Incident.status, func.count()).group_by(Incident.status), scope)
    return {status: n for status, n in session.execute(stmt)}


def open_any(session: Session) -> bool:
    """True if any incident exists (the demo seeds once)."""
    return session.scalar(select(func.count()).select_from(Incident).where(or_(Incident.id > 0))) > 0


def opened_between(session: Session, start: datetime, end: datetime) -> list[Incident]:
    """Incidents opened in [start, end), not merged into another."""
    stmt = select(Incident).where(Incident.opened_at >= start, Incident.opened_at < end, Incident.merged_into.is_(None))
    return list(session.scalars(stmt.order_by(Incident.opened_at)))
