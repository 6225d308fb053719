"""Point → ward lookup over an STRtree of ward boundaries."""

from __future__ import annotations

import threading
import time

import shapely
from shapely.geometry import Point, shape
from shapely.strtree import STRtree


class Locator:
    """An immutable spatial index of ward polygons."""

    def __init__(self, items: list[tuple[str, dict]]) -> None:
        self.codes = [code for code, _ in items]
        self.geoms = [shape(geom) for _, geom in items]
        for geom in self.geoms:
            shapely.prepare(geom)
        self.tree = STRtree(self.geoms) if self.geoms else None

    def locate(self, lat: float, lon: float) -> str | None:
        """Code of the ward covering the point, or None."""
        if self.tree is None:
            return None
        hits = self.tree.query(Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        return min(self.codes[i] for i in hits)  # on a shared edge, pick deterministically

    def __len__(self) -> int:
        return len(self.codes)


class LocatorCache:
    """Rebuilds the locator when boundaries change; checks at most every few seconds."""

    def __init__(self, check_every: float = 5.0) -> None:
        self._lock = threading.Lock()
        self._locator: Locator | None = None
        self._version: str | None = None
        self._checked = 0.0
        self._check_every = check_every

    def get(self, version_fn, items_fn) -> Locator:
        """The current locator; `version_fn()` says if `items_fn()` must be re-read."""
        now = time.monotonic()
        with self._lock:
            if self._locator is not None and now - self._checked < self._check_every:
                return self._locator
            version = version_fn()
            if self._locator is None or version != self._version:
                self._locator = Locator(items_fn())
                self._version = version
            self._checked = now
            return self._locator

    def invalidate(self) -> None:
        """Forget the index (after an import in this process)."""
        with self._lock:
            self._locator, self._version = None, None
