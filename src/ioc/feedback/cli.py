"""`ioc import categories FILE`, `ioc import feedback-rules FILE`, `ioc feedback escalate`."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from ioc.auth.principal import SYSTEM
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work
from ioc.kit.errors import Problem


@click.command("categories")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def import_categories(ctx: CliContext, path: Path) -> None:
    """Import feedback categories (Open311 services) from a JSON or CSV file; all or nothing."""
    from ioc.feedback import categories

    try:
        with unit_of_work(ctx.session_factory) as session:
            codes = categories.import_categories(session, SYSTEM, path)
    except Problem as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"imported {len(codes)} categories: {', '.join(codes)}")


@click.command("feedback-rules")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def import_rules(ctx: CliContext, path: Path) -> None:
    """Import routing rules from a CSV file with columns category_code, area_code ('*' = all), agency_code."""
    from ioc.feedback import categories
    from ioc.feedback.schemas import RuleIn

    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    try:
        with unit_of_work(ctx.session_factory) as session:
            for number, row in enumerate(rows, start=2):
                try:
                    rule = RuleIn(**{k.strip(): (v or "").strip() for k, v in row.items()})
                    categories.put_rule(session, SYSTEM, rule)
                except Problem as exc:
                    raise click.ClickException(f"line {number}: {exc.detail}") from exc
    except (TypeError, ValueError) as exc:
        raise click.ClickException(f"bad rules file: {exc}") from exc
    click.echo(f"imported {len(rows)} routing rules")


@click.group()
def feedback() -> None:
    """Citizen feedback (phản ánh hiện trường)."""


@feedback.command("escalate")
@pass_ctx
def escalate(ctx: CliContext) -> None:
    """Escalate overdue reports and close expired resolved ones now (the worker does this every minute)."""
    from ioc.feedback.tasks import run_once

    escalated, closed = run_once(ctx.session_factory)
    click.echo(f"escalated {escalated}, closed {closed}")


commands = [feedback]
import_commands = [import_categories, import_rules]
