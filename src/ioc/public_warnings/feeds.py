"""What the public CAP routes answer: a message by identifier, the Atom index of warnings in force."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ioc.kit.timeutil import utcnow
from ioc.public_warnings import cap, repository
from ioc.public_warnings.service import sender_of


def message_xml(session: Session, identifier: str, base_url: str) -> bytes | None:
    """The CAP message with this identifier (a warning's own identifier is its first message's)."""
    m = repository.message(session, identifier)
    if m is None:
        w = repository.by_identifier(session, identifier)
        m = repository.latest_message(session, w.id) if w else None
    if m is None:
        return None
    return cap.alert_xml(m, base_url, f"{base_url}/warnings#w{m.warning_id}")


def atom_xml(session: Session, base_url: str, now: datetime | None = None) -> bytes:
    """The Atom feed: warnings in force and recent cancellations, each entry linking to its latest CAP message."""
    now = now or utcnow()
    entries = []
    for w in repository.in_feed(session, now):
        m = repository.latest_message(session, w.id)
        if m is not None:
            entries.append((w, m))
    _, name = sender_of(session)
    return cap.atom_feed(entries, base_url, f"{name}: cảnh báo cho người dân", now)
