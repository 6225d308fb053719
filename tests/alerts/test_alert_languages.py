"""An alert read in English names its station, ward and severity in English everywhere it shows (the list,
the alert page, the leader's phone); in Vietnamese no raw severity code shows."""

from __future__ import annotations

import re
from datetime import timedelta

from ioc.alerts import service
from ioc.auth.principal import SYSTEM
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from ioc.sensors.schemas import StationIn
from tests.alerts.support import pm25
from tests.feedback.conftest import cookie_login

RAW_SEVERITY = re.compile(r">\s*(critical|high|warning|info)\s*<")


def _fire(db, heard, ward) -> dict:
    sensors.upsert_station(db, SYSTEM, StationIn(
        code="AQ-1", name="Trạm không khí Công viên trung tâm", kind="air", lat=ward.centroid_lat,
        lon=ward.centroid_lon, quantities=["pm25", "pm10"], interval_seconds=3600,
        attributes={"name_en": "Central park air station"},
    ))  # fmt: skip
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=utcnow() + timedelta(minutes=11))
    db.commit()
    return heard[0][0]


def test_an_alert_in_english_names_its_station_ward_and_severity_in_english(client, db, rule, heard, ward, make_user):
    alert = _fire(db, heard, ward)
    assert "Central park air station" in alert["annotations"]["summary_en"]
    assert "Trạm không khí Công viên trung tâm" in alert["annotations"]["summary"]
    name, _ = make_user("leader")
    cookie_login(client, name)
    english = {path: client.get(path + "?lang=en").text for path in ("/alerts", f"/alerts/{alert['id']}", "/lanh-dao/")}
    for path, html in english.items():
        assert "Central park air station" in html, path
        assert not RAW_SEVERITY.search(html), (path, RAW_SEVERITY.search(html))
        assert ">Critical<" in html, path
    assert ward.name not in english["/lanh-dao/"] and ward.name not in english["/alerts"]  # "Phường …" → "… Ward"
    for path in ("/alerts", "/lanh-dao/"):
        html = client.get(path + "?lang=vi").text
        assert not RAW_SEVERITY.search(html) and ">Rất khẩn cấp<" in html, path
