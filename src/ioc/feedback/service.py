"""Feedback reading and access: who sees what, the reporter's proof, duplicates, the tracking code. Never commits.

Receiving a report is `ioc.feedback.intake`; categories are read from `ioc.feedback.catalog`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.feedback import repository
from ioc.feedback.flows import STATUS_LABELS, STATUS_TONE
from ioc.feedback.models import Report
from ioc.feedback.schemas import DuplicateOut
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem, invalid_field
from ioc.kit.geo import degrees_box, haversine_m

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as the tracking code: nothing to confuse when typed
SECRET_GROUPS = 3  # XXXX-XXXX-XXXX: 60 random bits, beyond guessing online and costly to search offline
TRACKING_LOOKUP_ROLES = ("admin", "operator")
NO_PROOF = (
    "rating or reopening needs the reporter's secret code given when the report was filed "
    "(reporter_secret); the tracking code alone is not enough"
)


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field."""
    return invalid_field(field, message)


def public_event(report: Report) -> dict[str, Any]:
    """What the bus says about a report: no personal data (is_public: the live stream shows its place to staff only
    when false)."""
    return {
        "id": report.id,
        "status": report.status,
        "category_code": report.category_code,
        "area_code": report.area_code,
        "agency_code": report.agency_code,
        "lat": report.lat,
        "lon": report.lon,
        "is_public": report.is_public,
    }


def suggest_duplicates(
    session: Session, category_code: str, lat: float, lon: float, radius_m: float, exclude_id: int | None = None
) -> list[DuplicateOut]:
    """Open reports of the same category within the radius, nearest first."""
    box = degrees_box(lat, lon, radius_m)
    found = []
    for row in repository.nearby_open(session, category_code, box, exclude_id):
        distance = haversine_m(lat, lon, row.lat, row.lon)
        if distance <= radius_m:
            found.append(
                DuplicateOut(
                    id=row.id,
                    distance_m=round(distance, 1),
                    status=row.status,
                    description=row.description[:200],
                    requested_at=row.requested_at,
                )
            )
    return sorted(found, key=lambda d: d.distance_m)


def can_see(principal: Principal, report: Report) -> bool:
    """IOC staff see every report; an agency officer sees those routed to their agency."""
    if principal.is_staff:
        return True
    return (
        principal.role == "agency_officer"
        and principal.agency_code is not None
        and report.agency_code == principal.agency_code
    )


def can_see_reporter(principal: Principal, report: Report) -> bool:
    """The reporter's identity: IOC staff always, the handling agency only with the reporter's consent."""
    if principal.is_staff:
        return True
    return report.share_with_agency and can_see(principal, report)


def report_for(session: Session, principal: Principal, report_id: int, *, lock: bool = False) -> Report:
    """A report the caller may see, else 404 (no hint that it exists)."""
    report = repository.report(session, report_id, lock=lock)
    if report is None or not can_see(principal, report):
        raise NotFound(f"report {report_id} not found")
    return report


def report_by_tracking(session: Session, code: str, *, lock: bool = False) -> Report:
    """A report by its full tracking code (exact match), else 404."""
    report = repository.report_by_tracking(session, code.strip().upper())
    if report is None:
        raise NotFound("no report has this tracking code")
    if lock:
        return repository.report(session, report.id, lock=True) or report
    return report


def report_by_tracking_code(session: Session, principal: Principal, code: str) -> Report | None:
    """An IOC operator looks a report up for a citizen on the phone: the full code only, and audited."""
    if principal.role not in TRACKING_LOOKUP_ROLES:
        raise Forbidden(
            "only IOC operators look reports up by tracking code",
            errors=[{"field": "tracking_code", "message": "IOC operators only"}],
        )
    wanted = code.strip().upper()
    report = repository.report_by_tracking(session, wanted)
    # Every attempt is recorded, found or not: a run of misses is someone guessing codes.
    audit.record(
        session,
        principal,
        "feedback.report.lookup_by_code",
        "feedback_report",
        report.id if report else None,
        after={"found": report is not None},
    )
    return report


def new_reporter_secret() -> str:
    """A fresh secret for the reporter, grouped for reading: XXXX-XXXX-XXXX."""
    letters = "".join(SECRET_ALPHABET[b % 32] for b in secrets.token_bytes(4 * SECRET_GROUPS))
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def reporter_secret_hash(secret: str) -> str:
    """What is stored of the secret: SHA-256 of it without separators or case (it is random, so no salt needed)."""
    return hashlib.sha256(re.sub(r"[^0-9A-Z]", "", secret.upper()).encode()).hexdigest()


def prove_reporter(report: Report, secret: str | None) -> None:
    """403 unless the secret is the one given to this report's reporter."""
    if (
        not secret
        or report.reporter_secret_hash is None
        or not hmac.compare_digest(reporter_secret_hash(secret), report.reporter_secret_hash)
    ):
        raise Forbidden(NO_PROOF, errors=[{"field": "reporter_secret", "message": "missing or wrong"}])


def overdue_by_agency(session: Session, now: datetime) -> dict[str, int]:
    """Agency code → its open reports past their deadline now (for alert rules)."""
    return repository.overdue_counts(session, now)


def glance(session: Session, since: datetime, now: datetime, ward: str | None = None) -> dict[str, Any]:
    """Reports received since `since`, not finished and overdue now, and their mean rating (the province picture)."""
    from ioc.feedback.flows import OPEN_STATUSES

    areas = [ward] if ward else None
    count = lambda **k: repository.queue(  # noqa: E731
        session, agency=None, area_codes=areas, category=None, q=None, sort=("id", True), offset=0, limit=0, **k
    )[1]
    return {
        "received": count(statuses=None, overdue_before=None, since=since),
        "open": count(statuses=OPEN_STATUSES, overdue_before=None),
        "overdue": count(statuses=None, overdue_before=now),
        "satisfaction": repository.mean_rating(session, since, areas),
    }


def open_by_ward(session: Session) -> dict[str, int]:
    """Ward code → its open reports now (the picture's ward colours)."""
    return repository.open_counts_by_area(session)


def open_points(session: Session, limit: int = 2000) -> list[dict[str, Any]]:
    """Open reports with a place, newest first, for the staff map (no personal data)."""
    from ioc.feedback.flows import OPEN_STATUSES

    rows = repository.map_points(
        session, public_only=False, statuses=OPEN_STATUSES, agency=None, since=None, limit=limit
    )
    return [
        {"id": r.id, "lat": r.lat, "lon": r.lon, "status": r.status, "category": r.category_code,
         "at": r.requested_at, "title": (r.description or "")[:80], "url": f"/feedback/{r.id}"}
        for r in rows
    ]  # fmt: skip


def reference(session: Session, report_id: str) -> tuple[str, str, str | None] | None:
    """The label, page and ward of a citizen report, for links from other domains (a directive's source), or None."""
    if not (report_id.isascii() and report_id.isdigit()) or not 0 < int(report_id) < 2**31:
        return None
    report = repository.report(session, int(report_id))
    if report is None:
        return None
    summary = (report.description or "")[:120]
    return f"Phản ánh #{report.id}: {summary}", f"/feedback/{report.id}", report.area_code


def period_statistics(session: Session, settings: Any, start: Any, end: Any, now: Any, lang: str = "vi") -> dict:
    """Reports received in [start, end): totals, the agency ranking and the categories (for the briefings).

    `settings` is the process's ioc.config.Settings.
    """
    from ioc.feedback import stats
    from ioc.feedback.settings import FeedbackSettings

    section = settings.section(FeedbackSettings)
    agencies = stats.ranking(stats.table(session, section, "agency", start, end, now, lang))
    categories = stats.table(session, section, "category", start, end, now, lang)
    rated = [r for row in agencies for r in row.ratings]
    totals = {
        "received": sum(r.received for r in agencies),
        "resolved": sum(r.resolved for r in agencies),
        "on_time": sum(r.on_time for r in agencies),
        "overdue_now": sum(r.overdue_now for r in agencies),
        "satisfaction": sum(rated) / len(rated) if rated else None,
    }
    totals["on_time_rate"] = totals["on_time"] / totals["resolved"] if totals["resolved"] else None
    return {
        "totals": totals,
        "agencies": [r.as_dict() for r in agencies],
        "categories": [r.as_dict() for r in categories],
    }


def period_totals(session: Session, start: datetime, end: datetime, now: datetime) -> dict[str, Any]:
    """Reports received in [start, end): received, resolved, on time, overdue now and the mean rating (1-5)."""
    from ioc.feedback import stats
    from ioc.feedback.settings import FeedbackSettings
    from ioc.runtime import settings_of

    rows = stats.table(session, settings_of(session).section(FeedbackSettings), "category", start, end, now)
    ratings = [r for row in rows for r in row.ratings]
    return {
        "received": sum(r.received for r in rows),
        "resolved": sum(r.resolved for r in rows),
        "on_time": sum(r.on_time for r in rows),
        "overdue": sum(r.overdue_now for r in rows),
        "satisfaction": round(sum(ratings) / len(ratings), 2) if ratings else None,
    }


def public_results(session: Session, area: str | None, lang: str, limit: int = 20) -> list[dict[str, Any]]:
    """Public reports (of a ward, or all) but the rejected, newest first, as `public_items` shows them."""
    from ioc.feedback.catalog import load

    rows = [r for r in repository.open311_rows(session, area=area, limit=limit) if r[1] != "rejected"]
    return public_items(session, rows, lang, load(session).category_name)


def public_items(session: Session, rows: list[Any], lang: str, category_name: Any) -> list[dict[str, Any]]:
    """Public report rows (`repository.open311_rows`) as everyone may see them: status, the agency's answer, the
    citizen's first photo and the agency's "after" photos, EXIF-free copies only (a rejected report shows none)."""
    from ioc.kit.i18n import translate

    photos = repository.photos_of(session, [r[0] for r in rows if r[1] != "rejected"])
    base = "/api/v1/feedback/photos"
    out = []
    for r in rows:
        kept = photos.get(r[0], [])
        before = next((p for p in kept if p.kind == "before"), None)
        after = [{"thumb_url": f"{base}/{p.id}/thumb", "public_url": f"{base}/{p.id}/public"}
                 for p in kept if p.kind == "after"]  # fmt: skip
        out.append({
            "id": r[0], "status": r[1], "status_label": translate(STATUS_LABELS[r[1]], lang), "tone": STATUS_TONE[r[1]],
            "public_reply": r[2], "category_name": category_name(r[3], lang), "description": r[4],
            "requested_at": r[6], "address": r[9], "lat": r[11], "lon": r[12],
            "media_url": f"{base}/{before.id}/public" if before else r[13],
            "after_media_url": after[0]["public_url"] if after else None, "after_photos": after,
        })  # fmt: skip
    return out


def account_reports(session: Session, principal: Principal, lang: str) -> list[dict[str, Any]]:
    """A signed-in citizen's own reports (code, category, status), newest first; nobody else's."""
    from ioc.feedback.catalog import load
    from ioc.feedback.intake import account_of

    if principal.kind != "user" or principal.role != "citizen":
        return []
    names = load(session).category_name
    return [
        {"code": r.tracking_code, "category": names(r.category_code, lang), "status_label": STATUS_LABELS[r.status],
         "tone": STATUS_TONE[r.status], "requested_at": r.requested_at}
        for r in repository.reports_of_account(session, account_of(principal, None) or "")
    ]  # fmt: skip


def counts_by_category_area(session: Session, categories: list[str], since: datetime) -> list[tuple[str, str, int]]:
    """(category, ward, count) of citizen reports of these categories from a time on (sector dashboards)."""
    return repository.counts_by_category_area(session, categories, since)


def category_names(session: Session, codes: list[str], lang: str) -> dict[str, str]:
    """The names of report categories in a language, by code (a code the catalogue lacks names itself)."""
    from ioc.feedback.catalog import load

    name = load(session).category_name
    return {code: name(code, lang) for code in codes}


REPORTER_ACTOR = "reporter"


def event_actor(principal: Principal) -> str:
    """How a report's timeline stores who acted: "reporter" for the citizen (anonymous or signed in, never
    their account name: agencies and the public read the timeline), the caller's name for everyone else."""
    if principal.kind == "anonymous" or principal.role == "citizen":
        return REPORTER_ACTOR
    return principal.actor
