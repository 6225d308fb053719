"""The facilities a map shows in its box: every point when few or zoomed in, else grid clusters per kind, cached."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.facilities import repository, service
from ioc.facilities.kinds import KINDS
from ioc.kit.errors import ValidationProblem

POINTS_ZOOM = 14  # from this zoom on every facility in the box is a point
POINTS_MAX = 400  # fewer than this in the box: points at any zoom (the browser clusters them)
CELL_PX = 64  # a cluster cell, in screen pixels at the zoom asked for
MAX_KINDS = len(KINDS)
CACHE_SECONDS = 60
CACHE_SIZE = 512
POINT_KEYS = ("id", "code", "kind", "name", "lat", "lon", "area_code", "attributes")
_CACHE: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()


def check_kinds(kinds: list[str]) -> list[str]:
    """Known kinds, each once; 422 naming an unknown one."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds or len(kinds) > MAX_KINDS:
        message = f"unknown kind '{unknown[0][:30]}'" if unknown else "one or more kinds are needed"
        raise ValidationProblem(f"kind: {message}; one of {', '.join(KINDS)}",
                                errors=[{"field": "kind", "message": message}])  # fmt: skip
    return sorted(set(kinds))


def cell_degrees(zoom: int) -> float:
    """The side of a cluster cell in degrees of longitude at a zoom (256-pixel tiles)."""
    return 360 / (256 * 2**zoom) * CELL_PX


def _point(f: Any, principal: Principal) -> dict[str, Any]:
    item = service.facility_out(f, principal)  # a camera's URLs only for its viewers
    return {k: item[k] for k in POINT_KEYS}


def _build(session: Session, principal: Principal, kinds: list[str], box: tuple, zoom: int) -> dict[str, Any]:
    total = repository.count_in_box(session, kinds, box)
    if zoom >= POINTS_ZOOM or total <= POINTS_MAX:
        rows = repository.in_box(session, kinds, box, max(POINTS_MAX, 5000))
        return {"clustered": False, "total": total, "points": [_point(f, principal) for f in rows], "clusters": []}
    cells = repository.clusters(session, kinds, box, cell_degrees(zoom))
    singles = {r[4] for r in cells if r[1] == 1}
    points = [_point(f, principal) for f in repository.by_ids(session, sorted(singles))]
    groups = [
        {"kind": k, "count": n, "lat": round(lat, 6), "lon": round(lon, 6)} for k, n, lat, lon, _ in cells if n > 1
    ]
    return {"clustered": True, "total": total, "points": points, "clusters": groups}


def in_view(
    session: Session, principal: Principal, kinds: list[str], box: tuple[float, float, float, float], zoom: int
) -> tuple[str, dict[str, Any]]:
    """(ETag, answer): the facilities of these kinds in the box at this zoom, from the cache while nothing changed."""
    kinds = check_kinds(kinds)
    version = repository.version(session, kinds)
    views = principal.role if "camera" in kinds else ""  # camera URLs depend on who asks
    key = f"{','.join(kinds)}|{box}|{zoom}|{views}|{version}"
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'
    hit = _CACHE.get(etag)
    if hit and hit[0] > time.monotonic():
        _CACHE.move_to_end(etag)
        return etag, hit[1]
    answer = {"kinds": kinds, "bbox": list(box), "zoom": zoom} | _build(session, principal, kinds, box, zoom)
    _CACHE[etag] = (time.monotonic() + CACHE_SECONDS, answer)
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return etag, answer
