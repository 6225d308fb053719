"""A ward's population: set by an admin or a boundary import, invented (and marked so) by the demo."""

from __future__ import annotations

from sqlalchemy import select

from ioc.areas import service
from ioc.auth.models import AuditEntry

WARD = "20242"  # Phường Hải Châu


def _geojson(population) -> bytes:
    import json

    ring = [[108.20, 16.05], [108.23, 16.05], [108.23, 16.08], [108.20, 16.08], [108.20, 16.05]]
    props = {"code": WARD, "population": population}
    feature = {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def test_an_admin_sets_a_population_and_it_is_audited(client, db, province, make_user):
    _, admin = make_user("admin")
    res = client.patch(f"/api/v1/areas/{WARD}", headers=admin, json={"population": 31_250})
    assert res.status_code == 200, res.text
    assert res.json()["population"] == 31_250 and res.json()["population_synthetic"] is False
    assert client.get(f"/api/v1/areas/{WARD}").json()["population"] == 31_250
    feature = next(f for f in client.get("/api/v1/areas/geojson").json()["features"] if f["id"] == WARD)
    assert feature["properties"]["population"] == 31_250
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "areas.update")).one()
    assert entry.object_id == WARD and entry.after["population"] == 31_250


def test_a_bad_population_is_a_422_naming_it(client, province, make_user):
    _, admin = make_user("admin")
    for bad in (-1, 1.5, "many", 60_000_000):
        res = client.patch(f"/api/v1/areas/{WARD}", headers=admin, json={"population": bad})
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == "population", bad
    assert client.patch("/api/v1/areas/99999", headers=admin, json={"population": 5}).status_code == 404
    area = client.get(f"/api/v1/areas/{WARD}").json()
    assert area["population_synthetic"] is True  # the demo's figure is untouched
    res = client.patch(f"/api/v1/areas/{WARD}", headers=admin, json={"population": None})
    assert res.status_code == 200 and res.json()["population"] is None  # unknown is a value an admin may give


def test_the_boundary_import_takes_a_population_property(client, province, make_user):
    _, admin = make_user("admin")
    files = {"file": ("w.geojson", _geojson("42000"), "application/geo+json")}
    res = client.post("/api/v1/areas/boundaries", headers=admin, files=files)
    assert res.status_code == 200, res.text
    area = client.get(f"/api/v1/areas/{WARD}").json()
    assert area["population"] == 42_000 and area["population_synthetic"] is False


def test_a_bad_population_in_an_import_stores_nothing(client, province, make_user):
    _, admin = make_user("admin")
    before = client.get(f"/api/v1/areas/{WARD}").json()
    res = client.post("/api/v1/areas/boundaries", headers=admin, files={"file": ("w.json", _geojson(-5), "x")})
    assert res.status_code == 422 and "population" in res.json()["errors"][0]["message"]
    after = client.get(f"/api/v1/areas/{WARD}").json()
    assert after["geometry"] == before["geometry"] and after["population"] == before["population"]


def test_the_demo_invents_plausible_populations_marked_synthetic(db, province):
    people = service.populations(db, province)
    assert len(people) == 94  # the province fixture is the demo's seed: every ward has a figure
    service.set_population(db, WARD, 30_000)
    other = next(code for code in people if code != WARD)
    service.set_population(db, other, None)
    assert service.seed_synthetic_population(db, province) == 1  # only the ward without one gets a figure
    people = service.populations(db, province)
    assert people[WARD] == (30_000, False)
    others = [p for code, p in people.items() if code != WARD]
    assert all(synthetic and 1_000 <= n <= 72_000 for n, synthetic in others)
    assert service.seed_synthetic_population(db, province) == 0  # stable: a second seed changes nothing
