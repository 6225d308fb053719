"""Feedback settings from IOC_FEEDBACK_* environment variables (deadlines, office hours, mail, photos)."""

from __future__ import annotations

from functools import lru_cache

from fastapi import Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ioc.kit.urlpolicy import Allowlist
from ioc.kit.workinghours import DEFAULT_OFFICE_HOURS, WorkingCalendar, make_calendar


class FeedbackSettings(BaseSettings):
    """Every field can be set as IOC_FEEDBACK_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_FEEDBACK_", extra="ignore")

    office_hours: str = DEFAULT_OFFICE_HOURS
    holidays_file: str | None = None  # default: the shipped Vietnamese public holidays
    extra_workdays: str = ""  # comma list of Saturdays worked in exchange for a bridged holiday
    verify_hours: float = 8
    resolve_hours_urgent: float = 4
    resolve_hours_normal: float = 40
    resolve_hours_complex: float = 80
    rating_window_days: int = 7
    duplicate_radius_m: float = 50
    max_photo_bytes: int = 8 * 1024 * 1024
    max_photos: int = 5
    ioc_email: str = "ioc@localhost"  # the IOC duty desk, told of every escalation
    smtp_host: str = "127.0.0.1"  # empty: no SMTP, messages are written as .eml files to mail_dir
    mail_dir: str = "var/mail"
    smtp_port: int = 25
    smtp_from: str = "IOC <no-reply@ioc.local>"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    webhook_timeout_seconds: float = 10  # the whole call: connect, send, wait for the answer
    # Hosts, addresses and CIDR networks webhooks may reach although they are not public (comma list).
    webhook_allowed_hosts: str = ""
    public_base_url: str = ""  # e.g. https://ioc.example.gov.vn, used in links sent to citizens
    escalation_poll_seconds: float = 60
    # Categories, routing rules and agencies are kept per process this long (ioc.feedback.catalog); a change made
    # in the same process is seen at once, one made by another process (worker, CLI) within this time; 0: no cache.
    cache_seconds: float = Field(2, ge=0)

    def resolve_hours(self, urgency: str) -> float:
        """Working hours allowed to resolve a report of this urgency."""
        return {"urgent": self.resolve_hours_urgent, "complex": self.resolve_hours_complex}.get(
            urgency, self.resolve_hours_normal
        )

    def webhook_allowlist(self) -> Allowlist:
        """The non-public destinations an admin lets webhooks reach."""
        return Allowlist.parse(self.webhook_allowed_hosts)

    def calendar(self) -> WorkingCalendar:
        """The working calendar these settings describe."""
        return _calendar(self.office_hours, self.holidays_file, self.extra_workdays)


@lru_cache
def _calendar(office_hours: str, holidays_file: str | None, extra: str) -> WorkingCalendar:
    return make_calendar(office_hours, holidays_file, extra_workdays=extra)


def feedback_settings(request: Request) -> FeedbackSettings:
    """Dependency: the feedback settings of the app's Settings (the one source)."""
    return request.app.state.settings.section(FeedbackSettings)
