"""Plan-versus-actual status rules (documented in docs/kpi.md, one test per rule).

R1  No value for the period, or no target for the year → no_data.
R2  The plan for the period is pro-rata:
    - summed indicators (time_agg sum): the quarter targets of the quarters already ended plus
      the elapsed share of the current quarter's target; a missing quarter target counts as a
      quarter of the annual one; without quarter targets, annual × months elapsed / 12;
    - averaged or level indicators (mean, last): the target itself (the current quarter's when
      set, else the annual one) — a rate is judged at its level, not pro-rata.
R3  The actual compared is the year-to-date figure: the cumulative sum, the mean so far, or the
    latest value, following the indicator's time aggregation.
R4  The gap is (actual − plan) / |plan|, with its sign flipped when lower is better.
R5  gap ≥ −2 % → on_track; −10 % ≤ gap < −2 % → at_risk; gap < −10 % → off_track.
R6  A plan of zero: on_track when the actual is on the good side of zero (or zero), else off_track.
"""

from __future__ import annotations

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"
TRACKS = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
ON_TRACK_TOLERANCE = 0.02
AT_RISK_TOLERANCE = 0.10


def plan_for(
    time_agg: str, months_elapsed: int, annual: float | None, quarters: dict[int, float] | None = None
) -> float | None:
    """The plan a period is judged against (rule R2)."""
    quarters = quarters or {}
    current_q = (months_elapsed - 1) // 3 + 1
    if time_agg != "sum":
        return quarters.get(current_q, annual)
    if annual is None and not quarters:
        return None
    if not quarters:
        return annual * months_elapsed / 12
    if annual is None and len(quarters) < 4:
        return None  # without the annual figure a missing quarter cannot be filled in
    plan = 0.0
    for q in range(1, current_q + 1):
        q_target = quarters.get(q, annual / 4 if annual is not None else 0.0)
        months_in_q = min(3, months_elapsed - (q - 1) * 3)
        plan += q_target * months_in_q / 3
    return plan


def gap(direction: str, actual: float, plan: float) -> float:
    """Relative gap to plan, positive when better than planned (rule R4)."""
    raw = (actual - plan) / abs(plan)
    return -raw if direction == "down" else raw


def judge(direction: str, actual: float | None, plan: float | None) -> str:
    """on_track / at_risk / off_track / no_data for an actual against its plan (R1, R4–R6)."""
    if actual is None or plan is None:
        return NO_DATA
    if plan == 0:
        good = actual >= 0 if direction == "up" else actual <= 0
        return ON_TRACK if good else OFF_TRACK
    g = gap(direction, actual, plan)
    if g >= -ON_TRACK_TOLERANCE:
        return ON_TRACK
    if g >= -AT_RISK_TOLERANCE:
        return AT_RISK
    return OFF_TRACK


def year_to_date(time_agg: str, values: list[float]) -> float | None:
    """The year-to-date figure of the periods so far, in order (rule R3)."""
    if not values:
        return None
    if time_agg == "sum":
        return sum(values)
    if time_agg == "mean":
        return sum(values) / len(values)
    return values[-1]


def percent_of_target(ytd: float | None, annual: float | None) -> float | None:
    """Year-to-date as a percentage of the annual target."""
    if ytd is None or not annual:
        return None
    return ytd / annual * 100
