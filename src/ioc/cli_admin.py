"""Administration commands: users, API keys, agencies, areas."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ioc.auth.principal import SYSTEM
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work
from ioc.kit.errors import Problem


def _fail_on_problem(fn):
    """Turn domain problems into a clean CLI error (exit code 1)."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Problem as exc:
            raise click.ClickException(exc.detail) from exc

    wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
    return wrapper


@click.group()
def users() -> None:
    """User accounts."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "leader", "operator", "agency_officer", "citizen"]))
@click.option("--agency", default=None, help="Agency code (required for agency_officer)")
@click.option("--full-name", default="")
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
@pass_ctx
@_fail_on_problem
def users_add(
    ctx: CliContext,
    username: str,
    role: str,
    agency: str | None,
    full_name: str,
    email: str | None,
    password_stdin: bool,
) -> None:
    """Create a user without prompting (with --password-stdin)."""
    from ioc.auth import service

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with unit_of_work(ctx.session_factory) as session:
        user = service.create_user(
            session,
            SYSTEM,
            username=username,
            password=password,
            role=role,
            agency_code=agency,
            full_name=full_name,
            email=email,
        )
        click.echo(f"created user {user.username} ({user.role})")


@click.group()
def apikeys() -> None:
    """API keys for machines and Open311 clients."""


@apikeys.command("add")
@click.argument("name")
@click.option("--role", default="integrator", type=click.Choice(["integrator", "operator", "admin"]), show_default=True)
@click.option("--agency", default=None)
@pass_ctx
@_fail_on_problem
def apikeys_add(ctx: CliContext, name: str, role: str, agency: str | None) -> None:
    """Create a key; the key itself is the last line of the output (shown once)."""
    from ioc.auth import service

    with unit_of_work(ctx.session_factory) as session:
        _, plain = service.create_api_key(session, SYSTEM, name, role, agency)
    click.echo(f"created API key {name!r} ({role}); store it now, it is not shown again:")
    click.echo(plain)


@apikeys.command("list")
@pass_ctx
def apikeys_list(ctx: CliContext) -> None:
    """List keys (never their secrets)."""
    from ioc.auth import service

    with ctx.session_factory() as session:
        for key in service.list_api_keys(session):
            state = "revoked" if key.revoked_at else "active"
            click.echo(f"{key.name}\t{key.role}\t{key.prefix}…\t{state}")


@apikeys.command("revoke")
@click.argument("name")
@pass_ctx
@_fail_on_problem
def apikeys_revoke(ctx: CliContext, name: str) -> None:
    """Revoke a key by name."""
    from ioc.auth import service

    with unit_of_work(ctx.session_factory) as session:
        service.revoke_api_key(session, SYSTEM, name)
    click.echo(f"revoked {name}")


@click.group()
def agencies() -> None:
    """Agencies that act on reports and incidents."""


@agencies.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--kind", default="department", show_default=True)
@click.option("--supervisor-email", default=None)
@click.option("--area", "areas", multiple=True, help="Ward code the agency covers (repeatable)")
@pass_ctx
@_fail_on_problem
def agencies_add(
    ctx: CliContext, code: str, name: str, kind: str, supervisor_email: str | None, areas: tuple[str, ...]
) -> None:
    """Create or update an agency."""
    from ioc.auth import service

    with unit_of_work(ctx.session_factory) as session:
        service.upsert_agency(
            session, SYSTEM, code=code, name=name, kind=kind, supervisor_email=supervisor_email, area_codes=list(areas)
        )
    click.echo(f"agency {code} saved")


@click.group()
def areas() -> None:
    """Administrative units and boundaries."""


@areas.command("load")
@click.option("--province", default=None, help="Province code (default IOC_JURISDICTION)")
@pass_ctx
@_fail_on_problem
def areas_load(ctx: CliContext, province: str | None) -> None:
    """Load the province and its communes/wards (official codes, July 2025)."""
    from ioc.areas import service

    code = province or ctx.settings.jurisdiction
    try:
        with unit_of_work(ctx.session_factory) as session:
            count = service.load_jurisdiction(session, code)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"loaded {count} units for province {code}")


@areas.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--code-property", required=True, help="Feature property holding the official unit code")
@pass_ctx
def areas_import(ctx: CliContext, path: Path, code_property: str) -> None:
    """Import boundaries from a GeoJSON FeatureCollection (all or nothing)."""
    from ioc.areas import service

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path.name}: not valid JSON: {exc}") from exc
    try:
        with unit_of_work(ctx.session_factory) as session:
            codes = service.import_boundaries(session, doc, code_property)
    except service.BoundaryImportError as exc:
        for error in exc.errors:
            click.echo(f"error: {error['message']}", err=True)
        raise click.ClickException(f"{len(exc.errors)} problem(s); nothing was imported") from exc
    click.echo(f"imported {len(codes)} boundaries")


@areas.command("list")
@click.option("--level", type=click.Choice(["province", "ward"]), default=None)
@pass_ctx
def areas_list(ctx: CliContext, level: str | None) -> None:
    """List stored units."""
    from ioc.areas import service

    with ctx.session_factory() as session:
        rows, total = service.search(
            session, level=level, parent=None, q=None, sort=("code", False), offset=0, limit=100_000
        )
        for area in rows:
            mark = "boundary" if area.geometry else "-"
            click.echo(f"{area.code}\t{area.name}\t{area.division_type}\t{mark}")
        click.echo(f"{total} units")


@click.group("import")
def import_group() -> None:
    """Import data files (each domain adds its kind)."""


admin_commands = [users, apikeys, agencies, areas]
