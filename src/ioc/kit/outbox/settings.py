"""Outbox delivery settings, read from IOC_OUTBOX_* environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OutboxSettings(BaseSettings):
    """IOC_OUTBOX_* settings."""

    model_config = SettingsConfigDict(env_prefix="IOC_OUTBOX_", extra="ignore")

    # How long a claimed message is another worker's: longer than any handler's own timeout (10-15 s),
    # and how long a crashed worker's messages wait before they are tried again.
    lease_seconds: float = Field(60, gt=0)
    threads: int = Field(4, ge=1, le=64)  # deliveries at once, each to a different destination
