"""Directives tables: a leader's directive, its assignments to agencies, progress reports, timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Directive(Base):
    """A nhiệm vụ chỉ đạo: what a leader asks, by when, from which record."""

    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    doc_ref: Mapped[str | None] = mapped_column(String(80))  # số ký hiệu văn bản, e.g. 123/UBND-KT
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[str] = mapped_column(String(10), default="normal")  # urgent | high | normal
    source_kind: Mapped[str] = mapped_column(String(12), default="none")
    source_id: Mapped[str | None] = mapped_column(String(80))
    source_label: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(300))
    area_code: Mapped[str | None] = mapped_column(String(10))  # the ward it concerns, if any (lists per ward)
    search_text: Mapped[str] = mapped_column(Text, default="")  # title, content, reference without diacritics

    __table_args__ = (
        Index("ix_directives_deadline", "deadline"),
        Index("ix_directives_issued_by", "issued_by", "issued_at"),
        Index("ix_directives_source", "source_kind", "source_id"),
        Index("ix_directives_area", "area_code"),
    )


class Assignment(Base):
    """One agency's part of a directive (lead or support) and where it stands."""

    __tablename__ = "directive_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"))
    agency_code: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(8), default="lead")  # lead | support
    state: Mapped[str] = mapped_column(String(12), default="issued")
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)  # the directive's, kept here for the due-soon scan
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(8))  # on_time | late, set on acceptance
    return_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("directive_id", "agency_code"),
        Index("ix_directive_assignments_open", "state", "deadline"),
        Index("ix_directive_assignments_agency", "agency_code", "state"),
    )


class ProgressReport(Base):
    """An agency's report on an assignment: text, percentage, links to attachments."""

    __tablename__ = "directive_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("directive_assignments.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    attachments: Mapped[list] = mapped_column(JSONType, default=list)

    __table_args__ = (Index("ix_directive_progress_assignment", "assignment_id", "at"),)


class TimelineEntry(Base):
    """Everything that happened to a directive, in order."""

    __tablename__ = "directive_timeline"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"))
    agency_code: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_directive_timeline_directive", "directive_id", "at"),)
