"""Settings of the NGSI-LD API, read from IOC_NGSI_LD_* environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class NgsiSettings(BaseSettings):
    """IOC_NGSI_LD_* settings."""

    model_config = SettingsConfigDict(env_prefix="IOC_NGSI_LD_", extra="ignore")

    public_reads: bool = False  # a government IOC keeps even reads behind a key by default
    # One entity's attributes as serialized JSON; a bigger write answers 413.
    max_entity_bytes: int = 1_000_000


@lru_cache
def ngsi_settings() -> NgsiSettings:
    """Settings read once per process."""
    return NgsiSettings()
