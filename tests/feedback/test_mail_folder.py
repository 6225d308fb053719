"""Without an SMTP server, citizen mail is kept as .eml files (the demo), never lost."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from ioc.feedback.config import get_feedback_settings
from ioc.feedback.notifiers import email as email_notifier


def test_mail_without_smtp_host_is_written_to_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_FEEDBACK_SMTP_HOST", "")
    monkeypatch.setenv("IOC_FEEDBACK_MAIL_DIR", str(tmp_path / "mail"))
    get_feedback_settings.cache_clear()
    try:
        email_notifier.deliver({"to": ["dan@example.vn"], "subject": "Phản ánh PA-1 đã được xử lý",
                                "body": "Cảm ơn bạn đã phản ánh."})
    finally:
        get_feedback_settings.cache_clear()
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    msg = message_from_bytes(files[0].read_bytes(), policy=default)
    assert msg["To"] == "dan@example.vn" and msg["Subject"] == "Phản ánh PA-1 đã được xử lý"
    assert "Cảm ơn bạn đã phản ánh." in msg.get_content()
