"""Directives settings from IOC_DIRECTIVES_* environment variables (reminders, mail)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class DirectivesSettings(BaseSettings):
    """Every field can be set as IOC_DIRECTIVES_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_DIRECTIVES_", extra="ignore")

    remind_working_days: int = Field(2, ge=0, le=30)  # a first reminder this many working days before the deadline
    poll_seconds: float = Field(300, gt=0)  # how often the reminder scan runs
    smtp_host: str = ""  # empty: reminders are written as .eml files to mail_dir
    smtp_port: int = 25
    smtp_from: str = "IOC <no-reply@ioc.local>"
    mail_dir: str = "var/mail"
    public_base_url: str = ""  # e.g. https://ioc.example.gov.vn, for links in reminders
