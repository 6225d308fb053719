"""Briefings on demand and on schedule: one per period, PDF with the sections in Vietnamese, XLSX with numbers."""

from __future__ import annotations

import email
import io
from datetime import UTC, datetime, timedelta
from email import policy

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from ioc.briefings import mailer, periods, service
from ioc.directives import service as directives_service
from ioc.directives.schemas import DirectiveIn
from ioc.kit.models import OutboxMessage
from ioc.kit.outbox import Delivery
from ioc.kit.timeutil import utcnow
from tests.feedback.conftest import cookie_login

SHEETS = ["Chỉ tiêu", "Môi trường", "Phản ánh", "Sự cố", "Nhiệm vụ", "Cảnh báo"]
SECTIONS = ["I. Chỉ tiêu kinh tế – xã hội chậm tiến độ", "II. Môi trường", "III. Phản ánh, kiến nghị",
            "IV. Sự cố", "V. Thực hiện nhiệm vụ được giao", "VI. Cảnh báo tự động"]  # fmt: skip


def _this_week() -> str:
    return periods.containing("week", datetime.now(periods.VN_TZ).date()).code


def _pdf_text(data: bytes) -> tuple[str, int, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages), fonts


def test_a_briefing_made_on_demand_prints_every_section_and_exports_numbers(client, world, make_user):
    _, headers = make_user("leader")
    code = _this_week()
    res = client.post("/api/v1/briefings", json={"kind": "week", "period": code}, headers=headers)
    assert res.status_code == 201, res.text
    made = res.json()
    assert made["title"].startswith("BÁO CÁO GIAO BAN TUẦN · Tuần") and made["pdf_bytes"] > 10_000
    again = client.post("/api/v1/briefings", json={"kind": "week", "period": code}, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == made["id"]  # one briefing per period: remade
    listed = client.get("/api/v1/briefings", headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["pdf_url"] == f"/api/v1/briefings/{made['id']}/pdf"

    pdf = client.get(made["pdf_url"], headers=headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert f"bao-cao-giao-ban-tuan-{code}.pdf" in pdf.headers["content-disposition"]
    text, pages, fonts = _pdf_text(pdf.content)
    assert "BÁO CÁO GIAO BAN TUẦN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Thành phố Đà Nẵng" in text and f"Trang 1/{pages}" in text
    for section in SECTIONS:
        assert section in text, section
    assert "Tiếp nhận 3 phản ánh" in text and "Sở Xây dựng" in text
    assert any(f.endswith("+IOC-Sans") for f in fonts)  # the shipped DejaVu Sans, embedded: no reader's font needed
    assert "Kỳ báo cáo chưa kết thúc: số liệu tính đến" in text  # this week has not ended

    xlsx = client.get(made["xlsx_url"], headers=headers)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == SHEETS
    feedback = book["Phản ánh"]
    assert sum(feedback.cell(r, 3).value for r in range(2, feedback.max_row + 1)) == 3
    assert all(c.data_type == "n" for c in feedback[2][2:5])
    directives = book["Nhiệm vụ"]
    assert [directives.cell(2, i).value for i in (1, 3)] == ["SO_XD", 1] and directives.cell(
        2, 3
    ).number_format == "#,##0"
    assert book["Sự cố"]["C2"].value >= 1 and isinstance(book["Sự cố"]["C2"].value, int)


def test_bad_or_future_periods_are_refused_and_nothing_is_stored(client, world, make_user):
    _, headers = make_user("operator")
    for body in ({"kind": "week", "period": "2026-13"}, {"kind": "month", "period": "2026-W48"},
                 {"kind": "month", "period": "2199-12"}):  # fmt: skip
        res = client.post("/api/v1/briefings", json=body, headers=headers)
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == "period", res.text
    assert client.get("/api/v1/briefings", headers=headers).json()["total"] == 0
    assert client.get("/api/v1/briefings/999/pdf", headers=headers).status_code == 404


def test_a_quiet_period_says_so_in_each_empty_section(db, world, settings):
    row, _ = service.generate(db, settings, service.SYSTEM, "week", "2025-W10", utcnow())
    text, pages, _ = _pdf_text(row.pdf)
    assert "Tuần 10/2025 · từ 03/03/2025 đến 09/03/2025" in text and "chưa kết thúc" not in text
    quiet = ("Không có sự cố nào phát sinh hay kết thúc trong kỳ", "Trong kỳ không có nhiệm vụ nào được giao.",
             "Trong kỳ không có cảnh báo tự động nào.")  # fmt: skip
    for sentence in quiet:
        assert sentence in text.replace("\n", " "), sentence
    assert f"Trang {pages}/{pages}" in text


def test_the_schedule_makes_each_period_once_and_mails_it_to_subscribers(client, db, world, settings, make_user):
    _, admin = make_user("admin")
    sub = {"email": "chu-tich@danang.gov.vn", "name": "Chủ tịch UBND", "weekly": True, "monthly": False}
    assert client.post("/api/v1/briefings/subscribers", json=sub, headers=admin).status_code == 201
    assert client.post("/api/v1/briefings/subscribers", json=sub, headers=admin).status_code == 409
    bad = client.post("/api/v1/briefings/subscribers", json=sub | {"email": "not an address"}, headers=admin)
    assert bad.status_code == 422
    monday = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # Monday 07:30 in Hà Nội; 1 December was due too
    made = service.run_schedule(db, settings, monday)
    db.commit()
    assert sorted((b.kind, b.period) for b in made) == [("month", "2026-11"), ("week", "2026-W49")]
    assert service.run_schedule(db, settings, monday) == []  # idempotent: one briefing per period
    messages = list(db.scalars(select(OutboxMessage).where(OutboxMessage.topic == mailer.TOPIC)))
    assert len(messages) == 1 and messages[0].payload["to"] == [sub["email"]]  # the monthly has no subscriber
    msg = mailer.build_message(messages[0].payload, "IOC <no-reply@ioc.local>", "ioc-outbox-1")
    parsed = email.message_from_bytes(bytes(msg), policy=policy.default)
    names = [p.get_filename() for p in parsed.walk() if p.get_filename()]
    assert names == ["bao-cao-giao-ban-tuan-2026-W49.pdf", "bao-cao-giao-ban-tuan-2026-W49.xlsx"]
    assert parsed["Bcc"] == sub["email"] and "Tuần 49/2026" in parsed["Subject"]
    pdf = next(p for p in parsed.walk() if p.get_filename() and p.get_filename().endswith(".pdf"))
    assert pdf.get_payload(decode=True)[:5] == b"%PDF-"
    subs = client.get("/api/v1/briefings/subscribers", headers=admin).json()
    assert client.delete(f"/api/v1/briefings/subscribers/{subs[0]['id']}", headers=admin).status_code == 204
    assert client.get("/api/v1/briefings/subscribers", headers=admin).json() == []


def test_the_outbox_handler_writes_the_mail_with_its_attachments(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_BRIEFINGS_MAIL_DIR", str(tmp_path))
    payload = {"to": ["a@example.vn"], "subject": "[IOC] Báo cáo", "body": "Kính gửi",
               "attachments": [mailer.attachment("bao-cao.pdf", "application/pdf", b"%PDF-1.7")]}  # fmt: skip
    fresh = type(settings)(**settings.model_dump())
    mailer.deliver(Delivery("ioc-outbox-7", mailer.TOPIC, payload, 1, fresh))
    parsed = email.message_from_bytes((tmp_path / "ioc-outbox-7.eml").read_bytes())
    assert [p.get_filename() for p in parsed.walk() if p.get_filename()] == ["bao-cao.pdf"]


def test_the_page_lists_briefings_for_leaders(client, db, world, settings, make_user):
    name, _ = make_user("leader")
    service.generate(db, settings, service.SYSTEM, "week", _this_week(), utcnow())
    db.commit()
    cookie_login(client, name)
    page = client.get("/briefings")
    assert page.status_code == 200 and "Báo cáo giao ban" in page.text and "BÁO CÁO GIAO BAN TUẦN" in page.text
    assert '/js/briefings.js"' in page.text and "<script>" not in page.text


def test_the_demo_seed_makes_last_weeks_and_months_briefings_once(app, db, world, settings):
    from ioc.briefings import demo
    from ioc.demo.context import DemoContext

    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=world)
    demo.seed(ctx)
    demo.seed(ctx)
    items, total = service.listing(db, None, 0, 10)
    assert total == 2 and {i["kind"] for i in items} == {"week", "month"}
    assert [s["email"] for s in service.subscribers(db)] == [demo.SUBSCRIBER["email"]]


def test_the_briefing_says_which_overdue_it_counts_and_adds_the_overdue_now(db, world, settings):
    body = DirectiveIn(title="Nạo vét cống thoát nước", lead_agency="SO_XD", due_in_working_days=3)
    directives_service.create_directive(db, service.SYSTEM, body, now=utcnow() - timedelta(days=30))
    db.commit()
    row, _ = service.generate(db, settings, service.SYSTEM, "week", "2025-W10", utcnow())
    text = " ".join(_pdf_text(row.pdf)[0].split())
    # none given in that week, one given a month ago and overdue now: the picture's figure, labelled as such
    assert "nhiệm vụ đang quá hạn · giao trong kỳ đã quá hạn 0" in text
    assert "1 nhiệm vụ đang quá hạn (mọi nhiệm vụ còn mở đã qua hạn" in text
    assert "Nhiệm vụ đang quá hạn: 1 (giao trong kỳ đã quá hạn: 0)" in service._mail_body(row, settings)
