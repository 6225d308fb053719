"""The health outbreak threshold drives an alert rule: a ward's week over the threshold fires it."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import service as alerts_service
from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.kit.periods import today_vn
from ioc.sectors import surveillance
from ioc.sectors.catalogue import OUTBREAK_THRESHOLD
from ioc.sectors.periods import week_start

ADMIN = Principal(kind="system", name="test", role="admin")


def _firing(db, key: str) -> list[dict]:
    rows, _ = alerts_service.list_alerts(db, {"rule": key, "status": "firing"}, ("starts_at", True), 0, 100)
    return rows


def test_a_week_over_the_threshold_fires_the_outbreak_alert(app, db, province):
    wards = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None]
    assert alerts_service.ensure_rule(db, ADMIN, surveillance.outbreak_rule("dengue"))
    assert not alerts_service.ensure_rule(db, ADMIN, surveillance.outbreak_rule("dengue"))  # once
    quiet, hot = wards[0].code, wards[1].code
    week = week_start(today_vn()) - timedelta(weeks=1)
    surveillance.record_week(db, ADMIN, "dengue", week - timedelta(weeks=1), {quiet: 3, hot: OUTBREAK_THRESHOLD - 1})
    db.commit()
    assert _firing(db, "outbreak-dengue") == []
    surveillance.record_week(db, ADMIN, "dengue", week, {quiet: 4, hot: OUTBREAK_THRESHOLD + 5})
    db.commit()
    [alert] = _firing(db, "outbreak-dengue")
    assert surveillance.station_code(hot) in str(alert) and str(OUTBREAK_THRESHOLD + 5) in str(alert)
    assert _firing(db, "outbreak-hfmd") == []
