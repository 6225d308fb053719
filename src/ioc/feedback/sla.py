"""Deadlines in working hours: time to verify, time to resolve by urgency, and overdue checks."""

from __future__ import annotations

from datetime import datetime

from ioc.feedback.flows import OPEN_STATUSES
from ioc.feedback.settings import FeedbackSettings


def verify_due(settings: FeedbackSettings, received_at: datetime) -> datetime:
    """When a report received at this instant must be verified."""
    return settings.calendar().add(received_at, settings.verify_hours)


def resolve_due(settings: FeedbackSettings, start: datetime, urgency: str) -> datetime:
    """When a report of this urgency, counted from `start`, must be resolved (Open311 expected_datetime)."""
    return settings.calendar().add(start, settings.resolve_hours(urgency))


def is_overdue(status: str, verify_due_at: datetime | None, resolve_due_at: datetime | None, now: datetime) -> bool:
    """True when an open report has passed its deadline (verification while received, else resolution)."""
    if status not in OPEN_STATUSES:
        return False
    if status == "received" and verify_due_at is not None and verify_due_at < now:
        return True
    return resolve_due_at is not None and resolve_due_at < now


def on_time(resolved_at: datetime | None, resolve_due_at: datetime | None) -> bool:
    """True when a report was resolved by its deadline."""
    return resolved_at is not None and (resolve_due_at is None or resolved_at <= resolve_due_at)
