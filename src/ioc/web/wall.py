"""Wall mode: a dark, chrome-free page of rotating panels for the operations-room screens.

The panels are filled in the browser (static/js/wall.js) from the domains' JSON APIs and
refreshed by the live stream; this module only checks access and hands over the settings,
the band tables and the translated texts.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ioc.auth.principal import Principal
from ioc.environment.service import AQI_BANDS, WQI_BANDS
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kpi.service import DOMAIN_LABELS
from ioc.picture.service import SUBJECTS as PICTURE_SUBJECTS
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language

router = APIRouter(include_in_schema=False)
WALL_ROLES = ("admin", "leader", "operator")
# name → (title, short name for the strip, icon); the order is the default rotation order.
PANELS = {
    "picture": ("Tổng quan tỉnh", "Tổng quan", "map"),
    "kpi": ("Chỉ tiêu kinh tế – xã hội", "Chỉ tiêu", "home"),
    "env": ("Chất lượng môi trường", "Môi trường", "leaf"),
    "feedback": ("Phản ánh hiện trường", "Phản ánh", "message"),
    "gov": ("Chính quyền số: giải quyết thủ tục hành chính", "Chính quyền số", "gov"),
}
ALIASES = {
    "overview": "picture",
    "tong-quan": "picture",
    "environment": "env",
    "govperf": "gov",
    "phan-anh": "feedback",
    "moi-truong": "env",
}
DEFAULT_ROTATE, MIN_ROTATE, MAX_ROTATE = 20, 5, 3600
# Texts the wall's scripts write besides the shared ones (ioc.web.components.SCRIPT_TEXTS); translated
# here so the page has one source of truth.
SCRIPT_TEXTS = (
    "Dữ liệu cũ",
    "Không tải được dữ liệu, đang thử lại",
    "Đang tải…",
    "Trang {i}/{n}",
    "So cùng kỳ",
    "% kế hoạch năm",
    "Chính thức",
    "Ước tính",
    "điểm %",
    "Chưa có số liệu cho chỉ tiêu này.",
    "Chưa có chỉ tiêu nào.",
    "Chưa có trạm quan trắc nào.",
    "và {n} trạm khác",
    "Chưa có phản ánh mới trong 24 giờ qua.",
    "Không xác định",
    "{n} hồ sơ",
    "{n} đang quá hạn",
    "điểm",
    "Quý {q}/{y}",
    "Chưa có số liệu hồ sơ.",
    "Chưa có điểm chỉ số 766.",
    "Hồ sơ tiếp nhận từ {d}",
)


def parse_panels(raw: str | None) -> list[str]:
    """The panels asked for by `?panels=kpi,env` (known names, in the order given), else all of them."""
    chosen: list[str] = []
    for name in (raw or "").split(","):
        key = ALIASES.get(name.strip().lower(), name.strip().lower())
        if key in PANELS and key not in chosen:
            chosen.append(key)
    return chosen or list(PANELS)


def parse_rotate(raw: str | None) -> int:
    """Seconds per panel from `?rotate=20`; 0 stops the rotation; nonsense gives the default."""
    try:
        seconds = int(float(raw)) if raw not in (None, "") else DEFAULT_ROTATE
    except ValueError:
        return DEFAULT_ROTATE
    if seconds <= 0:
        return 0
    return min(MAX_ROTATE, max(MIN_ROTATE, seconds))


def _bands(lang: str) -> dict[str, list[dict]]:
    def rows(bands) -> list[dict]:
        return [
            {
                "key": b.key,
                "low": b.low,
                "high": b.high,
                "color": b.color,
                "name": b.name_en if lang == "en" else b.name_vi,
            }
            for b in bands
        ]

    return {"aqi": rows(AQI_BANDS), "wqi": rows(sorted(WQI_BANDS, key=lambda b: -b.low))}


def wall_config(lang: str, panels: list[str], rotate: int) -> dict:
    """What the script needs besides the APIs and the page's status tables: panels, timer, bands and texts."""
    translate = lambda text: i18n.translate(text, lang)  # noqa: E731
    return {
        "lang": lang,
        "panels": panels,
        "rotate": rotate,
        "bands": _bands(lang),
        "domains": {code: translate(label) for code, label in DOMAIN_LABELS.items()},
        "texts": {text: translate(text) for text in SCRIPT_TEXTS},
        "picture_subjects": {k: list(v) for k, v in PICTURE_SUBJECTS.items()},
    }


@router.get("/wall")
def wall_page(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """The wall screen: `?rotate=20` seconds per panel (0 stops), `?panels=picture,kpi,env,feedback,gov`."""
    if principal.role not in WALL_ROLES:
        raise Forbidden("The wall screen is for administrators, leaders and operators.")
    lang = request_language(request)
    panels = parse_panels(request.query_params.get("panels"))
    rotate = parse_rotate(request.query_params.get("rotate"))
    return render(
        request,
        "wall.html",
        principal,
        theme="dark",
        panels=[(p, *PANELS[p]) for p in panels],
        rotate=rotate,
        config=wall_config(lang, panels, rotate),
    )
