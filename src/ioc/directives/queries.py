"""Reading directives: the filtered list, statistics per agency and leader, what waits for someone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.directives import repository as repo
from ioc.directives.flows import STATUS_LABELS
from ioc.directives.models import Directive
from ioc.directives.service import assignment_status, directive_out, overall_status
from ioc.kit.pagination import PageParams
from ioc.kit.text import ascii_fold

SORTS = {"issued_at": Directive.issued_at, "deadline": Directive.deadline, "id": Directive.id, "title": Directive.title}
STAT_KEYS = ("received", "done_on_time", "done_late", "overdue", "in_progress")


def list_directives(session: Session, principal: Principal, filters: dict, params: PageParams, now: datetime) -> dict:
    """One page of the directives the caller may see, filtered and sorted."""
    f = dict(filters)
    if principal.role == "agency_officer":
        f["agency"] = principal.agency_code or "-"
    if f.get("q"):
        f["q"] = ascii_fold(f["q"].strip())
    column, desc = params.sort_key(set(SORTS), "-issued_at")
    order = SORTS[column].desc() if desc else SORTS[column].asc()
    ids = repo.filtered(f, now)
    status = f.get("status")
    if status:
        rows = sorted(repo.matching(session, ids), key=lambda r: getattr(r, column), reverse=desc)
        groups = repo.assignments_of(session, [r.id for r in rows])
        rows = [r for r in rows if overall_status(groups[r.id], now) == status]
        total, rows = len(rows), rows[params.offset : params.offset + params.page_size]
    else:
        rows, total = repo.page(session, ids, order, params.offset, params.page_size)
        groups = repo.assignments_of(session, [r.id for r in rows])
    items = [directive_out(session, r, principal, now, groups[r.id]) for r in rows]
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}


def stats(session: Session, by: str, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """Per agency or leader: assignments received in the period, done on time, done late, overdue, in progress."""
    counts: dict[str, dict[str, int]] = {}
    for a, leader in repo.period_rows(session, start, end):
        key = a.agency_code if by == "agency" else leader
        row = counts.setdefault(key, dict.fromkeys(STAT_KEYS, 0))
        row["received"] += 1
        status = assignment_status(a, now)
        row["in_progress" if status == "not_started" else status] += 1
    names = auth_service.agency_labels(session) if by == "agency" else {}
    out = [{"key": k, "name": names.get(k, k), **v} for k, v in counts.items()]
    return sorted(out, key=lambda r: (-r["received"], r["key"]))


def waiting_for(session: Session, principal: Principal, now: datetime) -> list[dict]:
    """What waits for the caller: an officer's open assignments, a leader's completions to accept."""
    if principal.role == "agency_officer":
        pairs = repo.waiting_for_agency(session, principal.agency_code or "-")
        todo = {"issued": "ack", "acknowledged": "progress", "in_progress": "complete"}
    else:
        pairs = repo.waiting_for_leader(session, principal.name if principal.role == "leader" else None)
        todo = {"completed": "accept"}
    names = auth_service.agency_labels(session, principal.language)
    out = []
    for a, d in pairs:
        status = assignment_status(a, now)
        out.append(
            {"directive_id": d.id, "title": d.title, "doc_ref": d.doc_ref, "deadline": a.deadline,
             "agency_code": a.agency_code, "agency_name": names.get(a.agency_code, a.agency_code),
             "status": status, "status_label": STATUS_LABELS[status], "progress": a.progress,
             "next_action": todo.get(a.state, "")}
        )  # fmt: skip
    return out
