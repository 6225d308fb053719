"""All SQL of the sensors domain: `stations` (the registry and raw observations) and `rollups` (hourly and
daily rollups, latest values and indices)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def is_postgres(session: Session) -> bool:
    """True on PostgreSQL, which gets array (unnest) statements instead of executemany."""
    return session.get_bind().dialect.name == "postgresql"
