"""Pydantic models of the notify API: receivers, the routing tree, silences, inhibitions, the log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ioc.kit.types import Timestamp
from ioc.notify import matchers

Name = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")
Duration = Field(None, pattern=r"^[0-9]{1,6}[smhd]$")
LabelName = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class Matcher(BaseModel):
    """A label matcher: `label` `op` `value`, op one of =, !=, =~, !~ (regular expressions in RE2)."""

    model_config = ConfigDict(extra="forbid")
    label: str = LabelName
    op: Literal["=", "!=", "=~", "!~"]
    value: str = Field(max_length=matchers.MAX_PATTERN)

    @field_validator("value")
    @classmethod
    def _regex(cls, value: str, info) -> str:
        problem = matchers.check({"op": info.data.get("op"), "value": value}) if info.data.get("op") else None
        if problem:
            raise ValueError(problem)
        return value


class ReceiverIn(BaseModel):
    """A receiver: a unique name, a kind (webhook, email, in_app or a plugin's) and the kind's settings."""

    model_config = ConfigDict(extra="forbid")
    name: str = Name
    kind: str = Field(min_length=1, max_length=40)
    config: dict[str, Any] = Field(default_factory=dict)
    secret: str | None = Field(None, min_length=16, max_length=200)


class ReceiverOut(BaseModel):
    """A receiver as admins see it (the secret is never shown back)."""

    id: int
    name: str
    kind: str
    config: dict[str, Any]
    signed: bool
    updated_at: datetime


class Route(BaseModel):
    """A node of the routing tree (Alertmanager's route); children inherit what they leave out."""

    model_config = ConfigDict(extra="forbid")
    receiver: str | None = Field(None, max_length=100)
    matchers: list[Matcher] = Field(default_factory=list, max_length=20)
    continue_: bool = Field(False, alias="continue")
    group_by: list[str] | None = Field(None, max_length=20)
    group_wait: str | None = Duration
    group_interval: str | None = Duration
    repeat_interval: str | None = Duration
    send_resolved: bool | None = None
    escalate_after: str | None = Duration
    escalate_to: str | None = Field(None, max_length=100)
    routes: list[Route] = Field(default_factory=list, max_length=50)


class SilenceIn(BaseModel):
    """Mute alerts matching all matchers from startsAt to endsAt."""

    model_config = ConfigDict(extra="forbid")
    matchers: list[Matcher] = Field(min_length=1, max_length=20)
    startsAt: Timestamp | None = None  # noqa: N815 (Alertmanager's name)
    endsAt: Timestamp  # noqa: N815
    comment: str = Field(min_length=1, max_length=1000)


class SilenceOut(BaseModel):
    """A silence and its state (pending, active, expired)."""

    id: int
    matchers: list[dict]
    startsAt: datetime  # noqa: N815
    endsAt: datetime  # noqa: N815
    createdBy: str  # noqa: N815
    comment: str
    state: str


class InhibitionIn(BaseModel):
    """A firing source alert mutes target alerts that have the same values of the `equal` labels."""

    model_config = ConfigDict(extra="forbid")
    source_match: list[Matcher] = Field(min_length=1, max_length=20)
    target_match: list[Matcher] = Field(min_length=1, max_length=20)
    equal: list[str] = Field(default_factory=list, max_length=20)


class InhibitionOut(InhibitionIn):
    """A stored inhibition rule."""

    model_config = ConfigDict(extra="ignore")
    id: int


class NotificationOut(BaseModel):
    """One notification and where its delivery stands (queued, delivered, retrying, failed)."""

    id: int
    receiver: str
    kind: str
    group_key: str
    status: str
    reason: str
    alert_count: int
    created_at: datetime
    delivery: str
    attempts: int
    last_error: str | None
