"""Picture fixtures: figures in every domain the province picture shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from ioc.directives.models import Assignment, Directive
from ioc.kit.timeutil import utcnow
from tests.web.conftest import HAI_CHAU, _environment, _feedback, _govperf, _kpi

WARD = "20242"  # the synthetic Phường Hải Châu, where the reports and the incident are


@pytest.fixture
def picture_data(db, client, province, make_user):
    """KPI, air stations, three reports, dossiers, two open incidents (one high, in Hải Châu) and two directives
    (one due in three days, one overdue)."""
    _, admin = make_user("admin")
    _kpi(db)
    _environment(db)
    _feedback(db, client, admin)
    _govperf(client, admin)
    high = {"kind": "traffic_accident", "priority": "high", "title": "Va chạm trên đường Bạch Đằng"}
    for body in (high | {"lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}, {"kind": "flood", "priority": "low"}):
        res = client.post("/api/v1/incidents", headers=admin, json=body)
        assert res.status_code == 201, res.text
    now = utcnow()
    ids = []
    for title in ("Khắc phục ngập", "Báo cáo thu ngân sách"):
        body = {"title": title, "lead_agency": "SO_XD", "deadline": (now + timedelta(days=3)).isoformat()}
        res = client.post("/api/v1/directives", headers=admin, json=body)
        assert res.status_code == 201, res.text
        ids.append(res.json()["id"])
    late = now - timedelta(days=2)  # the second one fell due two days ago (a deadline cannot be given in the past)
    db.execute(update(Directive).where(Directive.id == ids[1]).values(deadline=late))
    db.execute(update(Assignment).where(Assignment.directive_id == ids[1]).values(deadline=late))
    db.commit()
    return admin
