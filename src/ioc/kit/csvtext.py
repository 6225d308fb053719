"""Uploaded CSV text, read the same way by every import: any line ending, the header's delimiter, clear errors.

`io.StringIO(text)` without `newline=""` hands the csv module a bare carriage return inside a row, and it
raises `csv.Error` ("new-line character seen in unquoted field"): a file saved with old Mac line endings, or a
stray CR, became a 500. With `newline=""` the csv module itself ends a line at CR, LF or CRLF, and keeps line
breaks inside quoted fields.
"""

from __future__ import annotations

import csv
import io

DELIMITERS = (";", ",", "\t")


def delimiter_of(text: str) -> str:
    """The delimiter (semicolon, comma or tab) the first line uses most; a comma for an empty text."""
    lines = text.splitlines()
    return max(DELIMITERS, key=lines[0].count) if lines else ","


def read_rows(text: str, delimiter: str | None = None) -> list[list[str]]:
    """Every row of the text; ValueError naming the line when the csv module cannot read it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or delimiter_of(text))
    try:
        return list(reader)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise ValueError(f"CSV line {reader.line_num}: {exc}") from exc
