"""Directives API shapes in and out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from ioc.kit.types import Day, Timestamp

SourceKind = Literal["indicator", "incident", "report", "alert", "event", "none"]
Priority = Literal["urgent", "high", "normal"]
AgencyCode = str


class DirectiveIn(BaseModel):
    """A leader's directive: what, to which agencies, by when, from which record."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3, max_length=300)
    content: str = Field("", max_length=20000)
    doc_ref: str | None = Field(None, max_length=80, pattern=r"^[\w./\-() ]+$", description="Số ký hiệu văn bản")
    lead_agency: str = Field(min_length=1, max_length=40)
    support_agencies: list[str] = Field(default_factory=list, max_length=30)
    deadline: Timestamp | None = Field(None, description="An instant; or give due_date or due_in_working_days")
    due_date: Day | None = Field(None, description="A date: the end of that office day")
    due_in_working_days: int | None = Field(None, ge=1, le=366, description="Working days from now (holidays out)")
    priority: Priority = "normal"
    source_kind: SourceKind = "none"
    source_id: str | None = Field(None, min_length=1, max_length=80)
    area_code: str | None = Field(None, min_length=1, max_length=10, description="The ward it concerns, if any")


class ProgressIn(BaseModel):
    """An agency's progress or completion report."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)
    percent: int | None = Field(None, ge=0, le=100)
    links: list[HttpUrl] = Field(default_factory=list, max_length=10)


class ReasonIn(BaseModel):
    """Why a leader returns a completed assignment (required), or a note on acceptance."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=2000)


class AssignmentOut(BaseModel):
    """One agency's part of a directive."""

    id: int
    agency_code: str
    agency_name: str
    role: str
    state: str
    status: str
    status_label: str
    progress: int
    acknowledged_at: datetime | None
    completed_at: datetime | None
    accepted_at: datetime | None
    return_reason: str | None
    actions: list[str] = []


class DirectiveOut(BaseModel):
    """A directive with its assignments and overall status."""

    id: int
    title: str
    content: str
    doc_ref: str | None
    issued_by: str
    issued_at: datetime
    deadline: datetime
    priority: str
    source_kind: str
    source_id: str | None
    source_label: str | None
    source_url: str | None
    area_code: str | None = None
    status: str
    status_label: str
    progress: int
    assignments: list[AssignmentOut]


class ProgressOut(BaseModel):
    """A progress report."""

    agency_code: str
    author: str
    at: datetime
    text: str
    percent: int
    attachments: list


class TimelineOut(BaseModel):
    """A timeline entry."""

    at: datetime
    actor: str
    action: str
    action_label: str
    agency_code: str | None
    note: str


class DirectiveDetail(DirectiveOut):
    """A directive with its progress reports and timeline."""

    reports: list[ProgressOut]
    timeline: list[TimelineOut]


class StatRow(BaseModel):
    """Counts of one agency or leader for a period."""

    key: str
    name: str
    received: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
