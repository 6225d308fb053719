"""Text helpers shared by the domains: Vietnamese without diacritics, for search and for headers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ioc.kit.i18n import Text

# C0 controls but \t \n \r, and unpaired surrogates: nothing a person types, and each breaks a store or a format
# (PostgreSQL refuses NUL in text, XML and XLSX refuse the other controls, UTF-8 cannot encode a lone surrogate).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
CONTROL_MESSAGE = Text("chứa ký tự điều khiển (chỉ cho phép tab, xuống dòng và về đầu dòng)")


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


def has_control(value: object) -> bool:
    """Whether a value is text holding a character no store or export format can take."""
    return isinstance(value, str) and CONTROL.search(value) is not None


def control_field(raw: dict[str, object]) -> str | None:
    """The first field of a row (or of a feature's attributes) whose text holds a control character."""
    return next((key for key, value in raw.items() if has_control(value) or has_control(key)), None)


def texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, text) of a JSON-like value, keys included, with paths such as `a.b[2]`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from texts(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")


def control_path(value: object) -> str | None:
    """The path of the first text in a JSON-like value holding a control character, or None."""
    return next((where for where, text in texts(value) if CONTROL.search(text)), None)
