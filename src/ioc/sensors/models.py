"""Sensor tables: stations, raw observations, hourly/daily rollups, latest values, indices.

Observation, rollup and index times are integer epoch seconds (UTC) rather than
UTCDateTime: these tables hold tens of millions of rows and are written at tens of
thousands of rows per second, see docs/decisions/0100-sensor-time-series-storage.md.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, PrimaryKeyConstraint, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ioc.db.base import Base
from ioc.db.types import JSONType, UTCDateTime
from ioc.kit.timeutil import utcnow


class Station(Base):
    """A monitoring station or device that reports observations."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_code: Mapped[str | None] = mapped_column(String(10), index=True)
    quantities: Mapped[list] = mapped_column(JSONType, default=list)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    owner_agency: Mapped[str | None] = mapped_column(String(40))
    attributes: Mapped[dict] = mapped_column(JSONType, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_stations_kind", "kind"),)


class Observation(Base):
    """One value of one quantity at one station at one second; stored once."""

    __tablename__ = "observations"

    station_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    flag: Mapped[int] = mapped_column(SmallInteger, default=0)
    # The unit as sent, only when it differed from the canonical one (NULL otherwise, to stay small).
    unit_sent: Mapped[str | None] = mapped_column(String(20))

    # The key is the clustered order on SQLite, so a station's series is one range scan.
    __table_args__ = (Index("ix_observations_ts", "ts"), {"sqlite_with_rowid": False})


class _Rollup:
    """Count, sum, min and max of good values, and how many values were flagged."""

    station_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity: Mapped[str] = mapped_column(String(32), primary_key=True)
    start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[float] = mapped_column(Float, default=0.0)
    vmin: Mapped[float | None] = mapped_column(Float)
    vmax: Mapped[float | None] = mapped_column(Float)
    flagged: Mapped[int] = mapped_column(Integer, default=0)


def _rollup_key() -> tuple:
    # On PostgreSQL the key's index also carries the values, so a series is an index-only scan
    # (migration 0002b); SQLite keeps the rows themselves in key order.
    return (
        PrimaryKeyConstraint("station_id", "quantity", "start", postgresql_include=["n", "total", "vmin", "vmax"]),
        {"sqlite_with_rowid": False},
    )


class HourlyRollup(_Rollup, Base):
    """Per station, quantity and UTC hour (start = epoch of the hour)."""

    __tablename__ = "observation_hourly"
    __table_args__ = _rollup_key()


class DailyRollup(_Rollup, Base):
    """Per station, quantity and day in Asia/Ho_Chi_Minh (start = epoch of local midnight)."""

    __tablename__ = "observation_daily"
    __table_args__ = _rollup_key()


class LatestValue(Base):
    """The newest value per station and quantity, with the run length of identical values."""

    __tablename__ = "latest_values"

    station_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[float] = mapped_column(Float)
    flag: Mapped[int] = mapped_column(SmallInteger, default=0)
    run: Mapped[int] = mapped_column(Integer, default=1)


class StationIndex(Base):
    """A computed index value: hourly/daily VN_AQI or VN_WQI of a station for a period."""

    __tablename__ = "station_indices"

    station_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # aqi_h | aqi_d | wqi_h
    start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    dominant: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[dict] = mapped_column(JSONType, default=dict)

    __table_args__ = (Index("ix_station_indices_kind_start", "kind", "start"),)
