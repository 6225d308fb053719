"""Bounded input types shared by every domain: ids, page numbers and instants a database can store.

An integer beyond the database's column (or beyond 64 bits) and a date-time whose year the zone
arithmetic cannot shift (year 1, year 9999) used to reach SQL and answer 500; these types refuse
them at the edge with a 422 naming the field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import AfterValidator, PlainValidator, TypeAdapter, WithJsonSchema

INT32_MAX = 2**31 - 1  # ids are INTEGER columns on PostgreSQL
MIN_YEAR, MAX_YEAR = 1900, 2200


def check_year(value: date) -> date:
    """The value, if its year is one the application deals with."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


Id = Annotated[int, Ge(1), Le(INT32_MAX)]
PageNumber = Annotated[int, Ge(1), Le(INT32_MAX)]
Timestamp = Annotated[datetime, AfterValidator(check_year)]
Day = Annotated[date, AfterValidator(check_year)]
_INSTANT = TypeAdapter(Timestamp)


def _day_or_instant(value: object) -> date | datetime:
    # A date field of a form sends YYYY-MM-DD: that is a whole local day, not UTC midnight.
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        return check_year(date.fromisoformat(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return check_year(value)
    return _INSTANT.validate_python(value)


DayOrInstant = Annotated[
    date | datetime,
    PlainValidator(_day_or_instant),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}),
]


def parse_id(text: str) -> int | None:
    """An id written in ASCII digits within range, or None ('²' and '٣' are digits to str.isdigit)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 1 <= value <= INT32_MAX else None
