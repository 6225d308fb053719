"""Events as CSV for spreadsheets."""

from __future__ import annotations

import csv
import io

from ioc.kit.cells import safe_row
from ioc.kit.i18n import fmt_datetime

HEADER = ("id", "occurred_at", "category", "sub_category", "severity", "area_code", "lat", "lon",
          "source", "source_id", "title", "received_at")  # fmt: skip


def to_csv(items: list[dict]) -> bytes:
    """Events as CSV cells made safe for spreadsheets, times in Asia/Ho_Chi_Minh."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for e in items:
        times = {"occurred_at": fmt_datetime(e["occurred_at"]), "received_at": fmt_datetime(e["received_at"])}
        writer.writerow(safe_row([times.get(c, e[c]) for c in HEADER]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
