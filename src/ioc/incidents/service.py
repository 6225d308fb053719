"""Incidents service: the only module other domains import.

Contract: `get_incident(session, id) -> dict | None`, `open_from_alert(session, principal, alert_id, now=None)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.incidents import actions, core, correlation, repository, revisions
from ioc.incidents.kinds import KIND_LABELS, SEVERITY_PRIORITY, kind_of
from ioc.incidents.models import SopTemplate
from ioc.incidents.records import detail_dict, incident_dict
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.timeutil import utcnow

__all__ = ["get_incident", "open_from_alert", "correlate", "on_alerts", "on_revision", "resolve_reference"]
correlate = correlation.correlate
on_revision = revisions.on_revision
on_alerts = correlation.on_alerts
transition, add_note, assign, complete_task = (
    actions.transition,
    actions.add_note,
    actions.assign,
    actions.complete_task,
)
split, merge = actions.split, actions.merge
SOP_FIELDS = ("name", "lead_agency", "steps")


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


def get_incident(session: Session, incident_id: int) -> dict | None:
    """An incident as a dict (the list shape), or None."""
    row = repository.incident(session, incident_id)
    return None if row is None else incident_dict(row, repository.agencies(session, [row.id])[row.id])


def resolve_reference(session: Session, ref: str) -> tuple[str, str, str | None] | None:
    """The label, page and ward of an incident id (registry reference kind "incident")."""
    try:
        row = repository.incident(session, int(ref))
    except (TypeError, ValueError):
        return None
    return None if row is None else (f"#{row.id} {row.title}", f"/incidents/{row.id}", row.area_code)


def detail(session: Session, principal: Principal, incident_id: int, now: datetime | None = None) -> dict[str, Any]:
    """An incident with its events, alerts, tasks, timeline and the caller's actions."""
    from ioc.incidents.flows import actions_for

    row = actions.visible(session, principal, incident_id)
    return detail_dict(session, row, _now(now)) | {"actions": actions_for(row.status, principal.role)}


def list_incidents(
    session: Session, principal: Principal, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[dict], int]:
    """A page of incidents the caller may see."""
    scope = principal.agency_code or "-" if principal.role == "agency_officer" else None
    rows, total = repository.search(session, filters | {"scope": scope}, order, offset, limit)
    agencies = repository.agencies(session, [r.id for r in rows])
    return [incident_dict(r, agencies[r.id]) for r in rows], total


def board_counts(session: Session, principal: Principal) -> dict[str, int]:
    """How many incidents the caller may see are in each status."""
    return repository.counts_by_status(
        session, principal.agency_code or "-" if principal.role == "agency_officer" else None
    )


def _from_event(session: Session, event_id: int) -> dict[str, Any]:
    from ioc.incidents import events_port

    event = events_port.get_event(session, event_id)
    if event is None:
        raise ValidationProblem(
            f"event_id: no event {event_id}", errors=[{"field": "event_id", "message": "unknown event"}]
        )
    if repository.attached_event_ids(session, [event_id]):
        raise ValidationProblem(
            f"event_id: event {event_id} already belongs to an incident",
            errors=[{"field": "event_id", "message": "already attached"}],
        )
    kind = kind_of(event.get("category"), event.get("sub_category")) or "other"
    return {
        "kind": kind,
        "title": event.get("title"),
        "priority": SEVERITY_PRIORITY.get(event.get("severity"), "medium"),
        "lat": event.get("lat"),
        "lon": event.get("lon"),
        "occurred_at": event["occurred_at"],
        "source": "event",
        "_event": event,
    }


def create(session: Session, principal: Principal, body: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """Open an incident by hand, from an event id or from an alert id."""
    now = _now(now)
    if body.get("alert_id"):
        return get_incident(session, open_from_alert(session, principal, body["alert_id"], now)["id"])
    spec = _from_event(session, body["event_id"]) if body.get("event_id") else {"source": "manual"}
    given = {k: v for k, v in body.items() if v not in (None, []) and k not in ("event_id", "alert_id")}
    spec |= given
    if not spec.get("kind"):
        raise ValidationProblem("kind: required without an event", errors=[{"field": "kind", "message": "required"}])
    if spec["kind"] not in KIND_LABELS:
        raise ValidationProblem(
            f"kind: unknown kind '{spec['kind']}'", errors=[{"field": "kind", "message": "unknown"}]
        )
    if (spec.get("lat") is None) != (spec.get("lon") is None):
        raise ValidationProblem("lat, lon: give both or neither", errors=[{"field": "lat", "message": "lon missing"}])
    actions.check_agencies(session, spec.get("lead_agency"), spec.get("supporting_agencies", []))
    row = core.open_incident(session, principal, spec, now)
    if "_event" in spec:
        core.attach_event(session, row, spec["_event"], principal.actor, now)
    session.flush()
    return get_incident(session, row.id)


def open_from_alert(session: Session, principal: Principal, alert_id: int, now: datetime | None = None) -> dict:
    """Open an incident from an alert id (through the alerts service), referencing the alert."""
    from ioc.incidents import events_port

    alert = events_port.get_alert(session, alert_id)
    if alert is None:
        raise ValidationProblem(
            f"alert_id: no alert {alert_id}", errors=[{"field": "alert_id", "message": "unknown alert"}]
        )
    existing = repository.incident_of_alert(session, str(alert.get("fingerprint") or alert_id))
    row = existing or correlation.open_from_alert_dict(session, principal, alert, _now(now))
    return get_incident(session, row.id)


def sops(session: Session) -> list[SopTemplate]:
    """Every SOP template."""
    return repository.sops(session)


def put_sop(
    session: Session, principal: Principal, kind: str, body: dict[str, Any], now: datetime | None = None
) -> SopTemplate:
    """Create or replace the SOP template of a kind."""
    if kind not in KIND_LABELS:
        raise ValidationProblem(
            f"kind: unknown kind '{kind}'; known: {', '.join(KIND_LABELS)}",
            errors=[{"field": "kind", "message": "unknown"}],
        )
    actions.check_agencies(session, body.get("lead_agency"), body.get("supporting_agencies", []))
    for i, step in enumerate(body["steps"]):
        actions.check_agencies(session, step.get("agency_code"), [])
        if not step.get("role") and not step.get("agency_code"):
            raise ValidationProblem(
                f"steps[{i}]: give a role or an agency",
                errors=[{"field": f"steps[{i}].role", "message": "role or agency_code required"}],
            )
    row = repository.sop(session, kind)
    before = audit.snapshot(row, SOP_FIELDS) if row else None
    if row is None:
        row = SopTemplate(kind=kind)
        session.add(row)
    for name in ("name", "name_en", "lead_agency", "supporting_agencies", "steps"):
        setattr(row, name, body.get(name))
    row.updated_by, row.updated_at = principal.actor, _now(now)
    session.flush()
    audit.record(session, principal, "sop.put", "sop", kind, before=before, after=audit.snapshot(row, SOP_FIELDS))
    return row


def delete_sop(session: Session, principal: Principal, kind: str) -> None:
    """Remove the SOP template of a kind (open incidents keep their tasks)."""
    row = repository.sop(session, kind)
    if row is None:
        raise NotFound(f"No SOP for kind {kind}.")
    audit.record(session, principal, "sop.delete", "sop", kind, before=audit.snapshot(row, SOP_FIELDS))
    session.delete(row)


def period_summary(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Incidents opened in [start, end): counts by priority, kind and status, closed ones and the open ones now."""
    rows = repository.opened_between(session, start, end)
    count = lambda key: dict(sorted(_tally(getattr(r, key) for r in rows).items()))  # noqa: E731
    return {
        "opened": len(rows),
        "closed": sum(1 for r in rows if r.closed_at is not None and r.closed_at < end),
        "by_priority": count("priority"),
        "by_status": count("status"),
        "by_kind": {KIND_LABELS.get(k, k): n for k, n in count("kind").items()},
        "status_now": repository.counts_by_status(session, None),
    }


def _tally(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out
