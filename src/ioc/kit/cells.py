"""Cells safe to export: no character a spreadsheet refuses, no text a spreadsheet runs as a formula.

Stored text is checked on the way in (kit/guards.py), but rows older than the check, imports and
other writers may still hold a control character, and openpyxl refuses the whole workbook for one.
A text cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel and
LibreOffice when a CSV is opened (CSV injection), so it gets a leading apostrophe; numbers stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")  # what openpyxl refuses, and lone surrogates
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[-+]?[\d\s.,\u00a0]*\d[\d\s.,\u00a0]*%?$")


def safe_cell(value: Any) -> Any:
    """The value as an export cell: text cleaned of illegal characters and guarded against formulas."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL.sub("", value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of export cells (see safe_cell)."""
    return [safe_cell(v) for v in values]
