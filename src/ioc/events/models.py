"""Events table: things outside systems saw (a crash, a flood, a call to 113), stored once per source id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Event(Base):
    """One event reported by a camera, hotline, sensor or other system."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        Index("ix_events_occurred_at", "occurred_at"),
        Index("ix_events_category_occurred", "category", "occurred_at"),
        Index("ix_events_area_occurred", "area_code", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(30))
    sub_category: Mapped[str | None] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20), default="informational")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[dict | None] = mapped_column(JSONType)
    area_code: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(JSONType, default=dict)
    media: Mapped[list] = mapped_column(JSONType, default=list)
