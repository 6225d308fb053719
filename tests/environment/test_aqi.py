"""Tests for VN_AQI (Decision 1459/QĐ-TCMT)."""

import dataclasses
import json
import math

import pytest

from ioc.environment import aqi
from ioc.environment.aqi import (
    AqiResult,
    band_for,
    daily_aqi,
    hourly_aqi,
    hourly_aqi_from_series,
    nowcast,
    nowcast_w_star,
    o3_max_8h,
    sub_index,
)

# Worked example of the decision, hourly means newest first.
PM25_SERIES = (20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9)


# --- worked examples of the decision ----------------------------------------


def test_nowcast_worked_example():
    assert nowcast_w_star(PM25_SERIES) == pytest.approx(0.61, abs=0.005)
    assert nowcast(PM25_SERIES) == pytest.approx(20.3, abs=0.05)


@pytest.mark.parametrize(
    ("pollutant", "concentration", "expected"), [("o3", 136.1, 43), ("no2", 118.7, 60), ("pm25", 20.3, 41)]
)
def test_hourly_worked_sub_indices(pollutant, concentration, expected):
    assert sub_index(pollutant, concentration, "1h") == expected


def test_hourly_worked_aqi():
    result = hourly_aqi({"o3": 136.1, "no2": 118.7, "pm25": 20.3})
    assert result is not None
    assert result.aqi == 60
    assert result.dominant == "no2"
    assert result.sub_indices == {"pm25": 41, "o3": 43, "no2": 60}
    assert result.band.key == "moderate"


def test_hourly_worked_aqi_from_series():
    # NowCast 20.27 -> 40.5 -> 41 as with the printed 20.3.
    result = hourly_aqi_from_series({"pm25": PM25_SERIES, "o3": [136.1, 120.0], "no2": [118.7, None]})
    assert result is not None
    assert result.sub_indices == {"pm25": 41, "o3": 43, "no2": 60}
    assert result.aqi == 60


@pytest.mark.parametrize(
    ("pollutant", "concentration", "averaging", "expected"),
    [("o3", 89.3, "8h", 45), ("o3", 114.6, "1h", 36), ("no2", 130.8, "1h", 65), ("pm25", 55.7, "24h", 110)],
)
def test_daily_worked_sub_indices(pollutant, concentration, averaging, expected):
    assert sub_index(pollutant, concentration, averaging, rounding="half_up") == expected


def test_daily_worked_aqi():
    result = daily_aqi(pm25_24h=55.7, o3_max_1h=114.6, o3_max_8h=89.3, no2_max_1h=130.8)
    assert result is not None
    assert result.aqi == 110
    assert result.dominant == "pm25"
    assert result.sub_indices == {"pm25": 110, "o3": 45, "no2": 65}
    assert result.band.key == "poor"


def test_no_single_rounding_rule_fits_every_example():
    # Why hourly uses ceil and daily half up: the raw values are 59.35 and 65.4.
    assert sub_index("no2", 118.7, rounding="half_up") == 59  # printed 60 (hourly)
    assert sub_index("no2", 130.8, rounding="ceil") == 66  # printed 65 (daily)


# --- sub-indices --------------------------------------------------------------

INDEX_POINTS = (0, 50, 100, 150, 200, 300, 400, 500)
TABLE = {
    ("o3", "1h"): (0, 160, 200, 300, 400, 800, 1000, 1200),
    ("o3", "8h"): (0, 100, 120, 170, 210, 400),
    ("co", "1h"): (0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    ("so2", "1h"): (0, 125, 350, 550, 800, 1600, 2100, 2630),
    ("no2", "1h"): (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    ("pm10", "1h"): (0, 50, 150, 250, 350, 420, 500, 600),
    ("pm25", "1h"): (0, 25, 50, 80, 150, 250, 350, 500),
}
BREAKPOINT_CASES = [
    (p, avg, bp, index)
    for (p, avg), bps in TABLE.items()
    for bp, index in zip(bps, INDEX_POINTS, strict=False)  # O3 8h stops at 300
]


@pytest.mark.parametrize(("pollutant", "averaging", "bp", "index"), BREAKPOINT_CASES)
@pytest.mark.parametrize("rounding", ["ceil", "half_up"])
def test_breakpoints_map_exactly_to_index(pollutant, averaging, bp, index, rounding):
    assert sub_index(pollutant, bp, averaging, rounding=rounding) == index


@pytest.mark.parametrize(("pollutant", "averaging"), [k for k in TABLE if k != ("o3", "8h")])
def test_above_last_breakpoint_is_500(pollutant, averaging):
    last = TABLE[(pollutant, averaging)][-1]
    assert sub_index(pollutant, last + 0.1, averaging) == 500
    assert sub_index(pollutant, last * 10, averaging) == 500


def test_o3_8h_above_400_is_left_out():
    assert sub_index("o3", 400, "8h") == 300
    assert sub_index("o3", 400.1, "8h") is None


def test_midpoints_interpolate():
    assert sub_index("pm10", 100) == 75
    assert sub_index("so2", 450) == 125
    assert sub_index("pm25", 200, "24h") == 250


def test_ceil_moves_just_above_a_breakpoint_into_next_band():
    assert sub_index("pm25", 25.1) == 51
    assert sub_index("pm25", 25.1, rounding="half_up") == 50


def test_co_is_in_micrograms():
    assert sub_index("co", 10000) == 50  # 10 mg/m³
    assert sub_index("co", 20000) == 75
    assert sub_index("co", 10) == 1  # 10 µg/m³ is almost nothing


@pytest.mark.parametrize("bad", [None, -1.0, math.nan])
def test_missing_or_invalid_concentration(bad):
    assert sub_index("pm25", bad) is None


def test_zero_concentration():
    assert sub_index("no2", 0) == 0


def test_unknown_pollutant_or_averaging():
    with pytest.raises(ValueError):
        sub_index("pm1", 10)
    with pytest.raises(ValueError):
        sub_index("no2", 10, "8h")
    with pytest.raises(ValueError):
        sub_index("o3", 10, "24h")
    with pytest.raises(ValueError):
        sub_index("no2", 10, rounding="floor")


# --- NowCast ----------------------------------------------------------------------


def test_nowcast_c1_missing_but_c2_c3_present():
    assert nowcast([None, 20.0, 20.0]) == pytest.approx(20.0)


def test_nowcast_only_c1_present():
    assert nowcast([20.0]) is None
    assert nowcast([20.0, None, None, 30.0, 30.0]) is None


def test_nowcast_two_of_first_three_missing():
    assert nowcast([None, None, 20.0, 20.0, 20.0]) is None


def test_nowcast_w_floor_is_half():
    # w* = 10/40 = 0.25 <= 0.5 so w = 0.5: (10 + 0.5*40) / 1.5 = 20.
    assert nowcast([10.0, 40.0]) == pytest.approx(20.0)


def test_nowcast_missing_hour_keeps_its_exponent():
    # w = 0.5; c2 missing, c3 weighs 0.5² = 0.25: (10 + 0.25*20) / 1.25 = 12.
    assert nowcast([10.0, None, 20.0]) == pytest.approx(12.0)


def test_nowcast_uses_w_star_above_half():
    # w* = 0.8: (8 + 0.8*10) / 1.8.
    assert nowcast([8.0, 10.0]) == pytest.approx(16.0 / 1.8)


def test_nowcast_all_zero():
    assert nowcast([0.0, 0.0, 0.0]) == 0.0
    assert nowcast_w_star([0.0, 0.0]) is None


def test_nowcast_uses_only_twelve_hours():
    assert nowcast([10.0] * 12 + [1000.0]) == pytest.approx(10.0)


def test_nowcast_negative_counts_as_missing():
    assert nowcast([-1.0, 5.0]) is None
    assert nowcast([-1.0, 5.0, 5.0]) == pytest.approx(5.0)


# --- O3 8-hour rolling mean -----------------------------------------------------


def test_o3_max_8h_full_day():
    hours = [50.0] * 10 + [100.0] * 8 + [50.0] * 6
    assert o3_max_8h(hours) == pytest.approx(100.0)


def test_o3_max_8h_needs_six_of_eight():
    six = [80.0] * 6 + [None, None]
    five = [80.0] * 5 + [None, None, None]
    assert o3_max_8h(six) == pytest.approx(80.0)
    assert o3_max_8h(five) is None


def test_o3_max_8h_needs_a_whole_window():
    assert o3_max_8h([80.0] * 7) is None
    assert o3_max_8h([]) is None


# --- hourly and daily AQI ---------------------------------------------------------


def test_hourly_needs_pm():
    assert hourly_aqi({"o3": 100.0, "no2": 50.0}) is None
    assert hourly_aqi({"pm25": None, "pm10": None, "co": 5000.0}) is None


def test_hourly_with_pm10_only():
    result = hourly_aqi({"pm10": 100.0})
    assert result is not None and result.aqi == 75 and result.dominant == "pm10"


def test_hourly_tie_prefers_particles():
    result = hourly_aqi({"pm25": 25.0, "no2": 100.0})
    assert result is not None and result.aqi == 50 and result.dominant == "pm25"


def test_hourly_rejects_unknown_keys():
    with pytest.raises(ValueError):
        hourly_aqi({"PM2.5": 10.0})


def test_hourly_from_series_pm_needs_nowcast():
    assert hourly_aqi_from_series({"pm25": [30.0], "no2": [50.0]}) is None
    result = hourly_aqi_from_series({"pm10": [None, 100.0, 100.0], "so2": [], "co": [None]})
    assert result is not None and result.sub_indices == {"pm10": 75}


def test_daily_o3_takes_larger_part():
    # 1h 300 -> 150; 8h 180 -> 150 + 10*50/40 = 162.5 -> 163.
    result = daily_aqi(pm10_24h=20.0, o3_max_1h=300.0, o3_max_8h=180.0)
    assert result is not None
    assert result.sub_indices["o3"] == 163
    assert result.dominant == "o3"


def test_daily_o3_8h_above_400_left_out():
    # 1h 500 -> 200 + 100*100/400 = 225; the 8h value 450 is not used.
    result = daily_aqi(pm25_24h=10.0, o3_max_1h=500.0, o3_max_8h=450.0)
    assert result is not None and result.sub_indices["o3"] == 225
    only_8h = daily_aqi(pm25_24h=10.0, o3_max_8h=450.0)
    assert only_8h is not None and "o3" not in only_8h.sub_indices


def test_daily_needs_pm():
    assert daily_aqi(no2_max_1h=130.8) is None


def test_daily_all_pollutants():
    result = daily_aqi(
        pm25_24h=30.0,
        pm10_24h=60.0,
        o3_max_1h=100.0,
        o3_max_8h=60.0,
        co_max_1h=5000.0,
        so2_max_1h=50.0,
        no2_max_1h=80.0,
    )
    assert result is not None
    # pm25 60, pm10 55, o3 max(31, 30), no2 40, so2 20, co 25.
    assert result.sub_indices == {"pm25": 60, "pm10": 55, "o3": 31, "no2": 40, "so2": 20, "co": 25}
    assert result.aqi == 60 and result.dominant == "pm25"


# --- bands and serialisation ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (0, "good"),
        (50, "good"),
        (51, "moderate"),
        (100, "moderate"),
        (101, "poor"),
        (150, "poor"),
        (151, "bad"),
        (200, "bad"),
        (201, "very_bad"),
        (300, "very_bad"),
        (301, "hazardous"),
        (500, "hazardous"),
        (650, "hazardous"),
    ],
)
def test_band_boundaries(value, key):
    assert band_for(value).key == key


def test_band_colours_and_names():
    expected = [
        ("Tốt", (0, 228, 0), "#00E400"),
        ("Trung bình", (255, 255, 0), "#FFFF00"),
        ("Kém", (255, 126, 0), "#FF7E00"),
        ("Xấu", (255, 0, 0), "#FF0000"),
        ("Rất xấu", (143, 63, 151), "#8F3F97"),
        ("Nguy hại", (126, 0, 35), "#7E0023"),
    ]
    got = [(b.name_vi, b.rgb, b.color) for b in aqi.AQI_BANDS]
    assert got == expected
    for band in aqi.AQI_BANDS:
        assert band.advice_vi and band.advice_en
        assert band.advice_sensitive_vi and band.advice_sensitive_en


def test_band_for_negative():
    with pytest.raises(ValueError):
        band_for(-1)


def test_result_to_dict_is_json_ready():
    result = hourly_aqi({"pm25": 20.3, "no2": 118.7})
    assert result is not None
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["aqi"] == 60 and data["dominant"] == "no2"
    assert data["sub_indices"] == {"pm25": 41, "no2": 60}
    band = data["band"]
    assert band["color"] == "#FFFF00" and band["rgb"] == [255, 255, 0]
    assert band["name_vi"] == "Trung bình"
    for key in ("key", "name_en", "advice_vi", "advice_en", "advice_sensitive_vi", "advice_sensitive_en"):
        assert band[key]


def test_result_is_frozen():
    result = hourly_aqi({"pm10": 10.0})
    assert isinstance(result, AqiResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.aqi = 1  # type: ignore[misc]
