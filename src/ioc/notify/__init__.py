"""Notifications of alerts: grouping, routing to receivers, silences, inhibition, escalation."""
