"""Federation tables: the national side's members, keys and applied snapshots; the province side's link."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Member(Base):
    """A province deployment registered with the national one (national side)."""

    __tablename__ = "fed_members"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # province code (NSO)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), default="")  # the province's base URL, for downward messages
    token_hash: Mapped[str | None] = mapped_column(String(128))  # sha256 of a bearer token, when not by key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_problem: Mapped[dict[str, Any] | None] = mapped_column(JSONType)  # the last refusal's problem details


class MemberKey(Base):
    """One Ed25519 public key of a member, valid in [valid_from, valid_until): several at once for rotation."""

    __tablename__ = "fed_member_keys"

    key_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    member_code: Mapped[str] = mapped_column(String(10), index=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64 of the 32 raw bytes
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Dataset(Base):
    """The applied version of one (province, dataset, period): what the national pages show."""

    __tablename__ = "fed_datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province: Mapped[str] = mapped_column(String(10))
    dataset: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))  # YYYY-MM
    version: Mapped[int] = mapped_column(Integer)
    snapshot_id: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the dataset as sent (indicator values: fed_values)

    __table_args__ = (UniqueConstraint("province", "dataset", "period"),)


class Receipt(Base):
    """Every snapshot id applied, so a retried delivery is answered "already applied" (national side)."""

    __tablename__ = "fed_receipts"

    snapshot_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    province: Mapped[str] = mapped_column(String(10))
    dataset: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_fed_receipts_province", "province", "received_at"),)


class Value(Base):
    """One indicator value of a province for a period and area, as last applied (national side)."""

    __tablename__ = "fed_values"

    province: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(40))  # national code (Decision 293)
    area: Mapped[str] = mapped_column(String(10))  # ward code, or the province code for the whole province
    value: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12), default="")

    __table_args__ = (
        Index("ix_fed_values_snapshot", "province", "period"),
        Index("ix_fed_values_code", "code", "area", "period"),
    )
    # No surrogate key: a national round is a million rows bulk-loaded, and a serial id's index cost a second of
    # it. A row is one (province, period, code, area), which the ORM uses as its identity.
    __mapper_args__ = {"primary_key": [province, period, code, area]}


class Identity(Base):
    """This deployment's own signing keys (the newest active one signs); a province's and the nation's alike."""

    __tablename__ = "fed_identity"

    key_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    private_key: Mapped[str] = mapped_column(String(200))  # sealed: "v1:" + AES-256-GCM (crypto.seal)
    public_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Link(Base):
    """The upward link of a province deployment: one row (province side)."""

    __tablename__ = "fed_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500))  # the national deployment's base URL
    national_keys: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # key id -> public key
    enabled: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Outgoing(Base):
    """A snapshot this province built and queued, with its version per (dataset, period) (province side)."""

    __tablename__ = "fed_outgoing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[str] = mapped_column(String(64), unique=True)
    dataset: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the data: an unchanged dataset is not sent again
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("dataset", "period", "version"),)


class Inbound(Base):
    """A directive or warning the national deployment sent down, once per message id (province side)."""

    __tablename__ = "fed_inbound"

    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # directive | warning
    local_id: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
