"""KPI pages: the leader's overview, an indicator's detail with the ward map, and the import page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import DB, discard
from ioc.kit import i18n
from ioc.kit.errors import Forbidden
from ioc.kpi import access, queries
from ioc.kpi.catalogue import DOMAIN_LABELS
from ioc.kpi.imports import service as imports
from ioc.web.components import TRACK_ORDER, Column, Filter, TableView, export_response, table_view
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
NAV = [
    NavItem("/overview", "Chỉ tiêu", "chart", order=10, tab=True),
    NavItem(
        "/kpi/import", "Nhập số liệu", "list", roles=("admin", "operator", "agency_officer"), order=65, group="admin"
    ),
]
template_dirs(str(Path(__file__).resolve().parent / "templates"))
TRACK_OPTIONS = [
    ("off_track", "Chậm tiến độ"),
    ("at_risk", "Có nguy cơ"),
    ("on_track", "Đạt tiến độ"),
    ("no_data", "Chưa có dữ liệu"),
]


def _province(request: Request) -> str:
    return request.app.state.settings.jurisdiction


@router.get("/overview")
def overview_page(
    request: Request,
    filter: str | None = None,
    ward: str | None = Query(None, max_length=10),
    partial: bool = False,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Headline indicators of every domain as tiles; `?filter=at_risk` (or another status) lists every indicator
    in it; `?ward=` shows a ward's figures instead of the province's."""
    lang = request_language(request)
    track = filter if filter in queries.TRACKS else None
    ward_name = areas_service.area_labels(db, [ward], lang=lang).get(ward) if ward else None
    area = ward if ward_name else _province(request)
    data = queries.overview(db, area, lang, track=track)
    template = "_kpi_overview_body.html" if partial else "kpi_overview.html"
    ward = ward if ward_name else None
    return render(request, template, principal, data=data, track=track, ward=ward, ward_name=ward_name)


def _ward_columns(digits: int) -> list[Column]:
    return [
        Column("name", "Xã, phường"),
        Column("value", "Giá trị", "num", digits),
        Column("yoy_pct", "So cùng kỳ (%)", "num"),
        Column("ytd", "Lũy kế năm", "num", digits),
        Column("pct_target", "% kế hoạch", "pct"),
        Column("track", "Trạng thái", "track", sort_by="track_order"),
    ]


@router.get("/overview/{code}")
def indicator_page(
    request: Request,
    code: str,
    period: str | None = None,
    format: str | None = None,
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """One indicator: actual vs plan, and each ward's figure on the map and in a table."""
    lang = request_language(request)
    province = _province(request)
    detail = queries.detail(db, code, province, lang)
    start = _period_start(detail["indicator"], period)
    wards = queries.breakdown(db, code, province, start, lang)
    translate = lambda text: i18n.translate(text, lang)  # noqa: E731
    view = _ward_table(request, wards["wards"], detail["indicator"].digits, translate)
    if format in ("csv", "xlsx"):
        return export_response(
            view, format, f"{code}-xa-phuong-{wards.get('period') or ''}", lang, translate, "Theo xã, phường"
        )
    tile = _tile_for(db, code, province, lang)
    return render(
        request,
        "kpi_indicator.html",
        principal,
        ind=detail["indicator"],
        tile=tile,
        view=view,
        wards=wards,
        chart_json=_chart_json(detail["series"]),
        ward_json=_ward_json(wards["wards"]),
        domain_label=DOMAIN_LABELS[detail["indicator"].domain],
    )


def _ward_table(request: Request, wards: list[dict], digits: int, translate: Callable[[str], str]) -> TableView:
    """The wards' figures as a table, sorted by track and filterable by it."""
    for w in wards:
        w["track_order"] = TRACK_ORDER[w["track"]]
    return table_view(
        request,
        "wards",
        _ward_columns(digits),
        wards,
        default_sort="track",
        filters=[Filter("track", translate("Trạng thái"), [(v, translate(t)) for v, t in TRACK_OPTIONS])],
        search_keys=("name", "code"),
        page_size=20,
    )


def _chart_json(series: list[dict]) -> str:
    # The chart's points: actual, year to date, plan and target per period.
    chart = [
        {
            "label": p["period_label"],
            "value": p["value"],
            "ytd": p["ytd"],
            "plan": p["plan"],
            "target": p["target"],
            "track": p["track"],
        }
        for p in series
    ]
    return json.dumps(chart, ensure_ascii=False)


def _ward_json(wards: list[dict]) -> str:
    # The map's colour and tooltip of each ward, by code.
    ward_map = {w["code"]: {"track": w["track"], "value": w["value"], "name": w["name"]} for w in wards}
    return json.dumps(ward_map, ensure_ascii=False)


def _tile_for(db: Session, code: str, province: str, lang: str) -> dict:
    from ioc.kpi import repository

    for ind, latest in repository.latest_for_area(db, province, headline_only=False):
        if ind.code == code:
            return queries.tile(ind, latest, lang)
    return {}


def _period_start(ind, period: str | None):
    from ioc.kit.periods import parse_period

    if not period:
        return None
    try:
        return parse_period(period, ind.frequency).start
    except ValueError:
        return None


@router.get("/kpi/import")
def import_page(request: Request, principal: Principal = Depends(staff_page)) -> Response:
    """Where an officer downloads the template and loads the month's figures."""
    _check_writer(principal)
    return render(request, "kpi_import.html", principal, result=None)


@router.post("/kpi/import")
async def import_submit(
    request: Request,
    file: UploadFile = File(...),
    csrf_token: str = Form(""),
    dry_run: bool = Form(False),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """Check (and unless a dry run, store) an uploaded file; every problem is listed by sheet, row and column."""
    _check_writer(principal)
    if not csrf_token or csrf_token != getattr(request.state, "csrf", None):
        raise Forbidden("CSRF token missing or wrong: reload the page and try again.")
    data = await file.read()
    result = imports.run_import(
        db,
        principal,
        file.filename or "upload",
        data,
        dry_run=dry_run,
        scope_check=lambda areas: access.check_scope(principal, areas),
    )
    if not result["imported"]:
        discard(db)  # a dry run or a file with errors stores nothing
    status = 422 if result["error_count"] else 200
    return render(request, "kpi_import.html", principal, status_code=status, result=result)


def _check_writer(principal: Principal) -> None:
    if principal.role not in access.WRITERS:
        raise Forbidden("Only administrators, operators and agency officers load figures.")
