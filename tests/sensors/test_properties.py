"""Property-based tests of observation parsing: whatever a client sends, a row is either a
valid tuple or a per-row error, and a body either gives rows or a 400 MalformedBody."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from ioc.sensors import batch
from ioc.sensors.adapters import http
from ioc.sensors.quantities import QUANTITIES, UNIT_FACTORS

STATIONS = {"HN-01": 1, "HN-02": 2, "DN-09": False}  # code → id, False: not permitted
LATEST = int(datetime(2026, 12, 1, tzinfo=UTC).timestamp())
UNITS = sorted({unit for _, unit in UNIT_FACTORS}) + ["µg/m³", "mg/m3", "mg/m3", "furlong", " MG/L "]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
times = st.one_of(
    st.datetimes(
        timezones=st.timezones() | st.just(timezone(timedelta(hours=14))) | st.just(timezone(timedelta(hours=-12)))
    ).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),  # no zone
    st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-05:00",
            "2026-11-20T08:00:00Z",
            "2026-11-20",
            "hôm qua",
            "2026-13-40T99:00:00Z",
            "",
        ]
    ),
    json_values,
)
values = st.one_of(
    st.floats(),
    st.sampled_from([1e307, -1e307, 5e-324]),
    st.integers(-(10**30), 10**30),
    st.sampled_from(["12,5", "1e308", "-0", "nan", "inf", "1e999", " 3 "]),
    json_values,
)
plausible_times = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2026, 11, 30), timezones=st.just(UTC)
).map(datetime.isoformat)


@st.composite
def plausible_rows(draw) -> dict:
    """A row as a sensor gateway writes it: known station, a unit accepted for the quantity."""
    quantity, unit = draw(st.sampled_from(sorted(UNIT_FACTORS)))
    return {
        "station": draw(st.sampled_from(["HN-01", "HN-02"])),
        "quantity": quantity,
        "time": draw(plausible_times),
        "value": draw(st.floats() | st.sampled_from([1e307, -1e307])),
        "unit": unit,
    }


rows = st.one_of(
    plausible_rows(),
    st.fixed_dictionaries(
        {
            "station": st.sampled_from([*STATIONS, "XX"]) | json_values,
            "quantity": st.sampled_from(sorted(QUANTITIES) + ["PM25", ""]) | json_values,
            "time": times,
            "value": values,
        },
        optional={"unit": st.sampled_from(UNITS) | json_values},
    ),
    json_values,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, max_size=8))
def test_random_rows_give_valid_tuples_or_per_row_errors(sent):
    rejected: list[dict] = []
    valid = batch.validate(sent, STATIONS, LATEST, rejected)
    assert len(valid) + len(rejected) == len(sent)
    assert [r["index"] for r in rejected] == sorted(r["index"] for r in rejected)
    for err in rejected:
        assert isinstance(err["field"], str) and isinstance(err["reason"], str) and err["reason"]
    for station_id, quantity, ts, value, flag, unit in valid:
        assert station_id in (1, 2) and quantity in QUANTITIES
        assert batch.EARLIEST <= ts <= LATEST
        assert math.isfinite(value), "a stored value must be a finite number"
        assert flag in (0, 1, 2) and (unit is None or len(unit) <= 20)


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    st.sampled_from(["application/json", "application/x-ndjson", "text/csv", "text/csv; charset=utf-8"]),
)
def test_random_bodies_give_rows_or_a_malformed_body(body, content_type):
    try:
        parsed = http.parse_body(content_type, body)
    except http.MalformedBody as problem:
        assert problem.status == 400 and problem.detail
        return
    assert isinstance(parsed, list)


csv_cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(csv_cells, min_size=1, max_size=6), max_size=5), st.sampled_from([",", ";"]))
def test_random_csv_under_a_valid_header_never_crashes(lines, sep):
    text = "station,quantity,time,value,unit\n".replace(",", sep) + "\n".join(sep.join(c) for c in lines)
    try:
        parsed = http.parse_body("text/csv", text.encode())
    except http.MalformedBody:
        return
    rejected: list[dict] = []
    valid = batch.validate(parsed, STATIONS, LATEST, rejected)
    assert len(valid) + len(rejected) == len(parsed)
