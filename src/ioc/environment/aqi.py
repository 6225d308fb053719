"""Vietnam's air quality index VN_AQI (Decision 1459/QĐ-TCMT, 12 Nov 2019).

Pure functions, standard library only. All concentrations are in µg/m³,
CO included (10 000 µg/m³ = 10 mg/m³).

Rounding (see docs/environment-indices.md): no single rounding rule reproduces
every worked example printed in the decision. Rounding up gives NO2 130.8 → 66
(printed 65); rounding half up gives NO2 118.7 → 59 (printed 60). The rule that
reproduces all of them, and the one used here, is:

* hourly AQI: each sub-index is rounded UP (ceil), which never understates the
  current hour's risk;
* daily AQI: each sub-index is rounded half up (59.5 → 60, 65.4 → 65).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ioc.environment.bands import AQI_BANDS, AqiBand, aqi_band_for

__all__ = [
    "AQI_BANDS",
    "AqiBand",
    "AqiResult",
    "POLLUTANTS",
    "band_for",
    "daily_aqi",
    "hourly_aqi",
    "hourly_aqi_from_series",
    "nowcast",
    "nowcast_w_star",
    "o3_max_8h",
    "sub_index",
]

Rounding = Literal["ceil", "half_up"]

# Also the tie-break order for the dominant pollutant: particles first, since
# at least one of them is mandatory and they drive most published alerts.
POLLUTANTS: tuple[str, ...] = ("pm25", "pm10", "o3", "no2", "so2", "co")

# Table 2: index values I_i and concentration breakpoints BP_i (µg/m³).
_INDEX_POINTS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)
_BREAKPOINTS: dict[tuple[str, str], tuple[float, ...]] = {
    ("o3", "1h"): (0, 160, 200, 300, 400, 800, 1000, 1200),
    ("o3", "8h"): (0, 100, 120, 170, 210, 400),
    ("co", "1h"): (0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    ("so2", "1h"): (0, 125, 350, 550, 800, 1600, 2100, 2630),
    ("no2", "1h"): (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    ("pm10", "1h"): (0, 50, 150, 250, 350, 420, 500, 600),
    ("pm25", "1h"): (0, 25, 50, 80, 150, 250, 350, 500),
}
_MAX_INDEX = 500
_NOWCAST_HOURS = 12
_O3_WINDOW = 8
# A rolling 8-hour O3 mean needs 6 of its 8 hours (75 % completeness, the
# usual data-capture rule for running means); fewer hours are not representative.
_O3_WINDOW_MIN_HOURS = 6


@dataclass(frozen=True)
class AqiResult:
    """An hourly or daily VN_AQI with its sub-indices and band."""

    aqi: int
    dominant: str
    sub_indices: dict[str, int] = field(hash=False)
    band: AqiBand

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "aqi": self.aqi,
            "dominant": self.dominant,
            "sub_indices": dict(self.sub_indices),
            "band": self.band.to_dict(),
        }


def band_for(aqi: int) -> AqiBand:
    """Return the band (Table 1) for an AQI value."""
    return aqi_band_for(aqi)


def _valid(value: float | None) -> float | None:
    """Return value, or None when it is missing, NaN or negative."""
    if value is None or math.isnan(value) or value < 0:
        return None
    return float(value)


def _round(value: float, rounding: Rounding) -> int:
    """Round a sub-index; the 1e-9 snap keeps float noise (50.0000000001) from ceil."""
    snapped = round(value, 9)
    if rounding == "ceil":
        return math.ceil(snapped)
    if rounding == "half_up":
        return math.floor(snapped + 0.5)
    raise ValueError(f"unknown rounding {rounding!r}")


def _table(pollutant: str, averaging: str) -> tuple[float, ...]:
    """Return the breakpoint column for a pollutant and averaging period."""
    if pollutant not in POLLUTANTS:
        raise ValueError(f"unknown pollutant {pollutant!r}")
    # PM and the 1-hour gases share one column whatever the averaging period
    # (1-hour NowCast or 24-hour mean for PM; 1-hour maximum for the gases).
    allowed = ("1h", "8h") if pollutant == "o3" else ("1h", "24h")
    if averaging not in allowed:
        raise ValueError(f"averaging {averaging!r} not allowed for {pollutant}")
    key = (pollutant, "8h" if averaging == "8h" else "1h")
    return _BREAKPOINTS[key]


def _interpolate(concentration: float, breakpoints: tuple[float, ...]) -> float:
    """Linear interpolation in the segment holding the concentration."""
    for i in range(1, len(breakpoints)):
        if concentration <= breakpoints[i]:
            lo, hi = breakpoints[i - 1], breakpoints[i]
            i_lo, i_hi = _INDEX_POINTS[i - 1], _INDEX_POINTS[i]
            return (i_hi - i_lo) / (hi - lo) * (concentration - lo) + i_lo
    return float(_MAX_INDEX)


def sub_index(
    pollutant: str, concentration: float | None, averaging: str = "1h", *, rounding: Rounding = "ceil"
) -> int | None:
    """Return the integer sub-index of one pollutant (None if missing or out of scope)."""
    breakpoints = _table(pollutant, averaging)
    value = _valid(concentration)
    if value is None:
        return None
    if value > breakpoints[-1]:
        # The O3 8h column stops at 400: above it the 8h part is left out.
        return None if averaging == "8h" else _MAX_INDEX
    return _round(_interpolate(value, breakpoints), rounding)


def _present_hours(values: Sequence[float | None]) -> list[float | None]:
    """Return the newest 12 hours with invalid ones turned into None."""
    return [_valid(v) for v in list(values)[:_NOWCAST_HOURS]]


def nowcast_w_star(values: Sequence[float | None]) -> float | None:
    """Return w* = min/max over the present hours (None when nothing is present or max is 0)."""
    present = [v for v in _present_hours(values) if v is not None]
    if not present or max(present) == 0:
        return None
    return min(present) / max(present)


def nowcast(values: Sequence[float | None]) -> float | None:
    """Return the NowCast of hourly means given newest first, or None if too few hours."""
    hours = _present_hours(values)
    if sum(v is not None for v in hours[:3]) < 2:
        return None
    w_star = nowcast_w_star(hours)
    if w_star is None:
        # Every present hour is 0: the weighted mean is 0 whatever the weights.
        return 0.0
    w = 0.5 if w_star <= 0.5 else w_star
    numerator = denominator = 0.0
    for i, c in enumerate(hours):
        if c is None:
            continue  # a missing hour has weight 0 but keeps its exponent slot
        numerator += w**i * c
        denominator += w**i
    return numerator / denominator


def o3_max_8h(hourly_values_in_time_order: Sequence[float | None]) -> float | None:
    """Return the max 8-hour rolling O3 mean (oldest first; windows need ≥6 of 8 hours)."""
    hours = [_valid(v) for v in hourly_values_in_time_order]
    best: float | None = None
    for start in range(len(hours) - _O3_WINDOW + 1):
        window = [v for v in hours[start : start + _O3_WINDOW] if v is not None]
        if len(window) < _O3_WINDOW_MIN_HOURS:
            continue
        mean = sum(window) / len(window)
        best = mean if best is None else max(best, mean)
    return best


def _check_keys(keys: Mapping[str, Any]) -> None:
    """Reject unknown pollutant keys so that a typo does not silently drop data."""
    unknown = sorted(set(keys) - set(POLLUTANTS))
    if unknown:
        raise ValueError(f"unknown pollutant keys: {unknown}")


def _result(subs: dict[str, int]) -> AqiResult | None:
    """Combine sub-indices into an AQI; None without PM10 and PM2.5."""
    if "pm25" not in subs and "pm10" not in subs:
        return None
    ordered = {p: subs[p] for p in POLLUTANTS if p in subs}
    # max() keeps the first maximum, so ties follow the POLLUTANTS order.
    dominant = max(ordered, key=ordered.__getitem__)
    aqi = ordered[dominant]
    return AqiResult(aqi, dominant, ordered, band_for(aqi))


def hourly_aqi(concentrations: Mapping[str, float | None]) -> AqiResult | None:
    """Return the hourly AQI from 1-hour means (NowCast for pm25/pm10), µg/m³."""
    _check_keys(concentrations)
    subs: dict[str, int] = {}
    for pollutant in POLLUTANTS:
        value = sub_index(pollutant, concentrations.get(pollutant), "1h", rounding="ceil")
        if value is not None:
            subs[pollutant] = value
    return _result(subs)


def hourly_aqi_from_series(series: Mapping[str, Sequence[float | None]]) -> AqiResult | None:
    """Return the hourly AQI from per-pollutant hourly means given newest first."""
    _check_keys(series)
    concentrations: dict[str, float | None] = {}
    for pollutant, values in series.items():
        if pollutant in ("pm25", "pm10"):
            concentrations[pollutant] = nowcast(values)
        else:
            concentrations[pollutant] = values[0] if values else None
    return hourly_aqi(concentrations)


def _daily_o3(o3_max_1h: float | None, o3_max_8h_mean: float | None) -> int | None:
    """Return the larger of the O3 1h and 8h daily sub-indices."""
    parts = [
        sub_index("o3", o3_max_1h, "1h", rounding="half_up"),
        sub_index("o3", o3_max_8h_mean, "8h", rounding="half_up"),
    ]
    present = [p for p in parts if p is not None]
    return max(present) if present else None


def daily_aqi(
    pm25_24h: float | None = None,
    pm10_24h: float | None = None,
    o3_max_1h: float | None = None,
    o3_max_8h: float | None = None,
    co_max_1h: float | None = None,
    so2_max_1h: float | None = None,
    no2_max_1h: float | None = None,
) -> AqiResult | None:
    """Return the daily AQI (24-hour PM means, daily maxima for the gases), µg/m³."""
    candidates = {
        "pm25": sub_index("pm25", pm25_24h, "24h", rounding="half_up"),
        "pm10": sub_index("pm10", pm10_24h, "24h", rounding="half_up"),
        "o3": _daily_o3(o3_max_1h, o3_max_8h),
        "no2": sub_index("no2", no2_max_1h, "1h", rounding="half_up"),
        "so2": sub_index("so2", so2_max_1h, "1h", rounding="half_up"),
        "co": sub_index("co", co_max_1h, "1h", rounding="half_up"),
    }
    return _result({p: v for p, v in candidates.items() if v is not None})
