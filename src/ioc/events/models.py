"""The events table: one row per event reported by an outside system (camera, hotline, sensor, CAP, NGSI-LD)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Event(Base):
    """An event from an outside system, normalised to the Smart Data Models Alert vocabulary."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(20))
    sub_category: Mapped[str | None] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSONType)  # GeoJSON Point or Polygon
    area_code: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(120))
    source_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    media: Mapped[list[str]] = mapped_column(JSONType, default=list)

    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_events_source_id"),
        Index("ix_events_occurred", "occurred_at"),
        Index("ix_events_kind", "category", "sub_category", "occurred_at"),
        Index("ix_events_area", "area_code", "occurred_at"),
    )
