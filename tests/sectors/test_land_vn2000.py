"""A VN-2000 Shapefile uploaded through the API lands on its WGS 84 place; the demo parcels sit in the province."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape

from ioc.areas import service as areas_service
from ioc.sectors.demo_land import NAME
from tests.layers.conftest import form, write, zipped

GEOD = Geod(ellps="WGS84")
# A point in Đà Nẵng in VN-2000 / TM-3 107°45' (EPSG:5899), metres (easting, northing).
CONTROL = (550175.080, 1777138.321)


def test_a_parcel_at_known_vn2000_coordinates_is_stored_within_a_metre(client, make_user, province, tmp_path):
    _, headers = make_user("admin")
    x, y = CONTROL
    parcel = shapely.box(x - 10, y - 10, x + 10, y + 10)  # a 20 m square centred on the point
    prj = CRS.from_epsg(5899).to_wkt("WKT1_ESRI")  # what a cadastral tool writes in the .prj
    shp = write(tmp_path, "ESRI Shapefile", [parcel], crs=prj, fields={"so_thua": np.array([1])})
    res = client.post("/api/v1/layers", headers=headers, files={"file": ("quy-hoach.zip", zipped(shp))}, data=form())
    assert res.status_code == 201, res.text
    truth = Transformer.from_crs(5899, 4326, always_xy=True).transform(*CONTROL)  # EPSG's own operation
    bbox = f"{truth[0] - 0.01},{truth[1] - 0.01},{truth[0] + 0.01},{truth[1] + 0.01}"
    feats = client.get(f"/api/v1/layers/{res.json()['id']}/features?bbox={bbox}&zoom=18", headers=headers).json()
    [feature] = feats["features"]
    got = shape(feature["geometry"]).centroid
    assert GEOD.inv(got.x, got.y, truth[0], truth[1])[2] < 1.0
    assert truth == pytest.approx((108.2208, 16.0678), abs=1e-4)


@pytest.mark.usefixtures("seeded")
def test_the_demo_parcels_layer_lands_inside_the_province(client, make_user, db, province):
    _, headers = make_user("admin")
    layers = client.get("/api/v1/sectors/land/map", headers=headers).json()["layers"]
    layer = next(x for x in layers if x["name"] == NAME)
    outline = shape(areas_service.get_area(db, province).geometry)
    lon0, lat0, lon1, lat1 = outline.bounds
    url = f"/api/v1/layers/{layer['id']}/features?bbox={lon0},{lat0},{lon1},{lat1}&zoom=18"
    feats = client.get(url, headers=headers).json()["features"]
    assert len(feats) >= 6
    wards = [shape(a.geometry) for a in areas_service.with_boundaries(db, "ward")]
    for feature in feats:
        centre = shape(feature["geometry"]).centroid
        assert outline.buffer(1e-6).contains(centre), feature["properties"]
        assert any(w.contains(centre) for w in wards), feature["properties"]
