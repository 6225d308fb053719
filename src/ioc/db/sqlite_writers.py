"""SQLite lets one writer at a time; this process's writers queue on a lock instead of SQLite's busy sleeps.

A writer that finds the database locked sleeps in SQLite's busy handler for 1, 2, 5 … up to 100 ms between
tries, so with a few concurrent intakes a request can sleep 50 ms after the lock was already free. The
threads of one process instead wait on a Python lock, taken before a connection's first write statement
and released when its transaction ends, and each wakes as soon as the previous writer commits. Other
processes (a second worker, `ioc worker`) still meet SQLite's own lock and busy timeout as before. The
wait is bounded: past BUSY_SECONDS the writer goes on without the lock (SQLite's busy timeout then
decides), so a lock never released can slow writers down but never stop them.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine, event

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
BUSY_SECONDS = 10.0  # as PRAGMA busy_timeout
_HOLDS = "ioc_sqlite_writer"


def serialise_writers(engine: Engine) -> threading.Lock:
    """Queue this engine's write transactions on one in-process lock (SQLite engines only); returns the lock."""
    lock = threading.Lock()

    def before_execute(conn, _cursor, statement: str, *_args) -> None:
        if conn.info.get(_HOLDS) or not statement.lstrip()[:7].upper().startswith(WRITES):
            return
        if lock.acquire(timeout=BUSY_SECONDS):
            conn.info[_HOLDS] = True

    def release(conn, *_args) -> None:
        if conn.info.pop(_HOLDS, False):
            lock.release()

    def let_go(record) -> None:
        if record is not None and record.info.pop(_HOLDS, False):
            lock.release()

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "commit", release)
    event.listen(engine, "rollback", release)
    # A connection put back or dropped without a commit or rollback event still lets go of the lock.
    pool = engine.pool
    event.listen(pool, "reset", lambda dbapi_connection, connection_record, reset_state: let_go(connection_record))
    event.listen(pool, "checkin", lambda dbapi_connection, connection_record: let_go(connection_record))
    event.listen(pool, "close", lambda dbapi_connection, connection_record: let_go(connection_record))
    for name in ("invalidate", "soft_invalidate"):
        event.listen(pool, name, lambda dbapi_connection, connection_record, exception: let_go(connection_record))
    return lock
