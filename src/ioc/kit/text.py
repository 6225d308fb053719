"""Text helpers shared by the domains: Vietnamese without diacritics, for search and for headers."""

from __future__ import annotations

import unicodedata


def ascii_fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def fold(text: object) -> str:
    """A header or sheet name compared without case, diacritics or extra spaces."""
    return " ".join(ascii_fold(unicodedata.normalize("NFC", str(text or ""))).split())


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
