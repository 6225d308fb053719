"""Feedback tables: categories, routing rules, reports, their timeline, photos and followers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow

URGENCIES = ("urgent", "normal", "complex")
PHOTO_KINDS = ("before", "after")


class Category(Base):
    """A kind of problem citizens report (an Open311 service)."""

    __tablename__ = "feedback_categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    group: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(String(300), default="")
    default_agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    # Open311 attributes: [{code, variable, datatype, required, description, order, values[{key, name}]}]
    attributes: Mapped[list] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RoutingRule(Base):
    """Reports of a category in a ward (or anywhere, area_code '*') go to an agency."""

    __tablename__ = "feedback_routing_rules"

    category_code: Mapped[str] = mapped_column(
        ForeignKey("feedback_categories.code", ondelete="CASCADE"), primary_key=True
    )
    area_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"))


class Report(Base):
    """One citizen report (an Open311 service request)."""

    __tablename__ = "feedback_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    # SHA-256 of the secret given only to the reporter at submission: with the tracking code it proves who may rate
    # or reopen. None for reports filed before secrets existed (only operators reopen those).
    reporter_secret_hash: Mapped[str | None] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(String(40), unique=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("feedback_categories.code"))
    status: Mapped[str] = mapped_column(String(20), default="received")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    description: Mapped[str] = mapped_column(Text, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(400), default="")
    address_id: Mapped[str | None] = mapped_column(String(100))
    attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    media_url: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20), default="web")
    client_name: Mapped[str | None] = mapped_column(String(100))
    # Personal data: shown to IOC staff only (and to the agency when share_with_agency is true).
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_email: Mapped[str | None] = mapped_column(String(200))
    reporter_phone: Mapped[str | None] = mapped_column(String(40))
    device_id: Mapped[str | None] = mapped_column(String(200))
    account_id: Mapped[str | None] = mapped_column(String(200))
    share_with_agency: Mapped[bool] = mapped_column(Boolean, default=False)
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    public_reply: Mapped[str] = mapped_column(Text, default="")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_reports.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verify_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_feedback_reports_public_requested", "is_public", "requested_at"),
        Index("ix_feedback_reports_status", "status"),
        Index("ix_feedback_reports_agency_status", "agency_code", "status"),
        Index("ix_feedback_reports_category_lat", "category_code", "lat"),
        Index("ix_feedback_reports_updated", "updated_at"),
    )


class ReportEvent(Base):
    """One entry of a report's timeline: a transition, a public reply or an internal note."""

    __tablename__ = "feedback_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("feedback_reports.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    agency_code: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_feedback_events_report", "report_id", "at"), Index("ix_feedback_events_at", "at"))


class Photo(Base):
    """A photo of a report: private original, public copy without EXIF, thumbnail."""

    __tablename__ = "feedback_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("feedback_reports.id", ondelete="CASCADE"), index=True)
    # PHOTO_KINDS: "before" is the citizen's (at filing), "after" the agency's (with its result).
    kind: Mapped[str] = mapped_column(String(10), default="before", server_default="before")
    stem: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(30))
    extension: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Follower(Base):
    """Someone notified of a report's public changes (the reporter, and reporters of merged duplicates)."""

    __tablename__ = "feedback_followers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("feedback_reports.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(5), default="vi")
