"""What people do to an incident: status changes, notes, agencies, tasks, split and merge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.incidents import core, flows, repository
from ioc.incidents.models import Incident
from ioc.incidents.records import add_timeline
from ioc.kit.errors import Conflict, Forbidden, NotFound, ValidationProblem


def visible(session: Session, principal: Principal, incident_id: int, *, lock: bool = False) -> Incident:
    """The incident if this caller may see it (an officer: only their agency's), else 404."""
    row = repository.incident(session, incident_id, lock=lock)
    if row is None:
        raise NotFound(f"No incident {incident_id}.")
    if principal.role == "agency_officer" and not (
        principal.agency_code and repository.in_scope(session, row.id, principal.agency_code)
    ):
        raise NotFound(f"No incident {incident_id}.")
    return row


def check_agencies(session: Session, lead: str | None, supporting: list[str]) -> None:
    """Refuse unknown agencies with a precise 422."""
    for field, code in [("lead_agency", lead)] + [(f"supporting_agencies[{i}]", c) for i, c in enumerate(supporting)]:
        if code and not auth_service.agency_exists(session, code):
            raise ValidationProblem(
                f"{field}: no active agency '{code}'", errors=[{"field": field, "message": "unknown agency"}]
            )


def transition(
    session: Session, principal: Principal, incident_id: int, action: str, reason: str, now: datetime
) -> Incident:
    """Move an incident through its state machine."""
    row = visible(session, principal, incident_id, lock=True)
    step = flows.check(action, row.status, principal.role)
    if row.merged_into is not None:
        raise Conflict(f"Incident {row.id} was merged into {row.merged_into}; act on that one.")
    if step.needs_reason and not reason.strip():
        raise ValidationProblem("reason: required for this action", errors=[{"field": "reason", "message": "required"}])
    before = audit.snapshot(row, core.FIELDS)
    old, row.status, row.updated_at = row.status, step.target, now
    row.closed_at = now if step.target in ("closed", "cancelled") else None
    add_timeline(session, row, principal.actor, "status_changed", now, reason, before=old, after=row.status)
    audit.record(
        session,
        principal,
        f"incident.{action}",
        "incident",
        row.id,
        before=before,
        after=audit.snapshot(row, core.FIELDS),
    )
    core.emit(session, row, "updated")
    return row


def add_note(session: Session, principal: Principal, incident_id: int, text: str, now: datetime) -> Incident:
    """Write a note on an incident's timeline."""
    row = visible(session, principal, incident_id)
    add_timeline(session, row, principal.actor, "note", now, text.strip())
    row.updated_at = now
    audit.record(session, principal, "incident.note", "incident", row.id, after={"text": text.strip()})
    core.emit(session, row, "updated")
    return row


def assign(
    session: Session, principal: Principal, incident_id: int, lead: str | None, supporting: list[str], now: datetime
) -> Incident:
    """Set the lead and supporting agencies."""
    row = visible(session, principal, incident_id, lock=True)
    check_agencies(session, lead, supporting)
    before = {"lead_agency": row.lead_agency}
    row.lead_agency, row.updated_at = lead, now
    repository.set_agencies(session, row.id, lead, supporting)
    add_timeline(session, row, principal.actor, "agencies", now, "", lead=lead, supporting=sorted(set(supporting)))
    audit.record(
        session,
        principal,
        "incident.assign",
        "incident",
        row.id,
        before=before,
        after={"lead_agency": lead, "supporting": supporting},
    )
    core.emit(session, row, "updated")
    return row


def _may_tick(principal: Principal, task) -> bool:
    if principal.role in ("admin", "operator"):
        return True
    if task.agency_code:
        return principal.agency_code == task.agency_code
    return task.role == principal.role


def complete_task(
    session: Session, principal: Principal, incident_id: int, task_id: int, checked: list[int], note: str, now: datetime
) -> Incident:
    """Check a task off (by its role or agency), ticking checklist items."""
    row = visible(session, principal, incident_id, lock=True)
    task = repository.task(session, row.id, task_id)
    if task is None:
        raise NotFound(f"No task {task_id} on incident {incident_id}.")
    if not _may_tick(principal, task):
        raise Forbidden("This step is for another role or agency.")
    if task.done_at is not None:
        raise Conflict("This step is already done.")
    if row.status not in flows.OPEN_STATUSES:
        raise Conflict(f"The incident is {row.status}; its steps can no longer change.")
    bad = [i for i in checked if not 0 <= i < len(task.checklist)]
    if bad:
        raise ValidationProblem(
            f"checked: no checklist item {bad[0]}", errors=[{"field": "checked", "message": "out of range"}]
        )
    task.checklist = [item | {"done": item.get("done") or i in checked} for i, item in enumerate(task.checklist)]
    task.done_at, task.done_by, row.updated_at = now, principal.actor, now
    add_timeline(
        session, row, principal.actor, "task_done", now, note, task_id=task.id, title=task.title, late=now > task.due_at
    )
    audit.record(session, principal, "incident.task_done", "incident", row.id, after={"task": task.id})
    core.emit(session, row, "updated")
    return row


def split(
    session: Session, principal: Principal, incident_id: int, event_ids: list[int], title: str | None, now: datetime
) -> Incident:
    """Move chosen events of an incident into a new incident of the same kind."""
    row = visible(session, principal, incident_id, lock=True)
    mine = {e.event_id: e for e in repository.events(session, row.id)}
    missing = [e for e in event_ids if e not in mine]
    if missing:
        raise ValidationProblem(
            f"event_ids: event {missing[0]} is not on incident {row.id}",
            errors=[{"field": "event_ids", "message": "not on this incident"}],
        )
    first = min((mine[e] for e in event_ids), key=lambda e: e.occurred_at)
    spec = {
        "kind": row.kind,
        "title": title or first.title or row.title,
        "priority": row.priority,
        "lat": first.lat,
        "lon": first.lon,
        "source": "split",
        "occurred_at": first.occurred_at,
        "lead_agency": row.lead_agency,
    }
    new = core.open_incident(session, principal, spec, now)
    repository.move_events(session, event_ids, row.id, new.id)
    new.last_event_at = max(mine[e].occurred_at for e in event_ids)
    add_timeline(session, row, principal.actor, "split", now, "", into=new.id, event_ids=event_ids)
    add_timeline(session, new, principal.actor, "split", now, "", source=row.id, event_ids=event_ids)
    audit.record(session, principal, "incident.split", "incident", row.id, after={"new": new.id, "events": event_ids})
    core.emit(session, row, "updated")
    return new


def merge(session: Session, principal: Principal, incident_id: int, into: int, now: datetime) -> Incident:
    """Fold one incident into another: its events and alerts move, it closes as merged."""
    if into == incident_id:
        raise ValidationProblem(
            "into: an incident cannot merge into itself", errors=[{"field": "into", "message": "same incident"}]
        )
    row = visible(session, principal, incident_id, lock=True)
    target = visible(session, principal, into, lock=True)
    for item in (row, target):
        if item.status not in flows.OPEN_STATUSES:
            raise Conflict(f"Incident {item.id} is {item.status}; only open incidents merge.")
    repository.move_all(session, row.id, target.id)
    target.last_event_at = max(target.last_event_at, row.last_event_at)
    row.status, row.merged_into, row.closed_at, row.updated_at = "closed", target.id, now, now
    add_timeline(session, row, principal.actor, "merged", now, "", into=target.id)
    add_timeline(session, target, principal.actor, "merged", now, "", source=row.id)
    audit.record(session, principal, "incident.merge", "incident", row.id, after={"into": target.id})
    core.emit(session, row, "updated")
    core.emit(session, target, "updated")
    return target
