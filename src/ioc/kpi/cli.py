"""`ioc import kpi FILE [--dry-run]`, `ioc kpi template`, `ioc kpi seed`."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from ioc.auth.principal import Principal
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work


def _cli_principal() -> Principal:
    return Principal(kind="system", name=f"cli:{getpass.getuser()}", role="admin")


@click.command("kpi")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report, store nothing")
@pass_ctx
def import_kpi(ctx: CliContext, path: Path, dry_run: bool) -> None:
    """Import indicator values and targets from an XLSX or CSV file in the template (all or nothing)."""
    from ioc.kpi.imports.reader import estimate_rows
    from ioc.kpi.imports.service import run_import

    data = path.read_bytes()
    total = estimate_rows(path.name, data)
    with (
        click.progressbar(length=max(total, 1), label=f"checking {path.name}", show_pos=True) as bar,
        unit_of_work(ctx.session_factory) as session,
    ):
        result = run_import(session, _cli_principal(), path.name, data, dry_run=dry_run, progress=bar.update)
        if not result["imported"]:
            session.rollback()
    for error in result["errors"]:
        where = " ".join(
            str(x)
            for x in (
                error["sheet"],
                f"row {error['row']}" if error["row"] else None,
                f"column {error['column']}" if error["column"] else None,
            )
            if x
        )
        click.echo(f"error: {where}: {error['message']} [{error['code']}]", err=True)
    if result["error_count"]:
        raise click.ClickException(f"{result['error_count']} problem(s) in {path.name}; nothing was imported")
    if dry_run:
        click.echo(f"dry run: {result['values']} values and {result['targets']} targets are valid; nothing stored")
        return
    click.echo(
        f"imported {result['values']} values ({result['inserted']} new, {result['updated']} revised, "
        f"{result['unchanged']} unchanged) and {result['targets']} targets from {path.name}"
    )


@click.group("kpi")
def kpi_group() -> None:
    """Socio-economic indicators."""


@kpi_group.command("template")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write (default mau-nhap-chi-tieu.xlsx, or .csv with --csv)",
)
@click.option(
    "--csv",
    "csv_kind",
    type=click.Choice(["values", "targets"]),
    default=None,
    help="Write the CSV header for values or targets instead of the XLSX workbook",
)
@pass_ctx
def template(ctx: CliContext, output: Path | None, csv_kind: str | None) -> None:
    """Write the import template the statistics office fills in."""
    from ioc.kpi import service
    from ioc.kpi.imports.template import csv_template, xlsx_template

    if csv_kind:
        body, default = csv_template(csv_kind), f"mau-{csv_kind}.csv"
    else:
        with ctx.session_factory() as session:
            body, default = xlsx_template(service.list_indicators(session)), "mau-nhap-chi-tieu.xlsx"
    target = output or Path(default)
    target.write_bytes(body)
    click.echo(f"wrote {target}")


@kpi_group.command("seed")
@pass_ctx
def seed(ctx: CliContext) -> None:
    """Add the built-in catalogue (Decision 05/2023/QĐ-TTg, ISO 37120/37122) where missing."""
    from ioc.kpi import service

    with unit_of_work(ctx.session_factory) as session:
        added = service.seed_catalogue(session)
    click.echo(f"added {added} indicators to the catalogue")


commands = [kpi_group]
import_commands = [import_kpi]
