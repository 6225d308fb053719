"""What the feedback domain plugs in: reports, Open311, pages, deadlines, notifiers, demo."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the feedback tables, APIs, pages, error format, notifiers, loops, CLI and demo."""
    from ioc.feedback import cli, demo, pages, router, service, tasks
    from ioc.feedback.notifiers import email, webhook
    from ioc.feedback.open311 import errors as open311_errors
    from ioc.feedback.settings import FeedbackSettings

    registry.models.append("ioc.feedback.models")
    registry.routers.extend(router.routers)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.add_error_format(open311_errors.PREFIX, open311_errors.open311_error)
    registry.add_outbox_handler(email.TOPIC, email.deliver)
    registry.add_outbox_handler(webhook.TOPIC, webhook.deliver)
    registry.tasks.append(tasks.background)
    registry.commands.extend(cli.commands)
    registry.import_commands.extend(cli.import_commands)
    registry.seeds.append(("feedback", demo.seed))
    registry.simulators.append(demo.simulators)
    registry.settings.append(FeedbackSettings)
    registry.add_reference("report", service.reference)
