"""Incident settings from IOC_INCIDENTS_* environment variables (correlation window and what opens an incident)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class IncidentSettings(BaseSettings):
    """Every field can be set as IOC_INCIDENTS_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_INCIDENTS_", extra="ignore")

    correlation_hours: float = 2  # an event joins an open incident whose last event is this close in time
    correlation_km: float = 8  # ... and whose place is this close (haversine)
    # Event sub-categories that open an incident by themselves (comma list).
    open_sub_categories: str = "carAccident,buildingFire,forestFire,fire,flood,flashFlood,civilDisorder,airPollution"
    open_min_severity: str = "medium"  # informational|low|medium|high|critical
    alert_label: str = "incident"  # an alert whose labels have incident="open" opens an incident

    def opening(self) -> frozenset[str]:
        """The sub-categories that open an incident."""
        return frozenset(s.strip() for s in self.open_sub_categories.split(",") if s.strip())
