"""Administrative unit table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Area(Base):
    """A province or a commune-level unit (xã, phường, đặc khu) with its boundary."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ascii: Mapped[str] = mapped_column(String(200), default="")
    division_type: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))  # province | ward
    parent_code: Mapped[str | None] = mapped_column(String(10))
    geometry: Mapped[dict | None] = mapped_column(JSONType)
    centroid_lat: Mapped[float | None] = mapped_column(Float)
    centroid_lon: Mapped[float | None] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    # Residents (the per-1,000 measures); population_synthetic marks the demo's invented figures.
    population: Mapped[int | None] = mapped_column(Integer)
    population_synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_areas_parent_level", "parent_code", "level"),)
