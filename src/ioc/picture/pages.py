"""The province picture page (/picture, the staff's first screen) and its tiles as a fragment for live updates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kpi import service as kpi_service
from ioc.picture import layers, service
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
NAV = [NavItem("/picture", "Tổng quan", "home", roles=service.ROLES, order=5, tab=True, group="monitor")]
template_dirs(str(Path(__file__).resolve().parent / "templates"))
# Texts picture.js writes (popups, the legend's heading, errors), translated on the server.
SCRIPT_TEXTS = (
    "Mở",
    "Không tải được lớp bản đồ.",
    "Chú giải",
    "Xem danh sách",
    "{n} điểm",
    "Không tải được số liệu.",
    "Dân số",
    "{n} dân",
    "số dân minh họa",
)
TITLES = {
    "fire": "Đang diễn ra",
    "track": "Chỉ tiêu, địa bàn",
    "feedback": "Phản ánh của người dân",
    "env": "Không khí, nước",
    "gov": "Chính quyền số",
    "directives": "Nhiệm vụ chỉ đạo",
}


def view_from(request: Request, db: Session, ward: str | None, range: str | None) -> service.View:
    """The view of a page's query string; an unknown ward or range falls back to the province and today."""
    province = request.app.state.settings.jurisdiction
    if ward and areas_service.get_area(db, ward) is None:
        ward = None
    return service.View(province=province, ward=ward or None, range=range if range in service.RANGES else "today")


def signature(section: dict[str, Any]) -> str:
    """A short hash of a section's figures: the page swaps a tile only when it changed."""
    raw = json.dumps(section, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def tiles_context(db: Session, principal: Principal, view: service.View, names: tuple[str, ...]) -> dict[str, Any]:
    """What the tiles' template needs: the figures, their signatures and titles."""
    data = service.picture(db, principal, view, names)
    sigs = {k: signature(v) for k, v in data["sections"].items()}
    return {"data": data, "sigs": sigs, "titles": TITLES, "ranges": service.RANGES}


def _check(principal: Principal) -> None:
    if principal.role not in service.ROLES:
        raise Forbidden("The province picture is for administrators, leaders and operators.")


def page_config(db: Session, view: service.View, lang: str) -> dict[str, Any]:
    """What picture.js needs: the live subjects of each tile, the map's measures and layers, the texts."""
    translate = lambda text: i18n.translate(text, lang)  # noqa: E731
    indicators = [i for i in kpi_service.list_indicators(db) if getattr(i, "headline", False) and i.active]
    measures = [{"key": k, "label": translate(label)} for k, (label, _) in layers.MEASURES.items()]
    measures += [{"key": f"indicator:{i.code}", "label": (i.name_en if lang == "en" and i.name_en else i.name)}
                 for i in indicators]  # fmt: skip
    return {
        "ward": view.ward,
        "range": view.range,
        "subjects": {k: list(v) for k, v in service.SUBJECTS.items()},
        "measures": measures,
        "layers": [{"key": k, "label": translate(v)} for k, v in layers.LAYERS.items()],
        "texts": {t: translate(t) for t in SCRIPT_TEXTS},
    }


@router.get("/picture")
def picture_page(
    request: Request,
    ward: str | None = Query(None, max_length=10),
    range: str | None = Query(None, max_length=5),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The province at a glance: the map with its layers and the live tiles around it."""
    _check(principal)
    view = view_from(request, db, ward, range)
    lang = request_language(request)
    wards = areas_service.area_labels(db, parent=view.province, lang=lang)
    return render(
        request,
        "picture/picture.html",
        principal,
        view=view,
        wards=sorted(wards.items(), key=lambda kv: kv[1]),
        ward_name=wards.get(view.ward or "", ""),
        config=page_config(db, view, lang),
        **tiles_context(db, principal, view, service.SECTIONS),
    )


@router.get("/picture/_tiles")
def tiles_fragment(
    request: Request,
    sections: str = Query("", max_length=200),
    ward: str | None = Query(None, max_length=10),
    range: str | None = Query(None, max_length=5),
    config: bool = False,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The tiles asked for (`?sections=fire,feedback`), for the page's live updates; `?config=1` adds the
    script's configuration (the wall loads the picture this way)."""
    _check(principal)
    names = tuple(s for s in sections.split(",") if s in service.SECTIONS) or service.SECTIONS
    view = view_from(request, db, ward, range)
    extra = {"config": page_config(db, view, request_language(request))} if config else {}
    return render(
        request, "picture/_tiles.html", principal, view=view, **extra, **tiles_context(db, principal, view, names)
    )
