"""Silences and inhibition: whether an alert is muted now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ioc.notify import matchers, repository
from ioc.notify.models import AlertMirror


class Mutes:
    """The silences and inhibitions in force at one instant, read once per flush."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.silences = [s.matchers for s in repository.active_silences(session, now)]
        rules = repository.inhibitions(session)
        self.rules = rules
        self.sources = repository.firing_mirrors(session) if rules else []

    def silenced(self, alert: AlertMirror) -> bool:
        """A silence in force matches the alert."""
        return any(matchers.all_match(m, alert.labels) for m in self.silences)

    def inhibited(self, alert: AlertMirror) -> bool:
        """A firing source alert (not itself) shares the `equal` labels of a rule the alert is a target of."""
        for rule in self.rules:
            if not matchers.all_match(rule.target_match, alert.labels):
                continue
            for src in self.sources:
                if src.fingerprint == alert.fingerprint or not matchers.all_match(rule.source_match, src.labels):
                    continue
                if all(src.labels.get(k) == alert.labels.get(k) for k in rule.equal):
                    return True
        return False

    def muted(self, alert: AlertMirror) -> bool:
        """Silenced or inhibited."""
        return self.silenced(alert) or self.inhibited(alert)
