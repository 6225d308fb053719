"""The `ioc` command: serve, demo, worker, db, users, apikeys, areas, agencies, import."""

from __future__ import annotations

import sys

import click

from ioc import plugins
from ioc.cli_context import CliContext, pass_ctx


@click.group()
@click.pass_context
def ioc(click_ctx: click.Context) -> None:
    """IOC — Intelligent Operations Center. Settings come from IOC_* environment variables."""
    click_ctx.obj = CliContext()


@ioc.command()
@click.option("--host", default=None, help="Bind address (default IOC_HOST or 127.0.0.1)")
@click.option("--port", type=int, default=None, help="Port (default IOC_PORT or 8000)")
@click.option("--workers", type=int, default=1, show_default=True, help="HTTP worker processes")
@click.option("--migrate", is_flag=True, help="Apply pending migrations before starting")
@pass_ctx
def serve(ctx: CliContext, host: str | None, port: int | None, workers: int, migrate: bool) -> None:
    """Run the API, the pages and (with one worker) the background jobs."""
    ctx.prepare_schema(migrate)
    ctx.run_server(host or ctx.settings.host, port or ctx.settings.port, workers)


@ioc.command()
@pass_ctx
def worker(ctx: CliContext) -> None:
    """Run the background jobs (outbox delivery, ingestion, escalation) without HTTP."""
    ctx.prepare_schema(False)
    ctx.run_worker()


@ioc.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Seed the demo data and exit")
@pass_ctx
def demo(ctx: CliContext, host: str, port: int, no_serve: bool) -> None:
    """Create (or reuse) a live synthetic province and serve it."""
    from ioc.demo.runner import prepare_demo
    from ioc.notify import service as notify_service

    ctx.use_demo_database()
    notify_service.use_demo_sink(ctx.settings, host, port)  # the demo's webhook receiver posts to itself
    prepare_demo(ctx)
    if not no_serve:
        click.echo(f"IOC demo: http://{host}:{port}")
        ctx.run_server(host, port, 1, demo=True)


@ioc.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
@pass_ctx
def db_upgrade(ctx: CliContext, revision: str) -> None:
    """Apply migrations."""
    from ioc.db import schema

    schema.upgrade(ctx.engine, revision)
    click.echo(f"database at {', '.join(sorted(schema.current_heads(ctx.engine)))}")


@db.command("current")
@pass_ctx
def db_current(ctx: CliContext) -> None:
    """Show the database's revision and whether it is up to date."""
    from ioc.db import schema

    heads = sorted(schema.current_heads(ctx.engine))
    state = "up to date" if not schema.pending(ctx.engine) else "OUT OF DATE: run `ioc db upgrade`"
    click.echo(f"{', '.join(heads) or '(empty)'} — {state}")


def build_cli() -> click.Group:
    """The `ioc` group with the core admin commands and every domain's declared commands."""
    from ioc.cli_admin import admin_commands, import_group

    registry = plugins.default_registry()
    for command in admin_commands + registry.commands:
        ioc.add_command(command)
    for command in registry.import_commands:
        import_group.add_command(command)
    ioc.add_command(import_group)
    return ioc


def main() -> None:
    """Entry point of the `ioc` console script."""
    build_cli()()


if __name__ == "__main__":
    sys.exit(main())
