"""Incident tables: incidents, their events, alerts, agencies, SOP tasks and timeline; SOP templates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class SopTemplate(Base):
    """The standard operating procedure of an incident kind: ordered steps, as JSON."""

    __tablename__ = "incident_sops"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    lead_agency: Mapped[str | None] = mapped_column(String(40))
    supporting_agencies: Mapped[list[str]] = mapped_column(JSONType, default=list)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Incident(Base):
    """One response: what happened, where, how urgent, who leads, and where it stands."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(10), default="medium")  # low|medium|high|critical
    status: Mapped[str] = mapped_column(String(12), default="open")
    source: Mapped[str] = mapped_column(String(10), default="manual")  # manual|event|alert|split
    lead_agency: Mapped[str | None] = mapped_column(String(40))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(String(10))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_incidents_correlate", "kind", "status", "last_event_at"),
        Index("ix_incidents_opened", "opened_at"),
    )


class IncidentAgency(Base):
    """An agency on an incident: its lead or a supporting agency (officers see these incidents)."""

    __tablename__ = "incident_agencies"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # lead|support

    __table_args__ = (Index("ix_incident_agencies_agency", "agency_code"),)


class IncidentEvent(Base):
    """An event attached to an incident; an event belongs to at most one incident."""

    __tablename__ = "incident_events"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(40), default="")
    sub_category: Mapped[str | None] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(15), default="medium")
    title: Mapped[str] = mapped_column(String(300), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_incident_events_incident", "incident_id"),)


class IncidentAlert(Base):
    """An alert referenced by an incident (by id and Alertmanager fingerprint)."""

    __tablename__ = "incident_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    alert_id: Mapped[int | None] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(String(300), default="")
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("incident_id", "fingerprint", name="uq_incident_alerts_fingerprint"),
        Index("ix_incident_alerts_fingerprint", "fingerprint"),
    )


class IncidentTask(Base):
    """One SOP step instantiated for an incident."""

    __tablename__ = "incident_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str | None] = mapped_column(String(20))
    agency_code: Mapped[str | None] = mapped_column(String(40))
    due_minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (Index("ix_incident_tasks_incident", "incident_id", "position"),)


class TimelineEntry(Base):
    """Something that happened to an incident: who, when, what."""

    __tablename__ = "incident_timeline"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    __table_args__ = (Index("ix_incident_timeline_incident", "incident_id", "at"),)
