"""Parameter dicts as the arrays of one PostgreSQL `unnest` statement: a thousand rows in one round trip and one
plan, where an executemany sends a thousand statements and a multi-row VALUES a thousand times the parameters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def json_rows_select(types: Sequence[str]) -> str:
    """`SELECT` of the rows of one JSON parameter (`json_rows`), each cell cast to its type, in order.

    For thousands of rows: parsed by the server in one pass, about 40 ms less per 5,000 rows × 6 columns
    than binary arrays, which the server receives element by element."""
    cells = ", ".join(f"(e->>{i})::{t}" for i, t in enumerate(types))
    return f"SELECT {cells} FROM json_array_elements(%s::json) AS e"


def json_rows(rows: Iterable[Sequence[Any]]) -> str:
    """Rows (sequences of numbers, text, None) as the JSON parameter of `json_rows_select`."""
    return orjson.dumps(rows if isinstance(rows, list) else list(rows)).decode()
