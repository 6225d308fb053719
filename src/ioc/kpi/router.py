"""HTTP handlers of /api/v1/kpi: catalogue, values, targets, statuses, series, imports."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import ValidationProblem
from ioc.kit.openapi import media
from ioc.kit.periods import parse_period
from ioc.kpi import access, queries, service
from ioc.kpi.imports import service as imports
from ioc.kpi.imports.template import csv_template, xlsx_template
from ioc.kpi.schemas import (
    BreakdownOut,
    ImportResult,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    OverviewOut,
    RevisionOut,
    SeriesOut,
    TargetsWrite,
    ValuesWrite,
    WriteResult,
)

router = APIRouter(prefix="/api/v1/kpi", tags=["kpi"])
reader = require_roles(*access.READERS)
writer = require_roles(*access.WRITERS)
admin = require_roles("admin")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 50 * 1024 * 1024


def _province(request: Request) -> str:
    return request.app.state.settings.jurisdiction


@router.get("/indicators", response_model=list[IndicatorOut])
def list_indicators(
    domain: str | None = None,
    q: str | None = None,
    headline: bool | None = None,
    _: Principal = Depends(reader),
    db: Session = DB,
) -> list:
    """The catalogue: seeded (Decision 05/2023/QĐ-TTg, ISO 37120/37122) and the deployment's own."""
    return service.list_indicators(db, domain=domain, q=q, headline=headline)


@router.post("/indicators", response_model=IndicatorOut, status_code=201)
def add_indicator(body: IndicatorIn, actor: Principal = Depends(admin), db: Session = DB):
    """Add an indicator of the deployment's own."""
    row = service.add_indicator(db, actor, body.model_dump())
    return row


@router.get("/indicators/{code}", response_model=IndicatorOut)
def get_indicator(code: str, _: Principal = Depends(reader), db: Session = DB):
    """One catalogue entry."""
    return service.get_indicator(db, code)


@router.patch("/indicators/{code}", response_model=IndicatorOut)
def patch_indicator(code: str, body: IndicatorPatch, actor: Principal = Depends(admin), db: Session = DB):
    """Rename, (un)mark as headline, retire an indicator."""
    row = service.update_indicator(db, actor, code, body.model_dump(exclude_unset=True))
    return row


@router.post("/values", response_model=WriteResult)
def write_values(body: ValuesWrite, actor: Principal = Depends(writer), db: Session = DB) -> WriteResult:
    """Store values (each change kept as a revision); the whole batch or nothing."""
    items = access.values_from_api(db, actor, body.values)
    result = service.write_values(db, actor, items)
    return WriteResult(**result)


@router.post("/targets", response_model=WriteResult)
def write_targets(body: TargetsWrite, actor: Principal = Depends(writer), db: Session = DB) -> WriteResult:
    """Store plan targets (annual, or per quarter); the whole batch or nothing."""
    items = access.targets_from_api(db, actor, body.targets)
    changed = service.write_targets(db, actor, items)
    return WriteResult(targets_changed=changed)


@router.get("/overview", response_model=OverviewOut)
def overview(
    request: Request,
    area: str | None = None,
    filter: str | None = Query(None, pattern="^(off_track|at_risk|on_track|no_data)$"),
    lang: str = "vi",
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Headline tiles per domain (or, with `filter`, every indicator in that status) with status and trend."""
    return queries.overview(db, area or _province(request), lang, track=filter)


@router.get("/indicators/{code}/series", response_model=SeriesOut)
def series(
    request: Request,
    code: str,
    area: str | None = None,
    years: int = Query(3, ge=1, le=20),
    lang: str = "vi",
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Values, year-to-date, % of target and status per period, with the targets."""
    return queries.detail(db, code, area or _province(request), lang, years)


@router.get("/indicators/{code}/wards", response_model=BreakdownOut)
def wards(
    request: Request,
    code: str,
    period: str | None = None,
    lang: str = "vi",
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Every ward's figure for a period (default: the province's latest)."""
    start = _period_start(db, code, period)
    return queries.breakdown(db, code, _province(request), start, lang)


@router.get("/indicators/{code}/compare")
def compare(
    code: str,
    areas: str = Query(..., description="Comma-separated ward codes"),
    years: int = Query(2, ge=1, le=10),
    lang: str = "vi",
    _: Principal = Depends(reader),
    db: Session = DB,
) -> dict:
    """Series of several wards side by side."""
    codes = [a.strip() for a in areas.split(",") if a.strip()]
    out = queries.compare(db, code, codes, lang, years)
    out["indicator"] = IndicatorOut.model_validate(out["indicator"])
    return out


@router.get("/indicators/{code}/revisions", response_model=list[RevisionOut])
def revisions(
    request: Request, code: str, period: str, area: str | None = None, _: Principal = Depends(reader), db: Session = DB
) -> list:
    """Every change of one value: who, when, old → new."""
    start = _period_start(db, code, period)
    return service.value_history(db, code, area or _province(request), start)


def _period_start(db: Session, code: str, period: str | None) -> date | None:
    if period is None:
        return None
    ind = service.get_indicator(db, code)
    try:
        return parse_period(period, ind.frequency).start
    except ValueError as exc:
        raise ValidationProblem(f"period: {exc}", errors=[{"field": "period", "message": str(exc)}]) from exc


@router.post("/imports", response_model=ImportResult)
async def import_file(
    file: UploadFile, dry_run: bool = False, actor: Principal = Depends(writer), db: Session = DB
) -> dict:
    """Import an XLSX or CSV file in the template; with any problem nothing is stored (422 listing them)."""
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ValidationProblem("file: larger than 50 MB", errors=[{"field": "file", "message": "too large"}])
    result = imports.run_import(
        db,
        actor,
        file.filename or "upload",
        data,
        dry_run=dry_run,
        scope_check=lambda areas: access.check_scope(actor, areas),
    )
    if result["error_count"] and not dry_run:
        raise ValidationProblem(
            f"{result['error_count']} problem(s) in {result['file']}; nothing was imported", errors=result["errors"]
        )
    return result


@router.get("/template.xlsx", response_class=Response, responses=media(XLSX))
def template_xlsx(_: Principal = Depends(reader), db: Session = DB) -> Response:
    """The import template with its guide and the catalogue."""
    body = xlsx_template(service.list_indicators(db))
    disposition = 'attachment; filename="mau-nhap-chi-tieu.xlsx"'
    return Response(body, media_type=XLSX, headers={"Content-Disposition": disposition})


@router.get("/template.csv", response_class=Response, responses=media("text/csv"))
def template_csv(kind: str = Query("values", pattern="^(values|targets)$"), _: Principal = Depends(reader)) -> Response:
    """The CSV header for values or targets."""
    return Response(
        csv_template(kind),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="mau-{kind}.csv"'},
    )
