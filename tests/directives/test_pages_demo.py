"""The demo seeds realistic directives once; the pages show them to a leader and to an officer."""

from __future__ import annotations

from ioc.demo.context import DemoContext
from ioc.directives import demo, queries
from ioc.kit.timeutil import utcnow


def test_demo_directives_cover_every_status_and_pages_render(app, settings, db, province, people, client):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)  # idempotent
    rows = queries.stats(db, "leader", ctx.now.replace(year=ctx.now.year - 1), utcnow(), utcnow())
    assert len(rows) == 1 and rows[0]["received"] == 12
    assert rows[0]["done_late"] == 1 and rows[0]["done_on_time"] == 3 and rows[0]["overdue"] == 4
    leader = people["leader"][1]
    _sign_in(client, people["leader"][0])
    page = client.get("/directives")
    assert page.status_code == 200 and "Việc chờ tôi" in page.text and "Khắc phục chỉ tiêu" in page.text
    first = client.get("/api/v1/directives?sort=id", headers=leader).json()["items"][0]
    assert first["source_kind"] == "indicator" and first["status"] == "done_on_time"
    detail = client.get(f"/directives/{first['id']}")
    assert detail.status_code == 200 and "Nghiệm thu" in detail.text and "Quá trình thực hiện" in detail.text
    new = client.get(f"/directives/new?source_kind=indicator&source_id={first['source_id']}")
    assert new.status_code == 200 and first["source_id"] in new.text
    stats = client.get("/directives/stats")
    assert stats.status_code == 200 and "Sở Xây dựng" in stats.text
    client.cookies.clear()
    _sign_in(client, people["xd"][0])
    officer = client.get("/directives")
    assert officer.status_code == 200 and "Mọi đơn vị" not in officer.text


def _sign_in(client, name: str) -> None:
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": name, "password": "password-123", "csrf_token": token})
