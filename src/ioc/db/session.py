"""Engine and session factory; the engine is made at start-up, never at import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ioc.db.sqlite_writers import serialise_writers


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers run while the ingester writes; the busy timeout avoids
    # "database is locked" under short write contention.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine with the pragmas and pool settings each backend needs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        engine.sqlite_writers = serialise_writers(engine)  # type: ignore[attr-defined]
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine, registry: Any = None, settings: Any = None) -> sessionmaker[Session]:
    """Session factory bound to the engine; objects stay readable after commit.

    Its sessions carry the process's registry and settings (`ioc.registry.registry_of`,
    `ioc.runtime.settings_of`) so services reach the hooks and limits of this process without a global.
    """
    return sessionmaker(bind=engine, expire_on_commit=False, info={"registry": registry, "settings": settings})
