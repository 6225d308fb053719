"""Pages: the sectors' index and the one dashboard template every sector uses."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.facilities import service as facilities_service
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.registry import NavItem
from ioc.sectors import service
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
NAV = [NavItem("/sectors", "Lĩnh vực", "chart", roles=service.READERS, order=46)]
# Status families of the live overlays (labels and tones from the server; colours are the CSS tokens).
STATUS = {
    "congestion": {"free": ("Thông thoáng", "ok", "●"), "slow": ("Đông xe", "warn", "▲"),
                   "heavy": ("Ùn tắc", "bad", "■"), "no_data": ("Không có số liệu", "nodata", "○")},
    "crowd": {"low": ("Vắng", "ok", "●"), "medium": ("Vừa", "warn", "▲"), "high": ("Đông", "bad", "■"),
              "no_data": ("Không có số liệu", "nodata", "○")},
}  # fmt: skip
TEXTS = ("Không có số liệu", "Tải lại", "Số vụ", "Giảm", "Tăng", "Cả ba tiêu chí đều giảm", "Chưa giảm đủ ba tiêu chí",
         "người", "Mức ùn tắc", "Mật độ khách", "Cơ sở", "Lớp bản đồ", "Xếp hạng", "So với cùng kỳ",
         "{n} cơ sở")  # fmt: skip


def _check(principal: Principal) -> None:
    if principal.role not in service.READERS:
        raise Forbidden("the sector dashboards are for staff")


@router.get("/sectors")
def sectors_page(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """The six sectors, one card each."""
    _check(principal)
    return render(request, "sectors/index.html", principal, sectors=service.sectors_list(request_language(request)))


@router.get("/sectors/{code}")
def sector_page(request: Request, code: str, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """A sector's dashboard (the same template for every sector; its data is fetched from the API)."""
    _check(principal)
    lang = request_language(request)
    province = request.app.state.settings.jurisdiction
    board = service.dashboard(db, principal, code[:40], province, lang)
    texts = {t: i18n.translate(t, lang) for t in TEXTS}
    return render(request, "sectors/dashboard.html", principal, board=board, texts=texts,
                  sectors=service.sectors_list(lang), facility_names=facilities_service.map_names(lang))  # fmt: skip
