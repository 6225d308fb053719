"""Incidents: events and alerts correlated into one response, run by a standard operating procedure."""
