"""SQL of the station registry and the raw observations (the rollups, latest values and indices: `rollups`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import orjson
from sqlalchemy import Row, String, bindparam, delete, func, or_, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ioc.db import unnest
from ioc.db.types import UTCDateTime
from ioc.sensors.models import Observation, Station
from ioc.sensors.repository import is_postgres

ObsRow = tuple[int, str, int, float, int, "str | None"]  # station_id, quantity, ts, value, flag, unit_sent

_INSERT_COLUMNS = "station_id, quantity, ts, value, flag, unit_sent"
_SQLITE_INSERT = f"INSERT INTO observations ({_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
# The json_each form is one statement, so RETURNING tells exactly which rows were new.
_SQLITE_RETURNING = (
    f"INSERT INTO observations ({_INSERT_COLUMNS}) "
    "SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?) "
    "WHERE true ON CONFLICT DO NOTHING RETURNING station_id, quantity, ts, value, flag"
)
_PG_RETURNING = (
    f"INSERT INTO observations ({_INSERT_COLUMNS}) "
    + unnest.json_rows_select(("int", "text", "bigint", "float8", "smallint", "text"))
    + " ON CONFLICT DO NOTHING RETURNING station_id, quantity, ts, value, flag"
)


# ---- stations -------------------------------------------------------------------------------


def station_by_code(session: Session, code: str) -> Station | None:
    """A station by its code."""
    return session.scalar(select(Station).where(Station.code == code))


def stations_by_codes(session: Session, codes: Iterable[str]) -> list[Station]:
    """The stations with these codes (unknown codes are simply absent)."""
    wanted = list(set(codes))
    found: list[Station] = []
    for i in range(0, len(wanted), 500):  # stay under bind-parameter limits
        found += session.scalars(select(Station).where(Station.code.in_(wanted[i : i + 500])))
    return found


# What ingestion needs of a station, read as plain rows (no ORM objects on the hot path).
_REF_COLUMNS = (
    Station.id,
    Station.code,
    Station.kind,
    Station.name,
    Station.lat,
    Station.lon,
    Station.quantities,
    Station.owner_agency,
    Station.active,
)


def station_refs(session: Session, codes: Iterable[str]) -> list[Row]:
    """(id, code, kind, name, lat, lon, quantities, owner_agency, active) of the stations with these codes."""
    wanted = list(set(codes))
    if not wanted:
        return []
    if is_postgres(session):  # one statement whatever the number of codes
        return list(
            session.execute(
                select(*_REF_COLUMNS).where(
                    Station.code == func.any(bindparam("codes", wanted, type_=postgresql.ARRAY(String)))
                )
            )
        )
    found: list[Row] = []
    for i in range(0, len(wanted), 500):
        found += session.execute(select(*_REF_COLUMNS).where(Station.code.in_(wanted[i : i + 500])))
    return found


def stations_by_ids(session: Session, ids: Iterable[int]) -> list[Station]:
    """The stations with these ids."""
    return list(session.scalars(select(Station).where(Station.id.in_(list(set(ids))))))


def search_stations(
    session: Session,
    *,
    kind: str | None,
    area_code: str | None,
    q: str | None,
    active: bool | None,
    sort: tuple[str, bool],
    offset: int,
    limit: int,
) -> tuple[list[Station], int]:
    """A filtered, sorted page of stations and the total count."""
    stmt = select(Station)
    if kind:
        stmt = stmt.where(Station.kind == kind)
    if area_code:
        stmt = stmt.where(Station.area_code == area_code)
    if active is not None:
        stmt = stmt.where(Station.active == active)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(Station.name).like(like), func.lower(Station.code).like(like)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Station, sort[0])
    stmt = stmt.order_by(column.desc() if sort[1] else column, Station.id).offset(offset).limit(limit)
    return list(session.scalars(stmt)), total


def all_stations(session: Session, kinds: Sequence[str] | None = None) -> list[Station]:
    """Every active station, optionally of some kinds."""
    stmt = select(Station).where(Station.active.is_(True)).order_by(Station.code)
    if kinds:
        stmt = stmt.where(Station.kind.in_(list(kinds)))
    return list(session.scalars(stmt))


def touch_stations(session: Session, seen: dict[int, datetime]) -> None:
    """Move each station's last_seen_at forward to the newest observation time (one statement)."""
    if not seen:
        return
    ids = sorted(seen)  # one lock order for concurrent batches
    if is_postgres(session):
        session.connection().exec_driver_sql(_PG_TOUCH, (ids, [seen[i] for i in ids]))
    else:
        session.execute(_TOUCH, [{"i": sid, "t": seen[sid]} for sid in ids])


_TOUCH = text(
    "UPDATE stations SET last_seen_at = :t WHERE id = :i AND (last_seen_at IS NULL OR last_seen_at < :t)"
).bindparams(bindparam("t", type_=UTCDateTime))
_PG_TOUCH = (
    "UPDATE stations AS s SET last_seen_at = v.t FROM unnest(%b::int[], %b::timestamptz[]) AS v(i, t) "
    "WHERE s.id = v.i AND (s.last_seen_at IS NULL OR s.last_seen_at < v.t)"
)


# ---- observations ---------------------------------------------------------------------------


def insert_observations(session: Session, rows: list[ObsRow]) -> list[tuple]:
    """Insert rows, ignoring ones already stored; returns the rows actually inserted."""
    if not rows:
        return []
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        return _insert_sqlite(conn, rows)
    return [tuple(r) for r in conn.exec_driver_sql(_PG_RETURNING, (unnest.json_rows(rows),)).fetchall()]


def _insert_sqlite(conn, rows: list[ObsRow]) -> list[tuple]:
    # Fast path: a plain executemany; when every row counted as a change none was a
    # duplicate. Otherwise undo it and let RETURNING name the new rows.
    savepoint = conn.begin_nested()
    result = conn.exec_driver_sql(_SQLITE_INSERT, rows)
    if result.rowcount == len(rows):
        savepoint.commit()
        return rows
    savepoint.rollback()
    return conn.exec_driver_sql(_SQLITE_RETURNING, (orjson.dumps(rows).decode(),)).fetchall()


def raw_series(session: Session, station_id: int, quantity: str, start: int, end: int, limit: int) -> list[Observation]:
    """Raw observations of one series in [start, end), oldest first."""
    return list(
        session.scalars(
            select(Observation)
            .where(
                Observation.station_id == station_id,
                Observation.quantity == quantity,
                Observation.ts >= start,
                Observation.ts < end,
            )
            .order_by(Observation.ts)
            .limit(limit)
        )
    )


def delete_raw_before(session: Session, cutoff: int) -> int:
    """Delete raw observations older than cutoff (rollups stay); returns rows deleted."""
    result = session.execute(delete(Observation).where(Observation.ts < cutoff))
    return result.rowcount or 0


def count_observations(session: Session, station_id: int | None = None) -> int:
    """How many raw observations are stored (for one station or all)."""
    stmt = select(func.count()).select_from(Observation)
    if station_id is not None:
        stmt = stmt.where(Observation.station_id == station_id)
    return session.scalar(stmt) or 0
