"""Pages: silences (list, create, expire) and notifications (routes, receivers, delivery log)."""

from __future__ import annotations

import functools
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.notify import service
from ioc.web.components import Column, Filter, export_response, table_view
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
DESK_ROLES = ("admin", "operator")
NAV = [
    NavItem("/notifications", "Thông báo cảnh báo", "message", roles=DESK_ROLES, order=47, group="operate"),
    NavItem("/alerts/silences", "Tạm tắt cảnh báo", "list", roles=DESK_ROLES, order=48, group="operate"),
]
STATUS = {
    "notify_delivery": {
        "pending": ("Đang chờ gửi", "warn", ""),
        "retrying": ("Đang thử lại", "warn", ""),
        "delivered": ("Đã gửi", "ok", ""),
        "failed": ("Gửi thất bại", "bad", ""),
    }
}
DELIVERY_LABELS = {k: v[0] for k, v in STATUS["notify_delivery"].items()}
STATE_LABELS = {"active": "Đang hiệu lực", "pending": "Chưa bắt đầu", "expired": "Đã hết hạn"}
template_dirs(str(Path(__file__).resolve().parent / "templates"))


def _desk(principal: Principal) -> Principal:
    if principal.role not in DESK_ROLES:
        raise Forbidden("only operators and administrators manage notifications")
    return principal


def _log_columns() -> list[Column]:
    return [
        Column("created_at", "Thời điểm", "date"),
        Column("receiver", "Nơi nhận"),
        Column("reason_label", "Lý do"),
        Column("status_label", "Trạng thái cảnh báo"),
        Column("alert_count", "Số cảnh báo", "num", 0),
        Column("delivery_label", "Tình trạng gửi"),
        Column("attempts", "Lần thử", "num", 0),
        Column("last_error", "Lỗi gần nhất", sortable=False),
    ]


REASONS = {"change": "Mới hoặc thay đổi", "repeat": "Nhắc lại", "escalation": "Chuyển cấp"}


def _log_rows(db: Session, lang: str) -> list[dict]:
    tr = functools.partial(i18n.translate, lang=lang)
    rows = service.list_notifications(db, limit=2000)
    for r in rows:
        r["reason_label"] = tr(REASONS.get(r["reason"], r["reason"]))
        r["status_label"] = tr("Đang cảnh báo" if r["status"] == "firing" else "Đã hết")
        r["delivery_label"] = tr(DELIVERY_LABELS.get(r["delivery"], r["delivery"]))
    return rows


def _log_view(request: Request, rows: list[dict], lang: str):
    options = [(i18n.translate(label, lang), i18n.translate(label, lang)) for label in DELIVERY_LABELS.values()]
    view = table_view(
        request,
        "notify-log",
        _log_columns(),
        rows,
        default_sort="-created_at",
        filters=[Filter("delivery_label", "Tình trạng gửi", options)],
        search_keys=("receiver",),
    )
    view.path = "/notifications"  # the live fragment's links (sort, pages, export) lead to the page
    return view


@router.get("/notifications/_log")
def notifications_log_fragment(
    request: Request, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """The delivery log alone, re-fetched by the page when a notification goes out."""
    _desk(principal)
    lang = request_language(request)
    return render(request, "notify/_log.html", principal, view=_log_view(request, _log_rows(db, lang), lang))


@router.get("/notifications")
def notifications_page(
    request: Request, format: str | None = None, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """Where alerts go: the routing tree, the receivers and the delivery log with its failures."""
    _desk(principal)
    lang = request_language(request)
    rows = _log_rows(db, lang)
    view = _log_view(request, rows, lang)
    if format in ("csv", "xlsx"):
        return export_response(
            view, format, "nhat-ky-thong-bao", lang, lambda t: i18n.translate(t, lang), "Nhật ký thông báo"
        )
    failed = sum(1 for r in rows if r["delivery"] == "failed")
    return render(
        request,
        "notify/notifications.html",
        principal,
        view=view,
        failed=failed,
        receivers=service.list_receivers(db),
        tree=service.get_routes(db),
        demo=getattr(request.app.state, "demo", False),
    )


def _silence_columns() -> list[Column]:
    return [
        Column("state_label", "Trạng thái"),
        Column("matchers_text", "Điều kiện"),
        Column("startsAt", "Từ", "date"),
        Column("endsAt", "Đến", "date"),
        Column("createdBy", "Người tạo"),
        Column("comment", "Ghi chú", sortable=False),
        Column("expire_label", "Thao tác", sortable=False, link="#expire-{id}"),
    ]


def _silence_rows(db: Session, lang: str) -> list[dict]:
    rows = service.list_silences(db)
    for r in rows:
        r["state_label"] = i18n.translate(STATE_LABELS[r["state"]], lang)
        r["matchers_text"] = " ".join(f'{m["label"]}{m["op"]}"{m["value"]}"' for m in r["matchers"])
        r["expire_label"] = i18n.translate("Cho hết hạn", lang) if r["state"] != "expired" else None
    return rows


@router.get("/alerts/silences")
def silences_page(
    request: Request, format: str | None = None, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """Silences: who muted what, until when; filter, export, create one, expire one."""
    _desk(principal)
    lang = request_language(request)
    options = [(i18n.translate(label, lang), i18n.translate(label, lang)) for label in STATE_LABELS.values()]
    view = table_view(
        request,
        "nt-silences",
        _silence_columns(),
        _silence_rows(db, lang),
        default_sort="-endsAt",
        filters=[Filter("state_label", "Trạng thái", options)],
        search_keys=("matchers_text", "comment"),
    )
    if format in ("csv", "xlsx"):
        return export_response(
            view, format, "tam-tat-canh-bao", lang, lambda t: i18n.translate(t, lang), "Tạm tắt cảnh báo"
        )
    return render(request, "notify/silences.html", principal, view=view)
