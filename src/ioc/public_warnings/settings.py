"""Public warning settings from IOC_PUBLIC_WARNINGS_* environment variables."""

from __future__ import annotations

from fastapi import Request
from pydantic_settings import BaseSettings, SettingsConfigDict


class PublicWarningSettings(BaseSettings):
    """Every field can be set as IOC_PUBLIC_WARNINGS_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_PUBLIC_WARNINGS_", extra="ignore")

    sender: str = ""  # CAP sender; empty: ioc.<jurisdiction>.gov.vn
    sender_name: str = ""  # CAP senderName; empty: the province's operations centre
    public_url: str = ""  # absolute base of CAP links (https://ioc.example.gov.vn); empty: the request's
    rule_warning_hours: float = 6  # validity of a warning a rule issues


def warning_settings(request: Request) -> PublicWarningSettings:
    """FastAPI dependency: this app's public warning settings."""
    return request.app.state.settings.section(PublicWarningSettings)
