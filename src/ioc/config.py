"""Settings read from IOC_* environment variables, with safe defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from typing import TypeVar

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_SECRET_KEY = "ioc-demo-secret-change-me"
S = TypeVar("S", bound=BaseSettings)


class SettingsError(RuntimeError):
    """Raised when the settings are unsafe for the chosen mode."""


class Settings(BaseSettings):
    """Deployment settings; every field can be set as IOC_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_", extra="ignore")

    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'ioc.db'}")
    secret_key: str = DEMO_SECRET_KEY
    production: bool = False
    jurisdiction: str = "48"
    jurisdiction_name: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    host: str = "127.0.0.1"
    port: int = 8000
    default_language: str = "vi"
    token_ttl_seconds: int = 12 * 3600
    session_ttl_seconds: int = 12 * 3600
    secure_cookies: bool = False
    bus_url: str = ""  # empty: in-process bus; nats://host:4222 for NATS JetStream
    mqtt_url: str = ""
    tile_url: str = ""  # optional base map; maps work without it
    media_dir: str = Field(default_factory=lambda: str(Path.cwd() / "var" / "media"))
    log_json: bool = True
    worker_in_process: bool = True
    max_body_bytes: int = 10 * 1024 * 1024  # routes taking files allow more (kit/guards.py)
    _sections: dict[type, BaseSettings] = PrivateAttr(default_factory=dict)

    @field_validator("jurisdiction")
    @classmethod
    def _two_digit_code(cls, value: str) -> str:
        return value.zfill(2) if value.isdigit() else value

    def check_safe(self) -> None:
        """Refuse to run in production with demo secrets or insecure cookies."""
        if not self.production:
            return
        if self.secret_key == DEMO_SECRET_KEY or len(self.secret_key) < 32:
            raise SettingsError(
                "IOC_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (IOC_PRODUCTION=1)."
            )

    def section(self, cls: type[S]) -> S:
        """A domain's settings (its own IOC_<DOMAIN>_* variables), read once for these settings."""
        if cls not in self._sections:
            self._sections[cls] = cls()
        return self._sections[cls]

    def set_section(self, value: BaseSettings) -> None:
        """Use these domain settings instead of reading the environment (tests, embedding)."""
        self._sections[type(value)] = value

    @property
    def is_sqlite(self) -> bool:
        """True when the database is SQLite."""
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
