"""Open311 GeoReport v2 exactly as outside clients speak it: form-encoded POSTs, JSON and XML answers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from tests.feedback.conftest import HAI_CHAU, file_report

REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


def _post(client, fmt="json", **fields):
    return client.post(f"/open311/v2/requests.{fmt}", data=fields)


def test_discovery_in_both_formats(client, feedback):
    doc = client.get("/open311/v2/discovery.json").json()
    assert doc["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(doc["endpoints"][0]["formats"]) == {"application/json", "text/xml"}
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/specification") is not None


def test_services_and_definition_json_and_xml(client, feedback):
    services = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"O_GA", "NGAP_UNG", "ANTT"} <= codes
    pothole = next(s for s in services if s["service_code"] == "O_GA")
    assert pothole["metadata"] is True and pothole["type"] == "realtime" and pothole["group"] == "Hạ tầng giao thông"
    assert isinstance(pothole["service_code"], str)
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and len(xml.findall("service")) == len(services)
    definition = client.get("/open311/v2/services/NGAP_UNG.json").json()
    attr = definition["attributes"][0]
    assert attr["code"] == "muc_nuoc" and attr["required"] is True and attr["datatype"] == "singlevaluelist"
    assert {"key", "name"} == set(attr["values"][0])
    xdef = ET.fromstring(client.get("/open311/v2/services/NGAP_UNG.xml").content)
    assert xdef.tag == "service_definition"
    assert xdef.find("attributes/attribute/values/value/key").text == "duoi_20"


def test_post_form_encoded_then_read_back_by_id_and_token(client, feedback, api_key):
    res = client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": "NGAP_UNG",
            "lat": str(HAI_CHAU[0]),
            "long": str(HAI_CHAU[1]),
            "description": "Nước ngập sâu trước chợ",
            "attribute[muc_nuoc]": "20_50",
            "email": "a@example.vn",
            "first_name": "An",
            "last_name": "Trần",
            "phone": "",
            "address_id": "",
        },
    )
    assert res.status_code == 200, res.text
    body = res.json()
    assert isinstance(body, list) and set(body[0]) >= {"service_request_id", "service_notice", "account_id"}
    rid = body[0]["service_request_id"]
    assert isinstance(rid, str)
    one = client.get(f"/open311/v2/requests/{rid}.json").json()
    assert isinstance(one, list) and len(one) == 1
    item = one[0]
    assert set(item) == REQUEST_FIELDS
    assert item["status"] == "open" and item["service_code"] == "NGAP_UNG"
    assert item["agency_responsible"] == "Sở Xây dựng"
    assert datetime.fromisoformat(item["expected_datetime"]).utcoffset() == timedelta(hours=7)
    assert datetime.fromisoformat(item["expected_datetime"]) > datetime.fromisoformat(item["requested_datetime"])
    xml = ET.fromstring(client.get(f"/open311/v2/requests/{rid}.xml").content)
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text == rid


def test_multivaluelist_attribute_with_brackets(client, feedback, api_key, db):
    from ioc.feedback import repository

    res = client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": "RAC_THAI",
            "lat": HAI_CHAU[0],
            "long": HAI_CHAU[1],
            "attribute[loai_rac][]": ["sinh_hoat", "cong_kenh"],
        },
    )
    assert res.status_code == 200, res.text
    report = repository.report(db, int(res.json()[0]["service_request_id"]))
    assert report.attributes == {"loai_rac": ["sinh_hoat", "cong_kenh"]}


def test_bad_input_gets_open311_errors_and_nothing_is_written(client, feedback, api_key, db):
    from sqlalchemy import func, select

    from ioc.feedback.models import Report

    base = {"api_key": api_key, "service_code": "O_GA", "lat": HAI_CHAU[0], "long": HAI_CHAU[1]}
    cases = [
        ({k: v for k, v in base.items() if k != "api_key"}, 403, "api_key"),
        (base | {"api_key": "ioc_wrong"}, 403, "api_key"),
        ({k: v for k, v in base.items() if k not in ("lat", "long")}, 400, "lat"),
        (base | {"service_code": "KHONG_CO"}, 404, "service_code"),
        (base | {"description": "x" * 4001}, 400, "description"),
        (base | {"lat": "abc"}, 400, "lat"),
        (base | {"attribute[kich_thuoc]": "khong_co"}, 400, "attribute[kich_thuoc]"),
        ({k: v for k, v in base.items() if k != "service_code"}, 400, "service_code"),
        (base | {"email": "not-an-email"}, 400, "email"),
        (base | {"jurisdiction_id": "99"}, 404, "jurisdiction_id"),
    ]
    for fields, status, name in cases:
        res = client.post("/open311/v2/requests.json", data=fields)
        assert res.status_code == status, (fields, res.text)
        body = res.json()
        assert isinstance(body, list) and body[0]["code"] == status and name in body[0]["description"], body
        xres = client.post("/open311/v2/requests.xml", data=fields)
        root = ET.fromstring(xres.content)
        assert xres.status_code == status and root.tag == "errors"
        assert name in root.find("error/description").text
    required = client.post("/open311/v2/requests.json", data=base | {"service_code": "NGAP_UNG"})
    assert required.status_code == 400 and "attribute[muc_nuoc]" in required.json()[0]["description"]
    assert db.scalar(select(func.count()).select_from(Report)) == 0


def test_get_requests_filters_window_and_paging(client, feedback, db):
    now = datetime.now(UTC)
    old = file_report(db, feedback, at=now - timedelta(days=120))
    pothole = file_report(db, feedback, at=now - timedelta(days=2))
    light = file_report(db, feedback, category="DEN_DUONG", at=now - timedelta(days=1))
    secret = file_report(db, feedback, category="ANTT", at=now - timedelta(hours=3))
    ids = lambda res: [r["service_request_id"] for r in res.json()]  # noqa: E731
    assert ids(client.get("/open311/v2/requests.json")) == [str(light.id), str(pothole.id)]
    assert ids(client.get("/open311/v2/requests.json?service_code=O_GA,DEN_DUONG&status=open")) == [
        str(light.id),
        str(pothole.id),
    ]
    assert ids(client.get("/open311/v2/requests.json?service_code=DEN_DUONG")) == [str(light.id)]
    assert ids(client.get("/open311/v2/requests.json?status=closed")) == []
    assert ids(client.get("/open311/v2/requests.json?service_code=&status=&start_date=")) == [
        str(light.id),
        str(pothole.id),
    ]
    start = (now - timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert str(old.id) in ids(client.get(f"/open311/v2/requests.json?start_date={start}"))
    assert ids(
        client.get(f"/open311/v2/requests.json?service_request_id={old.id},{light.id},{secret.id}&service_code=NOPE")
    ) == [str(light.id), str(old.id)]
    assert ids(client.get("/open311/v2/requests.json?page_size=1&page=2")) == [str(pothole.id)]
    assert client.get(f"/open311/v2/requests/{secret.id}.json").status_code == 404
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and "start_date" in bad.json()[0]["description"]
    assert client.get("/open311/v2/requests.json?page_size=1001").status_code == 400
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400
    assert client.get("/open311/v2/requests/999999.xml").status_code == 404
    assert client.get("/open311/v2/requests.json?jurisdiction_id=48").status_code == 200
    assert client.get("/open311/v2/requests.json?jurisdiction_id=01").status_code == 404


def test_extensions_and_fixmystreet_updates(client, feedback, db, make_user):
    _, staff = make_user("operator")
    report = file_report(db, feedback)
    client.post(f"/api/v1/feedback/reports/{report.id}/actions", json={"action": "verify"}, headers=staff)
    ext = client.get(f"/open311/v2/requests/{report.id}.json?extensions=true").json()[0]
    assert ext["extended_attributes"]["detailed_status"] == "verified"
    assert [n["detailed_status"] for n in ext["notes"]] == ["received", "verified"]
    plain = client.get(f"/open311/v2/requests/{report.id}.json").json()[0]
    assert "notes" not in plain
    updates = client.get("/open311/v2/servicerequestupdates.json").json()
    assert [u["status"] for u in updates if u["service_request_id"] == str(report.id)] == ["OPEN", "INVESTIGATING"]
    root = ET.fromstring(client.get("/open311/v2/servicerequestupdates.xml").content)
    assert root.tag == "service_request_updates" and root.find("request_update/update_id") is not None


def test_token_lookup(client, feedback, db):
    report = file_report(db, feedback)
    assert client.get(f"/open311/v2/tokens/{report.token}.json").json() == [
        {"service_request_id": str(report.id), "token": report.token}
    ]
    missing = client.get("/open311/v2/tokens/nope.xml")
    assert missing.status_code == 404 and ET.fromstring(missing.content).tag == "errors"
