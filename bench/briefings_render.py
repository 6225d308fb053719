"""Briefings: making this week's briefing (figures + PDF + XLSX) against reading its figures alone, same run.

Seeds the demo province into a temporary SQLite database (the demo's year of readings, reports,
incidents, directives), then times `service.generate` (the real path: the six services, WeasyPrint,
openpyxl) and, as the baseline, `collect.gather` (the six services only). Prints both and the ratio:
what typesetting costs on top of the queries. Run: PYTHONPATH=src python bench/briefings_render.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

RUNS = 3


def main() -> None:
    """Seed, then time the briefing against its figures."""
    folder = tempfile.mkdtemp(prefix="ioc-bench-briefings-")
    os.environ["IOC_DATABASE_URL"] = f"sqlite:///{folder}/demo.db"
    os.environ.setdefault("IOC_SECRET_KEY", "bench-" + "k" * 40)
    os.environ["IOC_FEEDBACK_SMTP_HOST"] = ""
    os.environ["IOC_MEDIA_DIR"] = f"{folder}/media"
    from ioc.auth.principal import SYSTEM
    from ioc.briefings import collect, periods, service
    from ioc.cli_context import CliContext
    from ioc.db.uow import discard, unit_of_work
    from ioc.demo.runner import prepare_demo
    from ioc.kit.timeutil import to_local, utcnow

    ctx = CliContext()
    prepare_demo(ctx)
    now = utcnow()
    period = periods.containing("week", to_local(now).date())
    gather, generate = [], []
    for _ in range(RUNS):
        with unit_of_work(ctx.session_factory) as session:
            t = time.perf_counter()
            collect.gather(session, ctx.settings, period, now)
            gather.append(time.perf_counter() - t)
            t = time.perf_counter()
            row, _ = service.generate(session, ctx.settings, SYSTEM, "week", period.code, now)
            generate.append(time.perf_counter() - t)
            size = (row.pdf_bytes, row.xlsx_bytes)
            discard(session)
    base, real = statistics.median(gather), statistics.median(generate)
    print(f"baseline  figures only (collect.gather)          median {base * 1000:8.0f} ms  ({RUNS} runs)")
    print(f"real      briefing (figures + PDF + XLSX)        median {real * 1000:8.0f} ms  ({RUNS} runs)")
    print(f"ratio     {real / base:.1f}x   PDF {size[0] / 1024:.0f} KiB, XLSX {size[1] / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
