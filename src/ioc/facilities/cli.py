"""`ioc import facilities FILE` and `ioc import facility-figures FILE` (CSV/XLSX; all rows or none)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from ioc.auth.principal import Principal
from ioc.cli_context import CliContext, pass_ctx
from ioc.db.uow import unit_of_work


def _report(errors: list[dict], name: str) -> None:
    for e in errors:
        where = f"{e['sheet']} row {e['row']}" if e.get("row") else (e.get("sheet") or name)
        click.echo(f"error: {where} column {e['column'] or '-'} ({e['field']}): {e['message']}", err=True)
    if errors:
        raise click.ClickException(f"{len(errors)} problem(s) in {name}; nothing was imported")


def _run(ctx: CliContext, path: Path, what: str, dry_run: bool) -> None:
    from ioc.facilities import figures, files, service
    from ioc.facilities.settings import FacilitiesSettings
    from ioc.kit import urlpolicy
    from ioc.kit.errors import Problem

    actor = Principal(kind="system", name=f"cli:{getpass.getuser()}", role="admin")
    allow = urlpolicy.Allowlist.parse(ctx.settings.section(FacilitiesSettings).camera_allowed_hosts)
    with unit_of_work(ctx.session_factory) as session:
        try:
            if what == "facilities":
                columns = files.BASE_COLUMNS | files.ATTRIBUTE_COLUMNS
                check = lambda raw: (d := files.facility_record(raw), *service.checked(session, d, allow))  # noqa: E731
                records, errors = files.read(path.name, path.read_bytes(), columns, check)
                _report(errors, path.name)
                result = {"rows": len(records)} if dry_run else service.upsert_many(session, actor, records)
            else:
                records, where, errors = files.read_rows(path.name, path.read_bytes(), files.FIGURE_COLUMNS,
                                                         files.figure_record)  # fmt: skip
                _report(errors, path.name)
                codes = [r.facility for r in records]
                known = figures.known_codes(session, set(codes))
                _report(files.unknown_facility_errors(where, codes, known), path.name)
                rows = figures.check_bulk(session, records)
                result = {"rows": len(rows)} if dry_run else figures.store(session, actor, rows, f"import:{path.name}")
        except Problem as exc:
            raise click.ClickException(f"{exc.detail}; nothing was imported") from None
        if dry_run:
            session.rollback()
            click.echo(f"dry run: {result['rows']} rows are valid; nothing stored")
            return
        click.echo(f"{what}: " + ", ".join(f"{k} {v}" for k, v in result.items()))


@click.command("facilities")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only")
@pass_ctx
def import_facilities(ctx: CliContext, path: Path, dry_run: bool) -> None:
    """Import facilities (hospitals, schools, sites, hotels, posts, cameras) from CSV/XLSX, by code."""
    _run(ctx, path, "facilities", dry_run)


@click.command("facility-figures")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only")
@pass_ctx
def import_figures(ctx: CliContext, path: Path, dry_run: bool) -> None:
    """Import facilities' figures (facility code, date, value) from CSV/XLSX."""
    _run(ctx, path, "figures", dry_run)


import_commands = [import_facilities, import_figures]
