"""Public warning tables: the warning as operators edit it, and every CAP message sent for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class PublicWarning(Base):
    """A warning to citizens (cảnh báo cho người dân): its current content and where it stands."""

    __tablename__ = "pw_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(120), unique=True)  # vn.ioc.<province>.w<id>
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft|published|updated|cancelled
    category: Mapped[str] = mapped_column(String(12))  # CAP category
    event: Mapped[str] = mapped_column(String(200))
    urgency: Mapped[str] = mapped_column(String(12))
    severity: Mapped[str] = mapped_column(String(12))
    certainty: Mapped[str] = mapped_column(String(12))
    effective: Mapped[datetime] = mapped_column(UTCDateTime)
    onset: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    texts: Mapped[dict[str, Any]] = mapped_column(JSONType)  # {"vi": {headline, description, instruction}, "en": …}
    area_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    area_desc: Mapped[str] = mapped_column(Text, default="")
    polygons: Mapped[list[str]] = mapped_column(JSONType, default=list)  # CAP "lat,lon lat,lon …" rings
    circle: Mapped[str | None] = mapped_column(String(80))  # CAP "lat,lon radius_km"
    source_fingerprint: Mapped[str | None] = mapped_column(String(80), unique=True)  # the alert that made it
    source_alert_id: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_pw_warnings_status", "status", "expires"),)


class WarningMessage(Base):
    """One CAP message sent for a warning (Alert, Update, Cancel), kept as it was sent."""

    __tablename__ = "pw_warning_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("pw_warnings.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    identifier: Mapped[str] = mapped_column(String(140), unique=True)
    msg_type: Mapped[str] = mapped_column(String(8))  # Alert | Update | Cancel
    sent: Mapped[datetime] = mapped_column(UTCDateTime)
    references: Mapped[str] = mapped_column(Text, default="")  # "sender,identifier,sent …" of earlier ones
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the warning's CAP fields at sending
    sent_by: Mapped[str] = mapped_column(String(120), default="")

    __table_args__ = (UniqueConstraint("warning_id", "seq", name="uq_pw_warning_messages_seq"),)
