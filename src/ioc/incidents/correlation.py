"""Correlation: new events join a nearby open incident of their kind, or open one when they are worth it.

Runs in the events intake transaction (registry.event_hooks), so it must stay cheap: one indexed
query per event, candidates restricted in SQL by kind, open status, time window and a bounding box,
then the exact haversine distance in Python. Concurrent intakes are serialised per kind and grid
cell (PostgreSQL transaction-scoped advisory locks; SQLite has one writer at a time), so two events
of one place arriving at once open one incident, not two.
"""

from __future__ import annotations

import math
import zlib
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth.principal import SYSTEM
from ioc.incidents import core, repository
from ioc.incidents.kinds import KIND_LABELS, SEVERITY_PRIORITY, kind_of, severity_at_least
from ioc.incidents.models import Incident
from ioc.incidents.records import add_timeline
from ioc.incidents.settings import IncidentSettings
from ioc.kit.geo import degrees_box, haversine_m
from ioc.kit.timeutil import utcnow
from ioc.runtime import settings_of

ALERT_DOMAIN_KINDS = {"environment": "air_pollution", "sensors": "flood", "feedback": "public_order"}


def incident_settings(session: Session) -> IncidentSettings:
    """The incident settings of the process that made this session."""
    return settings_of(session).section(IncidentSettings)


def nearest_open(session: Session, kind: str, event: dict[str, Any], conf: IncidentSettings) -> Any | None:
    """The closest open incident of a kind within the distance and time of an event (a plain row), if any."""
    if event.get("lat") is None or event.get("lon") is None:
        return None
    radius = conf.correlation_km * 1000
    window = timedelta(hours=conf.correlation_hours)
    at = event["occurred_at"]
    found = repository.candidates(
        session, kind, at - window, at + window, degrees_box(event["lat"], event["lon"], radius)
    )
    scored = [(haversine_m(event["lat"], event["lon"], i.lat, i.lon), i.id, i) for i in found]
    scored = [s for s in scored if s[0] <= radius]
    return min(scored)[2] if scored else None


def cell_keys(kind: str, event: dict[str, Any], conf: IncidentSettings) -> list[int]:
    """Lock keys of the grid cells a correlation search around this event reads (at most 2 × 2).

    A cell is at least as wide as the search box up to 60° of latitude, so two events within the
    correlation distance of each other always share a cell: the second waits for the first.
    """
    if event.get("lat") is None or event.get("lon") is None:
        return []
    cell = 4 * conf.correlation_km * 1000 / 111_320.0
    min_lon, min_lat, max_lon, max_lat = degrees_box(event["lat"], event["lon"], conf.correlation_km * 1000)
    xs = range(math.floor(min_lon / cell), math.floor(max_lon / cell) + 1)
    ys = range(math.floor(min_lat / cell), math.floor(max_lat / cell) + 1)
    keys = []
    for x in list(xs)[:2]:
        for y in list(ys)[:2]:
            crc = zlib.crc32(f"{kind}:{x}:{y}".encode())
            keys.append(crc - 2**32 if crc >= 2**31 else crc)  # a signed 32-bit key
    return keys


def worth_opening(event: dict[str, Any], conf: IncidentSettings) -> bool:
    """True if an event opens an incident by itself (its sub-category and severity)."""
    return event.get("sub_category") in conf.opening() and severity_at_least(
        event.get("severity") or "", conf.open_min_severity
    )


def _open_for(session: Session, kind: str, event: dict[str, Any], now) -> Incident:
    spec = {
        "kind": kind,
        "title": event.get("title") or KIND_LABELS.get(kind, kind),
        "priority": SEVERITY_PRIORITY.get(event.get("severity") or "", "medium"),
        "lat": event.get("lat"),
        "lon": event.get("lon"),
        "source": "event",
        "occurred_at": event["occurred_at"],
    }
    return core.open_incident(session, SYSTEM, spec, now)


def correlate(session: Session, events: list[dict[str, Any]]) -> None:
    """The event hook: attach each new event to an open incident nearby, or open one for it.

    Joining costs three statements (the link's key refuses an event attached before); only opening an
    incident, which is rare, checks first that the event belongs to none and goes through the ORM."""
    conf = incident_settings(session)
    now = utcnow()
    kinds = {e["id"]: kind_of(e.get("category"), e.get("sub_category")) for e in events}
    # Two intakes at once must not both open an incident for one place: serialise them per cell.
    repository.lock_cells(session, [k for e in events if kinds[e["id"]] for k in cell_keys(kinds[e["id"]], e, conf)])
    for event in sorted(events, key=lambda e: e["occurred_at"]):
        kind = kinds[event["id"]]
        if kind is None:
            continue
        incident = nearest_open(session, kind, event, conf)
        if incident is not None:
            if core.join_event(session, incident, event, SYSTEM.actor, now):
                core.emit(session, incident, "updated")
        elif worth_opening(event, conf) and repository.incident_of_event(session, event["id"]) is None:
            opened = _open_for(session, kind, event, now)
            core.attach_event(session, opened, event, SYSTEM.actor, now)
            session.flush()


def _alert_kind(alert: dict[str, Any]) -> str:
    labels = alert.get("labels") or {}
    if labels.get("kind") in KIND_LABELS:
        return labels["kind"]
    return ALERT_DOMAIN_KINDS.get(labels.get("domain", ""), "other")


def on_alerts(session: Session, alerts: list[dict[str, Any]]) -> None:
    """The alert hook: a firing alert labelled incident="open" opens an incident (once per fingerprint)."""
    conf = incident_settings(session)
    now = utcnow()
    # Only a resolved alert or one asking for an incident can matter: the others cost no query at all.
    wanted = [
        a
        for a in alerts
        if a.get("status") == "resolved"
        or (a.get("status") == "firing" and (a.get("labels") or {}).get(conf.alert_label) == "open")
    ]
    known_of = repository.incidents_of_alerts(session, [_fingerprint(a) for a in wanted])
    for alert in wanted:
        labels = alert.get("labels") or {}
        known = known_of.get(_fingerprint(alert))
        if known is not None and alert.get("status") == "resolved":
            summary = (alert.get("annotations") or {}).get("summary") or ""
            add_timeline(session, known, SYSTEM.actor, "alert_resolved", now, summary, alert_id=alert.get("id"))
            core.emit(session, known, "updated")
        elif known is None and alert.get("status") == "firing" and labels.get(conf.alert_label) == "open":
            open_from_alert_dict(session, SYSTEM, alert, now)


def _fingerprint(alert: dict[str, Any]) -> str:
    return str(alert.get("fingerprint") or alert.get("id"))


def open_from_alert_dict(session: Session, principal, alert: dict[str, Any], now) -> Incident:
    """Open an incident for an alert dict and reference the alert."""
    labels = alert.get("labels") or {}
    annotations = alert.get("annotations") or {}
    spec = {
        "kind": _alert_kind(alert),
        "title": annotations.get("summary") or labels.get("alertname") or "Cảnh báo",
        "priority": SEVERITY_PRIORITY.get(labels.get("severity", ""), "medium"),
        "source": "alert",
    }
    incident = core.open_incident(session, principal, spec, now)
    if labels.get("area") and incident.area_code is None:
        incident.area_code = labels["area"][:10]
    core.attach_alert(session, incident, alert, principal.actor, now)
    session.flush()
    return incident
