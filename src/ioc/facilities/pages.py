"""Pages: the facilities map and list, the camera list and the operators' video wall."""

from __future__ import annotations

import functools
from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.events import service as events_service
from ioc.facilities import repository, service
from ioc.facilities.kinds import KINDS, SCHOOL_LEVELS, SIZE_UNITS, may_view
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kit.timeutil import utcnow
from ioc.registry import NavItem
from ioc.web.components import Column, Filter, export_response, table_view
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
WALL_ROLES = ("admin", "operator", "leader")
NAV = [
    NavItem("/facilities", "Cơ sở, địa điểm", "building", order=47),
    NavItem("/cameras", "Camera", "shield", roles=WALL_ROLES, order=48, group="operate"),
]
GRIDS = (1, 4, 9, 16)
EVENT_HOURS = 24
COLUMNS = [
    Column("name", "Tên"),
    Column("kind_label", "Loại"),
    Column("detail", "Quy mô", sortable=False),
    Column("ward", "Xã, phường"),
    Column("address", "Địa chỉ"),
    Column("owner_agency", "Cơ quan quản lý"),
]


def _detail(attributes: dict, tr) -> str:
    parts = [f"{attributes[k]:,} {tr(unit)}".replace(",", ".") for k, unit in SIZE_UNITS.items() if k in attributes]
    if "level" in attributes:
        parts.insert(0, tr(SCHOOL_LEVELS[attributes["level"]]))
    return " · ".join(parts)


def _rows(db: Session, lang: str) -> list[dict]:
    tr = functools.partial(i18n.translate, lang=lang)
    wards = areas_service.area_labels(db, lang=lang)
    agencies = auth_service.agency_labels(db, lang)  # names, not codes, in the list
    rows, _ = repository.search(db, {}, ("name", False), 0, 20_000)
    return [{
        "id": f.id, "name": f.name, "kind": f.kind, "kind_label": tr(KINDS[f.kind]), "address": f.address,
        "area_code": f.area_code or "", "ward": wards.get(f.area_code or "", ""),
        "owner_agency": agencies.get(f.owner_agency or "", f.owner_agency or ""),
        "detail": _detail(f.attributes, tr), "lat": f.lat, "lon": f.lon, "synthetic": f.synthetic,
    } for f in rows]  # fmt: skip


@router.get("/facilities")
def facilities_page(
    request: Request, format: str | None = None, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """Facilities on a map (fetched by box, clustered by the server when many) and a filterable, exportable list."""
    lang = request_language(request)
    tr = functools.partial(i18n.translate, lang=lang)
    rows = _rows(db, lang)
    wards = sorted({(r["area_code"], r["ward"]) for r in rows if r["area_code"]}, key=lambda w: w[1])
    filters = [
        Filter("kind", tr("Loại"), [(k, tr(v)) for k, v in KINDS.items()]),
        Filter("area_code", tr("Xã, phường"), wards),
    ]
    view = table_view(request, "facilities", COLUMNS, rows, default_sort="name", filters=filters,
                      search_keys=("name", "address", "ward"), page_size=25)  # fmt: skip
    if format in ("csv", "xlsx"):
        return export_response(view, format, "co-so", lang, tr)
    counts = service.counts_by_kind(db)
    fac_map = {
        "names": service.map_names(lang),
        "kinds": [k for k in KINDS if counts.get(k)],
        "counts": counts,
        "shown": [view.chosen["kind"]] if view.chosen.get("kind") in KINDS else [],
        "fit": _bounds(view.rows) if view.chosen or view.search else None,
    }
    return render(request, "facilities/facilities.html", principal, view=view, fac_map=fac_map)


def _bounds(rows: list[dict]) -> list[list[float]] | None:
    # What a filtered list holds, for the map to show it (the points themselves come by box from the API).
    if not rows:
        return None
    lats, lons = [r["lat"] for r in rows], [r["lon"] for r in rows]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _require_wall(principal: Principal) -> None:
    if principal.role not in WALL_ROLES:
        raise Forbidden("the camera pages are for operators, leaders and administrators")


def _camera_rows(db: Session, principal: Principal) -> list[dict]:
    wards = areas_service.area_labels(db)
    return [{
        "id": c.id, "name": c.name, "ward": wards.get(c.area_code or "", ""), "area_code": c.area_code,
        "owner_agency": c.owner_agency or "", "format": c.attributes.get("stream_format", "mjpeg"),
        "viewer": may_view(c.attributes, principal.role), "lat": c.lat, "lon": c.lon,
    } for c in service.cameras(db)]  # fmt: skip


@router.get("/cameras")
def cameras_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """Every camera: place, owner, format, and whether the caller may view it."""
    _require_wall(principal)
    return render(request, "facilities/cameras.html", principal, cameras=_camera_rows(db, principal), grids=GRIDS)


def _recent_events(db: Session, area_code: str | None) -> list[dict]:
    if not area_code:
        return []
    filters = {"area_code": area_code, "since": utcnow() - timedelta(hours=EVENT_HOURS)}
    items, _ = events_service.list_events(db, filters, ("occurred_at", True), 0, 4)
    return items


@router.get("/cameras/wall")
def wall_page(
    request: Request,
    n: int = Query(4),
    page: int = Query(1, ge=1, le=1000),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The video wall: 1, 4, 9 or 16 tiles of the cameras the caller may view, each with its recent events."""
    _require_wall(principal)
    size = n if n in GRIDS else 4
    visible = [c for c in _camera_rows(db, principal) if c["viewer"]]
    pages = max(1, -(-len(visible) // size))
    page = min(page, pages)
    tiles = visible[(page - 1) * size : page * size]
    for tile in tiles:
        tile["events"] = _recent_events(db, tile["area_code"])
        tile["src"] = f"/api/v1/facilities/{tile['id']}/stream"
    return render(request, "facilities/wall.html", principal, tiles=tiles, size=size, grids=GRIDS, page=page,
                  pages=pages, hidden=len(_camera_rows(db, principal)) - len(visible))  # fmt: skip
