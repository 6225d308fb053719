"""HTTP handlers of /api/v1/govperf: dossiers in, live figures, 766 scores, rankings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, UploadFile
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.deps import require_roles
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.govperf import service, views
from ioc.govperf.checks import FieldError, check_dossier, check_score
from ioc.govperf.files import DOSSIER_COLUMNS, SCORE_COLUMNS, read_records
from ioc.govperf.schemas import DossiersWrite, FigureOut, ScoreOut, ScoresWrite
from ioc.kit.errors import ValidationProblem

router = APIRouter(prefix="/api/v1/govperf", tags=["govperf"])
reader = require_roles("admin", "leader", "operator", "agency_officer")
writer = require_roles("admin", "operator", "integrator")
MAX_UPLOAD = 50 * 1024 * 1024


def _checked(items: list, check, prefix: str) -> list:
    out, errors = [], []
    for i, item in enumerate(items):
        try:
            out.append(check(item.model_dump()))
        except FieldError as exc:
            errors.append({"field": f"{prefix}[{i}].{exc.field}", "message": exc.message})
    if errors:
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        raise ValidationProblem(f"{summary}; nothing was stored", errors=errors)
    return out


def _known(db: Session) -> tuple[set[str], set[str]]:
    return set(auth_service.agency_labels(db)), set(areas_service.area_labels(db))


@router.post("/dossiers")
def post_dossiers(body: DossiersWrite, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Insert or update dossiers by their one-stop-shop number; the whole batch or nothing."""
    agencies, areas = _known(db)
    items = _checked(body.dossiers, lambda raw: check_dossier(raw, agencies, areas), "dossiers")
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise ValidationProblem(
            "dossiers: the same code appears twice", errors=[{"field": "dossiers.code", "message": "duplicate"}]
        )
    result = service.upsert_dossiers(db, actor, items)
    return result


async def _upload(file: UploadFile) -> bytes:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ValidationProblem("file: larger than 50 MB", errors=[{"field": "file", "message": "too large"}])
    return data


@router.post("/dossiers/import")
async def import_dossiers(
    file: UploadFile, dry_run: bool = False, actor: Principal = Depends(writer), db: Session = DB
) -> dict:
    """Dossiers from a CSV/XLSX export of the one-stop-shop system; any error imports nothing."""
    agencies, areas = _known(db)
    records, errors = read_records(
        file.filename or "", await _upload(file), DOSSIER_COLUMNS, lambda raw: check_dossier(raw, agencies, areas)
    )
    if errors:
        raise ValidationProblem(f"{len(errors)} problem(s); nothing was imported", errors=errors[:1000])
    if dry_run:
        return {"dry_run": True, "rows": len(records)}
    result = service.upsert_dossiers(db, actor, records, via=f"import:{file.filename}")
    return result


@router.get("/figures", response_model=list[FigureOut])
def figures(
    by: str = Query("agency", pattern="^(agency|area)$"),
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
    _: Principal = Depends(reader),
    db: Session = DB,
) -> list[dict]:
    """Received, resolved, on time, late, overdue now and online share per agency or ward."""
    first, last = views.window(start, end)
    return views.named_figures(db, by, first, last)


@router.post("/scores")
def post_scores(body: ScoresWrite, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """Store 766 index scores per agency or locality and period."""
    agencies, areas = _known(db)
    items = _checked(body.scores, lambda raw: check_score(raw, agencies | areas), "scores")
    changed = service.write_scores(db, actor, items)
    return {"changed": changed}


@router.post("/scores/import")
async def import_scores(file: UploadFile, actor: Principal = Depends(writer), db: Session = DB) -> dict:
    """766 scores from a CSV/XLSX file; any error imports nothing."""
    agencies, areas = _known(db)
    records, errors = read_records(
        file.filename or "", await _upload(file), SCORE_COLUMNS, lambda raw: check_score(raw, agencies | areas)
    )
    if errors:
        raise ValidationProblem(f"{len(errors)} problem(s); nothing was imported", errors=errors[:1000])
    changed = service.write_scores(db, actor, records, via=f"import:{file.filename}")
    return {"changed": changed}


@router.get("/scores", response_model=list[ScoreOut])
def scores(
    kind: str | None = Query(None, pattern="^(agency|locality)$"), _: Principal = Depends(reader), db: Session = DB
) -> list:
    """Each unit's latest 766 score, best first."""
    return service.ranking_by_score(db, kind)
