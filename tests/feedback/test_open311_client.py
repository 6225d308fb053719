"""An outside Open311 client (the PyPI `georeport` library) against a live server, JSON and XML, no special cases."""

from __future__ import annotations

import requests
from georeport import GeoReport

from tests.feedback.conftest import HAI_CHAU


def test_georeport_client_reads_services_definitions_and_requests(live_server, feedback, api_key):
    root = f"{live_server.url}/open311/v2"
    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key,
            "service_code": "NGAP_UNG",
            "lat": HAI_CHAU[0],
            "long": HAI_CHAU[1],
            "attribute[muc_nuoc]": "tren_50",
            "description": "Ngập sâu",
            "email": "khach@example.vn",
        },
        timeout=10,
    )
    assert posted.status_code == 200, posted.text
    rid = posted.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        client = GeoReport(root, jurisdiction="48", output_format=fmt)
        services = client.get_service_list()
        assert "NGAP_UNG" in {s["service_code"] for s in services}
        definition = client.get_service_definition("NGAP_UNG")
        attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
        first = attributes[0] if isinstance(attributes, list) else attributes
        assert first["code"] == "muc_nuoc"
        found = client.get_service_requests(service_code="NGAP_UNG", status="open")
        found = found if isinstance(found, list) else [found]
        assert [r["service_request_id"] for r in found] == [rid]
        one = client.get_service_request(rid)
        assert one["service_request_id"] == rid and one["status"] == "open"
        assert "khach@example.vn" not in str(one)
