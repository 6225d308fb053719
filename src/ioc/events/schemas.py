"""Event intake shapes, with the Smart Data Models Alert vocabulary."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Category = Literal["traffic", "naturalDisaster", "weather", "environment", "health", "security", "agriculture"]
Severity = Literal["informational", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("informational", "low", "medium", "high", "critical")
MAX_MEDIA = 10
MAX_URL = 500


class EventIn(BaseModel):
    """One event as an outside system reports it: kind, severity, time, place, source."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    sub_category: str | None = Field(default=None, max_length=60, pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    severity: Severity = "informational"
    occurred_at: datetime
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    geometry: dict[str, Any] | None = None
    source: str = Field(min_length=1, max_length=60)
    source_id: str | None = Field(default=None, min_length=1, max_length=200)
    title: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=5000)
    payload: dict[str, Any] = Field(default_factory=dict)
    media: list[str] = Field(default_factory=list, max_length=MAX_MEDIA)

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("occurred_at needs a time zone (e.g. 2026-01-01T08:00:00+07:00)")
        return value

    @field_validator("media")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if len(url) > MAX_URL or not url.startswith(("http://", "https://")):
                raise ValueError(f"media links must be http(s) URLs of at most {MAX_URL} characters")
        return value

    @model_validator(mode="after")
    def _place(self) -> EventIn:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon")
        if self.lat is None and self.geometry is None:
            raise ValueError("an event needs a place: lat/lon or a GeoJSON Point or Polygon geometry")
        return self


class RecordResult(BaseModel):
    """What an intake stored: new event ids, and the items already stored (redeliveries)."""

    created: list[int] = Field(default_factory=list)
    duplicates: list[int] = Field(default_factory=list)
    duplicate_indexes: list[int] = Field(default_factory=list)
