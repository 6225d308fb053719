"""The sectors' figures: one row per sector metric, ward, period and dimension (land type, school level...)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import UTCDateTime
from ioc.kit.timeutil import utcnow


class SectorFact(Base):
    """A figure of a sector: accidents of a road segment in a month, hectares of a land type in a year..."""

    __tablename__ = "sector_facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(20))
    metric: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str] = mapped_column(String(10))  # the ward
    period_start: Mapped[date] = mapped_column(Date)  # first day of the month, Monday of the week, 1 Jan or 1 Sep
    dim: Mapped[str] = mapped_column(String(60), default="")  # segment code, land type, level...; "" when none
    value: Mapped[float] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("uq_sector_facts_key", "sector", "metric", "area_code", "period_start", "dim", unique=True),
        Index("ix_sector_facts_period", "sector", "metric", "period_start"),
        Index("ix_sector_facts_updated", "sector", "updated_at"),  # the version the dashboard cache is keyed by
    )


class SectorCalendarEntry(Base):
    """A dated happening of a sector's calendar: a festival, a fair... (one or more days, in Vietnam's dates)."""

    __tablename__ = "sector_calendar"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # one of the sector's calendar kinds (festival, fair...)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    area_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("uq_sector_calendar_key", "sector", "title", "starts_on", unique=True),
        Index("ix_sector_calendar_dates", "sector", "ends_on", "starts_on"),
    )
