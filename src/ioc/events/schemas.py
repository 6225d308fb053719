"""What an outside system sends as an event (Smart Data Models Alert vocabulary) and what the API answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import orjson
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from ioc.kit.geo import check_lat_lon
from ioc.kit.types import check_year

Category = Literal["traffic", "naturalDisaster", "weather", "environment", "health", "security", "agriculture"]
Severity = Literal["informational", "low", "medium", "high", "critical"]
CATEGORIES = ("traffic", "naturalDisaster", "weather", "environment", "health", "security", "agriculture")
SEVERITIES = ("informational", "low", "medium", "high", "critical")
SUB_CATEGORIES = (
    "trafficJam",
    "carAccident",
    "carWrongDirection",
    "carStopped",
    "pothole",
    "roadClosed",
    "roadWorks",
    "hazardOnRoad",
    "injuredBiker",
    "crowdRisk",
    "flood",
    "rainfall",
    "heatWave",
    "tropicalCyclone",
    "thunderstorms",
    "fireRisk",
    "floodRisk",
    "airPollution",
    "waterPollution",
    "suspiciousAction",
    "robbery",
    "assault",
    "civilDisorder",
    "buildingFire",
    "forestFire",
    "trafficViolation",
    "smoke",
    "medicalEmergency",
    "landslide",
)
AwareTime = Annotated[AwareDatetime, AfterValidator(check_year)]  # a time with its zone offset
MAX_PAYLOAD_BYTES = 16 * 1024
MAX_MEDIA = 10
MAX_BATCH = 500


class Geometry(BaseModel):
    """A GeoJSON Point or Polygon (WGS 84, lon-lat order)."""

    type: Literal["Point", "Polygon"]
    coordinates: list[Any]

    @model_validator(mode="after")
    def _check(self) -> Geometry:
        points = [self.coordinates] if self.type == "Point" else _ring(self.coordinates)
        for p in points:
            if not (isinstance(p, list) and len(p) in (2, 3) and all(isinstance(v, int | float) for v in p)):
                raise ValueError("each position must be [lon, lat]")
            check_lat_lon(float(p[1]), float(p[0]))
        return self

    def centre(self) -> tuple[float, float]:
        """(lat, lon) of the point, or the mean of the polygon's outer ring vertices."""
        if self.type == "Point":
            return float(self.coordinates[1]), float(self.coordinates[0])
        ring = _ring(self.coordinates)
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        return sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)


def _ring(coordinates: list[Any]) -> list[Any]:
    if not coordinates or not isinstance(coordinates[0], list) or len(coordinates[0]) < 4:
        raise ValueError("a Polygon needs an outer ring of at least 4 positions")
    return coordinates[0]


class EventIn(BaseModel):
    """One event as an outside system reports it (camelCase on the wire, snake_case in Python)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    category: Category
    sub_category: str | None = Field(None, description=" | ".join(SUB_CATEGORIES))
    severity: Severity = "medium"
    occurred_at: AwareDatetime
    location: Geometry | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    source: str = Field(min_length=1, max_length=120)
    source_id: str | None = Field(None, min_length=1, max_length=200)
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=4000)
    payload: dict[str, Any] = Field(default_factory=dict)
    media: list[str] = Field(default_factory=list, max_length=MAX_MEDIA)

    @field_validator("sub_category")
    @classmethod
    def _known_sub(cls, value: str | None) -> str | None:
        if value is not None and value not in SUB_CATEGORIES:
            raise ValueError(f"unknown subCategory '{value}'")
        return value

    @field_validator("occurred_at")
    @classmethod
    def _year(cls, value: datetime) -> datetime:
        return check_year(value)

    @field_validator("payload")
    @classmethod
    def _bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            size = len(orjson.dumps(value))
        except orjson.JSONEncodeError as exc:  # e.g. an integer beyond 64 bits
            raise ValueError(f"payload cannot be stored as JSON: {exc}") from None
        if size > MAX_PAYLOAD_BYTES:
            raise ValueError(f"payload is larger than {MAX_PAYLOAD_BYTES} bytes of JSON")
        return value

    @field_validator("media")
    @classmethod
    def _links(cls, value: list[str]) -> list[str]:
        for url in value:
            if len(url) > 500 or not url.lower().startswith(("http://", "https://")):
                raise ValueError("each media link must be an http(s) URL of at most 500 characters")
        return value

    @model_validator(mode="after")
    def _place(self) -> EventIn:
        if self.location is None and (self.lat is None or self.lon is None):
            raise ValueError("a place is required: location (GeoJSON Point or Polygon) or lat and lon")
        return self

    def point(self) -> tuple[float, float]:
        """(lat, lon) of the event: the given point, or the centre of its geometry."""
        if self.location is not None:
            return self.location.centre()
        return float(self.lat), float(self.lon)  # type: ignore[arg-type]

    def geometry(self) -> dict[str, Any]:
        """The event's GeoJSON geometry."""
        if self.location is not None:
            return self.location.model_dump()
        return {"type": "Point", "coordinates": [self.lon, self.lat]}


class EventOut(BaseModel):
    """An event as stored."""

    id: int
    category: str
    sub_category: str | None
    severity: str
    occurred_at: datetime
    received_at: datetime
    lat: float | None
    lon: float | None
    geometry: dict[str, Any] | None
    area_code: str | None
    source: str
    source_id: str | None
    title: str
    description: str
    payload: dict[str, Any]
    media: list[str]
    url: str


class RecordOut(BaseModel):
    """Ids of the events stored by an intake, and of those already stored (redeliveries)."""

    created: list[int]
    duplicates: list[int]
    updated: list[int] = Field(default_factory=list, description="events a CAP Update or Cancel revised")
