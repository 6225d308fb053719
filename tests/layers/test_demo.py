"""The demo planning layer: written in VN-2000 / TM-3, imported like an upload, inside the wards; seeded once."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from ioc.areas import service as areas_service
from ioc.demo.context import DemoContext
from ioc.layers import demo, repository


def test_demo_layer_lands_inside_the_wards(app, settings, db, province, client):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)  # a second run adds nothing
    layers = repository.all_layers(db)
    assert len(layers) == 1 and layers[0].visibility == "public" and "6960" in layers[0].source_crs
    west, south, east, north = layers[0].min_lon, layers[0].min_lat, layers[0].max_lon, layers[0].max_lat
    res = client.get(f"/api/v1/layers/{layers[0].id}/features?bbox={west},{south},{east},{north}&zoom=16")
    features = res.json()["features"]
    assert len(features) == layers[0].feature_count > 10
    wards = shapely.union_all([shape(a.geometry) for a in areas_service.with_boundaries(db, "ward")])
    for f in features:  # each zone was cut inside a ward 200 m from its edge: 2 m of error would not leave it
        # A point surely inside the zone (a coastal ward's zone is concave: its centroid may lie at sea).
        assert wards.contains(shape(f["geometry"]).representative_point())
    assert {f["properties"]["loai_dat"] for f in features} <= set(demo.LAND)
