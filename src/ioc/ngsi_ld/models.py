"""NGSI-LD tables: entities per tenant, attribute history (temporal API), subscriptions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key for history.
BigId = BigInteger().with_variant(Integer, "sqlite")


class NgsiEntity(Base):
    """The current state of one entity of a tenant, attributes in normalized form."""

    __tablename__ = "ngsi_entities"

    pk: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(100), default="")
    entity_id: Mapped[str] = mapped_column(String(256))
    type: Mapped[str] = mapped_column(String(256))
    attrs: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Bounding box of the `location` GeoProperty, for the geo-query prefilter.
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant", "entity_id", name="uq_ngsi_entities_tenant_entity"),
        Index("ix_ngsi_entities_tenant_type", "tenant", "type", "entity_id"),
        Index("ix_ngsi_entities_bbox", "tenant", "min_lat", "min_lon", "max_lat", "max_lon"),
    )


class NgsiAttrInstance(Base):
    """One written value of an attribute: the temporal evolution of an entity."""

    __tablename__ = "ngsi_attr_history"

    pk: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(100), default="")
    entity_id: Mapped[str] = mapped_column(String(256))
    entity_type: Mapped[str] = mapped_column(String(256))
    attr: Mapped[str] = mapped_column(String(256))
    instance: Mapped[dict] = mapped_column(JSONType)
    num_value: Mapped[float | None] = mapped_column(Float)  # for aggregation without JSON parsing
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime)  # observedAt, else the write time
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_ngsi_attr_history_lookup", "tenant", "entity_id", "attr", "observed_at"),)


class NgsiSubscription(Base):
    """A subscription: which changes to notify, and where to POST them."""

    __tablename__ = "ngsi_subscriptions"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(100), default="")
    sub_id: Mapped[str] = mapped_column(String(256))
    body: Mapped[dict] = mapped_column(JSONType)  # canonical subscription, as answered on GET
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    times_sent: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("tenant", "sub_id", name="uq_ngsi_subscriptions_tenant_sub"),)
