"""A rule's validation errors read in the asker's language: Vietnamese with Accept-Language: vi, English without."""

from __future__ import annotations

from tests.alerts.support import RULE

VI = {"Accept-Language": "vi"}


def test_a_bad_duration_and_an_unknown_area_are_refused_in_vietnamese(client, make_user, province):
    _, operator = make_user("operator")
    res = client.post("/api/v1/alert-rules", json=RULE | {"for": "2 giờ"}, headers=operator | VI)
    assert res.status_code == 422, res.text
    error = res.json()["errors"][0]
    assert error["field"] == "for" and "không phải khoảng thời gian như 30s, 10m hoặc 1h" in error["message"]
    assert "không phải khoảng thời gian" in res.json()["detail"]
    english = client.post("/api/v1/alert-rules", json=RULE | {"for": "2 giờ"}, headers=operator).json()
    assert "is not a duration such as 30s, 10m or 1h" in english["errors"][0]["message"]
    condition = {"category": "naturalDisaster", "area": "99999", "value": 3, "window": "1h"}
    rule = RULE | {"kind": "event_count", "key": "ngap", "condition": condition}
    res = client.post("/api/v1/alert-rules", json=rule, headers=operator | VI)
    assert res.status_code == 422, res.text
    assert res.json()["errors"][0] == {"field": "condition.area", "message": "không có địa bàn: 99999"}
