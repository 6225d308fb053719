"""Vietnam's water quality index VN_WQI (Decision 1460/QĐ-TCMT, 12 Nov 2019).

Pure functions, standard library only. Units: mg/L, pesticides µg/L,
Coliform and E.coli MPN/100 mL, temperature °C.

Group V rule (the decision leaves it open, see docs/environment-indices.md):
when no microbiological parameter is present, the term
[(mean IV)² × mean V]^(1/3) becomes mean IV, i.e. the missing group is left
out instead of being counted as 100, which would flatter the result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ioc.environment.bands import WQI_BANDS, WqiBand, wqi_band_for

__all__ = [
    "BREAKPOINTS",
    "GROUPS",
    "PESTICIDE_LIMITS",
    "WQI_BANDS",
    "WqiBand",
    "WqiResult",
    "breakpoint_sub_index",
    "do_percent",
    "do_saturation",
    "do_sub_index",
    "do_sub_index_from_percent",
    "nitrite_sub_index",
    "pesticide_sub_index",
    "ph_sub_index",
    "sub_index",
    "wqi",
    "wqi_band_for",
]

GROUPS: dict[str, tuple[str, ...]] = {
    "I": ("pH",),
    "II": ("Aldrin", "BHC", "Dieldrin", "DDTs", "Heptachlor"),
    "III": ("As", "Cd", "Pb", "Cr6", "Cu", "Zn", "Hg"),
    "IV": ("DO", "BOD5", "COD", "TOC", "N-NH4", "N-NO3", "N-NO2", "P-PO4"),
    "V": ("Coliform", "E.coli"),
}
_GROUP_NAMES = {
    "I": ("pH", "pH"),
    "II": ("thuốc bảo vệ thực vật", "pesticides"),
    "III": ("kim loại nặng", "heavy metals"),
    "IV": ("hữu cơ và dinh dưỡng", "organic and nutrients"),
    "V": ("vi sinh", "microbiological"),
}
_PARAMETERS = {p: g for g, params in GROUPS.items() for p in params}

# q_i at BP_i; tables with 4 breakpoints stop at q = 25.
_Q = (100.0, 75.0, 50.0, 25.0, 10.0)
BREAKPOINTS: dict[str, tuple[float, ...]] = {
    "BOD5": (4, 6, 15, 25, 50),
    "COD": (10, 15, 30, 50, 150),
    "TOC": (4, 6, 15, 25, 50),
    "N-NH4": (0.3, 0.3, 0.6, 0.9, 5),
    "N-NO3": (2, 5, 10, 15, 15),
    "P-PO4": (0.1, 0.2, 0.3, 0.5, 4),
    "Coliform": (2500, 5000, 7500, 10000),
    "E.coli": (20, 50, 100, 200),
    "As": (0.01, 0.02, 0.05, 0.1),
    "Cd": (0.005, 0.005, 0.008, 0.01, 0.1),
    "Pb": (0.02, 0.02, 0.04, 0.05, 0.5),
    "Cr6": (0.01, 0.02, 0.04, 0.05, 0.1),
    "Cu": (0.1, 0.2, 0.5, 1.0, 2.0),
    "Zn": (0.5, 1.0, 1.5, 2.0, 3.0),
    "Hg": (0.001, 0.001, 0.0015, 0.002, 0.01),
}
PESTICIDE_LIMITS: dict[str, float] = {"Aldrin": 0.1, "BHC": 0.02, "Dieldrin": 0.1, "DDTs": 1.0, "Heptachlor": 0.2}
NITRITE_LIMIT = 0.05
BEST, WORST = 100.0, 10.0
_MIN_GROUPS = 3
_MIN_GROUP_IV = 3
# DO% pieces: rising to 100 below 88 %, falling from 100 above 112 %.
_DO_RISING = ((20.0, 25.0), (50.0, 50.0), (75.0, 75.0), (88.0, 100.0))
_DO_FALLING = ((112.0, 100.0), (125.0, 75.0), (150.0, 50.0), (200.0, 25.0))
# The saturation polynomial is fitted for fresh water at usual temperatures.
_DO_TEMPERATURE_RANGE = (0.0, 50.0)


@dataclass(frozen=True)
class WqiResult:
    """A VN_WQI value with its sub-indices, group values, band and notes."""

    wqi: int
    sub_indices: dict[str, float] = field(hash=False)
    groups: dict[str, float] = field(hash=False)
    band: WqiBand
    notes: list[str] = field(hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "wqi": self.wqi,
            "sub_indices": dict(self.sub_indices),
            "groups": dict(self.groups),
            "band": self.band.to_dict(),
            "notes": list(self.notes),
        }


def _valid(value: float | None) -> float | None:
    """Return value, or None when it is missing, NaN or negative."""
    if value is None or math.isnan(value) or value < 0:
        return None
    return float(value)


def _falling(c: float, bp_i: float, bp_next: float, q_i: float, q_next: float) -> float:
    """Falling-scale interpolation, exactly as written in the decision."""
    return (q_i - q_next) / (bp_next - bp_i) * (bp_next - c) + q_next


def _rising(c: float, bp_i: float, bp_next: float, q_i: float, q_next: float) -> float:
    """Rising-scale interpolation (pH and DO% below saturation)."""
    return (q_next - q_i) / (bp_next - bp_i) * (c - bp_i) + q_i


def _piecewise(x: float, points: tuple[tuple[float, float], ...]) -> float:
    """Interpolate through (x, q) points; x must lie within the first and last x."""
    for (x0, q0), (x1, q1) in pairwise(points):
        if x <= x1:
            return _rising(x, x0, x1, q0, q1) if q1 >= q0 else _falling(x, x0, x1, q0, q1)
    raise ValueError(f"{x} is outside the table")


def breakpoint_sub_index(parameter: str, concentration: float | None) -> float | None:
    """Return the sub-index of a breakpoint-table parameter (None if missing)."""
    breakpoints = BREAKPOINTS[parameter]
    c = _valid(concentration)
    if c is None:
        return None
    if c <= breakpoints[0]:
        return BEST
    # Picking the first segment with c <= BP_{i+1} skips zero-width segments
    # (repeated breakpoints such as N-NH4 0.3, 0.3).
    for i in range(1, len(breakpoints)):
        if c <= breakpoints[i]:
            return _falling(c, breakpoints[i - 1], breakpoints[i], _Q[i - 1], _Q[i])
    return WORST


def nitrite_sub_index(concentration: float | None) -> float | None:
    """Return the N-NO2 sub-index: 100 up to 0.05 mg/L, else 10."""
    c = _valid(concentration)
    if c is None:
        return None
    return BEST if c <= NITRITE_LIMIT else WORST


def pesticide_sub_index(name: str, concentration: float | None) -> float | None:
    """Return a pesticide sub-index: 100 at or under its limit (µg/L), else 10."""
    limit = PESTICIDE_LIMITS[name]
    c = _valid(concentration)
    if c is None:
        return None
    return BEST if c <= limit else WORST


def ph_sub_index(ph: float | None) -> float | None:
    """Return the pH sub-index (None if missing or outside 0..14)."""
    if ph is None or math.isnan(ph) or not 0 <= ph <= 14:
        return None
    if ph < 5.5 or ph > 9:
        return WORST
    if ph < 6:
        return _rising(ph, 5.5, 6.0, 50.0, 100.0)
    if ph <= 8.5:
        return BEST
    return _falling(ph, 8.5, 9.0, 100.0, 50.0)


def do_saturation(temperature: float) -> float:
    """Return saturated dissolved oxygen (mg/L) at a water temperature (°C)."""
    t = temperature
    return 14.652 - 0.41022 * t + 0.0079910 * t**2 - 0.000077774 * t**3


def do_percent(do: float, temperature: float) -> float:
    """Return DO as a percentage of saturation."""
    return do / do_saturation(temperature) * 100.0


def do_sub_index_from_percent(percent: float) -> float:
    """Return the DO sub-index from DO% saturation."""
    if percent < 20 or percent > 200:
        return WORST
    if percent < 88:
        return _piecewise(percent, _DO_RISING)
    if percent <= 112:
        return BEST
    return _piecewise(percent, _DO_FALLING)


def do_sub_index(do: float | None, temperature: float | None) -> float | None:
    """Return the DO sub-index (None without DO or a usable temperature)."""
    c = _valid(do)
    if c is None or temperature is None or math.isnan(temperature):
        return None
    low, high = _DO_TEMPERATURE_RANGE
    if not low <= temperature <= high:
        return None
    return do_sub_index_from_percent(do_percent(c, temperature))


def sub_index(parameter: str, value: float | None, temperature: float | None = None) -> float | None:
    """Return the sub-index of any VN_WQI parameter (None if missing or unusable)."""
    if parameter not in _PARAMETERS:
        raise ValueError(f"unknown WQI parameter {parameter!r}")
    if parameter == "pH":
        return ph_sub_index(value)
    if parameter == "DO":
        return do_sub_index(value, temperature)
    if parameter == "N-NO2":
        return nitrite_sub_index(value)
    if parameter in PESTICIDE_LIMITS:
        return pesticide_sub_index(parameter, value)
    return breakpoint_sub_index(parameter, value)


def _do_note(temperature: float | None) -> str:
    """Explain why a valid DO value was left out."""
    if temperature is None or math.isnan(temperature):
        return "Thiếu nhiệt độ nước nên bỏ qua DO. / Water temperature missing: DO left out."
    return (
        f"Nhiệt độ {temperature} °C ngoài khoảng 0–50 °C nên bỏ qua DO. / "
        f"Temperature {temperature} °C outside 0–50 °C: DO left out."
    )


def _sub_indices(params: Mapping[str, float | None], temperature: float | None, notes: list[str]) -> dict[str, float]:
    """Compute every usable sub-index, noting values that had to be left out."""
    result: dict[str, float] = {}
    for name in _PARAMETERS:
        value = sub_index(name, params.get(name), temperature)
        if value is not None:
            result[name] = value
        elif name == "DO" and _valid(params.get("DO")) is not None:
            notes.append(_do_note(temperature))
        elif params.get(name) is not None:
            notes.append(f"Giá trị {name} không hợp lệ nên bị bỏ qua. / Invalid {name} value left out.")
    return result


def _group_values(subs: Mapping[str, float]) -> dict[str, float]:
    """Aggregate sub-indices per group: geometric mean for II/III, mean for IV/V."""
    groups: dict[str, float] = {}
    for group, names in GROUPS.items():
        values = [subs[n] for n in names if n in subs]
        if not values:
            continue
        if group in ("II", "III"):
            groups[group] = math.prod(values) ** (1.0 / len(values))
        else:
            groups[group] = sum(values) / len(values)
    return groups


def _combine(groups: Mapping[str, float], notes: list[str]) -> float:
    """Combine group values with the decision's formula and the group-V rule."""
    factor = 1.0
    for group in ("I", "II", "III"):
        if group in groups:
            factor *= groups[group] / 100.0
        else:
            vi, en = _GROUP_NAMES[group]
            notes.append(f"Thiếu nhóm {group} ({vi}): tính là 100. / Group {group} ({en}) missing: counted as 100.")
    if "V" in groups:
        core = (groups["IV"] ** 2 * groups["V"]) ** (1.0 / 3.0)
    else:
        core = groups["IV"]
        notes.append(
            "Thiếu nhóm V (vi sinh): WQI = I × II × III × trung bình nhóm IV. / "
            "Group V (microbiological) missing: WQI = I × II × III × mean of group IV."
        )
    return factor * core


def _check_keys(params: Mapping[str, Any]) -> None:
    """Reject unknown parameter keys so that a typo does not silently drop data."""
    unknown = sorted(set(params) - set(_PARAMETERS))
    if unknown:
        raise ValueError(f"unknown WQI parameter keys: {unknown}")


def wqi(params: Mapping[str, float | None], temperature: float | None = None) -> WqiResult | None:
    """Return the VN_WQI, or None without group IV (≥3 parameters) and ≥3 groups."""
    _check_keys(params)
    notes: list[str] = []
    subs = _sub_indices(params, temperature, notes)
    groups = _group_values(subs)
    group_iv_count = sum(1 for n in GROUPS["IV"] if n in subs)
    if group_iv_count < _MIN_GROUP_IV or len(groups) < _MIN_GROUPS:
        return None
    raw = _combine(groups, notes)
    # Round half up (not Python's banker's rounding), then keep within 0..100.
    value = min(100, max(0, math.floor(round(raw, 9) + 0.5)))
    return WqiResult(value, subs, groups, wqi_band_for(value), notes)
