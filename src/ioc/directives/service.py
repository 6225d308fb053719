"""Directives logic: issue, act on assignments, read, list; the only module other domains import."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.directives import deadlines, flows
from ioc.directives import repository as repo
from ioc.directives.models import Assignment, Directive, ProgressReport, TimelineEntry
from ioc.directives.schemas import DirectiveIn, ProgressIn
from ioc.kit import bus
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem
from ioc.kit.text import ascii_fold
from ioc.kit.timeutil import utcnow
from ioc.registry import registry_of

__all__ = ["DirectiveIn", "ProgressIn", "create_directive", "get_directive", "act", "overall_status"]
ASSIGNMENT_FIELDS = ("state", "progress", "acknowledged_at", "completed_at", "accepted_at", "outcome", "return_reason")


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field."""
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def resolve_source(session: Session, kind: str, source_id: str | None) -> tuple[str | None, str | None, str | None]:
    """The label, page and ward of a directive's source, through the domains' reference resolvers; 422 if unknown."""
    if kind == "none":
        if source_id:
            raise invalid("source_id", "a directive without a source takes no source_id")
        return None, None, None
    if not source_id:
        raise invalid("source_id", f"a source of kind {kind!r} needs its id")
    resolver = registry_of(session).references.get(kind)
    found = resolver(session, source_id) if resolver else None
    if found is None:
        raise invalid("source_id", f"unknown source: no {kind} {source_id!r}")
    return found[0], found[1], found[2] if len(found) > 2 else None


def resolve_reference(session: Session, kind: str, source_id: str) -> tuple[str, str] | None:
    """The (label, url) of a record of another domain, or None when unknown or no resolver."""
    resolver = registry_of(session).references.get(kind)
    found = resolver(session, source_id) if resolver else None
    return (found[0], found[1]) if found else None


def _agencies(session: Session, data: DirectiveIn) -> list[tuple[str, str]]:
    pairs = [(data.lead_agency, "lead")] + [(code, "support") for code in data.support_agencies]
    codes = [c for c, _ in pairs]
    if len(set(codes)) != len(codes):
        raise invalid("support_agencies", "an agency appears twice")
    for code, role in pairs:
        if not auth_service.agency_exists(session, code):
            raise invalid("lead_agency" if role == "lead" else "support_agencies", f"unknown agency {code!r}")
    return pairs


def create_directive(session: Session, principal: Principal, data: DirectiveIn, now: datetime | None = None) -> dict:
    """Issue a directive to its agencies (leaders, admins); answers the directive as `directive_out`."""
    if not principal.has_role("leader", "admin"):
        raise Forbidden("only a leader or an admin issues directives")
    now = now or utcnow()
    deadline = deadlines.resolve(data.deadline, data.due_date, data.due_in_working_days, now)
    pairs = _agencies(session, data)
    label, url, source_area = resolve_source(session, data.source_kind, data.source_id)
    if data.area_code and not areas_service.existing_codes(session, [data.area_code]):
        raise invalid("area_code", f"unknown ward {data.area_code!r}")
    row = Directive(
        area_code=data.area_code or source_area,  # none given: the ward of the incident, report, alert it acts on
        title=data.title.strip(),
        content=data.content,
        doc_ref=data.doc_ref.strip() if data.doc_ref else None,
        issued_by=principal.name,
        issued_at=now,
        deadline=deadline,
        priority=data.priority,
        source_kind=data.source_kind,
        source_id=data.source_id,
        source_label=label,
        source_url=url,
        search_text=ascii_fold(" ".join([data.title, data.content, data.doc_ref or "", label or ""])),
    )
    session.add(row)
    session.flush()
    for code, role in pairs:
        session.add(Assignment(directive_id=row.id, agency_code=code, role=role, deadline=deadline, updated_at=now))
    _timeline(session, row.id, None, principal, "issue", ", ".join(c for c, _ in pairs), now)
    audit.record(session, principal, "directives.issue", "directive", row.id, after=_snapshot(row))
    bus.emit_after_commit(session, "directives.directive.issued", {"id": row.id, "agencies": [c for c, _ in pairs]})
    session.flush()
    return directive_out(session, row, principal, now)


def _snapshot(row: Directive) -> dict[str, Any]:
    return audit.snapshot(row, ("title", "doc_ref", "deadline", "priority", "source_kind", "source_id", "issued_by"))


def _timeline(session, directive_id, agency, principal, action, note, now) -> None:
    session.add(
        TimelineEntry(
            directive_id=directive_id, agency_code=agency, at=now, actor=principal.actor, action=action, note=note or ""
        )
    )


def can_see(principal: Principal, assignments: list[Assignment]) -> bool:
    """Staff see every directive; an agency officer only those assigned to their agency."""
    if principal.role == "agency_officer":
        return any(a.agency_code == principal.agency_code for a in assignments)
    return principal.has_role("admin", "leader", "operator")


def directive_for(session: Session, principal: Principal, directive_id: int) -> tuple[Directive, list[Assignment]]:
    """A directive the caller may see, with its assignments, else 404."""
    row = repo.directive(session, directive_id)
    assignments = repo.assignments_of(session, [directive_id])[directive_id] if row else []
    if row is None or not can_see(principal, assignments):
        raise NotFound(f"directive {directive_id} not found")
    return row, assignments


def assignment_status(a: Assignment, now: datetime) -> str:
    """The status users see for one assignment at `now`."""
    return flows.status_of(a.state, a.deadline, a.completed_at, a.outcome, now)


def overall_status(assignments: list[Assignment], now: datetime) -> str:
    """A directive's status from its assignments: done only when every agency's part is accepted."""
    statuses = [assignment_status(a, now) for a in assignments]
    if statuses and all(s.startswith("done") for s in statuses):
        return "done_late" if "done_late" in statuses else "done_on_time"
    if "overdue" in statuses:
        return "overdue"
    return "not_started" if all(s == "not_started" for s in statuses) else "in_progress"


def _actions(a: Assignment, principal: Principal) -> list[str]:
    if principal.role == "agency_officer" and a.agency_code != principal.agency_code:
        return []
    return flows.allowed_actions(a.state, principal.role)


def assignment_out(a: Assignment, names: dict[str, str], principal: Principal, now: datetime) -> dict:
    """One assignment as the API answers it."""
    status = assignment_status(a, now)
    return {
        "id": a.id,
        "agency_code": a.agency_code,
        "agency_name": names.get(a.agency_code, a.agency_code),
        "role": a.role,
        "state": a.state,
        "status": status,
        "status_label": flows.STATUS_LABELS[status],
        "progress": a.progress,
        "acknowledged_at": a.acknowledged_at,
        "completed_at": a.completed_at,
        "accepted_at": a.accepted_at,
        "return_reason": a.return_reason,
        "actions": _actions(a, principal),
    }


def directive_out(
    session: Session, row: Directive, principal: Principal, now: datetime, assignments: list[Assignment] | None = None
) -> dict:
    """A directive as the API answers it."""
    if assignments is None:
        assignments = repo.assignments_of(session, [row.id])[row.id]
    names = auth_service.agency_labels(session, principal.language)
    status = overall_status(assignments, now)
    fields = ("id", "title", "content", "doc_ref", "issued_by", "issued_at", "deadline", "priority")
    out = {name: getattr(row, name) for name in fields}
    out.update(source_kind=row.source_kind, source_id=row.source_id, source_label=row.source_label)
    out.update(
        source_url=row.source_url, area_code=row.area_code, status=status, status_label=flows.STATUS_LABELS[status]
    )
    out["progress"] = round(sum(a.progress for a in assignments) / len(assignments)) if assignments else 0
    out["assignments"] = [assignment_out(a, names, principal, now) for a in assignments]
    return out


def get_directive(session: Session, principal: Principal, directive_id: int, now: datetime | None = None) -> dict:
    """A directive with its progress reports and timeline."""
    now = now or utcnow()
    row, assignments = directive_for(session, principal, directive_id)
    out = directive_out(session, row, principal, now, assignments)
    out["reports"] = [
        {"agency_code": code, "author": r.author, "at": r.at, "text": r.text, "percent": r.percent,
         "attachments": r.attachments}
        for r, code in repo.reports(session, directive_id)
    ]  # fmt: skip
    out["timeline"] = [
        {"at": t.at, "actor": t.actor, "action": t.action, "action_label": flows.ACTION_LABELS.get(t.action, t.action),
         "agency_code": t.agency_code, "note": t.note}
        for t in repo.timeline(session, directive_id)
    ]  # fmt: skip
    return out


def _target_agency(principal: Principal, agency: str | None, assignments: list[Assignment]) -> str:
    if principal.role == "agency_officer":
        if agency and agency != principal.agency_code:
            raise Forbidden("an agency officer acts only on their own agency's assignment")
        return principal.agency_code or ""
    if agency:
        return agency
    if len(assignments) == 1:
        return assignments[0].agency_code
    lead = [a.agency_code for a in assignments if a.role == "lead"]
    return lead[0] if lead else ""


def act(
    session: Session,
    principal: Principal,
    directive_id: int,
    action: str,
    *,
    agency: str | None = None,
    report: ProgressIn | None = None,
    reason: str = "",
    attachments: list[dict] | None = None,
    now: datetime | None = None,
) -> dict:
    """Take an action (ack, progress, complete, accept, return) on one agency's assignment of a directive."""
    now = now or utcnow()
    row, assignments = directive_for(session, principal, directive_id)
    code = _target_agency(principal, agency, assignments)
    a = repo.assignment(session, directive_id, code, lock=True)
    if a is None:
        raise NotFound(f"directive {directive_id} has no assignment for agency {code!r}")
    transition = flows.check(action, a.state, principal.role)
    if transition.needs == "text" and report is None:
        raise invalid("text", "a report needs its text")
    if transition.needs == "reason" and not reason.strip():
        raise invalid("reason", "returning an assignment needs a reason")
    before = audit.snapshot(a, ASSIGNMENT_FIELDS)
    note = _apply(session, a, action, transition.target, principal, report, reason, attachments or [], now)
    _timeline(session, directive_id, code, principal, action, note, now)
    audit.record(session, principal, f"directives.{action}", "directive_assignment", a.id, before=before,
                 after=audit.snapshot(a, ASSIGNMENT_FIELDS))  # fmt: skip
    bus.emit_after_commit(session, f"directives.assignment.{action}", {"id": directive_id, "agency": code})
    session.flush()
    return get_directive(session, principal, directive_id, now)


def _apply(session, a: Assignment, action, target, principal, report, reason, attachments, now) -> str:
    a.state, a.updated_at = target, now
    if action == "ack":
        a.acknowledged_at = now
        return ""
    if action in ("progress", "complete"):
        percent = 100 if action == "complete" else (report.percent if report.percent is not None else a.progress)
        a.progress = percent
        links = [{"url": str(u)} for u in report.links] + attachments
        session.add(ProgressReport(assignment_id=a.id, author=principal.actor, at=now, text=report.text,
                                   percent=percent, attachments=links))  # fmt: skip
        if action == "complete":
            a.completed_at = now
        return report.text
    if action == "accept":
        a.accepted_at = now
        a.outcome = "late" if a.completed_at and a.completed_at > a.deadline else "on_time"
        return reason
    a.return_reason, a.completed_at = reason, None  # return: back to work
    a.progress = min(a.progress, 90)
    return reason


def agency_statistics(session: Session, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """Per agency: assignments received in [start, end), done on time, done late, overdue, in progress."""
    from ioc.directives import queries

    return queries.stats(session, "agency", start, end, now)


def status_counts(session: Session, start: datetime, end: datetime, now: datetime | None = None) -> dict[str, int]:
    """Assignments received in [start, end) by how they stand: done on time or late, overdue, in progress."""
    from ioc.directives.queries import STAT_KEYS, stats

    totals = dict.fromkeys(STAT_KEYS, 0)
    for row in stats(session, "agency", start, end, now or utcnow()):
        for key in STAT_KEYS:
            totals[key] += row[key]
    return totals


def waiting_for(session: Session, principal: Principal, now: datetime | None = None) -> list[dict]:
    """What waits for the caller: a leader's completed assignments to accept, an officer's to act on."""
    from ioc.directives import queries

    return queries.waiting_for(session, principal, now or utcnow())


def overdue(session: Session, now: datetime | None = None, limit: int = 50, lang: str = "vi") -> list[dict]:
    """Open assignments past their deadline, the most overdue first (the leader's phone: what is off track)."""
    now = now or utcnow()
    names = auth_service.agency_labels(session, lang)
    return [
        {"directive_id": d.id, "title": d.title, "agency_code": a.agency_code,
         "agency_name": names.get(a.agency_code, a.agency_code), "deadline": a.deadline, "progress": a.progress}
        for a, d in repo.open_due_before(session, now, limit)
    ]  # fmt: skip


def due_summary(session: Session, now: datetime, days: int = 7, area: str | None = None) -> dict[str, Any]:
    """Directives with an open assignment due within `days`, and with one overdue now (the list's filters),
    of one ward when `area` is given."""
    from datetime import timedelta

    due = repo.count(session, repo.filtered({"due_until": now + timedelta(days=days), "area": area}, now))
    late = repo.count(session, repo.filtered({"overdue": True, "area": area}, now))
    return {"due_soon": due, "overdue": late, "days": days}
