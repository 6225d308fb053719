"""KPI domain logic: catalogue, values with revisions, targets, and the derived facts. Never commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import Conflict, NotFound
from ioc.kit.periods import MONTHS_IN, Period
from ioc.kit.timeutil import utcnow
from ioc.kpi import catalogue
from ioc.kpi import repository as repo
from ioc.kpi.catalogue import DOMAIN_LABELS as DOMAIN_LABELS  # re-exported: the wall screen's headings
from ioc.kpi.catalogue import DOMAINS as DOMAINS  # re-exported: the benchmark builds rows per domain
from ioc.kpi.derive import Rule, derive_series, effective
from ioc.kpi.models import Indicator, Target, Value

_FIELDS = "code name name_en unit unit_en frequency domain direction time_agg area_agg price_basis source_agency"
INDICATOR_FIELDS = tuple(_FIELDS.split() + ["source_ref", "headline", "digits", "active"])
SPARK_POINTS = 12


@dataclass(frozen=True)
class ValueIn:
    """One checked value to store."""

    indicator_code: str
    area_code: str
    period: Period
    status: str
    value: float
    source: str = ""


@dataclass(frozen=True)
class TargetIn:
    """One checked target to store (quarter 0 is the annual target)."""

    indicator_code: str
    area_code: str
    year: int
    quarter: int
    value: float
    source: str = ""


# Catalogue ---------------------------------------------------------------------------------


def seed_catalogue(session: Session) -> int:
    """Add the built-in indicators that are missing; returns how many were added."""
    known = set(repo.indicator_map(session))
    added = 0
    for row in catalogue.builtin_rows():
        if row["code"] not in known:
            repo.add_indicator(session, Indicator(**row))
            added += 1
    session.flush()
    return added


def add_indicator(session: Session, actor: Principal, data: dict) -> Indicator:
    """Add an indicator of the deployment's own (admins); the code must be new."""
    if repo.indicator(session, data["code"]) is not None:
        raise Conflict(f"indicator {data['code']!r} already exists")
    row = Indicator(**data, builtin=False)
    repo.add_indicator(session, row)
    session.flush()
    audit.record(
        session, actor, "kpi.indicator.create", "kpi_indicator", row.code, after=audit.snapshot(row, INDICATOR_FIELDS)
    )
    return row


def update_indicator(session: Session, actor: Principal, code: str, changes: dict) -> Indicator:
    """Change names, headline flag, source or activity of an indicator."""
    row = get_indicator(session, code)
    before = audit.snapshot(row, INDICATOR_FIELDS)
    for name, value in changes.items():
        setattr(row, name, value)
    audit.record(
        session,
        actor,
        "kpi.indicator.update",
        "kpi_indicator",
        code,
        before=before,
        after=audit.snapshot(row, INDICATOR_FIELDS),
    )
    return row


def get_indicator(session: Session, code: str) -> Indicator:
    """An indicator or 404."""
    row = repo.indicator(session, code)
    if row is None:
        raise NotFound(f"indicator {code!r} not found")
    return row


def list_indicators(session: Session, **filters) -> list[Indicator]:
    """The catalogue, filtered."""
    return repo.indicators(session, **filters)


# Values ------------------------------------------------------------------------------------


def write_values(session: Session, actor: Principal, items: list[ValueIn], via: str = "api") -> dict[str, int]:
    """Store checked values, keeping a revision for every change, then refresh the derived facts."""
    if not items:
        return {"inserted": 0, "updated": 0, "unchanged": 0}
    codes = sorted({i.indicator_code for i in items})
    existing = _stored_values(session, items, codes)
    now, inserts, updates, revisions = utcnow(), [], [], []
    for item in items:
        old = existing.get((item.indicator_code, item.area_code, item.period.start, item.status))
        if old is not None and old.value == item.value and old.source == item.source:
            continue
        rev = old.revision + 1 if old else 1
        row = {
            "indicator_code": item.indicator_code,
            "area_code": item.area_code,
            "period_start": item.period.start,
            "frequency": item.period.frequency,
            "status": item.status,
            "value": item.value,
            "source": item.source,
            "revision": rev,
            "updated_by": actor.actor,
            "updated_at": now,
        }
        (updates.append(row | {"id": old.id}) if old else inserts.append(row))
        revisions.append(_revision(item, old, rev, actor, now, via))
    repo.insert_values(session, inserts)
    repo.update_values(session, updates)
    repo.insert_revisions(session, revisions)
    if revisions:
        _refresh_revised(session, revisions)
        emit_after_commit(session, "kpi.values.changed", {"indicators": codes[:50], "count": len(revisions)})
    return {"inserted": len(inserts), "updated": len(updates), "unchanged": len(items) - len(revisions)}


def _stored_values(session: Session, items: list[ValueIn], codes: list[str]) -> dict[tuple, Value]:
    """The stored values the items may replace, by (indicator, area, period start, status): one query."""
    areas = sorted({i.area_code for i in items})
    first, last = min(i.period.start for i in items), max(i.period.start for i in items)
    return {
        (v.indicator_code, v.area_code, v.period_start, v.status): v
        for v in repo.values_in_scope(session, codes, areas, first, last)
    }


def _revision(item: ValueIn, old: Value | None, rev: int, actor: Principal, now: datetime, via: str) -> dict[str, Any]:
    # The revision row of one change: the old and new value and source, who changed it, when and how.
    return {
        "indicator_code": item.indicator_code,
        "area_code": item.area_code,
        "period_start": item.period.start,
        "status": item.status,
        "revision": rev,
        "old_value": old.value if old else None,
        "new_value": item.value,
        "old_source": old.source if old else None,
        "new_source": item.source,
        "changed_by": actor.actor,
        "changed_at": now,
        "via": via,
    }


def _refresh_revised(session: Session, revisions: list[dict[str, Any]]) -> None:
    # Recompute the derived facts of the indicators, areas and years the revisions touched.
    touched = {(r["indicator_code"], r["area_code"]) for r in revisions}
    years = {r["period_start"].year for r in revisions}
    refresh(session, sorted({c for c, _ in touched}), sorted({a for _, a in touched}), min(years), max(years) + 1)


def value_history(session: Session, code: str, area: str, start: date) -> list:
    """Every revision of one value, newest first."""
    return repo.revisions(session, code, area, start)


# Targets -----------------------------------------------------------------------------------


def write_targets(session: Session, actor: Principal, items: list[TargetIn], via: str = "api") -> int:
    """Store checked targets (each change audited), then refresh the affected years."""
    changed = []
    for item in items:
        row = repo.target(session, item.indicator_code, item.area_code, item.year, item.quarter)
        before = audit.snapshot(row, ("value", "source")) if row else None
        if row is None:
            row = Target(
                indicator_code=item.indicator_code,
                area_code=item.area_code,
                year=item.year,
                quarter=item.quarter,
                value=item.value,
                source=item.source,
            )
            repo.add_target(session, row)
        elif row.value == item.value and row.source == item.source:
            continue
        row.value, row.source, row.updated_by, row.updated_at = item.value, item.source, actor.actor, utcnow()
        changed.append(item)
        audit.record(
            session,
            actor,
            "kpi.target.set",
            "kpi_target",
            f"{item.indicator_code}/{item.area_code}/{item.year}/Q{item.quarter}",
            before=before,
            after={"value": item.value, "source": item.source},
            note=via,
        )
    session.flush()
    by_code: dict[str, set[int]] = defaultdict(set)
    for item in changed:
        by_code[item.indicator_code].add(item.year)
    for code, years in by_code.items():
        # A province target also judges the wards of averaged indicators, so refresh every area.
        refresh(session, [code], None, min(years), max(years))
    if changed:
        emit_after_commit(session, "kpi.targets.changed", {"indicators": sorted(by_code)[:50], "count": len(changed)})
    return len(changed)


def targets_of(session: Session, code: str, area: str) -> list[Target]:
    """Every target of an indicator in an area."""
    return repo.targets_of(session, code, area)


# Derived facts -----------------------------------------------------------------------------


def refresh(session: Session, codes: list[str], areas: list[str] | None, first_year: int, last_year: int) -> int:
    """Recompute kpi_current for these indicators, areas (None = all) and years, then kpi_latest."""
    session.flush()
    inds = repo.indicator_map(session)
    raw = repo.values_in_scope(session, codes, areas, date(first_year - 1, 1, 1), date(last_year, 12, 31))
    by_pair: dict[tuple[str, str], dict[date, list]] = defaultdict(lambda: defaultdict(lambda: [None, None]))
    stamps: dict[tuple[str, str, date, str], datetime] = {}
    for v in raw:
        by_pair[(v.indicator_code, v.area_code)][v.period_start][v.status == "official"] = (v.value, v.status)
        stamps[(v.indicator_code, v.area_code, v.period_start, v.status)] = v.updated_at
    plans = _target_map(session, codes, first_year, last_year)
    rows = []
    for (code, area), by_start in by_pair.items():
        ind = inds[code]
        values = {start: eff for start, pair in by_start.items() if (eff := effective(pair[0], pair[1]))}
        # Rates and levels fall back to the province's target; sums need the area's own plan.
        own = plans.get((code, area))
        fallback = None if ind.time_agg == "sum" else plans.get((code, "*province*"))
        derived = derive_series(
            Rule(code, ind.frequency, ind.time_agg, ind.direction),
            area,
            values,
            own or fallback or {},
            range(first_year, last_year + 1),
        )
        for row in derived:
            row["updated_at"] = stamps[(code, area, row["period_start"], row["value_status"])]
        rows += derived
    repo.replace_current(session, codes, areas, date(first_year, 1, 1), date(last_year, 12, 31), rows)
    refresh_latest(session, codes, areas, inds)
    return len(rows)


def _target_map(
    session: Session, codes: list[str], first_year: int, last_year: int
) -> dict[tuple[str, str], dict[int, dict[int, float]]]:
    plans: dict[tuple[str, str], dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for t in repo.targets_in_scope(session, codes, first_year, last_year):
        plans[(t.indicator_code, t.area_code)][t.year][t.quarter] = t.value
        if len(t.area_code) == 2:  # NSO province codes have two digits, ward codes five
            plans[(t.indicator_code, "*province*")][t.year][t.quarter] = t.value
    return plans


def refresh_latest(
    session: Session, codes: list[str], areas: list[str] | None, inds: dict[str, Indicator] | None = None
) -> None:
    """Rebuild the one-row-per-tile table for these indicators and areas."""
    inds = inds or repo.indicator_map(session)
    starts = repo.latest_starts(session, codes, areas)
    cutoffs = {
        pair: _months_before(d, MONTHS_IN[inds[pair[0]].frequency] * (SPARK_POINTS - 1)) for pair, d in starts.items()
    }
    rows_by_pair: dict[tuple[str, str], list] = defaultdict(list)
    if cutoffs:
        for row in repo.current_since(session, codes, areas, min(cutoffs.values())):
            pair = (row.indicator_code, row.area_code)
            if row.period_start >= cutoffs[pair]:
                rows_by_pair[pair].append(row)
    latest = []
    for (code, area), rows in rows_by_pair.items():
        last = rows[-1]
        latest.append(
            {
                "indicator_code": code,
                "area_code": area,
                "period_start": last.period_start,
                "value": last.value,
                "value_status": last.value_status,
                "yoy_pct": last.yoy_pct,
                "yoy_diff": last.yoy_diff,
                "ytd": last.ytd,
                "target": last.target,
                "pct_target": last.pct_target,
                "track": last.track,
                "sparkline": [[r.period_start.isoformat(), r.value] for r in rows],
                "data_updated_at": max(r.updated_at for r in rows[-1:]),
            }
        )
    repo.replace_latest(session, codes, areas, latest)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def off_track_codes(session: Session, area: str) -> list[str]:
    """Codes of the indicators whose latest value in an area is off track (for directives and alerts)."""
    return [
        ind.code
        for ind, latest in repo.latest_for_area(session, area, headline_only=False)
        if latest and latest.track == "off_track"
    ]


def off_track_summary(session: Session, area: str) -> list[dict[str, Any]]:
    """The indicators off track in an area with their latest value and target (for the briefings)."""
    return [
        {"code": ind.code, "name": ind.name, "name_en": ind.name_en, "unit": ind.unit, "unit_en": ind.unit_en,
         "digits": ind.digits,
         "domain": ind.domain, "period_start": latest.period_start, "value": latest.value, "ytd": latest.ytd,
         "target": latest.target, "pct_target": latest.pct_target, "yoy_pct": latest.yoy_pct}
        for ind, latest in repo.latest_for_area(session, area, headline_only=False)
        if latest and latest.track == "off_track"
    ]  # fmt: skip


def track_summary(session: Session, area: str) -> dict[str, int]:
    """How many active indicators of an area are in each status (on_track, at_risk, off_track, no_data).

    Counted as the overview's chips count them, so a figure shown elsewhere matches the list its link opens.
    """
    from ioc.kpi import queries

    return queries.track_counts(session, area)


def ward_tracks(session: Session, province: str) -> dict[str, dict[str, int]]:
    """Ward code → indicators per status there (the province picture's ward colours)."""
    return repo.ward_track_counts(session, province)


def ward_figures(session: Session, code: str, province: str, lang: str = "vi") -> dict[str, Any]:
    """One indicator's latest figure in every ward (value, % of plan, status)."""
    from ioc.kpi import queries

    return queries.breakdown(session, code, province, None, lang)


def period_figures(session: Session, codes: list[str], start: date) -> list[tuple]:
    """(code, area, value, value status, target, track) of the periods starting on `start`, every area."""
    return [
        (r.indicator_code, r.area_code, r.value, r.value_status, r.target, r.track)
        for r in repo.rows_starting(session, codes, start)
    ]


def tiles(session: Session, codes: list[str], area: str, lang: str = "vi") -> list[dict[str, Any]]:
    """The KPI tiles (ioc.kpi.queries.tile) of these indicators in an area, in the order asked (sector pages)."""
    from ioc.kpi.queries import tile

    inds = {i.code: i for i in repo.indicators_by_codes(session, codes)}
    latest = {row.indicator_code: row for row in repo.latest_rows(session, codes, area)}
    return [tile(inds[code], latest.get(code), lang) for code in codes if code in inds]


def series_since(session: Session, codes: list[str], area: str, start: date) -> dict[str, list[tuple[date, float]]]:
    """(period start, value) of each indicator in an area from a date on, oldest first (sector charts)."""
    out: dict[str, list[tuple[date, float]]] = {code: [] for code in codes}
    for row in repo.current_since(session, codes, [area], start):
        out[row.indicator_code].append((row.period_start, row.value))
    return out
