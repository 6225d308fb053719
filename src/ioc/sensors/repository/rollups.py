"""SQL of what is derived from the observations: hourly and daily rollups, latest values, indices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from sqlalchemy import func, select, text, true
from sqlalchemy.orm import Session

from ioc.db import unnest
from ioc.sensors.models import HourlyRollup, LatestValue, Station, StationIndex
from ioc.sensors.repository import is_postgres

# ---- rollups and latest values --------------------------------------------------------------

_ROLLUP_KEYS = ("s", "q", "t", "n", "total", "vmin", "vmax", "f")
_ROLLUP_CELLS = itemgetter(*_ROLLUP_KEYS)  # a row's cells as one tuple, made in C
_LATEST_CELLS = itemgetter("s", "q", "t", "v", "f", "r")
_PG_ROLLUP_ROWS = unnest.json_rows_select(("int", "text", "bigint", "int", "float8", "float8", "float8", "int"))


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
_LATEST_SET = (
    "ON CONFLICT (station_id, quantity) DO UPDATE SET "
    "ts = excluded.ts, value = excluded.value, flag = excluded.flag, run = excluded.run "
    "WHERE excluded.ts > latest_values.ts"
)
_LATEST_UPSERT = text(
    "INSERT INTO latest_values (station_id, quantity, ts, value, flag, run) "
    f"VALUES (:s, :q, :t, :v, :f, :r) {_LATEST_SET}"
)
_PG_LATEST_UPSERT = (
    "INSERT INTO latest_values (station_id, quantity, ts, value, flag, run) "
    + unnest.json_rows_select(("int", "text", "bigint", "float8", "smallint", "int"))
    + f" {_LATEST_SET}"
)


def _columns(rows: list[dict], keys: Sequence[str], floats: Sequence[str] = ()) -> tuple[list, ...]:
    """Parameter dicts as one list per key (the arrays of an unnest); psycopg wants one type per
    list, so the `floats` keys are made float (an int among floats would be refused)."""
    return tuple(
        [None if row[k] is None else float(row[k]) for row in rows] if k in floats else [row[k] for row in rows]
        for k in keys
    )


def add_rollups(session: Session, hourly: list[dict], daily: list[dict]) -> None:
    """Fold batch aggregates (s, q, t, n, total, vmin, vmax, f) into the rollup tables.

    PostgreSQL gets one INSERT … SELECT from a JSON document of the rows per table (a single
    statement however many rows); SQLite, in process, an executemany. Keys must be unique per list.
    """
    if is_postgres(session):
        conn = session.connection()
        for sql, rows in ((_PG_HOURLY_UPSERT, hourly), (_PG_DAILY_UPSERT, daily)):
            if rows:
                conn.exec_driver_sql(sql, (unnest.json_rows(list(map(_ROLLUP_CELLS, rows))),))
        return
    if hourly:
        session.execute(_HOURLY_UPSERT, hourly)
    if daily:
        session.execute(_DAILY_UPSERT, daily)


def latest_states(session: Session, station_ids: Iterable[int]) -> dict[tuple[int, str], tuple]:
    """(station, quantity) → (ts, value, run) for these stations."""
    ids = list(set(station_ids))
    if is_postgres(session):
        rows = session.connection().exec_driver_sql(
            "SELECT station_id, quantity, ts, value, run FROM latest_values WHERE station_id = ANY(%b::int[])", (ids,)
        )
    else:
        rows = session.execute(
            select(
                LatestValue.station_id, LatestValue.quantity, LatestValue.ts, LatestValue.value, LatestValue.run
            ).where(LatestValue.station_id.in_(ids))
        )
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def upsert_latest(session: Session, rows: list[dict]) -> None:
    """Replace latest values where the new one (s, q, t, v, f, r) is newer; (s, q) unique in rows."""
    if not rows:
        return
    if is_postgres(session):
        cells = list(map(_LATEST_CELLS, rows))
        session.connection().exec_driver_sql(_PG_LATEST_UPSERT, (unnest.json_rows(cells),))
    else:
        session.execute(_LATEST_UPSERT, rows)


def latest_values(session: Session, station_ids: list[int] | None) -> list[tuple[LatestValue, str]]:
    """Latest values with their station code, for some stations or all."""
    stmt = select(LatestValue, Station.code).join(Station, Station.id == LatestValue.station_id)
    if station_ids is not None:
        stmt = stmt.where(LatestValue.station_id.in_(station_ids))
    return [(r[0], r[1]) for r in session.execute(stmt.order_by(Station.code, LatestValue.quantity))]


def good_latest(session: Session, station_ids: list[int], quantities: list[str]) -> list[tuple]:
    """(station id, code, name, area, quantity, ts, value) of the unflagged latest values, as plain tuples."""
    if not station_ids or not quantities:
        return []
    stmt = (
        select(Station.id, Station.code, Station.name, Station.area_code, LatestValue.quantity, LatestValue.ts,
               LatestValue.value)
        .join(Station, Station.id == LatestValue.station_id)
        .where(LatestValue.station_id.in_(set(station_ids)), LatestValue.quantity.in_(set(quantities)))
        .where(LatestValue.flag == 0)
    )  # fmt: skip
    return [tuple(r) for r in session.execute(stmt)]


def rollup_series(session: Session, daily: bool, station_id: int, quantity: str, start: int, end: int) -> list[tuple]:
    """(start, n, total, vmin, vmax) rows of one series in [start, end), oldest first.

    Read through the driver's cursor as plain tuples: a one-year hourly series is 8,760 rows.
    Core rows would cost twice the query, and being garbage-collector-tracked containers that
    outlive a young collection they set off a full collection every few calls (tens of ms);
    tuples of numbers are untracked at the first collection.
    """
    table = "observation_daily" if daily else "observation_hourly"
    mark = "%s" if is_postgres(session) else "?"
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            f"SELECT start, n, total, vmin, vmax FROM {table} WHERE station_id = {mark} "
            f"AND quantity = {mark} AND start >= {mark} AND start < {mark} ORDER BY start",
            (station_id, quantity, start, end),
        )
        return cursor.fetchall()
    finally:
        cursor.close()


def hourly_means(
    session: Session, station_ids: list[int], quantities: Sequence[str], start: int, end: int
) -> list[tuple[int, str, int, float]]:
    """(station, quantity, hour, mean of good values) for hours in [start, end) with data."""
    if is_postgres(session):
        # Through the driver's cursor as plain tuples (as `rollup_series`): an ingest batch reads ~10,000 of them.
        cursor = session.connection().connection.cursor()
        try:
            cursor.execute(
                "SELECT station_id, quantity, start, total / n FROM observation_hourly "
                "WHERE station_id = ANY(%b::int[]) AND quantity = ANY(%b::text[]) "
                "AND start >= %s AND start < %s AND n > 0",
                (list(station_ids), list(quantities), start, end),
            )
            return cursor.fetchall()
        finally:
            cursor.close()
    rows = session.execute(
        select(
            HourlyRollup.station_id, HourlyRollup.quantity, HourlyRollup.start, HourlyRollup.total, HourlyRollup.n
        ).where(
            HourlyRollup.station_id.in_(station_ids),
            HourlyRollup.quantity.in_(list(quantities)),
            HourlyRollup.start >= start,
            HourlyRollup.start < end,
            HourlyRollup.n > 0,
        )
    )
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
    if is_postgres(session):
        columns = _columns(rows, ("s", "k", "t", "v", "d", "details"), ("v",))
        session.connection().exec_driver_sql(_PG_INDEX_UPSERT, columns)
    else:
        session.execute(_INDEX_UPSERT, rows)


def current_indices(session: Session, kind: str, since: int | None = None) -> list[tuple[StationIndex, Station]]:
    """The newest index of a kind per station (of those since `since`, a Unix time, when given), with the station."""
    recent = StationIndex.start >= since if since is not None else true()
    newest = (
        select(StationIndex.station_id, func.max(StationIndex.start).label("start"))
        .where(StationIndex.kind == kind, recent)
        .group_by(StationIndex.station_id)
        .subquery()
    )
    stmt = (
        select(StationIndex, Station)
        .join(newest, (StationIndex.station_id == newest.c.station_id) & (StationIndex.start == newest.c.start))
        .join(Station, Station.id == StationIndex.station_id)
        .where(StationIndex.kind == kind)
        .order_by(Station.code)
    )
    return [(r[0], r[1]) for r in session.execute(stmt)]


def index_history(session: Session, station_id: int, kind: str, start: int, end: int) -> list[StationIndex]:
    """Index values of a station in [start, end), oldest first."""
    return list(
        session.scalars(
            select(StationIndex)
            .where(
                StationIndex.station_id == station_id,
                StationIndex.kind == kind,
                StationIndex.start >= start,
                StationIndex.start < end,
            )
            .order_by(StationIndex.start)
        )
    )


# ---- series summed over a family of stations (the facilities' figures) -------------------------


def _prefix_pattern(code_prefix: str) -> str:
    return code_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def area_period_sums(session: Session, code_prefix: str, quantity: str, bounds: Sequence[int]) -> list[tuple]:
    """(area_code, period index, n, total) of the daily rollups in [bounds[i], bounds[i+1]), summed per ward.

    Over the stations whose code starts with the prefix; the period of a day is found by comparisons in
    the statement, so only wards × periods rows leave the database.
    """
    cases = " ".join(f"WHEN d.start < :b{i + 1} THEN {i}" for i in range(len(bounds) - 1))
    sql = text(
        f"SELECT s.area_code, CASE {cases} END AS period, SUM(d.n), SUM(d.total) FROM observation_daily d "
        "JOIN stations s ON s.id = d.station_id "
        "WHERE s.code LIKE :pattern ESCAPE '\\' AND d.quantity = :q AND d.start >= :b0 "
        f"AND d.start < :b{len(bounds) - 1} GROUP BY s.area_code, period"
    )
    params = {"pattern": _prefix_pattern(code_prefix), "q": quantity} | {f"b{i}": b for i, b in enumerate(bounds)}
    return [tuple(r) for r in session.execute(sql, params)]


def latest_by_prefix(session: Session, code_prefix: str, quantity: str) -> dict[str, tuple[int, float]]:
    """Station code → (ts, value) of the newest value of a quantity, for stations whose code starts with the prefix."""
    sql = text(
        "SELECT s.code, lv.ts, lv.value FROM latest_values lv JOIN stations s ON s.id = lv.station_id "
        "WHERE s.code LIKE :pattern ESCAPE '\\' AND lv.quantity = :q"
    )
    return {r[0]: (r[1], r[2]) for r in session.execute(sql, {"pattern": _prefix_pattern(code_prefix), "q": quantity})}
