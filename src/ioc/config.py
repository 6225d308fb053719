"""Settings read from IOC_* environment variables, with safe defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_SECRET_KEY = "ioc-demo-secret-change-me"
# Secrets that appear in this repository's docs, tests and benchmarks: never good enough for production.
KNOWN_SECRETS = {DEMO_SECRET_KEY, "change-me", "changeme", "secret"}
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT = 16  # a token_urlsafe(32) has ~30 distinct characters; "a" * 32 has one
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
    api_key_cache_seconds: float = Field(10.0, ge=0)  # a revoked key still works in another process this long
    session_ttl_seconds: int = 12 * 3600
    secure_cookies: bool = False
    bus_url: str = ""  # empty: in-process bus; nats://host:4222 for NATS JetStream
    mqtt_url: str = ""
    tile_url: str = ""  # optional base map; maps work without it
    media_dir: str = Field(default_factory=lambda: str(Path.cwd() / "var" / "media"))
    log_json: bool = True
    worker_in_process: bool = True
    # Rate limits (the `limits` library): memory:// for one process, redis://host:6379 for several.
    rate_limit_storage: str = "memory://"
    rate_limit_prefix: str = "ioc"
    login_limit_account: str = "10/15 minutes"  # failed sign-ins per account
    login_limit_address: str = "30/15 minutes"  # failed sign-ins per client address
    report_limit_address: str = "30/hour;300/day"  # anonymous citizen submissions per client address
    trusted_proxies: str = ""  # comma-separated addresses/networks whose X-Forwarded-For is believed
    public_docs: bool | None = None  # /docs, /redoc, /openapi.json; default: open except in production
    metrics_token: str = ""  # when set, /metrics needs "Authorization: Bearer <token>"
    max_body_bytes: int = 10 * 1024 * 1024  # routes taking files allow more (kit/guards.py)
    password_hashing: Literal["rfc9106", "cheapest"] = "rfc9106"  # cheapest: test suites only, refused in production
    _sections: dict[type, BaseSettings] = PrivateAttr(default_factory=dict)

    @field_validator("jurisdiction")
    @classmethod
    def _two_digit_code(cls, value: str) -> str:
        return value.zfill(2) if value.isdigit() else value

    @field_validator("login_limit_account", "login_limit_address", "report_limit_address")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse_many

        parse_many(value)  # a typo must stop the start, not disable the limit
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        import ipaddress

        for part in filter(None, (p.strip() for p in value.split(","))):
            ipaddress.ip_network(part, strict=False)  # raises on a typo, naming it
        return value

    def check_safe(self) -> None:
        """Refuse to run in production with a demo, short or low-entropy secret."""
        if not self.production:
            return
        key = self.secret_key
        if key.lower() in KNOWN_SECRETS or len(key) < MIN_SECRET_LENGTH or len(set(key)) < MIN_SECRET_DISTINCT:
            raise SettingsError(
                f"IOC_SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} characters with at least "
                f"{MIN_SECRET_DISTINCT} different ones in production (IOC_PRODUCTION=1); make one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'."
            )
        if self.password_hashing != "rfc9106":
            raise SettingsError("IOC_PASSWORD_HASHING=cheapest is for test suites; production hashes with rfc9106.")

    @property
    def docs_are_public(self) -> bool:
        """Whether /docs, /redoc and /openapi.json are served (IOC_PUBLIC_DOCS; off in production by default)."""
        return (not self.production) if self.public_docs is None else self.public_docs

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
