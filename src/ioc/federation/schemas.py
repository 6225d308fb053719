"""Pydantic models of the federation API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ioc.kit.types import Timestamp

ProvinceCode = Field(pattern=r"^[0-9]{2}$")


class MemberIn(BaseModel):
    """A province deployment to register (national side)."""

    code: str = Field(pattern=r"^[0-9]{2}$")
    name: str = Field(min_length=1, max_length=200)
    url: str = Field("", max_length=500)
    token: str | None = Field(None, min_length=32, max_length=200)


class KeyIn(BaseModel):
    """A member's Ed25519 public key (base64 of 32 bytes) and its validity."""

    public_key: str = Field(min_length=40, max_length=60)
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None


class LinkIn(BaseModel):
    """The upward link of a province: the national URL and the national's public keys (key id -> key)."""

    url: str = Field(min_length=8, max_length=500)
    national_keys: dict[str, str] | None = Field(None, max_length=10)


class PushIn(BaseModel):
    """Which datasets to send now (all when empty)."""

    datasets: list[str] = Field(default_factory=list, max_length=6)


class DownwardIn(BaseModel):
    """A directive or warning the national deployment sends down to provinces (all when `provinces` is empty)."""

    kind: str = Field(pattern="^(directive|warning)$")
    provinces: list[str] = Field(default_factory=list, max_length=40)
    title: str = Field(min_length=3, max_length=300)
    body: str = Field("", max_length=5000)
    due: Timestamp | None = None
    severity: str = Field("moderate", pattern="^(minor|moderate|severe|extreme)$")
