"""Settings of the sensors domain, read from IOC_SENSORS_* environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class SensorSettings(BaseSettings):
    """Retention of raw observations and the MQTT topic scheme."""

    model_config = SettingsConfigDict(env_prefix="IOC_SENSORS_", extra="ignore")

    raw_retention_days: int = 400  # 0 keeps raw rows forever; rollups are always kept
    mqtt_prefix: str = "ioc/v1/stations"
    mqtt_client_id: str = "ioc-ingest"
    retention_check_seconds: int = 3600
