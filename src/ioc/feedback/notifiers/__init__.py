"""Notification channels for citizens and supervisors, delivered through the outbox."""
