"""Government-performance logic: dossier ingest, live figures, 766 scores, rankings. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.govperf import repository as repo
from ioc.govperf.models import Score766
from ioc.kit.bus import emit_after_commit
from ioc.kit.timeutil import utcnow

OUTCOMES = ("processing", "approved", "rejected", "withdrawn")
# Decision 766/QĐ-TTg: the six groups and their maximum points (100 in all).
GROUP_MAX = {
    "transparency": 18,
    "progress": 20,
    "online_service": 12,
    "online_payment": 10,
    "digitisation": 22,
    "satisfaction": 18,
}
GROUP_LABELS = {
    "transparency": "Công khai, minh bạch",
    "progress": "Tiến độ giải quyết",
    "online_service": "Dịch vụ trực tuyến",
    "online_payment": "Thanh toán trực tuyến",
    "digitisation": "Số hóa hồ sơ",
    "satisfaction": "Mức độ hài lòng",
}
DOSSIER_FIELDS = (
    "agency_code",
    "area_code",
    "procedure_code",
    "procedure_name",
    "received_at",
    "due_at",
    "finished_at",
    "online",
    "paid_online",
    "outcome",
)


@dataclass(frozen=True)
class DossierIn:
    """A checked dossier record."""

    code: str
    agency_code: str
    area_code: str | None
    procedure_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    online: bool
    paid_online: bool
    outcome: str


@dataclass(frozen=True)
class ScoreIn:
    """A checked 766 score."""

    unit_code: str
    unit_kind: str
    period_start: date
    frequency: str
    groups: dict[str, float]
    source: str = ""


def upsert_dossiers(session: Session, actor: Principal, items: list[DossierIn], via: str = "api") -> dict[str, int]:
    """Insert new dossiers and update changed ones (matched by the one-stop-shop number)."""
    existing = repo.dossiers_by_code(session, [i.code for i in items])
    now, inserts, updates = utcnow(), [], []
    for item in items:
        row = {name: getattr(item, name) for name in DOSSIER_FIELDS}
        old = existing.get(item.code)
        if old is None:
            inserts.append(row | {"code": item.code, "updated_at": now})
        elif any(getattr(old, k) != v for k, v in row.items()):
            updates.append(row | {"id": old.id, "updated_at": now})
    repo.insert_dossiers(session, inserts)
    repo.update_dossiers(session, updates)
    result = {"inserted": len(inserts), "updated": len(updates), "unchanged": len(items) - len(inserts) - len(updates)}
    audit.record(session, actor, "govperf.dossiers.ingest", "gov_dossiers", None, after=result, note=via)
    if inserts or updates:
        emit_after_commit(session, "govperf.dossiers.changed", {"count": len(inserts) + len(updates)})
    return result


def figures(session: Session, group: str, start: datetime, end: datetime, now: datetime | None = None) -> list[dict]:
    """Live figures per agency or ward: received, resolved, on time, late, overdue now, online share."""
    now = now or utcnow()
    overdue = repo.overdue_now(session, group, now)
    rows = {r["unit"]: r for r in repo.figures(session, group, start, end)}
    for unit in overdue:
        rows.setdefault(
            unit, {"unit": unit, "received": 0, "resolved": 0, "on_time": 0, "late": 0, "online": 0, "paid_online": 0}
        )
    out = []
    for unit, r in rows.items():
        r = {k: (v or 0) if k != "unit" else v for k, v in r.items()}
        out.append(
            r
            | {
                "overdue_now": overdue.get(unit, 0),
                "on_time_rate": r["on_time"] / r["resolved"] * 100 if r["resolved"] else None,
                "online_share": r["online"] / r["received"] * 100 if r["received"] else None,
                "progress_score": 20 * r["on_time"] / r["received"] if r["received"] else None,
            }
        )
    return out


def write_scores(session: Session, actor: Principal, items: list[ScoreIn], via: str = "api") -> int:
    """Store 766 scores (total = sum of the six groups); every change audited."""
    changed = 0
    for item in items:
        total = round(sum(item.groups.values()), 2)
        row = repo.score(session, item.unit_code, item.period_start, item.frequency)
        before = {"total": row.total} if row else None
        if row is None:
            row = Score766(unit_code=item.unit_code, period_start=item.period_start, frequency=item.frequency)
            repo.add_score(session, row)
        elif row.total == total and all(getattr(row, g) == v for g, v in item.groups.items()):
            continue
        row.unit_kind, row.total, row.source = item.unit_kind, total, item.source
        row.updated_by, row.updated_at = actor.actor, utcnow()
        for group, value in item.groups.items():
            setattr(row, group, value)
        changed += 1
        audit.record(
            session,
            actor,
            "govperf.score766.set",
            "gov_score_766",
            f"{item.unit_code}/{item.period_start.isoformat()}/{item.frequency}",
            before=before,
            after={"total": total, **item.groups},
            note=via,
        )
    return changed


def ranking_by_score(session: Session, kind: str | None = None) -> list[Score766]:
    """Each unit's latest 766 score, best first."""
    return sorted(repo.latest_scores(session, kind), key=lambda s: -s.total)
