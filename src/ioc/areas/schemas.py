"""Area shapes for the API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AreaOut(BaseModel):
    """An administrative unit; geometry is GeoJSON when asked for."""

    code: str
    name: str
    division_type: str
    level: str
    parent_code: str | None
    centroid: dict | None = None
    synthetic: bool
    population: int | None = None
    population_synthetic: bool = False
    geometry: dict | None = None


class AreaPatch(BaseModel):
    """What an administrator may change of a unit: its population (null: unknown)."""

    population: int | None = Field(..., ge=0, le=50_000_000, description="Residents; null when unknown")


class LocateOut(BaseModel):
    """The ward that contains a point, and its province."""

    lat: float
    lon: float
    ward: AreaOut | None
    province_code: str | None


class BoundaryImportOut(BaseModel):
    """Result of a boundary import."""

    imported: int
    codes: list[str]
