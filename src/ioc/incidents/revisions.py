"""CAP Update and Cancel of an event an incident holds (registry.revision_hooks).

The rule: the incident's timeline always records the revision. A Cancel also cancels the incident
when nobody has started on it yet (status `open`), no alert holds it and every one of its events has
been cancelled by its source; otherwise the incident stays as it is and the operators decide.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import SYSTEM
from ioc.incidents import core, events_port, repository
from ioc.incidents.models import Incident
from ioc.incidents.records import add_timeline
from ioc.kit.timeutil import utcnow

CANCEL_REASON = "Nguồn cảnh báo đã hủy bản tin (CAP Cancel) của mọi sự kiện"


def _withdrawn(session: Session, incident: Incident) -> bool:
    """True if every event of the incident was cancelled and no alert holds it."""
    if repository.alerts(session, incident.id):
        return False
    ids = [e.event_id for e in repository.events(session, incident.id)]
    return bool(ids) and events_port.cancelled_ids(session, ids) == set(ids)


def _cancel(session: Session, incident: Incident, now) -> None:
    before = audit.snapshot(incident, core.FIELDS)
    incident.status, incident.closed_at = "cancelled", now
    add_timeline(session, incident, SYSTEM.actor, "status_changed", now, CANCEL_REASON,
                 before="open", after="cancelled")  # fmt: skip
    audit.record(session, SYSTEM, "incident.cancel", "incident", incident.id, before=before,
                 after=audit.snapshot(incident, core.FIELDS))  # fmt: skip


def on_revision(session: Session, revision: dict[str, Any]) -> None:
    """The revision hook: note an Update or Cancel on the incident holding the event; cancel it per the rule."""
    incident_id = repository.incident_of_event(session, revision["id"])
    incident = repository.incident(session, incident_id, lock=True) if incident_id is not None else None
    if incident is None:
        return
    now = utcnow()
    cancel = revision.get("msg_type") == "Cancel"
    action = "event_cancelled" if cancel else "event_updated"
    add_timeline(session, incident, SYSTEM.actor, action, now, revision.get("title") or "",
                 event_id=revision["id"], message=revision.get("message"))  # fmt: skip
    incident.updated_at = now
    if cancel and incident.status == "open" and _withdrawn(session, incident):
        _cancel(session, incident, now)
    core.emit(session, incident, "updated")
