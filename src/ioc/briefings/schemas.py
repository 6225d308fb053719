"""Briefings API shapes in and out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["week", "month"]


class BriefingIn(BaseModel):
    """Make (or remake) the briefing of a period now; `send` also mails it to the subscribers."""

    model_config = ConfigDict(extra="forbid")
    kind: Kind
    period: str = Field(
        min_length=7, max_length=8, description="A week 2026-W48 or a month 2026-11", examples=["2026-W48"]
    )
    send: bool = False


class BriefingOut(BaseModel):
    """A stored briefing and the links to its files."""

    id: int
    kind: Kind
    period: str
    title: str
    first_day: date
    last_day: date
    source: str
    created_by: str
    created_at: datetime
    sent_at: datetime | None
    sent_to: int
    pdf_bytes: int
    xlsx_bytes: int
    pdf_url: str
    xlsx_url: str


class SubscriberIn(BaseModel):
    """An address to receive briefings."""

    model_config = ConfigDict(extra="forbid")
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s,<>]+@[^@\s,<>]+\.[^@\s,<>]+$")
    name: str = Field("", max_length=200)
    weekly: bool = True
    monthly: bool = True


class SubscriberOut(BaseModel):
    """A subscriber."""

    id: int
    email: str
    name: str
    weekly: bool
    monthly: bool
    created_at: datetime
