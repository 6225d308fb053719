"""Layer pages: the admins' list of layers with the upload form (errors shown in the form)."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden
from ioc.layers import service
from ioc.layers.crs import ZONES
from ioc.layers.schemas import Sector
from ioc.registry import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
NAV = [NavItem("/layers", "Lớp bản đồ", "map", roles=("admin",), order=48, group="admin")]
SECTORS = {
    "traffic": "An toàn giao thông",
    "security": "An ninh trật tự",
    "land": "Đất đai, quy hoạch",
    "health": "Y tế",
    "education": "Giáo dục",
    "tourism": "Du lịch",
    "environment": "Môi trường",
    "other": "Khác",
}
VISIBILITY = {"public": "Công khai", "staff": "Cán bộ", "roles": "Theo vai trò"}


@router.get("/layers")
def layers_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """Admins see every layer and upload new ones."""
    if principal.role != "admin":
        raise Forbidden("only administrators manage map layers")
    ctx = {
        "layers": service.visible_layers(db, principal),
        "sectors": {k: SECTORS[k] for k in get_args(Sector)},
        "visibility": VISIBILITY,
        "zones": sorted(ZONES.items(), key=lambda kv: kv[1][0]),
    }
    return render(request, "layers/index.html", principal, **ctx)
