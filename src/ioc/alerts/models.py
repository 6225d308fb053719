"""Alert tables: rules (data, not code), the state of each series a rule watches, and the alerts fired."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class AlertRule(Base):
    """A rule: a condition on a quantity of some stations, with `for` and `keep_firing_for`."""

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="threshold")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    condition: Mapped[dict[str, Any]] = mapped_column(JSONType)
    quantity: Mapped[str] = mapped_column(String(32), index=True)  # the index the evaluator looks rules up by
    for_seconds: Mapped[int] = mapped_column(Integer, default=0)
    keep_firing_seconds: Mapped[int] = mapped_column(Integer, default=0)
    labels: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    annotations: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AlertSeries(Base):
    """Where one series (a station) of a rule stands: inactive, pending or firing."""

    __tablename__ = "alert_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(200))  # the station code
    state: Mapped[str] = mapped_column(String(10), default="inactive")
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_value: Mapped[float | None] = mapped_column(Float)
    last_true_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_id: Mapped[int | None] = mapped_column(Integer)
    context: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # station, area, points

    __table_args__ = (
        UniqueConstraint("rule_id", "series", name="uq_alert_series_rule_series"),
        Index("ix_alert_series_state", "state"),
    )


class Alert(Base):
    """One firing (then resolved) alert of a series, identified by its label set's fingerprint."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(Integer, index=True)
    fingerprint: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(10), default="firing")
    severity: Mapped[str] = mapped_column(String(20), default="warning")
    labels: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    annotations: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    value: Mapped[float | None] = mapped_column(Float)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ack_by: Mapped[str | None] = mapped_column(String(120))
    ack_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ack_comment: Mapped[str | None] = mapped_column(Text)
    points: Mapped[list[Any]] = mapped_column(JSONType, default=list)

    __table_args__ = (Index("ix_alerts_status", "status", "starts_at"),)
