"""Public warning pages: the public list with a map, the banner fragment, the staff page to manage them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import get_args

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden
from ioc.kit.timeutil import utcnow
from ioc.public_warnings import geometry, repository, service
from ioc.public_warnings.schemas import Category, Certainty, Urgency
from ioc.registry import NavItem
from ioc.web.session import page_principal, staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
MANAGERS = ("admin", "operator", "leader")
NAV = [NavItem("/warnings/manage", "Cảnh báo người dân", "bell", roles=MANAGERS, order=45, group="operate")]
STATUS = {
    "warning": {
        "draft": ("Bản nháp", "nodata", "list"),
        "published": ("Đang phát", "bad", "bell"),
        "updated": ("Đã cập nhật", "warn", "bell"),
        "cancelled": ("Đã hủy", "ok", "info"),
        "expired": ("Hết hiệu lực", "nodata", "info"),
    }
}
SEVERITY_TONE = {"Extreme": "bad", "Severe": "bad", "Moderate": "warn", "Minor": "ok", "Unknown": "nodata"}
SEVERITY_LABEL = {
    "Extreme": "Cực kỳ nguy hiểm",
    "Severe": "Nguy hiểm",
    "Moderate": "Cần chú ý",
    "Minor": "Nhẹ",
    "Unknown": "Chưa rõ",
}


def _cards(db: Session) -> tuple[list[dict], list[dict]]:
    now = utcnow()
    current = service.current_warnings(db, now)
    ids = {w["id"] for w in current}
    recent = [service.warning_dict(db, w, now) for w in repository.recent(db, now - timedelta(days=14))]
    return current, [w for w in recent if w["id"] not in ids]


def _ctx() -> dict:
    return {"tone": SEVERITY_TONE, "sev_label": SEVERITY_LABEL, "status_family": STATUS["warning"]}


@router.get("/warnings")
def public_page(request: Request, principal: Principal = Depends(page_principal), db: Session = DB) -> Response:
    """Warnings in force and recent ones, with their areas on a map; Vietnamese first."""
    current, recent = _cards(db)
    lang = request_language(request)
    shapes = [
        {
            "id": w["id"],
            "tone": SEVERITY_TONE[w["severity"]],
            "headline": (w["en"] if lang == "en" and w["en"] else w["vi"])["headline"],
            "polygons": [geometry.parse_polygon(p) for p in w["polygons"]],
            "circle": w["circle"],
        }
        for w in current
    ]
    ctx = _ctx() | {"current": current, "recent": recent, "shapes": shapes}
    return render(request, "public_warnings/public.html", None, **ctx)


@router.get("/warnings/_banner")
def banner(request: Request, db: Session = DB) -> Response:
    """The banner of warnings in force, for the citizen pages (an HTML fragment)."""
    current = service.current_warnings(db)
    return render(request, "public_warnings/_banner.html", None, current=current, **_ctx())


@router.get("/warnings/manage")
def manage_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """Operators create, publish, update and cancel warnings (phone-friendly)."""
    if principal.role not in MANAGERS:
        raise Forbidden("only operators, leaders and administrators manage public warnings")
    items, _ = service.list_warnings(db, {}, ("id", True), 0, 100)
    for w in items:
        w["data"] = jsonable_encoder({k: v for k, v in w.items() if k != "messages"})
    wards = {a.code: a.name for a in areas_service.with_boundaries(db, "ward")}
    choices = {"categories": get_args(Category), "urgencies": get_args(Urgency), "certainties": get_args(Certainty)}
    can_write = principal.role in ("admin", "operator")
    ctx = _ctx() | choices | {"items": items, "wards": wards, "can_write": can_write}
    return render(request, "public_warnings/manage.html", principal, **ctx)
