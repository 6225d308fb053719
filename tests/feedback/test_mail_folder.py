"""Without an SMTP server, citizen mail is kept as .eml files (the demo), never lost."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from ioc.feedback.notifiers import email as email_notifier
from ioc.feedback.settings import FeedbackSettings
from ioc.kit.outbox import Delivery


def test_mail_without_smtp_host_is_written_to_the_folder(tmp_path, settings):
    settings.set_section(FeedbackSettings(smtp_host="", mail_dir=str(tmp_path / "mail")))
    payload = {"to": ["dan@example.vn"], "subject": "Phản ánh PA-1 đã được xử lý", "body": "Cảm ơn bạn đã phản ánh."}
    email_notifier.deliver(Delivery("ioc-outbox-1", email_notifier.TOPIC, payload, 1, settings))
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    msg = message_from_bytes(files[0].read_bytes(), policy=default)
    assert msg["To"] == "dan@example.vn" and msg["Subject"] == "Phản ánh PA-1 đã được xử lý"
    assert "Cảm ơn bạn đã phản ánh." in msg.get_content()
