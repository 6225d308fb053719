"""Only state changes are written: a series that stays quiet is not rewritten, and an alert shows its own episode."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import evaluator, service
from ioc.alerts.models import AlertSeries
from ioc.kit.timeutil import utcnow
from tests.alerts.support import pm25


def _series(db) -> AlertSeries:
    db.expire_all()
    return db.query(AlertSeries).one()


def test_a_quiet_series_is_stored_once_and_the_next_alert_shows_only_its_own_points(db, rule, heard):
    pm25(db, "AQ-1", 5.0, ago=40)  # clean air: the series is stored, inactive, remembering nothing
    db.commit()
    first = _series(db)
    assert first.state == "inactive" and first.context["points"] == []
    kept = first.last_value
    pm25(db, "AQ-1", 8.0, ago=37)  # still clean: nothing a restart or an alert needs, no write
    db.commit()
    assert _series(db).last_value == kept

    t0 = utcnow()
    pm25(db, "AQ-1", 120.0, ago=12)  # bad air in one batch: pending, then firing after `for`
    db.commit()
    assert _series(db).state == "pending"
    evaluator.forget()  # a restart in between: the index is rebuilt, the state read back
    assert service.advance(db, now=t0 + timedelta(minutes=11)) == 1
    assert service.advance(db, now=t0 + timedelta(minutes=12)) == 0  # fired once
    db.commit()
    [[alert]] = heard
    values = [p[1] for p in service.get_alert(db, alert["id"])["points"]]
    assert values and all(v > 150 for v in values)  # none of the clean hours before the episode
