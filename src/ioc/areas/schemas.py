"""Area shapes for the API."""

from __future__ import annotations

from pydantic import BaseModel


class AreaOut(BaseModel):
    """An administrative unit; geometry is GeoJSON when asked for."""

    code: str
    name: str
    division_type: str
    level: str
    parent_code: str | None
    centroid: dict | None = None
    synthetic: bool
    geometry: dict | None = None


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
