"""Server side of the shared UI building blocks: the KPI tile helpers and the data table.

The templates are `templates/components/kpi_tile.html` and `templates/components/table.html`;
import them with context: `{% import "components/table.html" as table with context %}`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from ioc.kit import i18n
from ioc.kit.cells import safe_row
from ioc.kit.sheets import Col, Sheet, workbook
from ioc.kit.text import ascii_fold
from ioc.kit.timeutil import utcnow

TRACK_ORDER = {"off_track": 0, "at_risk": 1, "on_track": 2, "no_data": 3}  # worst first
TRACKS = {
    "on_track": ("Đạt tiến độ", "ok", "✓"),
    "at_risk": ("Có nguy cơ", "warn", "!"),
    "off_track": ("Chậm tiến độ", "bad", "✕"),
    "no_data": ("Chưa có dữ liệu", "nodata", "–"),
}
# Texts the shared scripts (static/js/ioc/) write; translated into every page's #ioc-page block.
SCRIPT_TEXTS = (
    "vừa cập nhật",
    "cập nhật {n} phút trước",
    "cập nhật {n} giờ trước",
    "cập nhật {n} ngày trước",
    "chưa có dữ liệu",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 100_000


def time_ago(value: datetime | None, lang: str = "vi") -> str:
    """'3 phút trước' / '2 ngày trước' (Vietnamese first), for freshness labels."""
    if value is None:
        return "—"
    seconds = max(0, int((utcnow() - value).total_seconds()))
    for size, vi, en in (
        (86400 * 30, "tháng", "months"),
        (86400, "ngày", "days"),
        (3600, "giờ", "hours"),
        (60, "phút", "minutes"),
    ):
        if seconds >= size:
            n = seconds // size
            return f"{n} {vi} trước" if lang == "vi" else f"{n} {en} ago"
    return "vừa xong" if lang == "vi" else "just now"


@dataclass(frozen=True)
class Column:
    """A table column: the row key, its header, and how to show it (text, num, pct, track, date)."""

    key: str
    label: str
    kind: str = "text"
    digits: int = 1
    sortable: bool = True
    link: str | None = None  # a format string with row keys, e.g. "/overview/{code}"
    sort_by: str | None = None  # another row key to sort by (e.g. a status's severity rank)


@dataclass(frozen=True)
class Filter:
    """A select filter over one row key."""

    key: str
    label: str
    options: list[tuple[str, str]]


@dataclass
class TableView:
    """One page of a sorted, filtered table, with the links to sort, page and export it."""

    id: str
    columns: list[Column]
    rows: list[dict]
    total: int
    page: int
    page_size: int
    sort: str
    filters: list[Filter]
    chosen: dict[str, str]
    path: str
    query: dict[str, str] = field(default_factory=dict)
    search: str = ""
    prefix: str = ""  # namespaces the parameters when a page shows several tables

    def param(self, name: str) -> str:
        """The query parameter name of this table's `sort`, `page`, `q` or filter."""
        return self.prefix + name

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, -(-self.total // self.page_size))

    def url(self, **changes: Any) -> str:
        """This view's URL with some parameters changed (None removes one)."""
        own = {"format", "table"}
        query = {**self.query, **{(k if k in own else self.param(k)): v for k, v in changes.items()}}
        query = {k: v for k, v in query.items() if v not in (None, "")}
        return f"{self.path}?{urlencode(query)}" if query else self.path

    def sort_url(self, key: str) -> str:
        """Link that sorts by a column, flipping the direction when it is already sorted by it."""
        return self.url(sort=f"-{key}" if self.sort == key else key, page=None)


def table_view(
    request: Request,
    table_id: str,
    columns: list[Column],
    rows: list[dict],
    *,
    default_sort: str,
    filters: list[Filter] | None = None,
    search_keys: tuple[str, ...] = (),
    page_size: int = 25,
    prefix: str = "",
) -> TableView:
    """Filter, search, sort and page rows held in memory, reading the parameters from the request."""
    params = {k[len(prefix) :]: v for k, v in request.query_params.items() if k.startswith(prefix)}
    filters = filters or []
    chosen = {f.key: params.get(f.key, "") for f in filters if params.get(f.key)}
    search = params.get("q", "").strip()
    selected = _matching(rows, chosen, search, search_keys)
    sort = _sort_rows(selected, columns, params.get("sort") or default_sort, default_sort)
    page = _page_number(params.get("page", "1"))
    query = {k: v for k, v in request.query_params.items() if k not in ("format", "table")}
    view = TableView(
        table_id,
        columns,
        selected,
        len(selected),
        page,
        page_size,
        sort,
        filters,
        chosen,
        request.url.path,
        query,
        search,
        prefix,
    )
    view.page = min(page, view.pages)
    return view


def _matching(rows: list[dict], chosen: dict[str, str], search: str, search_keys: tuple[str, ...]) -> list[dict]:
    # The rows with every chosen filter value and, when searching, the text in one of the search keys.
    selected = [r for r in rows if all(str(r.get(k)) == v for k, v in chosen.items())]
    if search and search_keys:
        needle = i18n_fold(search)
        selected = [r for r in selected if any(needle in i18n_fold(str(r.get(k, ""))) for k in search_keys)]
    return selected


def _sort_rows(rows: list[dict], columns: list[Column], sort: str, default_sort: str) -> str:
    """Sort the rows in place by a sortable column ("-key": descending); returns the sort applied or the default."""
    by_key = {c.key: c.sort_by or c.key for c in columns if c.sortable}
    if sort.lstrip("-") not in by_key:
        sort = default_sort
    key = by_key.get(sort.lstrip("-"), sort.lstrip("-"))
    rows.sort(key=lambda r: _sort_key(r.get(key)), reverse=sort.startswith("-"))
    return sort


def _page_number(text: str) -> int:
    # The page asked for, at least 1; anything but a number is the first page.
    try:
        return max(1, int(text))
    except ValueError:
        return 1


def i18n_fold(text: str) -> str:
    """Case- and diacritics-insensitive form for searching."""
    return ascii_fold(text)


def _sort_key(value: Any) -> tuple:
    # None sorts last in ascending order; numbers before text so mixed columns do not crash.
    if value is None:
        return (2, 0, "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, 0, i18n_fold(str(value)))


def page_rows(view: TableView) -> list[dict]:
    """The rows of the current page."""
    start = (view.page - 1) * view.page_size
    return view.rows[start : start + view.page_size]


def cell_text(column: Column, row: dict, lang: str, translate: Callable[[str], str]) -> str:
    """A cell as the table shows it (Vietnamese number formats, status words)."""
    value = row.get(column.key)
    if value is None:
        return "—"
    if column.kind == "num":
        return i18n.fmt_number(value, lang, column.digits)
    if column.kind == "pct":
        return i18n.fmt_number(value, lang, column.digits) + " %"
    if column.kind == "track":
        return translate(TRACKS.get(value, TRACKS["no_data"])[0])
    if column.kind == "date" and isinstance(value, datetime):
        return i18n.fmt_datetime(value, lang)
    return str(value)


def export_response(
    view: TableView, fmt: str, filename: str, lang: str, translate: Callable[[str], str], sheet: str = "Dữ liệu"
) -> Response:
    """The view's rows (every page, same filters, sort and columns) as CSV or XLSX (numbers as numbers)."""
    rows = view.rows[:EXPORT_LIMIT]
    header = [translate(c.label) for c in view.columns]
    if fmt == "xlsx":
        return Response(
            _xlsx(view, rows, header, lang, translate, sheet),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
        )
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(cell_text(c, row, lang, translate) for c in view.columns))
    return Response(
        ("\ufeff" + buf.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _xlsx(view: TableView, rows: list[dict], header: list[str], lang: str, translate, sheet: str) -> bytes:
    # Numbers stay numbers, rounded to the column's digits; a percentage column (0-100) becomes a share with a % format.
    kinds = {"num": "num", "pct": "pct"}
    cols = [Col(h, kinds.get(c.kind, "text"), c.digits) for h, c in zip(header, view.columns, strict=True)]
    out = []
    for row in rows:
        cells = []
        for c in view.columns:
            value = row.get(c.key)
            if c.kind == "num" and isinstance(value, int | float):
                cells.append(value)
            elif c.kind == "pct" and isinstance(value, int | float):
                cells.append(value / 100)
            elif c.kind in ("num", "pct"):
                cells.append(None)
            else:
                cells.append(cell_text(c, row, lang, translate))
        out.append(cells)
    return workbook([Sheet(translate(sheet), cols, out)])


def status_table(statuses: dict[str, dict], lang: str) -> dict[str, dict[str, dict[str, str]]]:
    """Every status family the domains declare (`registry.statuses`: label, tone, icon), translated.

    The one table the pages' scripts read (static/js/ioc/status.js); the tone's colour is a CSS token.
    """
    table: dict[str, dict[str, dict[str, str]]] = {}
    for name, entries in statuses.items():
        # `order` keeps the declared order: the page's JSON block sorts keys.
        table[name] = {
            key: {"label": i18n.translate(label, lang), "tone": tone, "icon": icon, "order": i}
            for i, (key, (label, tone, icon)) in enumerate(entries.items())
        }
    return table


def page_config(statuses: dict[str, dict], lang: str) -> dict[str, Any]:
    """What every page's scripts need from the server: language, shared texts, status tables."""
    return {
        "lang": lang,
        "texts": {text: i18n.translate(text, lang) for text in SCRIPT_TEXTS},
        "status": status_table(statuses, lang),
    }


def install(env) -> None:
    """Make the helpers available to every template."""
    env.globals.update(
        time_ago=time_ago, tracks=TRACKS, page_rows=page_rows, cell_text=cell_text, page_config=page_config
    )
