"""Category and routing-rule management (admins, the CLI import). Never commits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.feedback import catalog, repository
from ioc.feedback.models import Category
from ioc.feedback.routing import ANY_AREA
from ioc.feedback.schemas import CategoryIn, RuleIn
from ioc.feedback.service import invalid
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.text import CONTROL_MESSAGE, control_path

CATEGORY_FIELDS = ("group", "name", "name_en", "default_agency_code", "urgency", "public", "active")


def upsert_category(session: Session, principal: Principal, data: CategoryIn) -> Category:
    """Create or replace a category."""
    if data.default_agency_code is not None and not auth_service.agency_exists(session, data.default_agency_code):
        raise invalid("default_agency_code", f"unknown agency {data.default_agency_code!r}")
    codes = [a.code for a in data.attributes]
    if len(codes) != len(set(codes)):
        raise invalid("attributes", "attribute codes must be unique")
    for a in data.attributes:
        if a.datatype in ("singlevaluelist", "multivaluelist") and not a.values:
            raise invalid(f"attributes.{a.code}.values", "a list question needs values")
    row = repository.category_row(session, data.code)
    before = audit.snapshot(row, CATEGORY_FIELDS) if row else None
    if row is None:
        row = Category(code=data.code)
        session.add(row)
    for name, value in data.model_dump(exclude={"code", "attributes"}).items():
        setattr(row, name, value)
    row.attributes = [a.model_dump() for a in data.attributes]
    session.flush()
    catalog.invalidate_on_commit(session)
    audit.record(
        session,
        principal,
        "feedback.category.upsert",
        "feedback_category",
        data.code,
        before=before,
        after=audit.snapshot(row, CATEGORY_FIELDS),
    )
    return row


def _rows_from_file(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        return data.get("categories", []) if isinstance(data, dict) else data
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for key in ("public", "active"):
            if key in clean:
                clean[key] = clean[key].lower() in ("1", "true", "yes", "có", "x")
        if not clean.get("default_agency_code"):
            clean.pop("default_agency_code", None)
        rows.append(clean)
    return rows


def import_categories(session: Session, principal: Principal, path: Path) -> list[str]:
    """Import categories from a JSON list or a CSV file; all rows are checked before any is written."""
    try:
        rows = _rows_from_file(path)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationProblem(f"file: not valid JSON or CSV: {exc}") from exc
    parsed, problems = [], []
    for number, row in enumerate(rows, start=1):
        if bad := control_path(row):
            problems.append({"field": f"row {number}: {bad}", "message": CONTROL_MESSAGE})
            continue
        try:
            parsed.append(CategoryIn.model_validate(row))
        except ValidationError as exc:
            problems += [
                {"field": f"row {number}: {'.'.join(str(p) for p in e['loc'])}", "message": e["msg"]}
                for e in exc.errors()
            ]
    if problems:
        raise ValidationProblem("; ".join(f"{p['field']}: {p['message']}" for p in problems[:10]), errors=problems)
    return [upsert_category(session, principal, item).code for item in parsed]


def put_rule(session: Session, principal: Principal, rule: RuleIn) -> None:
    """Create or replace a routing rule."""
    row = repository.category_row(session, rule.category_code)  # the writing transaction's view, not the cache
    if row is None or not row.active:
        raise catalog.UnknownCategory(rule.category_code)
    if rule.area_code != ANY_AREA and not areas_service.existing_codes(session, [rule.area_code]):
        raise invalid("area_code", f"unknown ward {rule.area_code!r}")
    if not auth_service.agency_exists(session, rule.agency_code):
        raise invalid("agency_code", f"unknown agency {rule.agency_code!r}")
    repository.put_rule(session, rule.category_code, rule.area_code, rule.agency_code)
    catalog.invalidate_on_commit(session)
    audit.record(
        session,
        principal,
        "feedback.rule.put",
        "feedback_rule",
        f"{rule.category_code}/{rule.area_code}",
        after=rule.model_dump(),
    )


def delete_rule(session: Session, principal: Principal, category_code: str, area_code: str) -> None:
    """Delete a routing rule."""
    if not repository.delete_rule(session, category_code, area_code):
        raise NotFound(f"no rule for {category_code}/{area_code}")
    catalog.invalidate_on_commit(session)
    audit.record(session, principal, "feedback.rule.delete", "feedback_rule", f"{category_code}/{area_code}")
