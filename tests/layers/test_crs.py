"""VN-2000 to WGS 84: the TM-3 zones, EPSG codes and .prj texts land where EPSG:6960 puts them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import CRS, Geod, Transformer

from ioc.layers import crs

GEOD = Geod(ellps="WGS84")
# A point in Đà Nẵng given in VN-2000 / TM-3 107°45' (EPSG:5899), and the same point in WGS 84 as EPSG's own
# operation for that CRS pair computes it (the Ministry's 7 parameters, EPSG:6960).
VN2000_XY = (550175.080, 1777138.321)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the WGS 84 ellipsoid between two (lon, lat)."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def expected() -> tuple[float, float]:
    """EPSG:5899 -> 4326 through EPSG's database (the authority's operation), independent of our pipeline."""
    group = Transformer.from_crs(5899, 4326, always_xy=True)
    return group.transform(*VN2000_XY)


def test_province_zone_lands_within_two_metres_of_the_published_transformation() -> None:
    place = crs.placement(crs.zone_crs("da-nang"))
    lon, lat = place.to_wgs84(np.array([VN2000_XY[0]]), np.array([VN2000_XY[1]]))
    assert metres((lon[0], lat[0]), expected()) < 2
    assert abs(lon[0] - 108.2208) < 1e-4 and abs(lat[0] - 16.0678) < 1e-4


def test_the_datum_shift_is_applied_not_only_the_projection() -> None:
    # Read as if VN-2000 were WGS 84 (projection only), the point lands hundreds of metres away.
    tm3 = "+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m"
    naive = Transformer.from_crs(CRS.from_proj4(tm3), 4326, always_xy=True)
    off = metres(naive.transform(*VN2000_XY), expected())
    assert 100 < off < 1000


@pytest.mark.parametrize("choice", ["EPSG:5899", "5899", "zone:da-nang", "da-nang", "zone:quang-nam"])
def test_every_way_of_naming_the_zone_gives_the_same_place(choice: str) -> None:
    place = crs.placement(crs.parse_choice(choice))
    lon, lat = place.to_wgs84(np.array([VN2000_XY[0]]), np.array([VN2000_XY[1]]))
    assert metres((lon[0], lat[0]), expected()) < 2


def test_esri_prj_without_towgs84_gets_the_vn2000_shift() -> None:
    prj = CRS.from_epsg(5899).to_wkt("WKT1_ESRI")
    place = crs.placement(CRS.from_user_input(prj))
    lon, lat = place.to_wgs84(np.array([VN2000_XY[0]]), np.array([VN2000_XY[1]]))
    assert metres((lon[0], lat[0]), expected()) < 2


def test_a_prj_with_its_own_towgs84_keeps_it() -> None:
    bound = CRS.from_proj4(
        "+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
        "+towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m"
    )
    place = crs.placement(bound)
    lon, lat = place.to_wgs84(np.array([VN2000_XY[0]]), np.array([VN2000_XY[1]]))
    # Position-vector rotations of the same magnitudes: still within two metres (the conventions differ < 1 m).
    assert metres((lon[0], lat[0]), expected()) < 2


def test_geographic_vn2000() -> None:
    vn_lon, vn_lat = Transformer.from_crs(4326, 4756, always_xy=True).transform(108.2208, 16.0678)
    lon, lat = crs.placement(CRS.from_epsg(4756)).to_wgs84(np.array([vn_lon]), np.array([vn_lat]))
    assert metres((lon[0], lat[0]), (108.2208, 16.0678)) < 0.01


def test_zone_table_matches_the_circular_examples() -> None:
    assert crs.ZONES["ha-noi"][1] == 105.0
    assert crs.ZONES["ho-chi-minh"][1] == 105.75
    assert crs.ZONES["da-nang"][1] == 107.75
    assert crs.ZONES["lao-cai"][1] == 104.75
    assert len(crs.ZONES) == 63 and all(
        102 <= m <= 109 and math.isclose(m * 4, round(m * 4)) for _, m in crs.ZONES.values()
    )


def test_unknown_choices_are_refused() -> None:
    for bad in ("zone:atlantis", "EPSG:999999", "hello"):
        with pytest.raises(crs.CRSProblem):
            crs.parse_choice(bad)
    with pytest.raises(crs.CRSProblem):
        crs.placement(None)
