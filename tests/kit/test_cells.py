"""Export cells: what openpyxl refuses is removed, what a spreadsheet would run is quoted."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from ioc.kit.cells import safe_cell, safe_row


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("-12,5", "-12,5"),
        ("+84 905 123 456", "+84 905 123 456"),
        ("-", "'-"),
        ("Tên\x00 lạ\x1b", "Tên lạ"),
        ("Dòng 1\nDòng 2", "Dòng 1\nDòng 2"),
        (12.5, 12.5),
        (None, None),
    ],
)
def test_cells(raw, cell):
    assert safe_cell(raw) == cell


def test_a_workbook_takes_every_cleaned_cell():
    book = Workbook()
    book.active.append(safe_row(["\x00\x01\x02 tên", "=1+1", 3]))
    buf = io.BytesIO()
    book.save(buf)
    row = next(load_workbook(buf).active.iter_rows(values_only=True))
    assert row == (" tên", "'=1+1", 3)
