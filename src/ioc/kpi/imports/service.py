"""Run an import: read, check every row, and store all of it or nothing. Never commits."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit.periods import today_vn
from ioc.kpi import repository as repo
from ioc.kpi import service as kpi_service
from ioc.kpi.imports.checker import Checked, Context, check_sheets
from ioc.kpi.imports.reader import FileProblem, read_file


def known_areas(session: Session) -> set[str]:
    """Codes of the units a file may name (the province and its wards)."""
    return set(areas_service.area_labels(session))


def check_file(session: Session, file_name: str, data: bytes, progress: Callable[[int], None] | None = None) -> Checked:
    """Read and check a file; whole-file problems come back as errors too."""
    ctx = Context(indicators=repo.indicator_map(session), areas=known_areas(session), today=today_vn())
    try:
        sheets, problems = read_file(file_name, data)
    except FileProblem as exc:
        sheets, problems = [], exc.items
    out = check_sheets(sheets, ctx, progress)
    for item in problems:
        out.add_error(item)
    return out


def run_import(
    session: Session,
    actor: Principal,
    file_name: str,
    data: bytes,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    scope_check: Callable[[set[str]], None] | None = None,
) -> dict:
    """Import a file in the template: with any error, or on a dry run, nothing is stored."""
    checked = check_file(session, file_name, data, progress)
    if scope_check and not checked.error_count:
        scope_check({v.area_code for v in checked.values} | {t.area_code for t in checked.targets})
    result = {
        "file": file_name,
        "dry_run": dry_run,
        "rows": checked.rows,
        "values": len(checked.values),
        "targets": len(checked.targets),
        "error_count": checked.error_count,
        "errors": checked.errors,
        "imported": False,
    }
    if checked.error_count or dry_run:
        return result
    result |= _store(session, actor, checked, f"import:{file_name}"[:200])
    audit.record(
        session,
        actor,
        "kpi.import",
        "kpi_import",
        file_name[:120],
        after={
            k: result[k] for k in ("rows", "values", "targets", "inserted", "updated", "unchanged", "targets_changed")
        },
    )
    return result


def _store(session: Session, actor: Principal, checked: Checked, via: str) -> dict:
    """Write a checked file's values and targets; what changed, for the result."""
    stored = kpi_service.write_values(session, actor, checked.values, via=via)
    targets_changed = kpi_service.write_targets(session, actor, checked.targets, via=via)
    return {
        "imported": True,
        "inserted": stored["inserted"],
        "updated": stored["updated"],
        "unchanged": stored["unchanged"],
        "targets_changed": targets_changed,
    }
