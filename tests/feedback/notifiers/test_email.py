"""E-mail notifications through the outbox to a real SMTP server (aiosmtpd) started in the test."""

from __future__ import annotations

import email
import socket
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from ioc.feedback.settings import FeedbackSettings
from ioc.kit import outbox
from tests.feedback.conftest import file_report


class Inbox:
    """Keeps every message the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox, port = Inbox(), _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.set_section(FeedbackSettings(smtp_port=port, public_base_url="https://ioc.danang.example"))
    yield inbox
    controller.stop()


def test_citizen_mails_on_public_changes_only(smtp, client, feedback, db, make_user, app):
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    report = file_report(db, feedback, email="dan@example.vn")
    for headers, body in (
        (operator, {"action": "verify"}),
        (operator, {"action": "assign"}),
        (officer, {"action": "hand_back", "reason": "Sai đơn vị"}),
    ):
        res = client.post(f"/api/v1/feedback/reports/{report.id}/actions", json=body, headers=headers)
        assert res.status_code == 200
    while outbox.deliver_due(app.state.runtime):
        pass
    subjects = [m["Subject"] for to, m in smtp.messages if to == ["dan@example.vn"]]
    code = report.tracking_code
    assert subjects == [
        f"Phản ánh {code}: Đã tiếp nhận",
        f"Phản ánh {code}: Đã xác minh",
        f"Phản ánh {code}: Đã chuyển xử lý",
    ]  # no mail for the internal hand-back
    body = smtp.messages[-1][1].get_content()
    assert f"https://ioc.danang.example/phan-anh/theo-doi/{report.tracking_code}" in body


def test_failed_delivery_is_retried_not_lost(client, feedback, db, app, settings):
    from sqlalchemy import select

    from ioc.kit.models import OutboxMessage

    settings.set_section(FeedbackSettings(smtp_port=_port()))  # nobody listens there
    file_report(db, feedback, email="dan@example.vn")
    assert outbox.deliver_due(app.state.runtime) == 1
    db.expire_all()
    msg = db.scalar(select(OutboxMessage).where(OutboxMessage.topic == "feedback.email"))
    assert msg.delivered_at is None and msg.attempts == 1 and "Connection" in msg.last_error
