"""The government-performance page: totals, agency rankings by on-time rate and by 766 score, wards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.govperf import service, views
from ioc.kit import i18n
from ioc.web.components import Column, TableView, export_response, table_view
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
NAV = [NavItem("/govperf", "Chính quyền số", "gov", order=60)]
template_dirs(str(Path(__file__).resolve().parent / "templates"))


def _figure_columns(unit_label: str) -> list[Column]:
    return [
        Column("rank", "Hạng", "num", 0),
        Column("name", unit_label),
        Column("received", "Tiếp nhận", "num", 0),
        Column("resolved", "Đã giải quyết", "num", 0),
        Column("on_time_rate", "Đúng hạn (%)", "num"),
        Column("late", "Trễ hạn", "num", 0),
        Column("overdue_now", "Đang quá hạn", "num", 0),
        Column("online_share", "Trực tuyến (%)", "num"),
    ]


def _score_columns() -> list[Column]:
    groups = [Column(g, label, "num", 2) for g, label in service.GROUP_LABELS.items()]
    return [
        Column("rank", "Hạng", "num", 0),
        Column("name", "Cơ quan, địa phương"),
        Column("period", "Kỳ", sortable=False),
        Column("total", "Tổng điểm (100)", "num", 2),
        *groups,
    ]


def _ranked(rows: list[dict], key: str) -> list[dict]:
    ordered = sorted(rows, key=lambda r: -(r[key] if r[key] is not None else -1))
    return [r | {"rank": i} for i, r in enumerate(ordered, start=1)]


TOP_ROWS = 5  # rows per ranking on the overview page; "Xem tất cả" opens one table in full
FULL_PAGE_SIZE = 15


@router.get("/govperf")
def govperf_page(
    request: Request,
    start: str | None = None,
    end: str | None = None,
    format: str | None = None,
    table: str | None = None,
    show: str | None = None,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Who serves citizens on time: live dossier figures and the 766 index, ranked.

    The page shows the top rows of each ranking (a short page on a phone); `?show=<table>` shows one
    ranking in full, searchable and paginated.
    """
    lang = request_language(request)
    translate = lambda text: i18n.translate(text, lang)  # noqa: E731
    first, last = views.window(start, end)
    agencies = views.named_figures(db, "agency", first, last, lang)
    rankings = _rankings(db, agencies, views.named_figures(db, "area", first, last, lang), lang)
    if show not in rankings:
        show = None
    tables = _tables(request, rankings, show)
    if format in ("csv", "xlsx") and table in tables:
        return export_response(tables[table], format, f"chinh-quyen-so-{table}", lang, translate, "Chính quyền số")
    period = {k: v for k, v in (("start", start), ("end", end)) if v}
    return render(
        request,
        "govperf.html",
        principal,
        totals=views.totals(agencies),
        tables=tables,
        show=show,
        first=first,
        last=last - timedelta(seconds=1),
        full_url=lambda key: "/govperf?" + urlencode({**period, "show": key}),
        back_url="/govperf" + ("?" + urlencode(period) if period else ""),
    )


def _rankings(db: Session, agencies: list[dict], wards: list[dict], lang: str) -> dict[str, tuple]:
    """Each ranking of the page: its columns, its ranked rows and its parameter prefix."""
    return {
        "ontime": (_figure_columns("Cơ quan"), _ranked(agencies, "on_time_rate"), "a_"),
        "score766": (_score_columns(), _ranked(views.score_rows(db, lang=lang), "total"), "s_"),
        "wards": (_figure_columns("Xã, phường"), _ranked(wards, "on_time_rate"), "w_"),
    }


def _tables(request: Request, rankings: dict[str, tuple], show: str | None) -> dict[str, TableView]:
    # Every ranking's top rows, or the one shown in full.
    return {
        key: table_view(
            request,
            key,
            columns,
            rows,
            default_sort="rank",
            search_keys=("name",),
            page_size=FULL_PAGE_SIZE if show == key else TOP_ROWS,
            prefix=prefix,
        )
        for key, (columns, rows, prefix) in rankings.items()
        if show in (None, key)
    }
