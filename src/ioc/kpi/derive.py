"""Derived facts of one indicator's series in one area: YoY, year-to-date, % of target, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ioc.kit.periods import Period
from ioc.kpi import status


@dataclass(frozen=True)
class Rule:
    """What derivation needs to know about an indicator."""

    code: str
    frequency: str
    time_agg: str
    direction: str


def effective(estimate: tuple[float, str] | None, official: tuple[float, str] | None) -> tuple[float, str] | None:
    """The value that counts: the official one when there is one, else the estimate."""
    if official is not None:
        return official[0], "official"
    if estimate is not None:
        return estimate[0], "estimate"
    return None


def derive_series(
    rule: Rule,
    area_code: str,
    values: dict[date, tuple[float, str]],
    targets: dict[int, dict[int, float]],
    years: range,
) -> list[dict]:
    """Rows of kpi_current for the given years; `values` must include the year before for YoY."""
    rows = []
    for year in years:
        starts = sorted(d for d in values if d.year == year)
        plan_targets = targets.get(year, {})
        annual = plan_targets.get(0)
        quarters = {q: v for q, v in plan_targets.items() if q}
        so_far: list[float] = []
        for start in starts:
            value, value_status = values[start]
            so_far.append(value)
            period = Period(start, rule.frequency)
            ytd = status.year_to_date(rule.time_agg, so_far)
            plan = status.plan_for(rule.time_agg, period.months_elapsed, annual, quarters)
            prev = values.get(start.replace(year=year - 1))
            rows.append(
                {
                    "indicator_code": rule.code,
                    "area_code": area_code,
                    "period_start": start,
                    "value": value,
                    "value_status": value_status,
                    "yoy_pct": (value - prev[0]) / abs(prev[0]) * 100 if prev and prev[0] else None,
                    "yoy_diff": value - prev[0] if prev else None,
                    "ytd": ytd,
                    "target": annual,
                    "plan": plan,
                    "pct_target": status.percent_of_target(ytd, annual),
                    "track": status.judge(rule.direction, ytd, plan),
                }
            )
    return rows
