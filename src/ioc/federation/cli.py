"""`ioc federation keygen | link | push | member | member-key | status | reseal`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import click
from sqlalchemy.orm import Session

from ioc.auth.principal import SYSTEM
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work
from ioc.kit.errors import Problem


@click.group("federation")
def federation() -> None:
    """The link between province deployments and the national one."""


@federation.command("keygen")
@pass_ctx
def keygen(ctx: CliContext) -> None:
    """Make this deployment's signing key; prints its id and public key for the other side."""
    from ioc.federation import link

    with unit_of_work(ctx.session_factory) as session:
        row = link.keygen(session, SYSTEM, ctx.settings.jurisdiction)
        click.echo(json.dumps({"key_id": row.key_id, "public_key": row.public_key}))


@federation.command("link")
@click.argument("url")
@click.option("--national-key", "national_keys", multiple=True, help="KEY_ID=PUBLIC_KEY of the national deployment")
@pass_ctx
def set_link(ctx: CliContext, url: str, national_keys: tuple[str, ...]) -> None:
    """Point this province's upward link at the national deployment's URL."""
    from ioc.federation import link

    keys = dict(k.split("=", 1) for k in national_keys) if national_keys else None
    click.echo(_run(ctx, lambda s: f"linked to {link.configure(s, SYSTEM, url, keys).url}"))


@federation.command("push")
@pass_ctx
def push(ctx: CliContext) -> None:
    """Queue a round of snapshots now (the worker delivers them)."""
    from ioc.federation import link
    from ioc.federation.settings import FederationSettings

    settings = ctx.settings
    fed = settings.section(FederationSettings)
    click.echo(_run(ctx, lambda s: f"queued {len(link.round_now(s, settings.jurisdiction, fed))} snapshot(s)"))


@federation.command("member")
@click.argument("code")
@click.argument("name")
@click.option("--url", default="", help="the province deployment's base URL (for downward messages)")
@pass_ctx
def member(ctx: CliContext, code: str, name: str, url: str) -> None:
    """Register a province deployment with this national one."""
    from ioc.federation import service

    click.echo(_run(ctx, lambda s: f"member {service.add_member(s, SYSTEM, code, name, url).code} saved"))


@federation.command("member-key")
@click.argument("code")
@click.argument("public_key")
@click.option("--valid-until", type=click.DateTime(), default=None, help="end of validity (UTC)")
@pass_ctx
def member_key(ctx: CliContext, code: str, public_key: str, valid_until: datetime | None) -> None:
    """Add a member's public key (older keys stay valid until their own end)."""
    from datetime import UTC

    from ioc.federation import service

    until = valid_until.replace(tzinfo=UTC) if valid_until else None
    click.echo(
        _run(ctx, lambda s: f"key {service.add_key(s, SYSTEM, code, public_key, None, until).key_id} added to {code}")
    )


@federation.command("status")
@pass_ctx
def status(ctx: CliContext) -> None:
    """The upward link's state as JSON."""
    from ioc.federation import link

    with unit_of_work(ctx.session_factory) as session:
        click.echo(json.dumps(link.state(session), default=str, ensure_ascii=False, indent=2))


@federation.command("reseal")
@click.option(
    "--old-secret",
    envvar="IOC_FEDERATION_OLD_KEY_SECRET",
    default=None,
    help="the secret the keys are sealed under now (default: keys stored in clear, or already under the current one)",
)
@pass_ctx
def reseal(ctx: CliContext, old_secret: str | None) -> None:
    """Seal this deployment's private signing keys under the current IOC_FEDERATION_KEY_SECRET (or IOC_SECRET_KEY)."""
    from ioc.federation import link

    click.echo(_run(ctx, lambda s: f"resealed {link.reseal(s, SYSTEM, old_secret)} signing key(s)"))


def _run(ctx: CliContext, work: Callable[[Session], str]) -> str:
    try:
        with unit_of_work(ctx.session_factory) as session:
            return work(session)
    except Problem as exc:
        raise click.ClickException(exc.detail) from exc


commands = [federation]
