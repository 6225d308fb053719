"""The shared bounded types refuse what the database or the zone arithmetic cannot take."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from ioc.kit.types import INT32_MAX, Id, Timestamp, parse_id


@pytest.mark.parametrize("value", [0, -1, INT32_MAX + 1, 10**20])
def test_ids_out_of_range(value):
    with pytest.raises(ValidationError):
        TypeAdapter(Id).validate_python(value)


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1899-12-31T00:00:00+07:00"])
def test_instants_out_of_range(text):
    with pytest.raises(ValidationError):
        TypeAdapter(Timestamp).validate_python(text)


def test_an_instant_keeps_its_zone():
    value = TypeAdapter(Timestamp).validate_python("2026-03-01T08:00:00+07:00")
    assert value.utcoffset().total_seconds() == 7 * 3600
    assert value.astimezone(UTC) == datetime(2026, 3, 1, 1, tzinfo=UTC)
    assert TypeAdapter(Timestamp).validate_python(date(2026, 1, 1).isoformat() + "T00:00:00").tzinfo is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("²", None),
        ("٣", None),
        ("0", None),
        (str(INT32_MAX + 1), None),
        ("99999999999999999999", None),
        ("", None),
    ],
)
def test_parse_id(text, value):
    assert parse_id(text) == value
