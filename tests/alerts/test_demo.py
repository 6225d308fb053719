"""The demo seeds the AQI and PM2.5 rules once."""

from ioc.alerts import demo
from ioc.alerts.models import AlertRule
from ioc.demo.context import DemoContext


def test_demo_seeds_the_rules_once(app, db, settings, province):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)
    assert sorted(r.key for r in db.query(AlertRule)) == ["aqi-unhealthy", "pm25-high"]
