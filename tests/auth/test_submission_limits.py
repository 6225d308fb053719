"""Rate limits on citizens' submissions: the native report API and Open311 POST, per client address."""

from __future__ import annotations

import pytest

REPORTS = "/api/v1/feedback/reports"


def _report(client, place, **kw):
    body = {
        "category_code": "LIMIT_TEST",
        "description": "Rác đổ trộm đầu hẻm",
        "lat": place["lat"],
        "lon": place["lon"],
    }
    return client.post(REPORTS, json=body, **kw)


def _stored(client, place) -> int:
    return client.get(REPORTS, headers=place["admin"]).json()["total"]


def test_anonymous_reports_are_limited_per_address(app_with, place, limit_store):
    phone = app_with(address="198.51.100.30", report_limit_address="2/hour", **limit_store)
    assert [_report(phone, place).status_code for _ in range(2)] == [201, 201]
    refused = _report(phone, place)
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert _stored(phone, place) == 2  # the refused report left nothing behind
    neighbour = app_with(address="198.51.100.31", report_limit_address="2/hour", **limit_store)
    assert _report(neighbour, place).status_code == 201


def test_signed_in_citizens_are_limited_and_staff_are_not(app_with, make_user, place):
    desk = app_with(report_limit_address="1/hour")
    _, operator = make_user("operator")  # the call centre files reports for callers, all from one address
    assert [_report(desk, place, headers=operator).status_code for _ in range(3)] == [201, 201, 201]
    _, citizen = make_user("citizen")
    assert _report(desk, place, headers=citizen).status_code == 201
    assert _report(desk, place, headers=citizen).status_code == 429


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_requests_are_limited_and_answered_in_open311_errors(app_with, api_key, place, fmt, limit_store):
    app = app_with(address="198.51.100.40", report_limit_address="1/hour", **limit_store)
    form = {
        "api_key": api_key,
        "service_code": "LIMIT_TEST",
        "lat": str(place["lat"]),
        "long": str(place["lon"]),
        "description": "Đèn đường hỏng",
    }
    assert app.post(f"/open311/v2/requests.{fmt}", data=form).status_code == 200
    refused = app.post(f"/open311/v2/requests.{fmt}", data=form)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    if fmt == "json":
        assert refused.json()[0]["code"] == 429 and "try again" in refused.json()[0]["description"]
    else:
        assert refused.text.startswith("<?xml") and "<errors><error><code>429</code>" in refused.text
    assert _stored(app, place) == 1
