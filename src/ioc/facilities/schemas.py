"""Pydantic models in and out of the facilities domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from ioc.kit.types import Day

CODE = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._:-]+$")


class FacilityIn(BaseModel):
    """A facility as created or replaced (by its code, in imports)."""

    code: str = CODE
    kind: str = Field(max_length=30)
    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    owner_agency: str | None = Field(None, max_length=40)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    attributes: dict[str, Any] = Field(default_factory=dict, max_length=40)
    synthetic: bool = False


class FacilityPatch(BaseModel):
    """Fields that may be changed one by one; left out means unchanged (kind and code never change)."""

    name: str = Field(None, min_length=1, max_length=200)
    address: str = Field(None, max_length=300)
    owner_agency: str | None = Field(None, max_length=40)
    lat: float = Field(None, ge=-90, le=90)
    lon: float = Field(None, ge=-180, le=180)
    attributes: dict[str, Any] = Field(None, max_length=40)


class FacilityOut(BaseModel):
    """A facility as read back; a camera's stream and snapshot URLs only for the roles that may view it."""

    id: int
    code: str
    kind: str
    name: str
    address: str
    owner_agency: str | None
    lat: float
    lon: float
    area_code: str | None
    attributes: dict[str, Any]
    synthetic: bool
    figure: str | None  # the quantity of its figures over time (bed_occupancy, pupils, visitors)
    may_view: bool | None = None  # cameras: whether the caller may watch the stream
    stream_path: str | None = None  # cameras: the IOC's own route to the stream, for viewers
    created_at: datetime
    updated_at: datetime


class FigureIn(BaseModel):
    """One figure of a facility: the day (a month's or school year's figure is dated by its first day)."""

    date: Day
    value: float
    quantity: str | None = Field(None, max_length=32)


class FiguresWrite(BaseModel):
    """Figures of one facility; all stored or none."""

    figures: list[FigureIn] = Field(min_length=1, max_length=10_000)


class BulkFigureIn(FigureIn):
    """A figure naming its facility by code."""

    facility: str = Field(min_length=1, max_length=80)


class BulkFiguresWrite(BaseModel):
    """Figures of many facilities; all stored or none."""

    figures: list[BulkFigureIn] = Field(min_length=1, max_length=50_000)


class FigureResult(BaseModel):
    """What a figures write stored."""

    stored: int
    duplicates: int
    facilities: int


class WardSeries(BaseModel):
    """A ward's monthly series of a figure: sum and mean of the facilities' values in each month."""

    area_code: str | None
    months: list[dict[str, Any]]


class DashboardOut(BaseModel):
    """A sector's picture: the facilities of a kind with their last figure, and a year per ward."""

    kind: str
    quantity: str
    year: int
    facilities: list[dict[str, Any]]
    wards: list[WardSeries]


def first_of_period(day: date, period: str) -> date:
    """The day that dates a figure: itself, the first of its month, or 1 September of its school year."""
    if period == "month":
        return day.replace(day=1)
    if period == "school_year":
        return date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return day
