"""Parameter dicts as the arrays of one PostgreSQL `unnest` statement: a thousand rows in one round trip and one
plan, where an executemany sends a thousand statements and a multi-row VALUES a thousand times the parameters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson


def _cell(value: Any, key: str, floats: Sequence[str], jsons: Sequence[str]) -> Any:
    if value is None:
        return None
    if key in jsons:
        return orjson.dumps(value).decode()  # sent as text[], cast to jsonb in the statement
    if key in floats:
        return float(value)  # psycopg wants one type per array: an int among floats would be refused
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError("naive datetime refused: store timezone-aware UTC")  # as the UTCDateTime columns insist
    return value


def columns(
    rows: Sequence[dict[str, Any]], keys: Sequence[str], floats: Sequence[str] = (), jsons: Sequence[str] = ()
) -> tuple[list[Any], ...]:
    """One list per key (`floats` keys made float, `jsons` keys JSON text); pass them as `%b::type[]` parameters."""
    return tuple([_cell(r[k], k, floats, jsons) for r in rows] for k in keys)
