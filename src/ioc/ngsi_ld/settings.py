"""Settings of the NGSI-LD broker, read from IOC_NGSI_LD_* environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class NgsiSettings(BaseSettings):
    """IOC_NGSI_LD_* settings."""

    model_config = SettingsConfigDict(env_prefix="IOC_NGSI_LD_", extra="ignore")

    public_reads: bool = False  # a government IOC keeps even reads behind a key by default
