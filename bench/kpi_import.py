"""Importing a 100,000-row XLSX in the template, against a raw baseline, in the same run.

Baseline: openpyxl read_only iteration of the same file + a raw bulk INSERT of the rows into
kpi_values (no checks, no revisions, no derived facts). Real path: `run_import` as the CLI and
API call it — read, check every cell, store values with revisions, recompute kpi_current and
kpi_latest — in one transaction.

    .venv/bin/python bench/kpi_import.py [--rows 100000] [--db postgres|sqlite]
Target: 100,000 rows ≤ 30 s.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import uuid
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import insert, text

from ioc.auth.principal import SYSTEM
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.kpi import repository, service
from ioc.kpi.imports.service import run_import
from ioc.kpi.models import Value
from ioc.plugins import default_registry

PG = "postgresql+psycopg://root@127.0.0.1:5432/test"
PROVINCE = "48"


def make_file(rows: int, codes: list[str], areas: list[str]) -> bytes:
    """A workbook as the statistics office fills it: text numbers with decimal commas, official figures."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Giá trị")
    sheet.append(["Mã chỉ tiêu", "Mã địa bàn", "Kỳ", "Giá trị", "Trạng thái", "Nguồn"])
    months = [
        date(2026 - y, m, 1)
        for y in range(0, 10)
        for m in range(12, 0, -1)
        if date(2026 - y, m, 1) <= date(2026, 10, 1)
    ]
    n = 0
    for code in codes:
        for area in areas:
            for month in months:
                if n == rows:
                    break
                value = f"{(n % 9000) + 100:,}".replace(",", ".") + f",{n % 10}"
                sheet.append([code, area, f"{month:%Y-%m}", value, "Chính thức", "Cục Thống kê"])
                n += 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def baseline(data: bytes, session_factory) -> tuple[float, int]:
    """Raw openpyxl read + raw bulk insert, no checks."""
    t = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = []
    for code, area, period, value, _status, source in book["Giá trị"].iter_rows(min_row=2, values_only=True):
        y, m = period.split("-")
        rows.append(
            {
                "indicator_code": code,
                "area_code": area,
                "period_start": date(int(y), int(m), 1),
                "frequency": "month",
                "status": "official",
                "value": float(value.replace(".", "").replace(",", ".")),
                "source": source,
                "revision": 1,
                "updated_by": "bench",
            }
        )
    with session_factory() as s:
        s.execute(insert(Value), rows)
        s.rollback()  # the real run must start from the same empty table
    return time.perf_counter() - t, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    admin, name, tmp = None, f"bench_{uuid.uuid4().hex[:8]}", tempfile.mkdtemp()
    if args.db == "postgres":
        admin = make_engine(PG)
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{name}"'))
        url = f"{PG}?options=-csearch_path%3D{name}"
    else:
        url = f"sqlite:///{tmp}/bench.db"
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        factory = make_session_factory(engine, registry=default_registry())
        with factory() as s:
            from ioc.areas import service as areas_service

            areas_service.load_jurisdiction(s, PROVINCE)
            service.seed_catalogue(s)
            s.commit()
            monthly = [i.code for i in repository.indicators(s) if i.frequency == "month"]
            areas = sorted(areas_service.area_labels(s))
        t = time.perf_counter()
        data = make_file(args.rows, monthly, areas)
        print(f"generated {args.rows:,}-row XLSX ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        base_s, n = baseline(data, factory)
        t = time.perf_counter()
        with factory() as s:
            result = run_import(s, SYSTEM, "bench.xlsx", data)
            s.commit()
        real_s = time.perf_counter() - t
        assert result["imported"] and result["inserted"] == n, result["errors"][:3]
        with factory() as s:
            derived = s.execute(text("SELECT count(*) FROM kpi_current")).scalar()
        print(
            f"{args.db}: baseline (raw read + raw insert) {base_s:.1f} s; "
            f"import (checks, revisions, {derived:,} derived rows) {real_s:.1f} s; ratio {real_s / base_s:.1f}×"
        )
        print(f"target: {args.rows:,} rows ≤ 30 s → {'met' if real_s <= 30 else 'NOT met'}")
    finally:
        engine.dispose()
        if admin is not None:
            with admin.begin() as c:
                c.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
