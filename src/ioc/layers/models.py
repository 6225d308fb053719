"""Layer tables: a layer as admins describe it, and its features with their bbox and per-zoom geometry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Layer(Base):
    """A map layer (lớp bản đồ): names, sector, style, popup fields, who may see it, where it came from."""

    __tablename__ = "map_layers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(10), default="staff")  # public | staff | roles
    roles: Mapped[list[str]] = mapped_column(JSONType, default=list)
    style: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    popup_fields: Mapped[list[str]] = mapped_column(JSONType, default=list)
    fields: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)  # attribute -> number | text
    geometry_type: Mapped[str] = mapped_column(String(30), default="")
    source_name: Mapped[str] = mapped_column(String(255), default="")
    source_format: Mapped[str] = mapped_column(String(20), default="")
    source_crs: Mapped[str] = mapped_column(Text, default="")
    feature_count: Mapped[int] = mapped_column(Integer, default=0)
    min_lon: Mapped[float] = mapped_column(Float, default=0)
    min_lat: Mapped[float] = mapped_column(Float, default=0)
    max_lon: Mapped[float] = mapped_column(Float, default=0)
    max_lat: Mapped[float] = mapped_column(Float, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)  # part of every ETag of its features
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LayerFeature(Base):
    """One feature of a layer: its attributes, bbox, and GeoJSON geometry at each zoom band (text, served as is)."""

    __tablename__ = "map_layer_features"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("map_layers.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # position in the file, named in errors and popups
    min_zoom: Mapped[int] = mapped_column(Integer, default=0)  # first zoom it is drawn at (0, 10 or 14)
    properties: Mapped[str] = mapped_column(Text)  # JSON object text
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    geom_low: Mapped[str | None] = mapped_column(Text)  # zoom <= 9; NULL when it simplifies away
    geom_mid: Mapped[str | None] = mapped_column(Text)  # zoom 10-13
    geom_full: Mapped[str] = mapped_column(Text)  # zoom >= 14: as imported (WGS 84)

    __table_args__ = (
        Index("ix_map_layer_features_bbox", "layer_id", "min_zoom", "min_lon", "max_lon", "min_lat", "max_lat"),
    )
