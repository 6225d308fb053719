"""Read models of the KPI domain: overview tiles, indicator detail, ward breakdown and comparison."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.kit.i18n import fmt_number, translate
from ioc.kit.periods import MONTHS_IN, Period, today_vn
from ioc.kit.timeutil import utcnow
from ioc.kpi import repository as repo
from ioc.kpi.catalogue import DOMAIN_LABELS, DOMAINS
from ioc.kpi.models import Current, Indicator, Latest
from ioc.kpi.service import get_indicator

MAX_WARDS_LISTED = 200


def is_stale(period: Period, today: date | None = None) -> bool:
    """True when the next period's figures should have arrived (a full period of grace after its end)."""
    today = today or today_vn()
    months = MONTHS_IN[period.frequency] * 2
    index = period.start.year * 12 + period.start.month - 1 + months
    due = date(index // 12, index % 12 + 1, 1) + timedelta(days=31)  # published about a month later
    return today > due


def tile(ind: Indicator, latest: Latest | None, lang: str = "vi") -> dict:
    """The data of one KPI tile (the API and the component share it)."""
    out = {
        "code": ind.code,
        "name": ind.name if lang == "vi" else (ind.name_en or ind.name),
        "unit": ind.unit if lang == "vi" else (ind.unit_en or ind.unit),
        "domain": ind.domain,
        "frequency": ind.frequency,
        "digits": ind.digits,
        "direction": ind.direction,
        "percent_unit": ind.unit.startswith("%"),
        "track": "no_data",
        "value": None,
    }
    if latest is None:
        return out
    period = Period(latest.period_start, ind.frequency)
    return out | {
        "period": period.code(),
        "period_label": period.label(lang),
        "value": latest.value,
        "value_status": latest.value_status,
        "yoy_pct": latest.yoy_pct,
        "yoy_diff": latest.yoy_diff,
        "ytd": latest.ytd,
        "target": latest.target,
        "pct_target": latest.pct_target,
        "plan": plan_fact(ind, latest.target, latest.pct_target, lang),
        "track": latest.track,
        "sparkline": [v for _, v in latest.sparkline or []],
        "updated_at": latest.data_updated_at,
        "stale": is_stale(period),
    }


def plan_fact(ind: Indicator, target: float | None, pct: float | None, lang: str = "vi") -> dict:
    """What a tile says about the plan: % of the annual plan only for a flow where more is better (money,
    visitors); a ceiling (≤, lower is better) or a level (≥, a rate) otherwise; "not set" without a plan."""
    if target is None:
        return {"label": translate("Kế hoạch năm", lang), "text": translate("Chưa giao", lang)}
    if ind.time_agg == "sum" and ind.direction == "up" and target > 0 and pct is not None:
        return {"label": translate("% kế hoạch năm", lang), "text": f"{fmt_number(pct, lang, 1)} %"}
    unit = ind.unit if lang == "vi" else (ind.unit_en or ind.unit)
    sign = "≤" if ind.direction == "down" else "≥"
    return {"label": translate("Kế hoạch năm", lang), "text": f"{sign} {fmt_number(target, lang, ind.digits)} {unit}"}


TRACKS = ("off_track", "at_risk", "on_track", "no_data")


def track_counts(session: Session, area: str) -> dict[str, int]:
    """Every active indicator of an area by the status its tile shows (no figure: no data), as the overview counts."""
    rows = repo.latest_for_area(session, area, headline_only=False)
    tracks = [tile(ind, latest, "vi")["track"] for ind, latest in rows]
    return {key: tracks.count(key) for key in TRACKS}


def overview(session: Session, province: str, lang: str = "vi", track: str | None = None) -> dict:
    """The leader's first screen: headline tiles per domain, or every indicator in one status (`track`).

    The counts are of every active indicator by the status its tile shows, so a count is the number of tiles
    its filter lists."""
    rows = repo.latest_for_area(session, province, headline_only=False)
    every = [(ind, tile(ind, latest, lang)) for ind, latest in rows]
    counts = {key: sum(1 for _, t in every if t["track"] == key) for key in TRACKS}
    tiles = [t for ind, t in every if (t["track"] == track if track else ind.headline)]
    wards = repo.off_track_wards(session, [t["code"] for t in tiles if t["track"] == "off_track"], province)
    codes = {a for codes in wards.values() for a in codes}
    names = areas_service.area_labels(session, codes, lang=lang) if wards else {}
    for t in tiles:
        codes = sorted(wards.get(t["code"], []), key=lambda c: names.get(c, c))
        t["off_track_wards"] = [{"code": c, "name": names.get(c, c)} for c in codes]
    groups = [
        {"domain": d, "label": translate(DOMAIN_LABELS[d], lang), "tiles": [t for t in tiles if t["domain"] == d]}
        for d in DOMAINS
    ]
    return {
        "area_code": province,
        "groups": [g for g in groups if g["tiles"]],
        "counts": counts,
        "generated_at": utcnow(),
    }


def detail(session: Session, code: str, area: str, lang: str = "vi", years: int = 3) -> dict:
    """An indicator's recent series in an area with its targets (actual vs plan)."""
    ind = get_indicator(session, code)
    first = date(today_vn().year - years + 1, 1, 1)
    points = [_point(ind, row, lang) for row in repo.series(session, code, area, first)]
    targets = [
        {"year": t.year, "quarter": t.quarter, "value": t.value, "source": t.source}
        for t in repo.targets_of(session, code, area)
    ]
    return {"indicator": ind, "area_code": area, "series": points, "targets": targets}


def _point(ind: Indicator, row: Current, lang: str) -> dict:
    period = Period(row.period_start, ind.frequency)
    return {
        "period": period.code(),
        "period_label": period.label(lang),
        "value": row.value,
        "value_status": row.value_status,
        "yoy_pct": row.yoy_pct,
        "yoy_diff": row.yoy_diff,
        "ytd": row.ytd,
        "target": row.target,
        "plan": row.plan,
        "pct_target": row.pct_target,
        "track": row.track,
    }


def breakdown(session: Session, code: str, province: str, period_start: date | None = None, lang: str = "vi") -> dict:
    """Every ward's figure for one period (the latest province period unless given)."""
    ind = get_indicator(session, code)
    start = period_start or repo.latest_period(session, code, province)
    if start is None:
        return {"indicator": ind, "period": None, "wards": []}
    rows = repo.period_rows(session, code, start, exclude_area=province)
    names = areas_service.area_labels(session, parent=province, lang=lang)
    wards = [
        {
            "code": r.area_code,
            "name": names.get(r.area_code, r.area_code),
            "value": r.value,
            "value_status": r.value_status,
            "yoy_pct": r.yoy_pct,
            "ytd": r.ytd,
            "target": r.target,
            "pct_target": r.pct_target,
            "track": r.track,
        }
        for r in rows
        if r.area_code in names
    ]
    wards.sort(key=lambda w: w["name"])
    period = Period(start, ind.frequency)
    return {"indicator": ind, "period": period.code(), "period_label": period.label(lang), "wards": wards}


def compare(session: Session, code: str, areas: list[str], lang: str = "vi", years: int = 2) -> dict:
    """Series of several wards side by side."""
    ind = get_indicator(session, code)
    first = date(today_vn().year - years + 1, 1, 1)
    names = areas_service.area_labels(session, areas, lang=lang)
    return {
        "indicator": ind,
        "areas": [
            {
                "code": a,
                "name": names.get(a, a),
                "series": [_point(ind, r, lang) for r in repo.series(session, code, a, first)],
            }
            for a in areas[:MAX_WARDS_LISTED]
        ],
    }


def reference(session: Session, ref: str) -> tuple[str, str, str | None] | None:
    """The label, page and ward of an indicator (`CODE`, or `CODE@ward` off track in a ward), or None.

    For links from other domains (a directive's source); a ward without a figure of the indicator is unknown.
    """
    code, _, ward = ref.partition("@")
    row = repo.indicator(session, code)
    if row is None:
        return None
    if not ward:
        return f"{row.code} · {row.name}", f"/overview/{row.code}", None
    if not any(ind.code == code and latest for ind, latest in repo.latest_for_area(session, ward, headline_only=False)):
        return None
    return f"{row.code} · {row.name} · {ward}", f"/overview/{row.code}", ward
