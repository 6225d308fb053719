"""KPI tables: catalogue, raw values and their revisions, targets, and derived facts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Indicator(Base):
    """One indicator of the catalogue (seeded from Decision 05/2023/QĐ-TTg and ISO 37120/37122, or local)."""

    __tablename__ = "kpi_indicators"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(40))
    unit_en: Mapped[str] = mapped_column(String(40), default="")
    frequency: Mapped[str] = mapped_column(String(10))  # month | quarter | year
    domain: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(5))  # up | down: which way is good
    time_agg: Mapped[str] = mapped_column(String(5))  # sum | mean | last
    area_agg: Mapped[str] = mapped_column(String(15))  # sum | weighted_mean | none
    price_basis: Mapped[str] = mapped_column(String(20), default="none")  # current | comparable_2010 | none
    source_agency: Mapped[str] = mapped_column(String(200), default="")
    source_ref: Mapped[str] = mapped_column(String(120), default="")  # the standard or decision it comes from
    headline: Mapped[bool] = mapped_column(Boolean, default=False)
    digits: Mapped[int] = mapped_column(Integer, default=1)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_kpi_indicators_domain", "domain", "headline"),)


class Value(Base):
    """The current value of one status (estimate or official) for an indicator, area and period."""

    __tablename__ = "kpi_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))  # estimate | official
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("uq_kpi_values_key", "indicator_code", "area_code", "period_start", "status", unique=True),)


class ValueRevision(Base):
    """Every change of a value: who, when, old → new (the first write has no old value)."""

    __tablename__ = "kpi_value_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int] = mapped_column(Integer)
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    old_source: Mapped[str | None] = mapped_column(String(200))
    new_source: Mapped[str] = mapped_column(String(200), default="")
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    via: Mapped[str] = mapped_column(String(200), default="api")  # api | import:<file name>

    __table_args__ = (Index("ix_kpi_revisions_key", "indicator_code", "area_code", "period_start"),)


class Target(Base):
    """A plan figure: annual (quarter 0) or for one quarter, for the province or a ward."""

    __tablename__ = "kpi_targets"

    indicator_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Current(Base):
    """Derived facts per indicator, area and period, computed on write so reads stay cheap."""

    __tablename__ = "kpi_current"

    indicator_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    value_status: Mapped[str] = mapped_column(String(10))
    yoy_pct: Mapped[float | None] = mapped_column(Float)
    yoy_diff: Mapped[float | None] = mapped_column(Float)
    ytd: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    plan: Mapped[float | None] = mapped_column(Float)
    pct_target: Mapped[float | None] = mapped_column(Float)
    track: Mapped[str] = mapped_column(String(10))  # on_track | at_risk | off_track | no_data
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_kpi_current_period", "indicator_code", "period_start", "area_code"),)


class Latest(Base):
    """The latest period of each indicator and area, with its sparkline: one row per tile."""

    __tablename__ = "kpi_latest"

    indicator_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    value_status: Mapped[str] = mapped_column(String(10))
    yoy_pct: Mapped[float | None] = mapped_column(Float)
    yoy_diff: Mapped[float | None] = mapped_column(Float)
    ytd: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    pct_target: Mapped[float | None] = mapped_column(Float)
    track: Mapped[str] = mapped_column(String(10))
    sparkline: Mapped[list | None] = mapped_column(JSONType)
    data_updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_kpi_latest_area", "area_code", "track"),)
