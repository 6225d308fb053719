"""Pydantic shapes of the government-performance API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class DossierWrite(BaseModel):
    """A dossier as the one-stop-shop system sends it (times in ISO 8601 with a zone)."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=60)
    agency_code: str
    area_code: str | None = None
    procedure_code: str = Field(min_length=1, max_length=60)
    procedure_name: str = ""
    received_at: str
    due_at: str
    finished_at: str | None = None
    online: bool = False
    paid_online: bool = False
    outcome: str | None = None


class DossiersWrite(BaseModel):
    """A batch of dossiers: all stored or none."""

    model_config = ConfigDict(extra="forbid")
    dossiers: list[DossierWrite] = Field(min_length=1, max_length=10000)


class ScoreWrite(BaseModel):
    """A 766 score of an agency or locality for a period (2025-03, 2025-Q1, 2025)."""

    model_config = ConfigDict(extra="forbid")
    unit_code: str
    unit_kind: str | None = None
    period: str
    transparency: float
    progress: float
    online_service: float
    online_payment: float
    digitisation: float
    satisfaction: float
    source: str = ""


class ScoresWrite(BaseModel):
    """A batch of scores: all stored or none."""

    model_config = ConfigDict(extra="forbid")
    scores: list[ScoreWrite] = Field(min_length=1, max_length=5000)


class FigureOut(BaseModel):
    """Live figures of one agency or ward."""

    unit: str
    name: str
    received: int
    resolved: int
    on_time: int
    late: int
    overdue_now: int
    online: int
    paid_online: int
    on_time_rate: float | None
    online_share: float | None
    progress_score: float | None


class ScoreOut(BaseModel):
    """A stored 766 score."""

    model_config = ConfigDict(from_attributes=True)
    unit_code: str
    unit_kind: str
    period_start: date
    frequency: str
    transparency: float
    progress: float
    online_service: float
    online_payment: float
    digitisation: float
    satisfaction: float
    total: float
    source: str
    updated_at: datetime
