"""The staff timeline names the reporter as such, never "anonymous:anonymous"."""

from __future__ import annotations

from tests.feedback.conftest import HAI_CHAU, cookie_login


def test_an_anonymous_reporter_is_the_reporter_in_the_timeline(client, make_user, feedback):
    body = {"category_code": "O_GA", "description": "Ổ gà", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    report_id = client.post("/api/v1/feedback/reports", json=body).json()["id"]
    name, _ = make_user("operator")
    cookie_login(client, name)
    page = client.get(f"/feedback/{report_id}").text
    timeline = page[page.index('class="fb-timeline') :] if 'class="fb-timeline' in page else page
    assert "anonymous:anonymous" not in page and "· Người phản ánh ·" in timeline


def _act(client, headers, rid, **body):
    res = client.post(f"/api/v1/feedback/reports/{rid}/actions", json=body, headers=headers)
    assert res.status_code == 200, res.text


def test_a_signed_in_citizen_is_the_reporter_to_agencies_and_sees_their_rating_comment(client, make_user, feedback):
    citizen, citizen_headers = make_user("citizen")
    body = {"category_code": "O_GA", "description": "Ổ gà", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    created = client.post("/api/v1/feedback/reports", json=body, headers=citizen_headers).json()
    rid, code = created["id"], created["tracking_code"]
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    _act(client, operator, rid, action="verify")
    _act(client, operator, rid, action="assign", agency_code="SO_XD")
    _act(client, officer, rid, action="start")
    _act(client, officer, rid, action="resolve", reply="Đã vá xong.")
    timeline = client.get(f"/api/v1/feedback/reports/{rid}", headers=officer).json()["timeline"]
    assert timeline[0]["actor"] == "reporter"
    assert citizen not in str(timeline) and "anonymous" not in str(timeline)
    rated = client.post(
        f"/api/v1/feedback/track/{code}/actions",
        json={
            "action": "rate",
            "rating": 4,
            "comment": "Vá nhanh, cảm ơn",
            "reporter_secret": created["reporter_secret"],
        },
    )
    assert rated.status_code == 200, rated.text
    assert client.get(f"/api/v1/feedback/track/{code}").json()["rating_comment"] == "Vá nhanh, cảm ơn"
    page = client.get(f"/phan-anh/theo-doi/{code}").text
    assert "Vá nhanh, cảm ơn" in page
