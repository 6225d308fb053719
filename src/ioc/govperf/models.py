"""Government-performance tables: administrative-procedure dossiers and 766 index scores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import UTCDateTime
from ioc.kit.timeutil import utcnow


class Dossier(Base):
    """A hồ sơ thủ tục hành chính as the one-stop-shop system reports it (no personal data kept)."""

    __tablename__ = "gov_dossiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # the one-stop-shop's dossier number
    agency_code: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str | None] = mapped_column(String(10))
    procedure_code: Mapped[str] = mapped_column(String(60))
    procedure_name: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_online: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(12), default="processing")  # processing|approved|rejected|withdrawn
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_gov_dossiers_agency", "agency_code", "received_at"),
        Index("ix_gov_dossiers_area", "area_code", "received_at"),
    )


class Score766(Base):
    """Scores of the service index (Decision 766/QĐ-TTg) of an agency or locality for a period."""

    __tablename__ = "gov_scores_766"

    unit_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10), primary_key=True)
    unit_kind: Mapped[str] = mapped_column(String(10))  # agency | locality
    transparency: Mapped[float] = mapped_column(Float)
    progress: Mapped[float] = mapped_column(Float)
    online_service: Mapped[float] = mapped_column(Float)
    online_payment: Mapped[float] = mapped_column(Float)
    digitisation: Mapped[float] = mapped_column(Float)
    satisfaction: Mapped[float] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
