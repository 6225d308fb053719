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
