"""Pydantic shapes of the KPI API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Frequency = Literal["month", "quarter", "year"]
Domain = Literal[
    "economy",
    "budget",
    "investment",
    "trade",
    "prices",
    "tourism",
    "society",
    "health",
    "education",
    "environment",
    "land",
    "security",
    "traffic",
    "government",
]
Track = Literal["on_track", "at_risk", "off_track", "no_data"]


class IndicatorIn(BaseModel):
    """A deployment's own indicator."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,39}$", description="Upper-case code, e.g. LOCAL_PARKS")
    name: str = Field(min_length=2, max_length=300, description="Vietnamese name")
    name_en: str = Field("", max_length=300)
    unit: str = Field(min_length=1, max_length=40)
    unit_en: str = Field("", max_length=40)
    frequency: Frequency
    domain: Domain
    direction: Literal["up", "down"] = Field(description="Which way is good")
    time_agg: Literal["sum", "mean", "last"] = Field(description="How periods add up to the year")
    area_agg: Literal["sum", "weighted_mean", "none"] = Field(description="How wards add up to the province")
    price_basis: Literal["current", "comparable_2010", "none"] = "none"
    source_agency: str = Field("", max_length=200)
    source_ref: str = Field("local", max_length=120)
    headline: bool = False
    digits: int = Field(1, ge=0, le=4)


class IndicatorPatch(BaseModel):
    """Changes an admin may make to any indicator (a field left out stays; null is refused, never stored)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(None, min_length=2, max_length=300)
    name_en: str = Field(None, max_length=300)
    headline: bool = None
    active: bool = None
    source_agency: str = Field(None, max_length=200)
    digits: int = Field(None, ge=0, le=4, strict=True)


class IndicatorOut(BaseModel):
    """A catalogue entry."""

    model_config = ConfigDict(from_attributes=True)
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    frequency: str
    domain: str
    direction: str
    time_agg: str
    area_agg: str
    price_basis: str
    source_agency: str
    source_ref: str
    headline: bool
    digits: int
    builtin: bool
    active: bool


class ValueWrite(BaseModel):
    """One value as a client sends it."""

    model_config = ConfigDict(extra="forbid")
    indicator: str = Field(description="Indicator code")
    area: str = Field(description="Province (2 digits) or ward (5 digits) code")
    period: str = Field(description="2025-03 (month), 2025-Q1 (quarter) or 2025 (year)")
    value: float
    status: Literal["estimate", "official"] = "estimate"
    source: str = Field("", max_length=200)


class ValuesWrite(BaseModel):
    """A batch of values: all stored or none."""

    model_config = ConfigDict(extra="forbid")
    values: list[ValueWrite] = Field(min_length=1, max_length=5000)


class TargetWrite(BaseModel):
    """One target: annual (quarter 0 or absent) or for a quarter."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    area: str
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(0, ge=0, le=4)
    value: float
    source: str = Field("", max_length=200)


class TargetsWrite(BaseModel):
    """A batch of targets: all stored or none."""

    model_config = ConfigDict(extra="forbid")
    targets: list[TargetWrite] = Field(min_length=1, max_length=5000)


class WriteResult(BaseModel):
    """What a write changed."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    targets_changed: int = 0


class SeriesPoint(BaseModel):
    """One period of an indicator in an area with its derived facts."""

    period: str
    period_label: str
    value: float
    value_status: str
    yoy_pct: float | None
    yoy_diff: float | None
    ytd: float | None
    target: float | None
    plan: float | None
    pct_target: float | None
    track: Track


class SeriesOut(BaseModel):
    """An indicator's series in one area with its targets."""

    indicator: IndicatorOut
    area_code: str
    series: list[SeriesPoint]
    targets: list[dict]


class WardFigure(BaseModel):
    """One ward's figure in a breakdown."""

    code: str
    name: str
    value: float
    value_status: str
    yoy_pct: float | None
    ytd: float | None
    target: float | None
    pct_target: float | None
    track: Track


class BreakdownOut(BaseModel):
    """Every ward's figure of one indicator for one period."""

    indicator: IndicatorOut
    period: str | None
    period_label: str | None = None
    wards: list[WardFigure]


class TileOut(BaseModel):
    """A KPI tile: the latest figure of an indicator with its trend and status."""

    code: str
    name: str
    unit: str
    domain: str
    frequency: str
    track: Track
    value: float | None
    period: str | None = None
    period_label: str | None = None
    value_status: str | None = None
    yoy_pct: float | None = None
    yoy_diff: float | None = None
    ytd: float | None = None
    target: float | None = None
    pct_target: float | None = None
    sparkline: list[float] = []
    updated_at: datetime | None = None
    stale: bool = False
    off_track_wards: list[dict] = []


class OverviewGroup(BaseModel):
    """The tiles of one domain."""

    domain: str
    label: str
    tiles: list[TileOut]


class OverviewOut(BaseModel):
    """The leader's overview."""

    area_code: str
    counts: dict[str, int]
    groups: list[OverviewGroup]
    generated_at: datetime


class RevisionOut(BaseModel):
    """One change of a value."""

    model_config = ConfigDict(from_attributes=True)
    status: str
    revision: int
    old_value: float | None
    new_value: float
    old_source: str | None
    new_source: str
    changed_by: str
    changed_at: datetime
    via: str


class ImportResult(BaseModel):
    """The outcome of an import or a dry run; `errors` name sheet, row and column."""

    file: str
    dry_run: bool
    imported: bool
    rows: int
    values: int
    targets: int
    error_count: int
    errors: list[dict]
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    targets_changed: int = 0
