"""Pydantic models in and out of the sensors domain."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from ioc.sensors.quantities import QUANTITIES, STATION_KINDS


class StationIn(BaseModel):
    """A station as created or replaced by a client (NGSI-LD uses the entity id as code)."""

    code: str = Field(min_length=1, max_length=200, pattern=r"^[^/\s?#]+$")
    name: str = Field(min_length=1, max_length=200)
    kind: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    quantities: list[str] = []
    interval_seconds: int = Field(3600, ge=1, le=31 * 86400)
    owner_agency: str | None = Field(None, max_length=40)
    attributes: dict = {}

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in STATION_KINDS:
            raise ValueError(f"unknown kind {value!r}; one of {', '.join(STATION_KINDS)}")
        return value

    @field_validator("quantities")
    @classmethod
    def _quantities(cls, value: list[str]) -> list[str]:
        unknown = [q for q in value if q not in QUANTITIES]
        if unknown:
            raise ValueError(f"unknown quantity keys: {', '.join(unknown)}")
        return list(dict.fromkeys(value))


class StationPatch(BaseModel):
    """Fields of a station that may be changed one by one.

    A field left out stays as it is; only owner_agency may be set to null (no owner). The others
    default to None only to mean "not sent": an explicit null is refused (422), never stored.
    """

    name: str = Field(None, min_length=1, max_length=200)
    lat: float = Field(None, ge=-90, le=90)
    lon: float = Field(None, ge=-180, le=180)
    quantities: list[str] = None
    interval_seconds: int = Field(None, ge=1, le=31 * 86400)
    owner_agency: str | None = Field(None, max_length=40)
    attributes: dict = None
    active: bool = None

    @field_validator("quantities")
    @classmethod
    def _quantities(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else StationIn._quantities(value)


class StationOut(BaseModel):
    """A station as read back, with its reporting state."""

    code: str
    name: str
    kind: str
    lat: float
    lon: float
    area_code: str | None
    quantities: list[str]
    interval_seconds: int
    owner_agency: str | None
    attributes: dict
    active: bool
    last_seen_at: datetime | None
    state: str  # online | stale | offline | never


class LatestOut(BaseModel):
    """The newest value of one quantity at one station."""

    station: str
    quantity: str
    time: datetime
    value: float
    unit: str
    flag: str


class SeriesPoint(BaseModel):
    """One point of a series: a raw value or a rollup (mean, min, max, count)."""

    time: datetime
    value: float | None
    min: float | None = None
    max: float | None = None
    count: int | None = None
    flag: str | None = None


class SeriesOut(BaseModel):
    """A time series of one station and quantity."""

    station: str
    quantity: str
    unit: str
    resolution: str
    points: list[SeriesPoint]


@dataclass
class IngestResult:
    """What happened to a batch: stored rows, duplicates, and why each rejected row was refused."""

    stored: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)
    # (station id, quantity, ts, value, flag) of the rows actually inserted, for callers that derive from them.
    inserted: list[tuple] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts and rejections."""
        return {"stored": self.stored, "duplicates": self.duplicates, "rejected": self.rejected}
