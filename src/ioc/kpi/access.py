"""Who may read and write which figures, and checking API writes before anything is stored."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.kit.errors import Forbidden, ValidationProblem
from ioc.kit.periods import check_in_range, check_official, parse_period
from ioc.kpi import repository as repo
from ioc.kpi.schemas import TargetWrite, ValueWrite
from ioc.kpi.service import TargetIn, ValueIn

READERS = ("admin", "leader", "operator", "agency_officer")
WRITERS = ("admin", "operator", "agency_officer", "integrator")


def check_scope(principal: Principal, areas: set[str]) -> None:
    """An agency officer writes only figures of the areas their agency covers."""
    if principal.role != "agency_officer":
        return
    outside = sorted(areas - set(principal.area_codes))
    if outside:
        raise Forbidden(f"your agency does not cover the area(s) {', '.join(outside[:10])}")


def values_from_api(session: Session, principal: Principal, items: list[ValueWrite]) -> list[ValueIn]:
    """Checked values; every problem is reported with its field, and none is stored if any is bad."""
    inds, areas = repo.indicator_map(session), set(areas_service.area_labels(session))
    out, errors = [], []
    for i, item in enumerate(items):
        ind = inds.get(item.indicator)
        if ind is None:
            errors.append(_e(f"values[{i}].indicator", f"unknown indicator {item.indicator!r}"))
            continue
        if item.area not in areas:
            errors.append(_e(f"values[{i}].area", f"unknown area {item.area!r}"))
            continue
        try:
            period = parse_period(item.period, ind.frequency)
            check_in_range(period)
        except ValueError as exc:
            errors.append(_e(f"values[{i}].period", str(exc)))
            continue
        try:
            check_official(period, item.status)
        except ValueError as exc:
            errors.append(_e(f"values[{i}].status", str(exc)))
            continue
        out.append(ValueIn(ind.code, item.area, period, item.status, item.value, item.source))
    keys = [(v.indicator_code, v.area_code, v.period.start, v.status) for v in out]
    if len(set(keys)) != len(keys):
        errors.append(_e("values", "the same indicator, area, period and status appear more than once"))
    _raise(errors)
    check_scope(principal, {v.area_code for v in out})
    return out


def targets_from_api(session: Session, principal: Principal, items: list[TargetWrite]) -> list[TargetIn]:
    """Checked targets, all or none."""
    inds, areas = repo.indicator_map(session), set(areas_service.area_labels(session))
    out, errors = [], []
    for i, item in enumerate(items):
        if item.indicator not in inds:
            errors.append(_e(f"targets[{i}].indicator", f"unknown indicator {item.indicator!r}"))
        elif item.area not in areas:
            errors.append(_e(f"targets[{i}].area", f"unknown area {item.area!r}"))
        else:
            out.append(TargetIn(item.indicator, item.area, item.year, item.quarter, item.value, item.source))
    _raise(errors)
    check_scope(principal, {t.area_code for t in out})
    return out


def _e(field: str, message: str) -> dict:
    return {"field": field, "message": message}


def _raise(errors: list[dict]) -> None:
    if errors:
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        raise ValidationProblem(f"{summary}; nothing was stored", errors=errors)
