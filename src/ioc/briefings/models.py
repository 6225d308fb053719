"""Briefing tables: one stored briefing per kind and period (with its PDF and XLSX), and the subscribers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Briefing(Base):
    """A weekly or monthly briefing: its figures, and the files made from them (stored in the database)."""

    __tablename__ = "briefings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # week | month
    period: Mapped[str] = mapped_column(String(10))  # 2026-W48 | 2026-11
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # the figures the files show
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_bytes: Mapped[int] = mapped_column(Integer, default=0)
    xlsx_bytes: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(10), default="schedule")  # schedule | demand
    created_by: Mapped[str] = mapped_column(String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_to: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("kind", "period", name="uq_briefings_kind_period"),)


class Subscriber(Base):
    """An e-mail address that receives the briefings of the kinds it chose."""

    __tablename__ = "briefing_subscribers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    weekly: Mapped[bool] = mapped_column(Boolean, default=True)
    monthly: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
