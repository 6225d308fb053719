"""Notify settings from IOC_NOTIFY_* environment variables (links, webhooks, mail, flush loop)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from ioc.kit.urlpolicy import Allowlist


class NotifySettings(BaseSettings):
    """Every field can be set as IOC_NOTIFY_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_NOTIFY_", extra="ignore")

    external_url: str = "http://localhost:8000"  # Alertmanager's externalURL; generatorURL is built from it
    webhook_timeout_seconds: float = 10
    webhook_allowed_hosts: str = ""  # non-public hosts/addresses/CIDRs receivers' webhooks may reach
    smtp_host: str = ""  # empty: messages are written as .eml files to mail_dir
    smtp_port: int = 25
    smtp_from: str = "IOC <no-reply@ioc.local>"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_dir: str = "var/mail"
    flush_poll_seconds: float = 5
    max_alerts_per_notification: int = 100  # the rest are counted in truncatedAlerts

    def webhook_allowlist(self) -> Allowlist:
        """The non-public destinations an admin lets webhooks reach."""
        return Allowlist.parse(self.webhook_allowed_hosts)
