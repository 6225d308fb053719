"""Per-process cache of a sector's per-period answers (ward ranking, panels), keyed by the figures' version.

A figure written anywhere (the event hook, an import, the demo) moves the sector's newest `updated_at`, so
an entry is used only while that version is unchanged, and for at most SECONDS (the panels also read
other domains: dossiers, road segments).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

SECONDS = 60
SIZE = 256
_ENTRIES: dict[tuple, tuple[float, Any]] = {}


def cached(key: tuple, build: Callable[[], Any]) -> Any:
    """The value under key (which carries the version) while fresh, else build it and keep it."""
    now = time.monotonic()
    hit = _ENTRIES.get(key)
    if hit and hit[0] > now:
        return hit[1]
    value = build()
    if len(_ENTRIES) >= SIZE:
        _ENTRIES.clear()  # a day's keys are a few dozen; a full cache holds stale versions only
    _ENTRIES[key] = (now + SECONDS, value)
    return value


def clear() -> None:
    """Forget every entry (benchmarks time the cold path with it)."""
    _ENTRIES.clear()
