"""Briefings settings from IOC_BRIEFINGS_* environment variables (schedule, mail)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BriefingsSettings(BaseSettings):
    """Every field can be set as IOC_BRIEFINGS_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_BRIEFINGS_", extra="ignore")

    schedule: bool = True  # make the weekly (Monday) and monthly (day 1) briefings in the background
    hour: int = Field(7, ge=0, le=23)  # local hour (Asia/Ho_Chi_Minh) from which the scheduled briefing is made
    poll_seconds: float = Field(600, gt=0)  # how often the schedule is checked
    smtp_host: str = ""  # empty: briefings are written as .eml files to mail_dir
    smtp_port: int = 25
    smtp_from: str = "IOC <no-reply@ioc.local>"
    mail_dir: str = "var/mail"
    public_base_url: str = ""  # e.g. https://ioc.example.gov.vn, for the link in the e-mail
