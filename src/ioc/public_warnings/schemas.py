"""Pydantic models of public warnings in and out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc.kit.types import Timestamp

Category = Literal[
    "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"
]
Urgency = Literal["Immediate", "Expected", "Future", "Past", "Unknown"]
Severity = Literal["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
Certainty = Literal["Observed", "Likely", "Possible", "Unlikely", "Unknown"]
STATUSES = ("draft", "published", "updated", "cancelled", "expired")


class Texts(BaseModel):
    """Headline, description and instruction in one language."""

    model_config = ConfigDict(extra="forbid")

    headline: str = Field("", max_length=160)
    description: str = Field("", max_length=4000)
    instruction: str = Field("", max_length=4000)


class Circle(BaseModel):
    """A drawn circle: centre and radius in kilometres."""

    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=500)


class WarningIn(BaseModel):
    """A new warning (a draft until published)."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    event: str = Field(min_length=1, max_length=200)
    urgency: Urgency = "Expected"
    severity: Severity
    certainty: Certainty = "Likely"
    effective: Timestamp | None = None
    onset: Timestamp | None = None
    expires: Timestamp
    vi: Texts
    en: Texts | None = None
    area_codes: list[str] = Field(default_factory=list, max_length=200)
    polygon: list[tuple[float, float]] | None = Field(None, max_length=500, description="[lat, lon] points")
    circle: Circle | None = None


class WarningPatch(BaseModel):
    """Changes to a warning; left out means unchanged. A published warning is re-sent as a CAP Update."""

    model_config = ConfigDict(extra="forbid")

    category: Category = Field(None)
    event: str = Field(None, min_length=1, max_length=200)
    urgency: Urgency = Field(None)
    severity: Severity = Field(None)
    certainty: Certainty = Field(None)
    effective: Timestamp = Field(None)
    onset: Timestamp | None = None
    expires: Timestamp = Field(None)
    vi: Texts = Field(None)
    en: Texts | None = None
    area_codes: list[str] = Field(None, max_length=200)
    polygon: list[tuple[float, float]] | None = Field(None, max_length=500)
    circle: Circle | None = None


class CancelIn(BaseModel):
    """Why a warning is cancelled (shown to citizens)."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=1000)


class MessageOut(BaseModel):
    """One CAP message sent for a warning."""

    seq: int
    identifier: str
    msg_type: str
    sent: datetime
    references: str
    url: str


class WarningOut(BaseModel):
    """A warning as the API shows it."""

    id: int
    identifier: str
    status: str
    category: str
    event: str
    urgency: str
    severity: str
    certainty: str
    effective: datetime
    onset: datetime | None
    expires: datetime
    vi: Texts
    en: Texts | None
    area_codes: list[str]
    area_desc: str
    polygons: list[str]
    circle: str | None
    source_alert_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    cancelled_at: datetime | None
    messages: list[MessageOut] = []
