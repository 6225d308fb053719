"""Tables of the notify domain: receivers, the routing tree, alert mirrors, groups, silences, the log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Receiver(Base):
    """Where notifications go: a kind (webhook, email, in_app, a plugin's) and its settings."""

    __tablename__ = "notify_receivers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    config: Mapped[dict] = mapped_column(JSONType, default=dict)
    secret: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RouteTree(Base):
    """The one routing tree (Alertmanager's `route:`), stored as a validated document."""

    __tablename__ = "notify_route_trees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tree: Mapped[dict] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertMirror(Base):
    """The last known state of an alert, by fingerprint, as the alerts domain reported it."""

    __tablename__ = "notify_alerts"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    alert_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    labels: Mapped[dict] = mapped_column(JSONType)
    annotations: Mapped[dict] = mapped_column(JSONType)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    generator_url: Mapped[str] = mapped_column(String(500))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Group(Base):
    """Alerts of one route with the same group labels; also the work queue of flushes (next_flush_at)."""

    __tablename__ = "notify_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(500), unique=True)
    route_path: Mapped[str] = mapped_column(String(200))
    receiver: Mapped[str] = mapped_column(String(100))
    group_labels: Mapped[dict] = mapped_column(JSONType)
    next_flush_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_state: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_notify_groups_due", "next_flush_at"),)


class GroupMember(Base):
    """An alert (by fingerprint) in a group, and whether its escalation went out."""

    __tablename__ = "notify_group_members"

    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Silence(Base):
    """Matchers that mute alerts between starts_at and ends_at."""

    __tablename__ = "notify_silences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matchers: Mapped[list] = mapped_column(JSONType)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(120))
    comment: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Inhibition(Base):
    """A firing alert matching source_match mutes alerts matching target_match with the same `equal` labels."""

    __tablename__ = "notify_inhibitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_match: Mapped[list] = mapped_column(JSONType)
    target_match: Mapped[list] = mapped_column(JSONType)
    equal: Mapped[list] = mapped_column(JSONType)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Notification(Base):
    """One notification sent (or queued) to a receiver; its delivery state is the outbox message's."""

    __tablename__ = "notify_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    group_key: Mapped[str] = mapped_column(String(500))
    receiver: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20))
    alert_count: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notify_notifications_created", "created_at"),)
