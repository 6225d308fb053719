"""The facilities registry: CRUD, typed attributes, the ward at write, search, filters, export, authz."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.facilities.conftest import hospital


def test_create_resolves_the_ward_and_read_back(client, place, admin):
    res = client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["area_code"] == place[0]
    assert body["attributes"] == {"beds": 300, "doctors": 80}
    assert body["figure"] == "bed_occupancy"
    got = client.get(f"/api/v1/facilities/{body['id']}", headers=admin).json()
    assert got["name"] == "Bệnh viện Đa khoa Hải Châu"
    # Its figures' station exists on the sensors path.
    station = client.get(f"/api/v1/stations/fac-hospital-{body['id']}", headers=admin)
    assert station.status_code == 200 and station.json()["kind"] == "facility"


def test_a_negative_bed_count_is_a_422_naming_the_field(client, place, admin):
    res = client.post("/api/v1/facilities", headers=admin, json=hospital(place, beds=-5))
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "attributes.beds"
    assert "negative" in res.json()["detail"]
    assert client.get("/api/v1/facilities", headers=admin).json()["total"] == 0


def test_bad_kind_attribute_agency_and_place(client, place, admin):
    cases = [
        (hospital(place, kind="castle"), "kind"),
        (hospital(place, attributes={"pupils": 3}), "attributes.pupils"),
        (hospital(place, owner_agency="NOPE"), "owner_agency"),
        (hospital(place, lat=10.0, lon=106.0), "lat"),  # Hồ Chí Minh City: outside the province
        ({**hospital(place), "kind": "school", "attributes": {"pupils": 10}}, "attributes.level"),
    ]
    for body, field in cases:
        res = client.post("/api/v1/facilities", headers=admin, json=body)
        assert res.status_code == 422, (field, res.text)
        assert res.json()["errors"][0]["field"] == field


def test_patch_moves_and_rechecks_and_delete(client, place, admin):
    fid = client.post("/api/v1/facilities", headers=admin, json=hospital(place)).json()["id"]
    res = client.patch(f"/api/v1/facilities/{fid}", headers=admin, json={"attributes": {"beds": 320}})
    assert res.status_code == 200 and res.json()["attributes"]["beds"] == 320
    assert res.json()["attributes"]["doctors"] == 80  # merged
    res = client.patch(f"/api/v1/facilities/{fid}", headers=admin, json={"attributes": {"beds": -1}})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "attributes.beds"
    assert client.patch(f"/api/v1/facilities/{fid}", headers=admin, json={"name": None}).status_code == 422
    assert client.delete(f"/api/v1/facilities/{fid}", headers=admin).status_code == 204
    assert client.get(f"/api/v1/facilities/{fid}", headers=admin).status_code == 404


def test_search_ignores_diacritics_and_filters_sort_and_page(client, place, admin):
    for n, name in enumerate(["Bệnh viện Đà Nẵng", "Bệnh viện Hoà Vang", "Trạm y tế Hải Châu"]):
        body = hospital(place, code=f"BV-{n}", name=name)
        if name.startswith("Trạm"):
            body |= {"kind": "commune_health_station", "attributes": {"beds": 5}}
        assert client.post("/api/v1/facilities", headers=admin, json=body).status_code == 201
    names = lambda res: [i["name"] for i in res.json()["items"]]  # noqa: E731
    assert names(client.get("/api/v1/facilities?q=da nang", headers=admin)) == ["Bệnh viện Đà Nẵng"]
    assert names(client.get("/api/v1/facilities?q=HOÀ", headers=admin)) == ["Bệnh viện Hoà Vang"]
    assert names(client.get("/api/v1/facilities?kind=commune_health_station", headers=admin)) == ["Trạm y tế Hải Châu"]
    query = f"area_code={place[0]}&owner_agency=SO_YT&sort=-name&page_size=2"
    res = client.get(f"/api/v1/facilities?{query}", headers=admin)
    assert res.json()["total"] == 3 and names(res) == ["Trạm y tế Hải Châu", "Bệnh viện Hoà Vang"]
    assert client.get("/api/v1/facilities?sort=secret", headers=admin).status_code == 422


def test_export_csv_and_xlsx(client, place, admin):
    client.post("/api/v1/facilities", headers=admin, json=hospital(place, name="=HYPERLINK(1)"))
    csv_text = client.get("/api/v1/facilities/export.csv", headers=admin).text
    assert "Số giường" in csv_text.splitlines()[0] and "'=HYPERLINK(1)" in csv_text
    res = client.get("/api/v1/facilities/export.xlsx", headers=admin)
    sheet = load_workbook(io.BytesIO(res.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Mã" and rows[1][0] == "BV-1"


def test_who_may_write_and_read(client, place, admin, make_user, api_key):
    _, leader = make_user("leader")
    _, citizen = make_user("citizen")
    assert client.post("/api/v1/facilities", headers=leader, json=hospital(place)).status_code == 403
    assert client.get("/api/v1/facilities", headers=leader).status_code == 200
    assert client.get("/api/v1/facilities", headers=citizen).status_code == 403
    assert client.get("/api/v1/facilities").status_code == 401
    key = {"X-API-Key": api_key}
    assert client.post("/api/v1/facilities", headers=key, json=hospital(place)).status_code == 201
