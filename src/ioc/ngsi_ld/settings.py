"""Settings of the NGSI-LD broker, read from IOC_NGSI_LD_* environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from ioc.kit.urlpolicy import Allowlist


class NgsiSettings(BaseSettings):
    """IOC_NGSI_LD_* settings."""

    model_config = SettingsConfigDict(env_prefix="IOC_NGSI_LD_", extra="ignore")

    public_reads: bool = False  # a government IOC keeps even reads behind a key by default
    # Hosts, addresses and CIDR networks notifications may reach although they are not public (comma list).
    notify_allowed_hosts: str = ""

    def notify_allowlist(self) -> Allowlist:
        """The non-public subscription endpoints an admin allows."""
        return Allowlist.parse(self.notify_allowed_hosts)

    # One entity's attributes as serialized JSON; a bigger write answers 413.
    max_entity_bytes: int = 1_000_000
