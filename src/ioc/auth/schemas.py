"""Auth shapes for the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TokenOut(BaseModel):
    """OAuth2 token answer."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeOut(BaseModel):
    """The calling principal."""

    kind: str
    name: str
    role: str
    agency_code: str | None
    area_codes: list[str]


class UserIn(BaseModel):
    """A new user."""

    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=8, max_length=200)
    role: str
    agency_code: str | None = None
    full_name: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=200)


class UserPatch(BaseModel):
    """Changes to a user; only the fields sent are changed."""

    # A field left out stays; agency_code and email may be cleared with null, the others refuse it.
    role: str = None
    agency_code: str | None = None
    full_name: str = Field(None, max_length=200)
    email: str | None = Field(None, max_length=200)
    active: bool = None
    password: str = Field(default=None, min_length=8, max_length=200)


class UserOut(BaseModel):
    """A user as admins see it."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    role: str
    agency_code: str | None
    full_name: str
    email: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None


class AgencyIn(BaseModel):
    """An agency to create or update."""

    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=200)
    name_en: str = ""
    kind: str = "department"
    supervisor_email: str | None = None
    area_codes: list[str] = []


class AgencyOut(BaseModel):
    """An agency and the wards it covers."""

    code: str
    name: str
    name_en: str
    kind: str
    supervisor_email: str | None
    area_codes: list[str]


class ApiKeyIn(BaseModel):
    """A new API key."""

    name: str = Field(min_length=1, max_length=100)
    role: str = "integrator"
    agency_code: str | None = None


class ApiKeyOut(BaseModel):
    """An API key without its secret."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    prefix: str
    role: str
    agency_code: str | None
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    """A new key: the only time the plain key is shown."""

    key: str


class AuditOut(BaseModel):
    """One audit entry."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor: str
    actor_kind: str
    action: str
    object_type: str
    object_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    ip: str | None
