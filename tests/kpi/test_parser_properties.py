"""Property-based tests of the Vietnamese number parser and the period parser.

Valid inputs written the way people write them round-trip; anything else raises the parser's
own ValueError with a message, never another exception and never a non-finite number.
"""

from __future__ import annotations

import math
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ioc.kit.numbers import parse_number
from ioc.kit.periods import FREQUENCIES, Period, detect_period, parse_period, period_of

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None)


def vietnamese(value: int, decimals: str, grouped: bool, sign: str) -> str:
    """An integer part grouped with '.', a decimal part after ','."""
    whole = f"{value:,}".replace(",", ".") if grouped else str(value)
    return sign + whole + ("," + decimals if decimals else "")


@SETTINGS
@given(st.integers(0, 10**15), st.text("0123456789", max_size=6), st.booleans(), st.sampled_from(["", "-", "+"]))
def test_numbers_written_the_vietnamese_way_round_trip(value, decimals, grouped, sign):
    expected = float(f"{'-' if sign == '-' else ''}{value}.{decimals or '0'}")
    assert parse_number(vietnamese(value, decimals, grouped, sign)) == expected


@SETTINGS
@given(st.integers(0, 10**9), st.sampled_from([" ", "\u00a0"]))
def test_spaces_between_groups_are_ignored(value, space):
    assert parse_number(f"{value:,}".replace(",", space)) == value


@SETTINGS
@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**12), 10**12)))
def test_numeric_cells_are_taken_as_they_are(value):
    assert parse_number(value) == float(value)


@SETTINGS
@example("9" * 400)  # overflows a float
@given(
    st.one_of(
        st.text(max_size=40),
        st.text("0123456789.,-+ %e", max_size=400),
        st.floats(),
        st.booleans(),
        st.none(),
        st.binary(max_size=10),
    )
)
def test_junk_raises_value_error_or_gives_a_finite_number(raw):
    try:
        value = parse_number(raw)
    except ValueError as exc:
        assert str(exc)
    else:
        assert math.isfinite(value)


PERIODS = st.builds(
    lambda d, f: period_of(d, f), st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.sampled_from(FREQUENCIES)
)


@SETTINGS
@given(PERIODS)
def test_a_period_code_round_trips(period: Period):
    assert parse_period(period.code(), period.frequency) == period
    assert detect_period(period.code()) == period


@SETTINGS
@given(PERIODS)
def test_a_vietnamese_label_round_trips(period: Period):
    assert parse_period(period.label("vi"), period.frequency) == period


@SETTINGS
@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.sampled_from(FREQUENCIES))
def test_a_date_cell_is_the_period_containing_it(day, frequency):
    period = parse_period(day, frequency)
    assert period.start <= day and period.frequency == frequency


@SETTINGS
@example("0000", "year")  # there is no year 0
@example("Q1/0000", "quarter")
@given(
    st.one_of(
        st.text(max_size=30), st.text("0123456789-Q/TNămQuý ", max_size=12), st.integers(), st.floats(), st.none()
    ),
    st.sampled_from(FREQUENCIES),
)
def test_junk_periods_raise_value_error(raw, frequency):
    for parse in (lambda: parse_period(raw, frequency), lambda: detect_period(raw)):
        try:
            found = parse()
        except ValueError as exc:
            assert "out of range" not in str(exc)  # the parser's own message, for people
        else:
            assert isinstance(found, Period)
