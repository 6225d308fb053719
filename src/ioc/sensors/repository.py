"""All SQL of the sensors domain."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import orjson
from sqlalchemy import Row, String, bindparam, delete, func, or_, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ioc.db.types import UTCDateTime
from ioc.sensors.models import HourlyRollup, LatestValue, Observation, Station, StationIndex

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
    "SELECT * FROM unnest(%b::int[], %b::text[], %b::bigint[], %b::float8[], %b::smallint[], %b::text[]) "
    "ON CONFLICT DO NOTHING RETURNING station_id, quantity, ts, value, flag"
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
        found += session.scalars(select(Station).where(Station.code.in_(wanted[i:i + 500])))
    return found


# What ingestion needs of a station, read as plain rows (no ORM objects on the hot path).
_REF_COLUMNS = (Station.id, Station.code, Station.kind, Station.name, Station.lat, Station.lon,
                Station.quantities, Station.owner_agency, Station.active)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def station_refs(session: Session, codes: Iterable[str]) -> list[Row]:
    """(id, code, kind, name, lat, lon, quantities, owner_agency, active) of the stations with these codes."""
    wanted = list(set(codes))
    if not wanted:
        return []
    if _is_pg(session):  # one statement whatever the number of codes
        return list(session.execute(select(*_REF_COLUMNS).where(Station.code == func.any(
            bindparam("codes", wanted, type_=postgresql.ARRAY(String))))))
    found: list[Row] = []
    for i in range(0, len(wanted), 500):
        found += session.execute(select(*_REF_COLUMNS).where(Station.code.in_(wanted[i:i + 500])))
    return found


def stations_by_ids(session: Session, ids: Iterable[int]) -> list[Station]:
    """The stations with these ids."""
    return list(session.scalars(select(Station).where(Station.id.in_(list(set(ids))))))


def search_stations(session: Session, *, kind: str | None, area_code: str | None, q: str | None,
                    active: bool | None, sort: tuple[str, bool], offset: int, limit: int
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
    if _is_pg(session):
        session.connection().exec_driver_sql(_PG_TOUCH, (ids, [seen[i] for i in ids]))
    else:
        session.execute(_TOUCH, [{"i": sid, "t": seen[sid]} for sid in ids])


_TOUCH = text("UPDATE stations SET last_seen_at = :t WHERE id = :i AND (last_seen_at IS NULL OR last_seen_at < :t)"
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
    columns = [list(c) for c in zip(*rows, strict=True)]
    return [tuple(r) for r in conn.exec_driver_sql(_PG_RETURNING, tuple(columns)).fetchall()]


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


def raw_series(session: Session, station_id: int, quantity: str, start: int, end: int,
               limit: int) -> list[Observation]:
    """Raw observations of one series in [start, end), oldest first."""
    return list(session.scalars(select(Observation).where(
        Observation.station_id == station_id, Observation.quantity == quantity,
        Observation.ts >= start, Observation.ts < end).order_by(Observation.ts).limit(limit)))


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


# ---- rollups and latest values --------------------------------------------------------------

_ROLLUP_KEYS = ("s", "q", "t", "n", "total", "vmin", "vmax", "f")
_PG_ROLLUP_ROWS = ("SELECT * FROM unnest(%b::int[], %b::text[], %b::bigint[], %b::int[], %b::float8[], "
                   "%b::float8[], %b::float8[], %b::int[])")


def _rollup_upsert_sql(table: str, pg: bool = False) -> str:
    rows = _PG_ROLLUP_ROWS if pg else "VALUES (:s, :q, :t, :n, :total, :vmin, :vmax, :f)"
    return (
        f"INSERT INTO {table} (station_id, quantity, start, n, total, vmin, vmax, flagged) {rows} "
        "ON CONFLICT (station_id, quantity, start) DO UPDATE SET "
        f"n = {table}.n + excluded.n, total = {table}.total + excluded.total, "
        f"vmin = CASE WHEN excluded.vmin IS NULL THEN {table}.vmin "
        f"WHEN {table}.vmin IS NULL OR excluded.vmin < {table}.vmin THEN excluded.vmin ELSE {table}.vmin END, "
        f"vmax = CASE WHEN excluded.vmax IS NULL THEN {table}.vmax "
        f"WHEN {table}.vmax IS NULL OR excluded.vmax > {table}.vmax THEN excluded.vmax ELSE {table}.vmax END, "
        f"flagged = {table}.flagged + excluded.flagged"
    )


_HOURLY_UPSERT = text(_rollup_upsert_sql("observation_hourly"))
_DAILY_UPSERT = text(_rollup_upsert_sql("observation_daily"))
_PG_HOURLY_UPSERT = _rollup_upsert_sql("observation_hourly", pg=True)
_PG_DAILY_UPSERT = _rollup_upsert_sql("observation_daily", pg=True)
_LATEST_SET = ("ON CONFLICT (station_id, quantity) DO UPDATE SET "
               "ts = excluded.ts, value = excluded.value, flag = excluded.flag, run = excluded.run "
               "WHERE excluded.ts > latest_values.ts")
_LATEST_UPSERT = text(
    "INSERT INTO latest_values (station_id, quantity, ts, value, flag, run) "
    f"VALUES (:s, :q, :t, :v, :f, :r) {_LATEST_SET}"
)
_PG_LATEST_UPSERT = (
    "INSERT INTO latest_values (station_id, quantity, ts, value, flag, run) "
    "SELECT * FROM unnest(%b::int[], %b::text[], %b::bigint[], %b::float8[], %b::smallint[], %b::int[]) "
    f"{_LATEST_SET}"
)


def _columns(rows: list[dict], keys: Sequence[str], floats: Sequence[str] = ()) -> tuple[list, ...]:
    """Parameter dicts as one list per key (the arrays of an unnest); psycopg wants one type per
    list, so the `floats` keys are made float (an int among floats would be refused)."""
    return tuple([None if row[k] is None else float(row[k]) for row in rows] if k in floats
                 else [row[k] for row in rows] for k in keys)


def add_rollups(session: Session, hourly: list[dict], daily: list[dict]) -> None:
    """Fold batch aggregates (s, q, t, n, total, vmin, vmax, f) into the rollup tables.

    PostgreSQL gets one INSERT … SELECT FROM unnest(arrays) per table (a single statement
    however many rows); SQLite, in process, an executemany. Keys must be unique per list.
    """
    if _is_pg(session):
        conn = session.connection()
        for sql, rows in ((_PG_HOURLY_UPSERT, hourly), (_PG_DAILY_UPSERT, daily)):
            if rows:
                conn.exec_driver_sql(sql, _columns(rows, _ROLLUP_KEYS, ("total", "vmin", "vmax")))
        return
    if hourly:
        session.execute(_HOURLY_UPSERT, hourly)
    if daily:
        session.execute(_DAILY_UPSERT, daily)


def latest_states(session: Session, station_ids: Iterable[int]) -> dict[tuple[int, str], tuple]:
    """(station, quantity) → (ts, value, run) for these stations."""
    ids = list(set(station_ids))
    if _is_pg(session):
        rows = session.connection().exec_driver_sql(
            "SELECT station_id, quantity, ts, value, run FROM latest_values WHERE station_id = ANY(%b::int[])", (ids,))
    else:
        rows = session.execute(select(LatestValue.station_id, LatestValue.quantity, LatestValue.ts,
                                      LatestValue.value, LatestValue.run)
                               .where(LatestValue.station_id.in_(ids)))
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def upsert_latest(session: Session, rows: list[dict]) -> None:
    """Replace latest values where the new one (s, q, t, v, f, r) is newer; (s, q) unique in rows."""
    if not rows:
        return
    if _is_pg(session):
        session.connection().exec_driver_sql(_PG_LATEST_UPSERT, _columns(rows, ("s", "q", "t", "v", "f", "r"), ("v",)))
    else:
        session.execute(_LATEST_UPSERT, rows)


def latest_values(session: Session, station_ids: list[int] | None) -> list[tuple[LatestValue, str]]:
    """Latest values with their station code, for some stations or all."""
    stmt = select(LatestValue, Station.code).join(Station, Station.id == LatestValue.station_id)
    if station_ids is not None:
        stmt = stmt.where(LatestValue.station_id.in_(station_ids))
    return [(r[0], r[1]) for r in session.execute(stmt.order_by(Station.code, LatestValue.quantity))]


def rollup_series(session: Session, daily: bool, station_id: int, quantity: str, start: int,
                  end: int) -> list[tuple]:
    """(start, n, total, vmin, vmax) rows of one series in [start, end), oldest first.

    Read through the driver's cursor as plain tuples: a one-year hourly series is 8,760 rows.
    Core rows would cost twice the query, and being garbage-collector-tracked containers that
    outlive a young collection they set off a full collection every few calls (tens of ms);
    tuples of numbers are untracked at the first collection.
    """
    table = "observation_daily" if daily else "observation_hourly"
    mark = "%s" if _is_pg(session) else "?"
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(f"SELECT start, n, total, vmin, vmax FROM {table} WHERE station_id = {mark} "
                       f"AND quantity = {mark} AND start >= {mark} AND start < {mark} ORDER BY start",
                       (station_id, quantity, start, end))
        return cursor.fetchall()
    finally:
        cursor.close()


def hourly_means(session: Session, station_ids: list[int], quantities: Sequence[str], start: int,
                 end: int) -> list[tuple[int, str, int, float]]:
    """(station, quantity, hour, mean of good values) for hours in [start, end) with data."""
    if _is_pg(session):
        rows = session.connection().exec_driver_sql(
            "SELECT station_id, quantity, start, total, n FROM observation_hourly WHERE station_id = ANY(%b::int[]) "
            "AND quantity = ANY(%b::text[]) AND start >= %s AND start < %s AND n > 0",
            (list(station_ids), list(quantities), start, end))
        return [(r[0], r[1], r[2], r[3] / r[4]) for r in rows]
    rows = session.execute(select(HourlyRollup.station_id, HourlyRollup.quantity, HourlyRollup.start,
                                  HourlyRollup.total, HourlyRollup.n).where(
        HourlyRollup.station_id.in_(station_ids), HourlyRollup.quantity.in_(list(quantities)),
        HourlyRollup.start >= start, HourlyRollup.start < end, HourlyRollup.n > 0))
    return [(r[0], r[1], r[2], r[3] / r[4]) for r in rows]


# ---- indices --------------------------------------------------------------------------------

_INDEX_UPSERT = text(
    "INSERT INTO station_indices (station_id, kind, start, value, dominant, details) "
    "VALUES (:s, :k, :t, :v, :d, :details) ON CONFLICT (station_id, kind, start) DO UPDATE SET "
    "value = excluded.value, dominant = excluded.dominant, details = excluded.details"
)
_PG_INDEX_UPSERT = (
    "INSERT INTO station_indices (station_id, kind, start, value, dominant, details) "
    "SELECT s, k, t, v, d, details::jsonb FROM unnest(%b::int[], %b::text[], %b::bigint[], %b::int[], "
    "%b::text[], %b::text[]) AS r(s, k, t, v, d, details) "
    "ON CONFLICT (station_id, kind, start) DO UPDATE SET "
    "value = excluded.value, dominant = excluded.dominant, details = excluded.details"
)


def upsert_indices(session: Session, rows: list[dict]) -> None:
    """Store index values (s, k, t, v, d, details as JSON text)."""
    if not rows:
        return
    if _is_pg(session):
        columns = _columns(rows, ("s", "k", "t", "v", "d", "details"), ("v",))
        session.connection().exec_driver_sql(_PG_INDEX_UPSERT, columns)
    else:
        session.execute(_INDEX_UPSERT, rows)


def current_indices(session: Session, kind: str) -> list[tuple[StationIndex, Station]]:
    """The newest index of a kind per station, with the station."""
    newest = (select(StationIndex.station_id, func.max(StationIndex.start).label("start"))
              .where(StationIndex.kind == kind).group_by(StationIndex.station_id).subquery())
    stmt = (select(StationIndex, Station)
            .join(newest, (StationIndex.station_id == newest.c.station_id)
                  & (StationIndex.start == newest.c.start))
            .join(Station, Station.id == StationIndex.station_id)
            .where(StationIndex.kind == kind).order_by(Station.code))
    return [(r[0], r[1]) for r in session.execute(stmt)]


def index_history(session: Session, station_id: int, kind: str, start: int, end: int) -> list[StationIndex]:
    """Index values of a station in [start, end), oldest first."""
    return list(session.scalars(select(StationIndex).where(
        StationIndex.station_id == station_id, StationIndex.kind == kind,
        StationIndex.start >= start, StationIndex.start < end).order_by(StationIndex.start)))
