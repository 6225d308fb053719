"""The facilities table: one row per place; its figures over time live on the sensors' series."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Facility(Base):
    """A hospital, health station, school, tourist site, hotel, police post, fire station or camera."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    # Name and address folded to ASCII lower case: the diacritic-insensitive search reads it.
    search_text: Mapped[str] = mapped_column(String(700), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    owner_agency: Mapped[str | None] = mapped_column(String(40))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(String(10))
    attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    # The sensors station that carries this facility's figures (created with the facility).
    station_code: Mapped[str | None] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_facilities_kind_area", "kind", "area_code"),
        Index("ix_facilities_owner_agency", "owner_agency"),
        Index("ix_facilities_kind_lon_lat", "kind", "lon", "lat"),  # the map's bounding-box reads
        Index("ix_facilities_kind_updated", "kind", "updated_at"),  # the map cache's version
    )
