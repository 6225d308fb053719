"""Opening incidents (with their SOP as tasks) and attaching events and alerts to them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.incidents import repository
from ioc.incidents.kinds import KIND_LABELS
from ioc.incidents.models import Incident, IncidentAlert, IncidentEvent, IncidentTask
from ioc.incidents.records import add_timeline
from ioc.kit.bus import emit_after_commit

FIELDS = ("kind", "title", "priority", "status", "lead_agency", "area_code")


def emit(session: Session, incident: Incident, happened: str) -> None:
    """Tell the pages an incident changed (no personal data)."""
    data = {"id": incident.id, "kind": incident.kind, "status": incident.status, "priority": incident.priority}
    emit_after_commit(session, f"incidents.incident.{happened}", data)


def instantiate_sop(session: Session, incident: Incident, now: datetime) -> int:
    """Copy the SOP of the incident's kind as its tasks; how many steps."""
    template = repository.sop(session, incident.kind)
    if template is None:
        return 0
    for position, step in enumerate(template.steps, start=1):
        minutes = int(step["due_minutes"])
        session.add(
            IncidentTask(
                incident_id=incident.id,
                position=position,
                title=step["title"],
                title_en=step.get("title_en", ""),
                role=step.get("role"),
                agency_code=step.get("agency_code"),
                due_minutes=minutes,
                started_at=now,
                due_at=now + timedelta(minutes=minutes),
                checklist=[{"text": text, "done": False} for text in step.get("checklist", [])],
            )
        )
    return len(template.steps)


def open_incident(session: Session, principal: Principal, spec: dict[str, Any], now: datetime) -> Incident:
    """Open an incident from a spec (kind, title, priority, lat, lon, source, agencies) and instantiate its SOP."""
    template = repository.sop(session, spec["kind"])
    lead = spec.get("lead_agency") or (template.lead_agency if template else None)
    supporting = spec.get("supporting_agencies") or (list(template.supporting_agencies) if template else [])
    lat, lon = spec.get("lat"), spec.get("lon")
    row = Incident(
        kind=spec["kind"],
        title=spec.get("title") or KIND_LABELS.get(spec["kind"], spec["kind"]),
        priority=spec.get("priority") or "medium",
        status="open",
        source=spec.get("source", "manual"),
        lead_agency=lead,
        lat=lat,
        lon=lon,
        area_code=areas_service.locate_code(session, lat, lon) if lat is not None and lon is not None else None,
        opened_at=now,
        last_event_at=spec.get("occurred_at") or now,
        created_by=principal.actor,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    repository.set_agencies(session, row.id, lead, supporting)
    steps = instantiate_sop(session, row, now)
    add_timeline(session, row, principal.actor, "created", now, row.title, source=row.source, sop_steps=steps)
    audit.record(session, principal, "incident.open", "incident", row.id, after=audit.snapshot(row, FIELDS))
    emit(session, row, "opened")
    return row


def attach_event(session: Session, incident: Incident, event: dict[str, Any], actor: str, now: datetime) -> None:
    """Attach an event (the events hook dict) to an incident and write it on the timeline."""
    session.add(
        IncidentEvent(
            event_id=event["id"],
            incident_id=incident.id,
            category=event.get("category") or "",
            sub_category=event.get("sub_category"),
            severity=event.get("severity") or "medium",
            title=(event.get("title") or "")[:300],
            occurred_at=event["occurred_at"],
            lat=event.get("lat"),
            lon=event.get("lon"),
            attached_at=now,
        )
    )
    if event["occurred_at"] > incident.last_event_at:
        incident.last_event_at = event["occurred_at"]
    incident.updated_at = now
    add_timeline(session, incident, actor, "event_attached", now, event.get("title") or "", event_id=event["id"])


def join_event(session: Session, incident: Any, event: dict[str, Any], actor: str, now: datetime) -> bool:
    """Attach an event to an existing incident (a candidate row of the correlation); False if already attached."""
    link = {
        "event_id": event["id"],
        "category": event.get("category") or "",
        "sub_category": event.get("sub_category"),
        "severity": event.get("severity") or "medium",
        "title": (event.get("title") or "")[:300],
        "occurred_at": event["occurred_at"],
        "lat": event.get("lat"),
        "lon": event.get("lon"),
        "attached_at": now,
    }
    text = event.get("title") or ""
    entry = {"at": now, "actor": actor, "action": "event_attached", "text": text, "detail": {"event_id": event["id"]}}
    return repository.join_event(session, incident.id, link, entry)


def attach_alert(session: Session, incident: Incident, alert: dict[str, Any], actor: str, now: datetime) -> None:
    """Reference an alert (by id and fingerprint) from an incident."""
    summary = (alert.get("annotations") or {}).get("summary") or alert.get("rule") or ""
    session.add(
        IncidentAlert(
            incident_id=incident.id,
            alert_id=alert.get("id"),
            fingerprint=str(alert.get("fingerprint") or alert.get("id")),
            summary=summary[:300],
            attached_at=now,
        )
    )
    add_timeline(session, incident, actor, "alert_attached", now, summary, alert_id=alert.get("id"))
