"""Demo data: everything to the in-app feed, an example silence and a province-wide inhibition rule."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.kit.errors import ValidationProblem
from ioc.notify import repository, service
from ioc.notify.schemas import InhibitionIn, ReceiverIn, Route, SilenceIn

DEMO_ACTOR = Principal(kind="system", name="demo:notify", role="admin")
FEED = "bang-tin-truc-ban"
SINK = "webhook-thu-demo"  # the demo's own webhook sink (ioc.notify.demo_sink)


def _sink_receiver(session, ctx: DemoContext) -> bool:
    """The webhook receiver pointing at this demo's sink, created or pointed at the demo's current address.

    False when webhooks may not reach the demo's address (seeded outside `ioc demo`): no sink then."""
    from ioc.notify.demo_sink import PATH
    from ioc.notify.settings import NotifySettings

    url = ctx.settings.section(NotifySettings).external_url.rstrip("/") + PATH
    row = repository.receiver_by_name(session, SINK)
    data = ReceiverIn(name=SINK, kind="webhook", config={"url": url})
    try:
        service.save_receiver(session, DEMO_ACTOR, data, row.id if row is not None else None)
    except ValidationProblem:
        return False
    return True


def seed(ctx: DemoContext) -> None:
    """Idempotent: seeds only a deployment with no receiver yet."""
    with unit_of_work(ctx.session_factory) as session:
        fresh = not repository.receivers(session)
        sink = _sink_receiver(session, ctx)
        if not fresh:
            return
        service.save_receiver(session, DEMO_ACTOR, ReceiverIn(name=FEED, kind="in_app"))
        # Critical alerts go to the feed sooner, and also to the demo's own webhook sink (Alertmanager v4).
        critical = {"label": "severity", "op": "=", "value": "critical"}
        soon = {"matchers": [critical], "group_wait": "10s", "repeat_interval": "1h"}
        tree = {
            "receiver": FEED,
            "group_by": ["alertname", "area"],
            "routes": [{"receiver": FEED, "continue": True, **soon}] + ([{"receiver": SINK, **soon}] if sink else []),
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
