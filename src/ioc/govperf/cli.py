"""`ioc import dossiers FILE` and `ioc import score766 FILE` (all rows or none)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from ioc.auth.principal import Principal
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work


def _run(ctx: CliContext, path: Path, kind: str, dry_run: bool) -> None:
    from ioc.areas import service as areas_service
    from ioc.auth import service as auth_service
    from ioc.govperf import service
    from ioc.govperf.checks import check_dossier, check_score
    from ioc.govperf.files import DOSSIER_COLUMNS, SCORE_COLUMNS, read_records

    actor = Principal(kind="system", name=f"cli:{getpass.getuser()}", role="admin")
    with unit_of_work(ctx.session_factory) as session:
        agencies, areas = set(auth_service.agency_labels(session)), set(areas_service.area_labels(session))
        if kind == "dossiers":
            records, errors = read_records(
                path.name, path.read_bytes(), DOSSIER_COLUMNS, lambda raw: check_dossier(raw, agencies, areas)
            )
        else:
            records, errors = read_records(
                path.name, path.read_bytes(), SCORE_COLUMNS, lambda raw: check_score(raw, agencies | areas)
            )
        for e in errors:
            click.echo(
                f"error: {e['sheet']} row {e['row']} column {e['column'] or '-'} ({e['field']}): {e['message']}",
                err=True,
            )
        if errors:
            raise click.ClickException(f"{len(errors)} problem(s) in {path.name}; nothing was imported")
        if dry_run:
            click.echo(f"dry run: {len(records)} rows are valid; nothing stored")
            return
        if kind == "dossiers":
            result = service.upsert_dossiers(session, actor, records, via=f"import:{path.name}")
            click.echo(
                f"dossiers: {result['inserted']} new, {result['updated']} updated, {result['unchanged']} unchanged"
            )
        else:
            changed = service.write_scores(session, actor, records, via=f"import:{path.name}")
            click.echo(f"766 scores: {changed} changed")


@click.command("dossiers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only")
@pass_ctx
def import_dossiers(ctx: CliContext, path: Path, dry_run: bool) -> None:
    """Import administrative-procedure dossiers exported by the one-stop-shop system (CSV/XLSX)."""
    _run(ctx, path, "dossiers", dry_run)


@click.command("score766")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only")
@pass_ctx
def import_scores(ctx: CliContext, path: Path, dry_run: bool) -> None:
    """Import Decision 766 service-index scores per agency or locality (CSV/XLSX)."""
    _run(ctx, path, "scores", dry_run)


import_commands = [import_dossiers, import_scores]
