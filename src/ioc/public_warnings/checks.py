"""Validation of a warning's content, with one precise error per field (RFC 9457 errors list)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.kit.errors import ValidationProblem
from ioc.public_warnings import geometry


def _fail(errors: list[dict[str, str]]) -> None:
    if errors:
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        raise ValidationProblem(f"{summary}; nothing was changed", errors=errors)


def _time_errors(c: dict[str, Any], now: datetime | None) -> list[dict[str, str]]:
    errors = []
    if c["expires"] <= c["effective"]:
        errors.append({"field": "expires", "message": "must be after effective"})
    if c.get("onset") and c["onset"] > c["expires"]:
        errors.append({"field": "onset", "message": "must not be after expires"})
    if now is not None and c["expires"] <= now:
        errors.append({"field": "expires", "message": "is already past: a warning must still be in force"})
    return errors


def _text_errors(c: dict[str, Any]) -> list[dict[str, str]]:
    errors = []
    vi = c.get("texts", {}).get("vi") or {}
    for name in ("headline", "description"):
        if not (vi.get(name) or "").strip():
            errors.append({"field": f"vi.{name}", "message": "the Vietnamese text is required"})
    en = c.get("texts", {}).get("en")
    if en and any((en.get(k) or "").strip() for k in en) and not (en.get("headline") or "").strip():
        errors.append({"field": "en.headline", "message": "an English text needs its headline"})
    return errors


def check_content(c: dict[str, Any], now: datetime | None = None) -> None:
    """Raise a 422 naming every wrong field of a warning's content (times, texts); `now` for publishing."""
    errors = _time_errors(c, now) + _text_errors(c)
    if not (c.get("area_codes") or c.get("polygons") or c.get("circle")):
        errors.append({"field": "area_codes", "message": "give the wards covered, a polygon or a circle"})
    _fail(errors)


def resolve_area(session: Session, codes: list[str], polygon: Any, circle: Any) -> dict[str, Any]:
    """area_codes, area_desc, polygons and circle from the input; 422 for unknown wards or a bad shape."""
    codes = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    unknown = sorted(set(codes) - areas_service.existing_codes(session, codes))
    errors = [{"field": "area_codes", "message": f"unknown area code {c}"} for c in unknown]
    polygons: list[str] = []
    if polygon is not None:
        try:
            polygons.append(geometry.drawn_polygon([tuple(p) for p in polygon]))
        except ValueError as exc:
            errors.append({"field": "polygon", "message": str(exc)})
    _fail(errors)
    labels = areas_service.area_labels(session, codes) if codes else {}
    shapes = [a.geometry for c in codes if (a := areas_service.get_area(session, c)) is not None and a.geometry]
    polygons = geometry.polygons_of(shapes) + polygons
    circle_text = geometry.circle_text(circle["lat"], circle["lon"], circle["radius_km"]) if circle else None
    desc = ", ".join(labels.get(c, c) for c in codes) or "Vùng khoanh trên bản đồ"
    return {"area_codes": codes, "area_desc": desc, "polygons": polygons, "circle": circle_text}
