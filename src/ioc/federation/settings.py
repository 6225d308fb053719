"""Federation settings from IOC_FEDERATION_* environment variables."""

from __future__ import annotations

from fastapi import Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FederationSettings(BaseSettings):
    """Every field can be set as IOC_FEDERATION_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_FEDERATION_", extra="ignore")

    max_snapshot_bytes: int = Field(8 * 1024 * 1024, ge=1024)  # a larger snapshot is refused with a 413
    max_clock_skew_seconds: int = Field(300, ge=0)  # a snapshot generated later than now + this is refused
    stale_days: int = Field(45, ge=1)  # a province whose last period is older than this is marked stale
    cutoff_day: int = Field(15, ge=1, le=28)  # monthly cut-off: day 15 of the previous to day 14 (Decree 09/2019)
    schedule_seconds: float = Field(3600, gt=0)  # how often the province checks whether a round is due
    timeout_seconds: float = Field(15, gt=0)  # one delivery's HTTP timeout
    key_secret: str = ""  # seals this deployment's private signing keys in the database; empty: from IOC_SECRET_KEY


def federation_settings(request: Request) -> FederationSettings:
    """FastAPI dependency: this app's federation settings."""
    return request.app.state.settings.section(FederationSettings)
