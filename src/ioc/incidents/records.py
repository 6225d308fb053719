"""Incidents as dicts for the API and other domains, and the timeline writer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.incidents import repository
from ioc.incidents.models import Incident, IncidentTask, TimelineEntry


def add_timeline(
    session: Session, incident: Incident, actor: str, action: str, at: datetime, text: str = "", **detail: Any
) -> None:
    """Write one entry of an incident's timeline."""
    session.add(TimelineEntry(incident_id=incident.id, at=at, actor=actor, action=action, text=text, detail=detail))


def incident_dict(row: Incident, agencies: list | None = None) -> dict[str, Any]:
    """An incident as the list answers it."""
    supporting = sorted(a.agency_code for a in (agencies or []) if a.role == "support")
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "priority": row.priority,
        "status": row.status,
        "source": row.source,
        "lead_agency": row.lead_agency,
        "supporting_agencies": supporting,
        "lat": row.lat,
        "lon": row.lon,
        "area_code": row.area_code,
        "opened_at": row.opened_at,
        "last_event_at": row.last_event_at,
        "closed_at": row.closed_at,
        "merged_into": row.merged_into,
        "url": f"/incidents/{row.id}",
    }


def task_dict(row: IncidentTask, now: datetime) -> dict[str, Any]:
    """A task with elapsed minutes and whether it is overdue (not done past due) or was done late."""
    end = row.done_at or now
    return {
        "id": row.id,
        "position": row.position,
        "title": row.title,
        "title_en": row.title_en,
        "role": row.role,
        "agency_code": row.agency_code,
        "due_minutes": row.due_minutes,
        "started_at": row.started_at,
        "due_at": row.due_at,
        "done_at": row.done_at,
        "done_by": row.done_by,
        "checklist": list(row.checklist or []),
        "elapsed_minutes": round(max((end - row.started_at).total_seconds(), 0) / 60, 1),
        "overdue": row.done_at is None and now > row.due_at,
        "late": row.done_at is not None and row.done_at > row.due_at,
    }


def detail_dict(session: Session, row: Incident, now: datetime) -> dict[str, Any]:
    """An incident with its events, alerts, tasks and timeline."""
    out = incident_dict(row, repository.agencies(session, [row.id])[row.id])
    out["events"] = [
        {
            "id": e.event_id,
            "category": e.category,
            "sub_category": e.sub_category,
            "severity": e.severity,
            "title": e.title,
            "occurred_at": e.occurred_at,
            "lat": e.lat,
            "lon": e.lon,
        }
        for e in repository.events(session, row.id)
    ]
    out["alerts"] = [
        {"alert_id": a.alert_id, "fingerprint": a.fingerprint, "summary": a.summary, "attached_at": a.attached_at}
        for a in repository.alerts(session, row.id)
    ]
    out["tasks"] = [task_dict(t, now) for t in repository.tasks(session, row.id)]
    out["timeline"] = [
        {"at": t.at, "actor": t.actor, "action": t.action, "text": t.text, "detail": t.detail}
        for t in repository.timeline(session, row.id)
    ]
    return out
