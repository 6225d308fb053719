"""All SQL of the feedback domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ioc.feedback.flows import OPEN_STATUSES
from ioc.feedback.models import Category, Follower, Photo, Report, ReportEvent, RoutingRule

# Columns an Open311 request answer is built from, selected as plain tuples (no ORM objects: speed).
OPEN311_COLUMNS = (
    Report.id,
    Report.status,
    Report.public_reply,
    Report.category_code,
    Report.description,
    Report.agency_code,
    Report.requested_at,
    Report.updated_at,
    Report.resolve_due_at,
    Report.address,
    Report.address_id,
    Report.lat,
    Report.lon,
    Report.media_url,
    Report.attributes,
    Report.area_code,
)


def category_row(session: Session, code: str) -> Category | None:
    """A category's row, to change it (readers use `catalog`)."""
    return session.get(Category, code)


def catalog_rows(session: Session) -> tuple[list[Category], list[Any]]:
    """What the catalog holds of this domain: categories in display order and (category, area, agency) rules."""
    categories = list(session.scalars(select(Category).order_by(Category.sort_order, Category.group, Category.code)))
    rules = list(session.execute(select(RoutingRule.category_code, RoutingRule.area_code, RoutingRule.agency_code)))
    return categories, rules


def rules(session: Session) -> list[RoutingRule]:
    """Every routing rule."""
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.category_code, RoutingRule.area_code)))


def put_rule(session: Session, category_code: str, area_code: str, agency_code: str) -> RoutingRule:
    """Create or replace a routing rule."""
    row = session.get(RoutingRule, (category_code, area_code))
    if row is None:
        row = RoutingRule(category_code=category_code, area_code=area_code, agency_code=agency_code)
        session.add(row)
    row.agency_code = agency_code
    return row


def delete_rule(session: Session, category_code: str, area_code: str) -> int:
    """Delete a routing rule; returns how many rows went."""
    return session.execute(
        delete(RoutingRule).where(RoutingRule.category_code == category_code, RoutingRule.area_code == area_code)
    ).rowcount


def report(session: Session, report_id: int, *, lock: bool = False) -> Report | None:
    """A report by id (locked for update on PostgreSQL when asked)."""
    stmt = select(Report).where(Report.id == report_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def report_by_tracking(session: Session, code: str) -> Report | None:
    """A report by its tracking code."""
    return session.scalar(select(Report).where(Report.tracking_code == code))


def reports_of_account(session: Session, account_id: str, limit: int = 100) -> list[Report]:
    """The reports filed under an account, newest first."""
    stmt = select(Report).where(Report.account_id == account_id).order_by(Report.requested_at.desc()).limit(limit)
    return list(session.scalars(stmt))


def report_id_by_token(session: Session, token: str) -> int | None:
    """The id of the report created for an Open311 token."""
    return session.scalar(select(Report.id).where(Report.token == token))


def open311_rows(
    session: Session,
    *,
    ids: Sequence[int] | None = None,
    codes: Sequence[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Sequence[str] | None = None,
    offset: int = 0,
    limit: int = 1000,
    area: str | None = None,
) -> list[Any]:
    """Public reports as column tuples, newest first, with Open311's filters (and a ward's, for the citizen app)."""
    stmt = select(*OPEN311_COLUMNS).where(Report.is_public.is_(True))
    if area:
        stmt = stmt.where(Report.area_code == area)
    if ids is not None:
        stmt = stmt.where(Report.id.in_(ids))
    else:
        if codes:
            stmt = stmt.where(Report.category_code.in_(codes))
        if start is not None:
            stmt = stmt.where(Report.requested_at >= start)
        if end is not None:
            stmt = stmt.where(Report.requested_at <= end)
        if statuses:
            stmt = stmt.where(Report.status.in_(statuses))
    stmt = stmt.order_by(Report.requested_at.desc(), Report.id.desc()).offset(offset).limit(limit)
    return list(session.execute(stmt))


def public_updates(session: Session, start: datetime, end: datetime, limit: int) -> list[Any]:
    """Public timeline entries of public reports in a time window, oldest first."""
    stmt = (
        select(
            ReportEvent.id,
            ReportEvent.report_id,
            ReportEvent.to_status,
            ReportEvent.at,
            ReportEvent.text,
            Report.status,
        )
        .join(Report, Report.id == ReportEvent.report_id)
        .where(Report.is_public.is_(True), ReportEvent.public.is_(True), ReportEvent.at >= start, ReportEvent.at <= end)
        .order_by(ReportEvent.at, ReportEvent.id)
        .limit(limit)
    )
    return list(session.execute(stmt))


def events(session: Session, report_ids: Sequence[int], *, public_only: bool) -> list[ReportEvent]:
    """Timeline entries of reports, oldest first."""
    stmt = select(ReportEvent).where(ReportEvent.report_id.in_(report_ids))
    if public_only:
        stmt = stmt.where(ReportEvent.public.is_(True))
    return list(session.scalars(stmt.order_by(ReportEvent.at, ReportEvent.id)))


def photos_of(session: Session, report_ids: Sequence[int]) -> dict[int, list[Photo]]:
    """Photos of reports by report id, in upload order (one query for any number of reports)."""
    found: dict[int, list[Photo]] = {}
    if report_ids:
        stmt = select(Photo).where(Photo.report_id.in_(report_ids)).order_by(Photo.report_id, Photo.id)
        for photo in session.scalars(stmt):
            found.setdefault(photo.report_id, []).append(photo)
    return found


def photo(session: Session, photo_id: int) -> Photo | None:
    """A photo by id."""
    return session.get(Photo, photo_id)


def first_photo_ids(session: Session, report_ids: Sequence[int], kind: str = "before") -> dict[int, int]:
    """Report id → id of its first photo of this kind (the citizen's "before", the agency's "after")."""
    if not report_ids:
        return {}
    stmt = (
        select(Photo.report_id, func.min(Photo.id))
        .where(Photo.report_id.in_(report_ids), Photo.kind == kind)
        .group_by(Photo.report_id)
    )
    return {rid: pid for rid, pid in session.execute(stmt)}


def followers(session: Session, report_id: int) -> list[Follower]:
    """Who follows a report."""
    return list(session.scalars(select(Follower).where(Follower.report_id == report_id).order_by(Follower.id)))


def nearby_open(
    session: Session, category_code: str, box: tuple[float, float, float, float], exclude_id: int | None = None
) -> list[Report]:
    """Open reports of a category inside a lon/lat box (the cheap prefilter before exact distances)."""
    min_lon, min_lat, max_lon, max_lat = box
    stmt = select(Report).where(
        Report.category_code == category_code,
        Report.status.in_(OPEN_STATUSES),
        Report.lat.between(min_lat, max_lat),
        Report.lon.between(min_lon, max_lon),
    )
    if exclude_id is not None:
        stmt = stmt.where(Report.id != exclude_id)
    return list(session.scalars(stmt.limit(200)))


def _narrow(
    stmt: Any, statuses: Sequence[str] | None, since: datetime | None, until: datetime | None, report_id: int | None
) -> Any:
    # States asked for (an empty list: none), received in [since, until), one report by its number.
    if report_id is not None:
        stmt = stmt.where(Report.id == report_id)
    if statuses is not None:
        stmt = stmt.where(Report.status.in_(statuses))
    if since is not None:
        stmt = stmt.where(Report.requested_at >= since)
    if until is not None:
        stmt = stmt.where(Report.requested_at < until)
    return stmt


def queue(
    session: Session,
    *,
    statuses: Sequence[str] | None,
    agency: str | None,
    area_codes: Sequence[str] | None,
    category: str | None,
    q: str | None,
    overdue_before: datetime | None,
    sort: tuple[str, bool],
    offset: int,
    limit: int,
    since: datetime | None = None,
    until: datetime | None = None,
    report_id: int | None = None,
) -> tuple[list[Report], int]:
    """A filtered page of reports for staff and agency queues (received in [since, until) when given)."""
    stmt = _narrow(select(Report), statuses, since, until, report_id)
    if agency:
        stmt = stmt.where(Report.agency_code == agency)
    if area_codes is not None:
        stmt = stmt.where(Report.area_code.in_(area_codes))
    if category:
        stmt = stmt.where(Report.category_code == category)
    if q:  # never the tracking code: it is the reporter's secret (service.report_by_tracking_code for staff)
        like = f"%{q}%"
        stmt = stmt.where(or_(Report.description.ilike(like), Report.address.ilike(like)))
    if overdue_before is not None:
        late = (Report.status == "received") & (Report.verify_due_at < overdue_before)
        stmt = stmt.where(Report.status.in_(OPEN_STATUSES), or_(Report.resolve_due_at < overdue_before, late))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if limit == 0:  # the count only (the tabs' counts)
        return [], total
    column = getattr(Report, sort[0])
    order = (column.desc(), Report.id.desc()) if sort[1] else (column, Report.id)
    return list(session.scalars(stmt.order_by(*order).offset(offset).limit(limit))), total


def overdue_unescalated(session: Session, now: datetime, limit: int = 500) -> list[Report]:
    """Open reports past their deadline that have not been escalated yet."""
    late = or_(Report.resolve_due_at < now, (Report.status == "received") & (Report.verify_due_at < now))
    stmt = (
        select(Report)
        .where(Report.status.in_(OPEN_STATUSES), Report.escalated_at.is_(None), late)
        .order_by(Report.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def overdue_counts(session: Session, now: datetime) -> dict[str, int]:
    """Agency code → how many of its open reports are past their deadline now."""
    late = or_(Report.resolve_due_at < now, (Report.status == "received") & (Report.verify_due_at < now))
    stmt = (
        select(Report.agency_code, func.count())
        .where(Report.status.in_(OPEN_STATUSES), Report.agency_code.is_not(None), late)
        .group_by(Report.agency_code)
    )
    return {code: int(n) for code, n in session.execute(stmt)}


def resolved_before(session: Session, cutoff: datetime, limit: int = 500) -> list[Report]:
    """Resolved reports whose rating window ended before the cutoff."""
    stmt = select(Report).where(Report.status == "resolved", Report.resolved_at < cutoff).order_by(Report.id)
    return list(session.scalars(stmt.limit(limit)))


def stats_rows(session: Session, start: datetime, end: datetime) -> list[Any]:
    """Facts of reports received in a period, for statistics."""
    stmt = select(
        Report.agency_code,
        Report.area_code,
        Report.category_code,
        Report.status,
        Report.requested_at,
        Report.resolved_at,
        Report.resolve_due_at,
        Report.verify_due_at,
        Report.rating,
    ).where(Report.requested_at >= start, Report.requested_at < end)
    return list(session.execute(stmt))


def map_points(
    session: Session,
    *,
    public_only: bool,
    statuses: Sequence[str] | None,
    agency: str | None,
    since: datetime | None,
    limit: int,
) -> list[Any]:
    """Id, place, status and category of reports for a map layer."""
    stmt = select(
        Report.id,
        Report.tracking_code,
        Report.lat,
        Report.lon,
        Report.status,
        Report.category_code,
        Report.requested_at,
        Report.resolve_due_at,
        Report.verify_due_at,
        Report.description,
        Report.area_code,
    )
    stmt = stmt.where(Report.lat.is_not(None))
    if public_only:
        stmt = stmt.where(Report.is_public.is_(True), Report.status.not_in(("rejected",)))
    if statuses:
        stmt = stmt.where(Report.status.in_(statuses))
    if agency:
        stmt = stmt.where(Report.agency_code == agency)
    if since is not None:
        stmt = stmt.where(Report.requested_at >= since)
    return list(session.execute(stmt.order_by(Report.requested_at.desc()).limit(limit)))


def open_counts_by_area(session: Session) -> dict[str, int]:
    """Ward code → how many of its reports are open now."""
    stmt = (
        select(Report.area_code, func.count())
        .where(Report.status.in_(OPEN_STATUSES), Report.area_code.is_not(None))
        .group_by(Report.area_code)
    )
    return {code: int(n) for code, n in session.execute(stmt)}


def mean_rating(session: Session, since: datetime, area_codes: Sequence[str] | None) -> float | None:
    """The mean citizen rating (1-5) of the reports received since `since`, or None without ratings."""
    stmt = select(func.avg(Report.rating)).where(Report.rating.is_not(None), Report.requested_at >= since)
    if area_codes is not None:
        stmt = stmt.where(Report.area_code.in_(area_codes))
    value = session.scalar(stmt)
    return round(float(value), 2) if value is not None else None


def existing_demo_reports(session: Session) -> int:
    """How many reports came from the demo seeder."""
    return session.scalar(select(func.count()).select_from(Report).where(Report.source == "demo")) or 0


def counts_by_category_area(session: Session, categories: list[str], since: datetime) -> list[tuple[str, str, int]]:
    """(category, ward, count) of the reports of these categories requested from `since` on."""
    if not categories:
        return []
    stmt = (
        select(Report.category_code, Report.area_code, func.count())
        .where(Report.category_code.in_(categories), Report.requested_at >= since)
        .group_by(Report.category_code, Report.area_code)
    )
    return [(c, a or "", int(n)) for c, a, n in session.execute(stmt)]
