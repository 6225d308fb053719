"""Pydantic models in and out of the incidents API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ioc.kit.types import Id

KIND_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
AGENCY_PATTERN = r"^[A-Za-z0-9_.-]{1,40}$"
Priority = Literal["low", "medium", "high", "critical"]
Action = Literal["respond", "contain", "reopen", "close", "cancel"]
Role = Literal["admin", "leader", "operator", "agency_officer"]


class StepIn(BaseModel):
    """One step of an SOP template."""

    title: str = Field(min_length=1, max_length=300)
    title_en: str = Field("", max_length=300)
    role: Role | None = None
    agency_code: str | None = Field(None, pattern=AGENCY_PATTERN)
    due_minutes: int = Field(ge=1, le=60 * 24 * 30)
    checklist: list[str] = Field(default_factory=list, max_length=30)


class SopIn(BaseModel):
    """An SOP template for an incident kind."""

    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    lead_agency: str | None = Field(None, pattern=AGENCY_PATTERN)
    supporting_agencies: list[str] = Field(default_factory=list, max_length=20)
    steps: list[StepIn] = Field(min_length=1, max_length=50)


class SopOut(SopIn):
    """An SOP template as stored."""

    kind: str
    updated_by: str
    updated_at: datetime


class IncidentIn(BaseModel):
    """A new incident: from an event, from an alert, or described by hand."""

    event_id: Id | None = None
    alert_id: Id | None = None
    kind: str | None = Field(None, pattern=KIND_PATTERN)
    title: str | None = Field(None, min_length=1, max_length=300)
    priority: Priority | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    lead_agency: str | None = Field(None, pattern=AGENCY_PATTERN)
    supporting_agencies: list[str] = Field(default_factory=list, max_length=20)


class ActionIn(BaseModel):
    """A status change."""

    action: Action
    reason: str = Field("", max_length=2000)


class NoteIn(BaseModel):
    """A note on the timeline."""

    text: str = Field(min_length=1, max_length=4000)


class AgenciesIn(BaseModel):
    """Who leads and who supports."""

    lead_agency: str | None = Field(None, pattern=AGENCY_PATTERN)
    supporting_agencies: list[str] = Field(default_factory=list, max_length=20)


class TaskDoneIn(BaseModel):
    """A task checked off: the checklist items ticked (by position) and a note."""

    checked: list[int] = Field(default_factory=list, max_length=30)
    note: str = Field("", max_length=2000)


class SplitIn(BaseModel):
    """Events to move out into a new incident."""

    event_ids: list[Id] = Field(min_length=1, max_length=500)
    title: str | None = Field(None, min_length=1, max_length=300)


class MergeIn(BaseModel):
    """The incident to fold this one into."""

    into: Id


class IncidentOut(BaseModel):
    """An incident in a list."""

    id: int
    kind: str
    title: str
    priority: str
    status: str
    source: str
    lead_agency: str | None
    supporting_agencies: list[str]
    lat: float | None
    lon: float | None
    area_code: str | None
    opened_at: datetime
    last_event_at: datetime
    closed_at: datetime | None
    merged_into: int | None
    url: str


class TaskOut(BaseModel):
    """A SOP task with its timing."""

    id: int
    position: int
    title: str
    title_en: str
    role: str | None
    agency_code: str | None
    due_minutes: int
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    done_by: str | None
    checklist: list[dict]
    elapsed_minutes: float
    overdue: bool
    late: bool


class IncidentDetail(IncidentOut):
    """An incident with its events, alerts, tasks and timeline."""

    events: list[dict]
    alerts: list[dict]
    tasks: list[TaskOut]
    timeline: list[dict]
    actions: list[str]
