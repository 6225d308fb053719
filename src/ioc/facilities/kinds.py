"""Kinds of facilities, the typed attributes each kind takes, and the figure each kind reports."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


class FieldError(Exception):
    """A value refused for a reason about one field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Attr:
    """One typed attribute: int, float, bool, text or choice, with bounds."""

    name: str
    type: str
    label: str
    low: float = 0
    high: float = 1_000_000
    choices: tuple[str, ...] = ()


SCHOOL_LEVELS = {"mam_non": "Mầm non", "tieu_hoc": "Tiểu học", "thcs": "Trung học cơ sở", "thpt": "Trung học phổ thông"}
STREAM_FORMATS = ("mjpeg", "hls")
ROLES = ("admin", "leader", "operator", "agency_officer", "integrator")

KINDS: dict[str, str] = {
    "hospital": "Bệnh viện",
    "commune_health_station": "Trạm y tế xã, phường",
    "school": "Trường học",
    "tourist_site": "Điểm du lịch",
    "hotel": "Cơ sở lưu trú",
    "police_post": "Công an xã, phường",
    "fire_station": "Đội phòng cháy chữa cháy",
    "camera": "Camera",
}
_BEDS = Attr("beds", "int", "Số giường", 0, 10_000)
_DOCTORS = Attr("doctors", "int", "Số bác sĩ", 0, 10_000)
ATTRIBUTES: dict[str, tuple[Attr, ...]] = {
    "hospital": (_BEDS, _DOCTORS, Attr("tier", "choice", "Tuyến", choices=("trung_uong", "tinh", "xa"))),
    "commune_health_station": (_BEDS, _DOCTORS, Attr("national_standard", "bool", "Đạt chuẩn quốc gia")),
    "school": (
        Attr("level", "choice", "Cấp học", choices=tuple(SCHOOL_LEVELS)),
        Attr("pupils", "int", "Số học sinh", 0, 20_000),
        Attr("classes", "int", "Số lớp", 0, 1_000),
        Attr("teachers", "int", "Số giáo viên", 0, 2_000),
        Attr("national_standard", "bool", "Đạt chuẩn quốc gia"),
    ),
    "tourist_site": (
        Attr("capacity", "int", "Sức chứa (người)", 0, 1_000_000),
        Attr("ranking", "choice", "Xếp hạng", choices=("quoc_gia_dac_biet", "quoc_gia", "cap_tinh", "khac")),
    ),
    "hotel": (Attr("rooms", "int", "Số phòng", 0, 10_000), Attr("stars", "int", "Hạng sao", 0, 5)),
    "police_post": (Attr("officers", "int", "Số cán bộ", 0, 5_000),),
    "fire_station": (
        Attr("vehicles", "int", "Số xe chữa cháy", 0, 500),
        Attr("officers", "int", "Số cán bộ", 0, 5_000),
    ),
    "camera": (
        Attr("stream_url", "text", "Địa chỉ luồng video", high=500),
        Attr("stream_format", "choice", "Định dạng luồng", choices=STREAM_FORMATS),
        Attr("snapshot_url", "text", "Địa chỉ ảnh chụp", high=500),
        Attr("view_roles", "roles", "Vai trò được xem"),
        Attr("analytics", "bool", "Có phân tích hình ảnh"),
    ),
}
# A facility's size as the list and the map popups show it: "300 giường · 80 …", in this order.
SIZE_UNITS: dict[str, str] = {"beds": "giường", "pupils": "học sinh", "rooms": "phòng", "capacity": "người",
                              "officers": "cán bộ", "vehicles": "xe"}  # fmt: skip
# The figure each kind reports over time (a quantity of the sensors domain) and its period.
FIGURES: dict[str, tuple[str, str]] = {
    "hospital": ("bed_occupancy", "day"),
    "commune_health_station": ("bed_occupancy", "day"),
    "school": ("pupils", "school_year"),
    "tourist_site": ("visitors", "month"),
    "hotel": ("visitors", "month"),
}
FIGURE_LABELS = {"bed_occupancy": "Công suất giường (%)", "pupils": "Số học sinh", "visitors": "Lượt khách"}
PRIVATE_ATTRIBUTES = ("stream_url", "snapshot_url")  # shown only to the roles that may view the camera
DEFAULT_VIEW_ROLES = ["admin", "operator"]


def _number(attr: Attr, value: Any) -> int | float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise FieldError(attr.name, f"not a number: {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FieldError(attr.name, "must be a number")
    if attr.type == "int":
        if value != int(value):
            raise FieldError(attr.name, "must be a whole number")
        value = int(value)
    if value < attr.low:
        raise FieldError(attr.name, f"must be at least {attr.low:g}" + (" (not negative)" if attr.low == 0 else ""))
    if value > attr.high:
        raise FieldError(attr.name, f"must be at most {attr.high:g}")
    return value


def _bool(attr: Attr, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "có", "x", "đạt"):
        return True
    if text in ("0", "false", "no", "không", "chưa đạt", ""):
        return False
    raise FieldError(attr.name, f"not yes/no: {value!r}")


def _roles(attr: Attr, value: Any) -> list[str]:
    items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise FieldError(attr.name, "must be a list of roles")
    unknown = [v for v in items if v and v not in ROLES]
    if unknown:
        raise FieldError(attr.name, f"unknown role {unknown[0]!r}; one of {', '.join(ROLES)}")
    return sorted({v for v in items if v} | {"admin"})


def _one(attr: Attr, value: Any) -> Any:
    if attr.type in ("int", "float"):
        return _number(attr, value)
    if attr.type == "bool":
        return _bool(attr, value)
    if attr.type == "roles":
        return _roles(attr, value)
    if not isinstance(value, str):
        raise FieldError(attr.name, "must be text")
    value = value.strip()
    if attr.type == "choice" and value not in attr.choices:
        raise FieldError(attr.name, f"unknown value {value!r}; one of {', '.join(attr.choices)}")
    if len(value) > attr.high:
        raise FieldError(attr.name, f"at most {attr.high:g} characters")
    return value


def check_attributes(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The attributes of a kind typed and bounded; a FieldError names the first bad one."""
    if kind not in KINDS:
        raise FieldError("kind", f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    specs = {a.name: a for a in ATTRIBUTES[kind]}
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in specs:
            raise FieldError(f"attributes.{name}", f"not an attribute of {kind}; known: {', '.join(specs)}")
        if value is None or value == "":
            continue
        try:
            out[name] = _one(specs[name], value)
        except FieldError as exc:
            raise FieldError(f"attributes.{name}", exc.message) from None
    if kind == "school" and "level" not in out:
        raise FieldError("attributes.level", f"a school needs its level: {', '.join(SCHOOL_LEVELS)}")
    if kind == "camera":
        out.setdefault("stream_format", "mjpeg")
        out.setdefault("view_roles", list(DEFAULT_VIEW_ROLES))
    return out


def may_view(attributes: dict[str, Any], role: str) -> bool:
    """True if a role may see a camera's stream and snapshot."""
    return role == "admin" or role in attributes.get("view_roles", DEFAULT_VIEW_ROLES)
