"""API shapes of map layers: metadata in and out, style rules by attribute, the zone table."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

Sector = Literal["traffic", "security", "land", "health", "education", "tourism", "environment", "other"]
Visibility = Literal["public", "staff", "roles"]
ROLE_NAMES = ("admin", "operator", "leader", "agency_officer", "citizen", "integrator")
COLOR = r"^#[0-9a-fA-F]{6}$"


class Style(BaseModel):
    """How features are drawn: one colour, a colour ramp over a number attribute, or colours per text category."""

    kind: Literal["single", "ramp", "categories"] = "single"
    color: str = Field("#2f6fb0", pattern=COLOR)  # single colour, and the fallback of the others
    property: str | None = Field(None, max_length=100)
    colors: list[str] = Field(default_factory=list, max_length=9)  # ramp: low -> high
    min: float | None = None  # ramp bounds; computed from the data at import when left out
    max: float | None = None
    categories: dict[str, str] = Field(default_factory=dict, max_length=50)  # value -> colour
    opacity: float = Field(0.6, ge=0, le=1)
    weight: float = Field(1, ge=0, le=10)

    @field_validator("colors")
    @classmethod
    def _colors(cls, value: list[str]) -> list[str]:
        import re

        for c in value:
            if not re.fullmatch(COLOR, c):
                raise ValueError(f"'{c}' is not a #rrggbb colour")
        return value

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: dict[str, str]) -> dict[str, str]:
        import re

        for key, c in value.items():
            if len(key) > 100 or not re.fullmatch(COLOR, c):
                raise ValueError(f"category '{key[:100]}': '{c}' is not a #rrggbb colour")
        return value


class LayerPatch(BaseModel):
    """Changes to a layer's description (left out: unchanged)."""

    name_vi: str = Field(None, min_length=1, max_length=200)
    name_en: str = Field(None, max_length=200)
    sector: Sector = Field(None)
    visibility: Visibility = Field(None)
    roles: list[Literal[ROLE_NAMES]] = Field(None, max_length=6)  # type: ignore[valid-type]
    style: Style = Field(None)
    popup_fields: list[str] = Field(None, max_length=30)


class LayerOut(BaseModel):
    """A layer as the API shows it."""

    id: int
    name_vi: str
    name_en: str
    name: str  # in the caller's language
    sector: Sector
    visibility: Visibility
    roles: list[str]
    style: Style
    popup_fields: list[str]
    fields: dict[str, str]
    geometry_type: str
    source_name: str
    source_format: str
    source_crs: str
    feature_count: int
    bbox: list[float]
    version: int
    repaired: list[int] = Field(default_factory=list)  # features fixed with make_valid (in the import's answer)
    created_at: datetime
    updated_at: datetime


class LayerList(BaseModel):
    """The layers the caller may see."""

    items: list[LayerOut]


class Zone(BaseModel):
    """A former province's VN-2000 TM-3 zone."""

    code: str
    name: str
    central_meridian: float
