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
    )
