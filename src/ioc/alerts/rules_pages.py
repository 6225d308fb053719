"""Rule pages: the list of rules (search, filters, sort, pages, CSV/XLSX) and the editor with its preview."""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.alerts import listing, service
from ioc.alerts.schemas import KINDS, OPS
from ioc.alerts.sources import INDEX_KINDS
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kit.types import Id
from ioc.registry import NavItem
from ioc.web.components import Column, Filter, export_response, table_view
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language

router = APIRouter(include_in_schema=False)
READERS = ("admin", "leader", "operator")
EDITORS = ("admin",)
NAV = [NavItem("/alert-rules", "Quy tắc cảnh báo", "list", roles=READERS, order=45, group="operate")]
KIND_LABELS = {
    "threshold": "Ngưỡng", "rate": "Tốc độ thay đổi", "all": "Tất cả điều kiện (AND)",
    "any": "Một trong các điều kiện (OR)",
    "absent": "Mất số liệu", "event_count": "Số sự kiện", "reports_overdue": "Phản ánh quá hạn",
    "indicator_off_track": "Chỉ tiêu chệch hướng",
}  # fmt: skip
KIND_HINTS = {
    "threshold": "Phát khi giá trị của trạm vượt ngưỡng.",
    "rate": "Phát khi giá trị thay đổi nhanh hơn ngưỡng mỗi giờ, tính trên cửa sổ thời gian.",
    "all": "Phát khi mọi phép so cùng đúng tại một trạm.",
    "any": "Phát khi một trong các phép so đúng tại một trạm.",
    "absent": "Phát khi trạm không gửi số liệu trong số chu kỳ hoặc khoảng thời gian đã cho (lấy giá trị dài hơn).",
    "event_count": "Phát khi số sự kiện của loại này trong địa bàn, trong cửa sổ thời gian, vượt ngưỡng.",
    "reports_overdue": "Phát khi số phản ánh quá hạn của một đơn vị vượt ngưỡng.",
    "indicator_off_track": "Phát khi giá trị mới nhất của chỉ tiêu tại địa bàn chệch khỏi kế hoạch.",
}
INDEX_LABELS = {"aqi": "AQI theo giờ", "wqi": "WQI theo giờ"}
ENABLED = {"yes": "Đang bật", "no": "Đã tắt"}


def _reader(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("Only admins, leaders and operators see the alert rules.")


def _seconds(n: int) -> str:
    h, rest = divmod(int(n or 0), 3600)
    m, s = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v) or "0s"


def _summary(kind: str, cond: dict[str, Any]) -> str:
    """The condition of a rule in one line of the list."""
    if kind in ("all", "any"):
        joiner = " AND " if kind == "all" else " OR "
        return joiner.join(f"{p.get('quantity')} {p.get('op')} {p.get('value')}" for p in cond.get("conditions") or [])
    if kind == "absent":
        return f"{cond.get('intervals') or ''} × / {cond.get('duration') or ''}".strip(" /×")
    if kind == "event_count":
        where = f"{cond.get('category')} @ {cond.get('area')}"
        return f"{where} {cond.get('op', '>')} {cond.get('value')} / {cond.get('window')}"
    if kind == "indicator_off_track":
        return ", ".join(cond.get("indicators") or [])
    return f"{cond.get('op', '')} {cond.get('value', '')}".strip()


def _row(rule: Any, tr) -> dict[str, Any]:
    cond = rule.condition or {}
    labels = rule.labels or {}
    return {
        "id": rule.id,
        "key": rule.key,
        "name": rule.name,
        "kind": tr(KIND_LABELS.get(rule.kind, rule.kind)),
        "quantity": cond.get("quantity", rule.quantity) or "",
        "condition": _summary(rule.kind, cond),
        "stations": ", ".join(cond.get("stations") or []) or tr("Mọi trạm"),
        "for": _seconds(rule.for_seconds),
        "keep": _seconds(rule.keep_firing_seconds),
        "labels": ", ".join(f"{k}={v}" for k, v in sorted(labels.items())),
        "label_pairs": {f"{k}={v}" for k, v in labels.items()},
        "enabled": tr(ENABLED["yes" if rule.enabled else "no"]),
        "updated_at": rule.updated_at,
    }


def _columns() -> list[Column]:
    return [
        Column("key", "Mã quy tắc", link="/alert-rules/{id}"),
        Column("name", "Tên"),
        Column("kind", "Loại"),
        Column("quantity", "Đại lượng"),
        Column("condition", "Điều kiện phát", sortable=False),
        Column("stations", "Trạm"),
        Column("for", "Chờ (for)", sortable=False),
        Column("keep", "Giữ (keep_firing_for)", sortable=False),
        Column("labels", "Nhãn"),
        Column("enabled", "Trạng thái"),
        Column("updated_at", "Cập nhật", "date"),
    ]


def _view(request: Request, db: Session, lang: str):
    tr = functools.partial(i18n.translate, lang=lang)
    rows = [_row(r, tr) for r in listing.all_rules(db)]
    pairs = sorted({p for r in rows for p in r["label_pairs"]})
    label = request.query_params.get("label", "")
    if label:  # a rule matches the label filter when it has that key=value among its labels
        rows = [r | {"label": label} for r in rows if label in r["label_pairs"]]
    filters = [
        Filter("kind", "Loại", [(tr(v), tr(v)) for v in KIND_LABELS.values()]),
        Filter("enabled", "Trạng thái", [(tr(v), tr(v)) for v in ENABLED.values()]),
        Filter("label", "Nhãn", [(p, p) for p in pairs]),
    ]
    search = ("key", "name", "labels", "stations", "quantity")
    return table_view(
        request, "quy-tac-canh-bao", _columns(), rows, default_sort="key", filters=filters, search_keys=search
    )


@router.get("/alert-rules")
def rules_page(
    request: Request, format: str | None = None, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """The alert rules: search, filter by kind, state and label, sort, page, export as CSV or XLSX."""
    _reader(principal)
    lang = request_language(request)
    view = _view(request, db, lang)
    if format in ("csv", "xlsx"):
        return export_response(view, format, "quy-tac-canh-bao", lang, lambda t: i18n.translate(t, lang))
    return render(request, "alerts/rules.html", principal, view=view, editable=principal.role in EDITORS)


def _lookups(db: Session, lang: str) -> dict[str, Any]:
    """What the other kinds' selects offer: event categories, areas, agencies, indicators, station kinds."""
    from ioc.areas import service as areas
    from ioc.auth import service as auth
    from ioc.events import service as events
    from ioc.kpi import service as kpi
    from ioc.sensors import service as sensors

    return {
        "categories": events.CATEGORIES, "sub_categories": events.SUB_CATEGORIES,
        "areas": sorted(areas.area_labels(db).items()), "agencies": sorted(auth.agency_labels(db, lang).items()),
        "indicators": [(i.code, i.name_en if lang == "en" and i.name_en else i.name) for i in kpi.list_indicators(db)],
        "station_kinds": sensors.STATION_KINDS, "kind_hints": KIND_HINTS,
    }  # fmt: skip


def _choices(db: Session) -> dict[str, Any]:
    """What the editor's selects offer: quantities (sensors' and the hourly indices) and the stations."""
    from ioc.sensors import service as sensors

    quantities = [(k, INDEX_LABELS[k]) for k in INDEX_KINDS]
    quantities += [(q.key, f"{q.label_vi} ({sensors.quantity_unit(q.key)})") for q in sensors.QUANTITIES.values()]
    index_kinds = {k: kind for k, (_, kind) in INDEX_KINDS.items()}
    stations = [
        {"code": s.code, "name": s.name, "kind": s.kind, "quantities": list(s.quantities or [])}
        for s in sensors.active_stations(db)
    ]
    return {"quantities": quantities, "stations": stations, "index_kinds": index_kinds}


def _editor(request: Request, principal: Principal, db: Session, rule: dict[str, Any] | None) -> Response:
    choices = _choices(db)
    editable = principal.role in EDITORS
    plain = {k: v for k, v in (rule or {}).items() if k not in ("created_at", "updated_at")} or None
    data = {"rule": plain, "stations": choices["stations"], "indexKinds": choices["index_kinds"], "editable": editable}
    return render(
        request,
        "alerts/rule_form.html",
        principal,
        rule=rule,
        editable=editable,
        kinds=[(k, KIND_LABELS.get(k, k)) for k in KINDS],
        ops=OPS,
        quantities=choices["quantities"],
        stations=choices["stations"],
        editor_data=data,
        fmt_seconds=_seconds,
        **_lookups(db, request_language(request)),
    )


@router.get("/alert-rules/new")
def new_rule_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The editor for a new rule (admins)."""
    if principal.role not in EDITORS:
        raise Forbidden("Only admins write alert rules on these pages.")
    return _editor(request, principal, db, None)


@router.get("/alert-rules/{rule_id:int}")
def rule_page(request: Request, rule_id: Id, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """A rule in the editor: admins change, disable or delete it; the others read it."""
    _reader(principal)
    return _editor(request, principal, db, service.get_rule(db, rule_id))
