"""Uploaded CSV text: every line ending, the header's delimiter, a clear error instead of csv.Error."""

from __future__ import annotations

import csv

import pytest

from ioc.kit import csvtext


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_line_ending_gives_the_same_rows(end):
    text = end.join(["Mã;Tên", "A;Chợ Hàn", '"B";"Cầu' + end + 'Rồng"']) + end
    assert csvtext.read_rows(text) == [["Mã", "Tên"], ["A", "Chợ Hàn"], ["B", "Cầu" + end + "Rồng"]]


def test_the_delimiter_is_the_one_the_header_uses_most():
    assert csvtext.delimiter_of("a,b,c\n1;2") == ","
    assert csvtext.delimiter_of("a\tb\n") == "\t" and csvtext.delimiter_of("") == ","


def test_a_field_over_the_size_limit_is_a_value_error_naming_its_line():
    text = "a\nb\n" + "x" * (csv.field_size_limit() + 1) + "\n"
    with pytest.raises(ValueError, match="CSV line 3"):
        csvtext.read_rows(text)
