"""Demo data: everything to the in-app feed, an example silence and a province-wide inhibition rule."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.notify import repository, service
from ioc.notify.schemas import InhibitionIn, ReceiverIn, Route, SilenceIn

DEMO_ACTOR = Principal(kind="system", name="demo:notify", role="admin")
FEED = "bang-tin-truc-ban"


def seed(ctx: DemoContext) -> None:
    """Idempotent: seeds only a deployment with no receiver yet."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.receivers(session):
            return
        service.save_receiver(session, DEMO_ACTOR, ReceiverIn(name=FEED, kind="in_app"))
        # No demo webhook sink ships with IOC: critical alerts go to the feed sooner, not to a webhook.
        critical = {"label": "severity", "op": "=", "value": "critical"}
        tree = {
            "receiver": FEED,
            "group_by": ["alertname", "area"],
            "routes": [{"receiver": FEED, "matchers": [critical], "group_wait": "10s", "repeat_interval": "1h"}],
        }
        service.save_routes(session, DEMO_ACTOR, Route.model_validate(tree))
        service.create_inhibition(
            session,
            DEMO_ACTOR,
            InhibitionIn.model_validate(
                {
                    "source_match": [{"label": "area", "op": "=", "value": ctx.province}, critical],
                    "target_match": [{"label": "area", "op": "!=", "value": ctx.province}],
                    "equal": ["alertname"],
                }
            ),
        )
        silence = {
            "matchers": [{"label": "alertname", "op": "=~", "value": "NoData.*"}],
            "endsAt": ctx.now + timedelta(hours=6),
            "comment": "Bảo trì trạm quan trắc theo kế hoạch",
        }
        service.create_silence(session, DEMO_ACTOR, SilenceIn.model_validate(silence), now=ctx.now)
