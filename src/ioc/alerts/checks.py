"""What a rule names must exist: stations measuring the quantity, indicators, agencies, areas, categories."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts.kinds import problem
from ioc.alerts.sources import INDEX_KINDS
from ioc.areas import service as areas
from ioc.auth import service as auth
from ioc.events import service as events
from ioc.kit.errors import NotFound
from ioc.kit.i18n import Text
from ioc.kpi import service as kpi
from ioc.sensors import service as sensors


def check(session: Session, kind: str, cond: dict[str, Any]) -> None:
    """Raise a 422 naming the first field of the condition that names something unknown."""
    if kind in ("threshold", "rate"):
        _quantity(cond["quantity"], "condition.quantity")
        _stations(session, cond.get("stations"), [cond["quantity"]])
    elif kind in ("all", "any"):
        for i, part in enumerate(cond["conditions"]):
            _quantity(part["quantity"], f"condition.conditions.{i}.quantity")
        _stations(session, cond.get("stations"), [p["quantity"] for p in cond["conditions"]])
    elif kind == "absent":
        _stations(session, cond.get("stations"), [])
    elif kind == "event_count":
        _event_kind(cond)
        _areas(session, [cond["area"]], "condition.area")
    elif kind == "reports_overdue":
        bad = [c for c in cond.get("agencies") or [] if not auth.agency_exists(session, c)]
        if bad:
            raise problem("condition.agencies", Text("không có cơ quan: {codes}", codes=", ".join(bad)))
    elif kind == "indicator_off_track":
        _indicators(session, cond["indicators"])
        _areas(session, cond["areas"], "condition.areas")


def _quantity(quantity: str, field: str) -> None:
    if quantity not in INDEX_KINDS and quantity not in sensors.QUANTITIES:
        known = ", ".join(sorted(set(INDEX_KINDS) | set(sensors.QUANTITIES)))
        raise problem(
            field, Text("không có đại lượng '{quantity}'; các đại lượng có: {known}", quantity=quantity, known=known)
        )


def _stations(session: Session, codes: list[str] | None, quantities: list[str]) -> None:
    bad = [c for c in codes or [] if not _measures(sensors.get_station(session, c), quantities)]
    if bad:
        raise problem(
            "condition.stations", Text("không có trạm hoặc trạm không đo đại lượng này: {codes}", codes=", ".join(bad))
        )


def _measures(station: Any, quantities: list[str]) -> bool:
    if station is None:
        return False
    for quantity in quantities:
        if quantity in INDEX_KINDS and station.kind != INDEX_KINDS[quantity][1]:
            return False
        if quantity not in INDEX_KINDS and quantity not in (station.quantities or []):
            return False
    return True


def _event_kind(cond: dict[str, Any]) -> None:
    if cond["category"] not in events.CATEGORIES:
        raise problem(
            "condition.category",
            Text("không có nhóm sự kiện này; các nhóm có: {known}", known=", ".join(events.CATEGORIES)),
        )
    if cond.get("sub_category") is not None and cond["sub_category"] not in events.SUB_CATEGORIES:
        raise problem("condition.sub_category", Text("không có nhóm con '{sub}'", sub=cond["sub_category"]))


def _areas(session: Session, codes: list[str], field: str) -> None:
    bad = [c for c in codes if areas.get_area(session, c) is None]
    if bad:
        raise problem(field, Text("không có địa bàn: {codes}", codes=", ".join(bad)))


def _indicators(session: Session, codes: list[str]) -> None:
    bad = []
    for code in codes:
        try:
            kpi.get_indicator(session, code)
        except NotFound:
            bad.append(code)
    if bad:
        raise problem("condition.indicators", Text("không có chỉ tiêu: {codes}", codes=", ".join(bad)))
