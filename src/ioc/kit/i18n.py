"""The one translation mechanism: Vietnamese source texts, per-language catalogs.

Every user-facing text is written in Vietnamese in the code and templates (`_("Bản đồ")`).
Each domain may ship `locale/<lang>.json` mapping the Vietnamese text to its translation;
all catalogs are merged. A missing translation falls back to Vietnamese, never to a key.
Numbers and dates use Babel's CLDR data for the language (1.234,5 in Vietnamese).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent

from ioc.kit.timeutil import VN_TZ

LANGUAGES = ("vi", "en")
SOURCE_LANGUAGE = "vi"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@lru_cache
def catalog(lang: str) -> dict[str, str]:
    """The merged catalog of every domain for a language."""
    merged: dict[str, str] = {}
    for path in sorted(_PACKAGE_DIR.glob(f"*/locale/{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def translate(text: str, lang: str, **values: object) -> str:
    """The text in `lang`, with {placeholders} filled in."""
    out = text if lang == SOURCE_LANGUAGE else catalog(lang).get(text, text)
    return out.format(**values) if values else out


class Text(str):
    """A message written in Vietnamese that reads as English where code treats it as a string.

    Problems carry it: an API client that names no language gets the English it always had, a page
    (which sends its own language) gets the message in that language. `en` overrides the catalog,
    for messages whose English comes from a library (pydantic's).
    """

    vi: str
    values: dict[str, object]

    def __new__(cls, vi: str, *, en: str | None = None, **values: object) -> Text:
        text = super().__new__(cls, en if en is not None else translate(vi, "en", **values))
        text.vi, text.values = vi, values
        return text

    def render(self, lang: str) -> str:
        """The message in a language."""
        if lang != SOURCE_LANGUAGE:
            return str.__str__(self)
        return translate(self.vi, lang, **{k: in_language(v, lang) for k, v in self.values.items()})


def in_language(message: object, lang: str) -> object:
    """A Text in the language; anything else as it is."""
    return message.render(lang) if isinstance(message, Text) else message


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else Vietnamese."""
    for lang in candidates:
        if lang and lang[:2] in LANGUAGES:
            return lang[:2]
    return SOURCE_LANGUAGE


def fmt_number(value: float | int | None, lang: str = "vi", digits: int = 1) -> str:
    """A number in the language's format (1.234,5 in Vietnamese)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


def fmt_percent(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    """A ratio (0.953) as a percentage in the language's format."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0." + "0" * digits + "%", locale=lang)


def fmt_datetime(value: datetime | None, lang: str = "vi") -> str:
    """A time in Asia/Ho_Chi_Minh: 29/11/2026 14:05."""
    if value is None:
        return "—"
    return format_datetime(value.astimezone(VN_TZ), "dd/MM/yyyy HH:mm", locale=lang)
