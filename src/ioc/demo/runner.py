"""`ioc demo`: prepare the synthetic province, then let each domain seed and simulate."""

from __future__ import annotations

import click

from ioc.areas import service as areas_service
from ioc.cli_context import CliContext
from ioc.db import schema
from ioc.db.uow import unit_of_work
from ioc.demo import core
from ioc.demo.context import DemoContext


def prepare_demo(ctx: CliContext) -> DemoContext:
    """Migrate, seed the core data and every domain's demo data; print the accounts."""
    if ctx.settings.production:
        raise click.ClickException("the demo refuses to run with IOC_PRODUCTION set")
    schema.upgrade(ctx.engine)
    province = ctx.settings.jurisdiction
    ctx.settings.jurisdiction_name = ctx.settings.jurisdiction_name or areas_service.province_name(province)
    demo = DemoContext(settings=ctx.settings, session_factory=ctx.session_factory, province=province)
    with unit_of_work(ctx.session_factory) as session:
        core.seed_areas(session, province)
        core.seed_agencies(session, province)
        accounts = core.seed_users(session)
    for name, seed in ctx.runtime.registry.seeds:
        click.echo(f"seeding {name} …")
        seed(demo)
    click.echo(f"Demo province: {ctx.settings.jurisdiction_name} ({province}); database {ctx.engine.url}")
    click.echo("Demo accounts (username / password):")
    for username, role, password in accounts:
        click.echo(f"  {username:<10} {password:<20} {role}")
    for note in demo.notes:
        click.echo(note)
    return demo
