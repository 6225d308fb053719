"""A briefing's figures as a printed PDF (WeasyPrint, SVG charts) and as an XLSX workbook with real numbers."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ioc.briefings import charts
from ioc.briefings.periods import TITLES
from ioc.kit.i18n import fmt_number
from ioc.kit.sheets import Col, Figure, Sheet, workbook
from ioc.kit.timeutil import to_local

DOCUMENT = Path(__file__).resolve().parent / "document"
PRIORITIES = {"critical": "Rất khẩn cấp", "high": "Cao", "medium": "Trung bình", "low": "Thấp"}
OPEN = ("open", "responding", "contained")


def _num(value: Any, digits: int = 0) -> str:
    return "—" if value is None else fmt_number(value, "vi", digits)


def _pct(share: float | None, digits: int = 1) -> str:
    return "—" if share is None else fmt_number(share * 100, "vi", digits) + "%"


def _pctv(percent: float | None) -> str:
    return "—" if percent is None else fmt_number(percent, "vi", 1) + "%"


def _day(text: str) -> str:
    return date.fromisoformat(text).strftime("%d/%m/%Y")


def _month(text: str) -> str:
    return date.fromisoformat(text[:10]).strftime("%m/%Y")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(DOCUMENT)), autoescape=select_autoescape(["html"]))
    env.filters.update(num=_num, pct=_pct, pctv=_pctv, day=_day, month=_month)
    return env


def _charts(s: dict[str, Any]) -> dict[str, Any]:
    air = [st for st in s["environment"]["stations"] if st["index"] == "aqi"]
    ranking = s["feedback"]["agencies"]
    kpi = s["kpi"]["off_track"]
    series = (("Đúng hạn", "ok"), ("Trễ hạn", "warn"), ("Quá hạn", "bad"), ("Đang thực hiện", "info"))
    keys = ("done_on_time", "done_late", "overdue", "in_progress")
    return {
        "aqi_chart": charts.hbars([(st["name"], st["mean"], charts.aqi_tone(st["mean"])) for st in air],
                                  max([200.0] + [st["mean"] for st in air])),
        "feedback_chart": charts.hbars(
            [(a["label"], None if a["on_time_rate"] is None else a["on_time_rate"] * 100,
              "ok" if (a["on_time_rate"] or 0) >= 0.9 else "warn" if (a["on_time_rate"] or 0) >= 0.7 else "bad")
             for a in ranking if a["on_time_rate"] is not None], 100, 1, "%"),
        "kpi_chart": charts.hbars([(k["name"], k["pct_target"], "bad") for k in kpi], _scale(kpi), 1, "%",
                                  (100, "100% kế hoạch năm")),
        "directives_chart": charts.stacked([(a["name"], [a[k] for k in keys]) for a in s["directives"]["agencies"]],
                                           series),
    }  # fmt: skip


def _scale(kpi: list[dict[str, Any]]) -> float:
    # Bars of % of plan run to the largest figure rounded up to 50 %, so one above plan still shows its size.
    top = max([100.0] + [k["pct_target"] or 0 for k in kpi])
    return float(-(-top // 50) * 50)


def html(summary: dict[str, Any]) -> str:
    """The briefing as the HTML WeasyPrint typesets."""
    generated = to_local(datetime.fromisoformat(summary["generated_at"]))
    tracks = {k: 0 for k in ("on_track", "at_risk", "off_track", "no_data")} | summary["kpi"]["tracks"]
    unfinished = generated.date() <= date.fromisoformat(summary["last_day"])  # made before the period ended
    return (
        _env()
        .get_template("briefing.html")
        .render(
            s=summary,
            title=TITLES[summary["kind"]],
            issued=f"ngày {generated.day:02d} tháng {generated.month:02d} năm {generated.year}",
            generated=generated.strftime("%H:%M ngày %d/%m/%Y"),
            heading=summary["period_label"].split(" (")[0],  # the dates follow on the same line
            unfinished=unfinished,
            tracks=tracks,
            priorities=PRIORITIES,
            open_now=sum(n for k, n in summary["incidents"]["status_now"].items() if k in OPEN),
            **_charts(summary),
        )
    )


def pdf(summary: dict[str, Any]) -> bytes:
    """The printed briefing: A4, header, page numbers, tables and SVG charts, the shipped DejaVu font."""
    return _weasyprint_html()(string=html(summary), base_url=str(DOCUMENT) + "/").write_pdf()


def _weasyprint_html() -> type:
    # WeasyPrint turns on Pillow's lenient decoding of truncated images for the whole process when first imported;
    # citizens' photos (feedback.media) must stay strict, and a briefing embeds only the SVG charts drawn here.
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return HTML


def _share(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def _kpi_sheet(s: dict[str, Any]) -> Sheet:
    cols = [Col("Mã"), Col("Chỉ tiêu", width=44), Col("Đơn vị tính"), Col("Kỳ"), Col("Giá trị", "num", 2),
            Col("Lũy kế năm", "num", 2), Col("Kế hoạch năm", "num", 2), Col("Tỷ lệ so với kế hoạch", "pct", 1),
            Col("So với cùng kỳ", "pct", 1)]  # fmt: skip
    # each indicator's figures keep the catalogue's decimals (a count none, a rate one or two)
    rows = [
        [k["code"], k["name"], k["unit"], _month(k["period_start"]), *(Figure(k.get(f), k.get("digits") or 0)
         for f in ("value", "ytd", "target")),
         _share(k["pct_target"]),
         _share(k["yoy_pct"])]
        for k in s["kpi"]["off_track"]
    ]  # fmt: skip
    return Sheet("Chỉ tiêu", cols, rows)


def _environment_sheet(s: dict[str, Any]) -> Sheet:
    cols = [Col("Mã trạm"), Col("Trạm", width=30), Col("Phường, xã", width=24), Col("Chỉ số"),
            Col("Trung bình", "num", 0), Col("Xấu nhất", "int"), Col("Số giờ đo", "int"),
            Col("Số giờ vượt ngưỡng", "int")]  # fmt: skip
    rows = [[st["station"], st["name"], st["ward"], st["index"].upper(), st["mean"], st["worst"], st["hours"],
             st["bad_hours"]] for st in s["environment"]["stations"]]  # fmt: skip
    return Sheet("Môi trường", cols, rows)


def _feedback_sheet(s: dict[str, Any]) -> Sheet:
    cols = [Col("Hạng", "int"), Col("Đơn vị", width=36), Col("Tiếp nhận", "int"), Col("Đã xử lý", "int"),
            Col("Đúng hạn", "int"), Col("Tỷ lệ đúng hạn", "pct", 1), Col("Đang quá hạn", "int"),
            Col("Trung vị thời gian xử lý (giờ làm việc)", "num", 1), Col("Hài lòng (1–5)", "num", 1)]  # fmt: skip
    rows = [[i, a["label"], a["received"], a["resolved"], a["on_time"], a["on_time_rate"], a["overdue_now"],
             a["median_hours"], a["satisfaction"]]
            for i, a in enumerate(s["feedback"]["agencies"], start=1)]  # fmt: skip
    return Sheet("Phản ánh", cols, rows)


def _incidents_sheet(s: dict[str, Any]) -> Sheet:
    inc = s["incidents"]
    rows: list[list[Any]] = [["Phát sinh trong kỳ", "", inc["opened"]], ["Đã kết thúc", "", inc["closed"]]]
    rows += [["Mức độ ưu tiên", PRIORITIES.get(k, k), n] for k, n in inc["by_priority"].items()]
    rows += [["Loại sự cố", k, n] for k, n in inc["by_kind"].items()]
    return Sheet("Sự cố", [Col("Nhóm", width=22), Col("Phân loại", width=30), Col("Số sự cố", "int")], rows)


def _directives_sheet(s: dict[str, Any]) -> Sheet:
    cols = [Col("Mã"), Col("Đơn vị", width=36), Col("Nhận", "int"), Col("Đúng hạn", "int"), Col("Trễ hạn", "int"),
            Col("Quá hạn", "int"), Col("Đang thực hiện", "int")]  # fmt: skip
    keys = ("key", "name", "received", "done_on_time", "done_late", "overdue", "in_progress")
    return Sheet("Nhiệm vụ", cols, [[a[k] for k in keys] for a in s["directives"]["agencies"]])


def _alerts_sheet(s: dict[str, Any]) -> Sheet:
    rows = [[name, n] for name, n in s["alerts"]["by_rule"].items()]
    return Sheet("Cảnh báo", [Col("Quy tắc cảnh báo", width=44), Col("Số lần", "int")], rows)


def xlsx(summary: dict[str, Any]) -> bytes:
    """The briefing's tables as a workbook: one Vietnamese-named sheet per section, numbers as numbers."""
    return workbook(
        [_kpi_sheet(summary), _environment_sheet(summary), _feedback_sheet(summary), _incidents_sheet(summary),
         _directives_sheet(summary), _alerts_sheet(summary)]
    )  # fmt: skip
