"""Tests for VN_WQI (Decision 1460/QĐ-TCMT)."""

import dataclasses
import json
import math

import pytest

from ioc.environment import wqi as wqi_module
from ioc.environment.wqi import (
    BREAKPOINTS,
    WqiResult,
    breakpoint_sub_index,
    do_percent,
    do_saturation,
    do_sub_index,
    do_sub_index_from_percent,
    nitrite_sub_index,
    pesticide_sub_index,
    ph_sub_index,
    sub_index,
    wqi,
    wqi_band_for,
)

Q = (100, 75, 50, 25, 10)


# --- breakpoint tables ------------------------------------------------------------

BREAKPOINT_CASES = [
    (name, bp, Q[i])
    for name, bps in BREAKPOINTS.items()
    for i, bp in enumerate(bps)
    # A repeated breakpoint scores the first (better) q of the pair.
    if i == 0 or bps[i - 1] != bp
]


@pytest.mark.parametrize(("name", "bp", "q"), BREAKPOINT_CASES)
def test_sub_index_at_breakpoints(name, bp, q):
    assert breakpoint_sub_index(name, bp) == pytest.approx(q)


@pytest.mark.parametrize(
    ("name", "concentration", "expected"),
    [
        ("BOD5", 5, 87.5),  # (100-75)/(6-4)*(6-5)+75
        ("BOD5", 10.5, 62.5),
        ("BOD5", 20, 37.5),
        ("BOD5", 37.5, 17.5),
        ("COD", 12.5, 87.5),
        ("COD", 100, 17.5),
        ("TOC", 10.5, 62.5),
        ("P-PO4", 0.15, 87.5),
        ("P-PO4", 0.4, 37.5),
        ("Cu", 0.35, 62.5),
        ("Zn", 2.5, 17.5),
        ("Cr6", 0.015, 87.5),
        ("Coliform", 3750, 87.5),
        ("Coliform", 8750, 37.5),
        ("E.coli", 35, 87.5),
        ("E.coli", 150, 37.5),
        ("As", 0.075, 37.5),
    ],
)
def test_sub_index_at_midpoints(name, concentration, expected):
    assert breakpoint_sub_index(name, concentration) == pytest.approx(expected)


@pytest.mark.parametrize("name", sorted(BREAKPOINTS))
def test_below_first_and_above_last_breakpoint(name):
    bps = BREAKPOINTS[name]
    assert breakpoint_sub_index(name, 0) == 100
    assert breakpoint_sub_index(name, bps[-1] * 1.01) == 10
    assert breakpoint_sub_index(name, bps[-1] * 100) == 10


@pytest.mark.parametrize("name", ["Coliform", "E.coli", "As"])
def test_four_breakpoint_tables_end_at_25_then_10(name):
    last = BREAKPOINTS[name][-1]
    assert len(BREAKPOINTS[name]) == 4
    assert breakpoint_sub_index(name, last) == 25
    assert breakpoint_sub_index(name, last + 1e-6) == 10


def test_repeated_breakpoints_jump():
    # N-NH4 0.3, 0.3: 100 at 0.3, then straight into the 75..50 segment.
    assert breakpoint_sub_index("N-NH4", 0.3) == 100
    assert breakpoint_sub_index("N-NH4", 0.45) == pytest.approx(62.5)
    assert breakpoint_sub_index("Hg", 0.00125) == pytest.approx(62.5)
    # N-NO3 15, 15: 25 at 15, then 10.
    assert breakpoint_sub_index("N-NO3", 15) == 25
    assert breakpoint_sub_index("N-NO3", 15.01) == 10


@pytest.mark.parametrize("bad", [None, -0.1, math.nan])
def test_missing_or_invalid_concentration(bad):
    assert breakpoint_sub_index("BOD5", bad) is None


def test_nitrite_and_pesticides():
    assert nitrite_sub_index(0.05) == 100
    assert nitrite_sub_index(0.051) == 10
    assert nitrite_sub_index(None) is None
    assert pesticide_sub_index("BHC", 0.02) == 100
    assert pesticide_sub_index("BHC", 0.03) == 10
    assert pesticide_sub_index("DDTs", 1.0) == 100
    assert pesticide_sub_index("Heptachlor", 0.25) == 10


# --- pH and DO --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ph", "expected"),
    [
        (5.4, 10),
        (5.5, 50),
        (5.75, 75),
        (6.0, 100),
        (7.0, 100),
        (8.5, 100),
        (8.75, 75),
        (9.0, 50),
        (9.1, 10),
        (0.0, 10),
        (14.0, 10),
    ],
)
def test_ph_pieces(ph, expected):
    assert ph_sub_index(ph) == pytest.approx(expected)


@pytest.mark.parametrize("ph", [None, -1.0, 14.5, math.nan])
def test_ph_invalid(ph):
    assert ph_sub_index(ph) is None


def test_do_saturation():
    # 14.652 - 0.41022*25 + 0.007991*625 - 0.000077774*15625
    assert do_saturation(25) == pytest.approx(8.175655)
    assert do_saturation(0) == pytest.approx(14.652)
    assert do_percent(8.175655, 25) == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (19.9, 10),
        (20, 25),
        (35, 37.5),
        (50, 50),
        (62.5, 62.5),
        (75, 75),
        (81.5, 87.5),
        (88, 100),
        (100, 100),
        (112, 100),
        (118.5, 87.5),
        (125, 75),
        (137.5, 62.5),
        (150, 50),
        (175, 37.5),
        (200, 25),
        (200.1, 10),
    ],
)
def test_do_pieces(percent, expected):
    assert do_sub_index_from_percent(percent) == pytest.approx(expected)


def test_do_needs_temperature():
    assert do_sub_index(6.0, None) is None
    assert do_sub_index(6.0, 60.0) is None
    sat = do_saturation(20)
    assert do_sub_index(sat, 20) == 100
    assert do_sub_index(sat * 0.5, 20) == pytest.approx(50)


def test_generic_sub_index_dispatch():
    assert sub_index("pH", 7) == 100
    assert sub_index("DO", do_saturation(25), 25) == 100
    assert sub_index("N-NO2", 0.1) == 10
    assert sub_index("Aldrin", 0.2) == 10
    assert sub_index("COD", 10) == 100
    with pytest.raises(ValueError):
        sub_index("NH4", 1)


# --- combination and group rules --------------------------------------------------

GOOD_IV = {"BOD5": 3.0, "COD": 8.0, "N-NH4": 0.1, "P-PO4": 0.05}


def test_full_hand_computed_example():
    # pH 8.7           -> 100 - (8.7-8.5)/0.5*50            = 80        (group I)
    # Pb 0.03          -> (75-50)/(0.04-0.02)*(0.04-0.03)+50 = 62.5
    # Cu 0.15          -> (100-75)/(0.2-0.1)*(0.2-0.15)+75   = 87.5
    #                     group III = sqrt(62.5*87.5)       = 73.951
    # DO 6.5 at 28 °C  -> DO_sat 7.72349, DO% 84.159
    #                     (100-75)/(88-75)*(84.159-75)+75   = 92.613
    # BOD5 5 -> 87.5, COD 20 -> 66.667, N-NH4 0.45 -> 62.5, P-PO4 0.15 -> 87.5
    #                     group IV = mean of 5              = 79.356
    # Coliform 3000 -> 95, E.coli 30 -> 91.667; group V     = 93.333
    # group II missing -> 100.
    # WQI = 0.80 * 0.73951 * (79.356² * 93.333)^(1/3) = 0.80 * 0.73951 * 83.766
    #     = 49.56 -> 50 ('Xấu').
    params = {
        "pH": 8.7,
        "Pb": 0.03,
        "Cu": 0.15,
        "DO": 6.5,
        "BOD5": 5.0,
        "COD": 20.0,
        "N-NH4": 0.45,
        "P-PO4": 0.15,
        "Coliform": 3000.0,
        "E.coli": 30.0,
    }
    result = wqi(params, temperature=28.0)
    assert result is not None
    assert result.sub_indices["DO"] == pytest.approx(92.613, abs=1e-3)
    assert result.groups["I"] == pytest.approx(80.0)
    assert result.groups["III"] == pytest.approx(73.951, abs=1e-3)
    assert result.groups["IV"] == pytest.approx(79.356, abs=1e-3)
    assert result.groups["V"] == pytest.approx(93.333, abs=1e-3)
    assert "II" not in result.groups
    assert result.wqi == 50
    assert result.band.key == "bad" and result.band.name_vi == "Xấu"
    assert any("Group II" in note for note in result.notes)


def test_group_v_missing_uses_mean_of_group_iv():
    # Same as above without group V: 0.80 * 0.73951 * 79.356 = 46.95 -> 47.
    params = {"pH": 8.7, "Pb": 0.03, "Cu": 0.15, "DO": 6.5, "BOD5": 5.0, "COD": 20.0, "N-NH4": 0.45, "P-PO4": 0.15}
    result = wqi(params, temperature=28.0)
    assert result is not None
    assert result.wqi == 47
    assert any("Group V" in note for note in result.notes)


def test_perfect_water():
    params = {"pH": 7.0, **GOOD_IV, "Coliform": 1000.0}
    result = wqi(params)
    assert result is not None
    assert result.wqi == 100 and result.band.key == "very_good"


def test_worst_water():
    # 0.1 * (10² * 10)^(1/3) = 0.1 * 10 = 1.
    params = {"pH": 10.0, "BOD5": 80.0, "COD": 200.0, "TOC": 60.0, "E.coli": 500.0}
    result = wqi(params)
    assert result is not None
    assert result.wqi == 1 and result.band.key == "very_heavy_pollution"


def test_needs_three_groups():
    assert wqi({**GOOD_IV, "Coliform": 1000.0}) is None
    assert wqi({"pH": 7.0, **GOOD_IV}) is None
    assert wqi({"pH": 7.0, "As": 0.005, **GOOD_IV}) is not None


def test_group_iv_mandatory_with_three_parameters():
    assert wqi({"pH": 7.0, "As": 0.01, "Coliform": 1000.0}) is None
    assert wqi({"pH": 7.0, "BOD5": 3.0, "COD": 8.0, "Coliform": 1000.0}) is None
    assert wqi({"pH": 7.0, "BOD5": 3.0, "COD": 8.0, "TOC": 2.0, "Coliform": 1.0}) is not None


def test_do_without_temperature_is_left_out():
    params = {"pH": 7.0, "DO": 7.0, "BOD5": 3.0, "COD": 8.0, "Coliform": 1000.0}
    assert wqi(params) is None  # only two usable group IV parameters
    params["TOC"] = 2.0
    result = wqi(params)
    assert result is not None
    assert "DO" not in result.sub_indices
    assert any("DO" in note and "temperature" in note.lower() for note in result.notes)
    with_temp = wqi(params, temperature=25.0)
    assert with_temp is not None and "DO" in with_temp.sub_indices


def test_missing_groups_count_as_100():
    # Groups II and III missing count as 100; pH 5.75 -> 75.
    # 0.75 * (100² * 100)^(1/3) = 75.
    result = wqi({"pH": 5.75, **GOOD_IV, "E.coli": 10.0})
    assert result is not None
    assert result.wqi == 75 and result.band.key == "medium"
    assert sum("counted as 100" in note for note in result.notes) == 2


def test_pesticide_group_uses_geometric_mean():
    # Group II = (100 * 10)^(1/2) = 31.623 -> WQI 31.6 -> 32.
    result = wqi({"Aldrin": 0.05, "BHC": 0.5, **GOOD_IV, "Coliform": 1000.0})
    assert result is not None
    assert result.groups["II"] == pytest.approx(math.sqrt(1000))
    assert result.wqi == 32


def test_invalid_value_is_noted_and_left_out():
    result = wqi({"pH": 7.0, **GOOD_IV, "Cd": -1.0, "Coliform": 1000.0})
    assert result is not None
    assert "Cd" not in result.sub_indices
    assert any("Invalid Cd" in note for note in result.notes)


def test_unknown_parameter_key():
    with pytest.raises(ValueError):
        wqi({"pH": 7.0, "BOD": 3.0})


# --- bands and serialisation ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (0, "very_heavy_pollution"),
        (9, "very_heavy_pollution"),
        (10, "poor"),
        (25, "poor"),
        (26, "bad"),
        (50, "bad"),
        (51, "medium"),
        (75, "medium"),
        (76, "good"),
        (90, "good"),
        (91, "very_good"),
        (100, "very_good"),
    ],
)
def test_wqi_band_boundaries(value, key):
    assert wqi_band_for(value).key == key


def test_wqi_band_out_of_range():
    with pytest.raises(ValueError):
        wqi_band_for(101)
    with pytest.raises(ValueError):
        wqi_band_for(-1)


def test_wqi_band_colours():
    expected = {
        "very_good": (51, 51, 255),
        "good": (0, 228, 0),
        "medium": (255, 255, 0),
        "bad": (255, 126, 0),
        "poor": (255, 0, 0),
        "very_heavy_pollution": (126, 0, 35),
    }
    assert {b.key: b.rgb for b in wqi_module.WQI_BANDS} == expected
    assert wqi_band_for(95).color == "#3333FF"
    assert wqi_band_for(5).name_vi == "Ô nhiễm rất nặng"


def test_result_to_dict_is_json_ready():
    result = wqi({"pH": 7.0, **GOOD_IV, "Coliform": 1000.0})
    assert isinstance(result, WqiResult)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["wqi"] == 100
    assert data["band"]["name_vi"] == "Rất tốt"
    assert data["band"]["color"] == "#3333FF"
    assert data["groups"]["IV"] == 100
    assert isinstance(data["notes"], list)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.wqi = 1  # type: ignore[misc]
