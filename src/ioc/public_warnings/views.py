"""Exports of public warnings."""

from __future__ import annotations

import csv
import io

from ioc.kit.cells import safe_row
from ioc.kit.i18n import fmt_datetime

COLUMNS = ("identifier", "status", "category", "event", "severity", "urgency", "certainty")
HEADER = (*COLUMNS, "effective", "expires", "headline", "area", "messages")


def to_csv(items: list[dict]) -> bytes:
    """Warnings as CSV cells made safe for spreadsheets, times in Asia/Ho_Chi_Minh."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for w in items:
        times = (fmt_datetime(w["effective"]), fmt_datetime(w["expires"]))
        tail = (w["vi"]["headline"], w["area_desc"], " ".join(m["msg_type"] for m in w["messages"]))
        writer.writerow(safe_row([*(w[c] for c in COLUMNS), *times, *tail]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
